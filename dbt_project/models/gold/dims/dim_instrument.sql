-- One row per symbol: every symbol of the stock list, of the ETF, index,
-- cryptocurrency, forex and commodity lists, of the company screener and of
-- the delisted companies, and every symbol with a profile, described by its
-- latest profile when there is one (so names, sectors and activity flags
-- follow the latest fetch), else by the screener, else by its listing(s).

with

listing as (
    select symbol, company_name, file_id, created_file_id
    from {{ ref('stock_list') }}
),

-- Profiles per ticker (company-profile) or in bulk (company-profile-bulk): the latest file wins,
-- the trading currency comes from the per-ticker profile (macro latest_company_profiles).
profile as (
    select * from {{ latest_company_profiles() }}
),

-- The company screener (one unfiltered call): classification of symbols without a profile.
screener as (
    select
        symbol, company_name, sector, industry, exchange_short_name, exchange as exchange_full_name,
        country, is_etf, is_fund, is_actively_trading, file_id, created_file_id
    from {{ ref('market_screener') }}
),

-- FMP's delisted companies: a symbol may have been delisted more than once (tickers are
-- reused), the latest delisting describes it
delistings as (
    select
        symbol,
        max(delisted_date) as delisted_on,
        {{ sbf_arg_max('company_name', 'delisted_date') }} as company_name,
        {{ sbf_arg_max('exchange', 'delisted_date') }} as exchange,
        {{ sbf_arg_max('ipo_date', 'delisted_date') }} as ipo_date,
        {{ sbf_arg_max('file_id', 'delisted_date') }} as file_id,
        {{ sbf_arg_max('created_file_id', 'delisted_date') }} as created_file_id
    from {{ ref('company_delisted') }}
    group by symbol
),

etfs as (
    select symbol, name, file_id, created_file_id
    from {{ ref('etf_list') }}
),

indexes as (
    select symbol, name, exchange, currency, file_id, created_file_id
    from {{ ref('index_list') }}
),

cryptos as (
    select symbol, name, exchange, file_id, created_file_id
    from {{ ref('cryptocurrency_list') }}
),

currency_pairs as (
    select symbol, from_currency, to_currency, file_id, created_file_id
    from {{ ref('forex_list') }}
),

commodities as (
    select symbol, name, exchange, currency, file_id, created_file_id
    from {{ ref('commodities_list') }}
),

symbols as (
    select symbol from listing
    union select symbol from profile
    union select symbol from etfs
    union select symbol from indexes
    union select symbol from cryptos
    union select symbol from currency_pairs
    union select symbol from commodities
    union select symbol from screener
    union select symbol from delistings
)

select
    -- ids
    symbols.symbol,
    profile.cik,
    profile.isin,
    profile.cusip,
    -- names and classification
    coalesce(
        profile.company_name, listing.company_name, screener.company_name, etfs.name, indexes.name,
        cryptos.name, commodities.name, currency_pairs.from_currency || '/' || currency_pairs.to_currency,
        delistings.company_name
    ) as company_name,
    -- the kind of instrument (key of dim_instrument_type): the dedicated lists first (a symbol
    -- in the index, crypto, forex or commodity list is that, whatever else lists it), then the
    -- profile's flags (else the screener's); ETFs from the ETF list or the flag
    case
        when indexes.symbol is not null then 'index'
        when cryptos.symbol is not null then 'crypto'
        when currency_pairs.symbol is not null then 'forex'
        when commodities.symbol is not null then 'commodity'
        when etfs.symbol is not null or coalesce(profile.is_etf, screener.is_etf) then 'etf'
        when coalesce(profile.is_fund, screener.is_fund) then 'fund'
        when profile.is_adr then 'adr'
        else 'stock'
    end as instrument_type,
    coalesce(
        profile.exchange, screener.exchange_short_name, indexes.exchange, cryptos.exchange,
        commodities.exchange, delistings.exchange
    ) as exchange,
    coalesce(profile.exchange_full_name, screener.exchange_full_name) as exchange_full_name,
    coalesce(profile.currency, indexes.currency, commodities.currency, currency_pairs.to_currency) as currency,
    coalesce(profile.country, screener.country) as country,
    coalesce(profile.sector, screener.sector) as sector,
    coalesce(profile.industry, screener.industry) as industry,
    profile.ceo,
    profile.website,
    -- numbers
    profile.full_time_employees,
    -- flags (NULL when neither a profile nor the screener describes the symbol)
    coalesce(profile.is_etf, screener.is_etf) as is_etf,
    coalesce(profile.is_fund, screener.is_fund) as is_fund,
    profile.is_adr,
    coalesce(
        profile.is_actively_trading, screener.is_actively_trading,
        case when delistings.symbol is not null then false end
    ) as is_actively_trading,
    listing.symbol is not null as is_listed,
    profile.symbol is not null as has_profile,
    -- delisted, unless the profile shows a listing after that delisting (a reused ticker)
    delistings.symbol is not null
        and (profile.ipo_date is null or profile.ipo_date <= delistings.delisted_on) as is_delisted,
    -- dates
    coalesce(profile.ipo_date, delistings.ipo_date) as ipo_date,
    delistings.delisted_on,
    -- lineage: the file the row's description comes from, and each source's
    -- file and key-creating file (the post-hook counts per dataset with these)
    coalesce(
        profile.file_id, listing.file_id, screener.file_id, etfs.file_id, indexes.file_id, cryptos.file_id,
        commodities.file_id, currency_pairs.file_id, delistings.file_id
    ) as file_id,
    listing.file_id as listing_file_id,
    listing.created_file_id as listing_created_file_id,
    profile.file_id as profile_file_id,
    profile.created_file_id as profile_created_file_id,
    screener.file_id as screener_file_id,
    screener.created_file_id as screener_created_file_id,
    delistings.file_id as delisted_file_id,
    delistings.created_file_id as delisted_created_file_id,
    etfs.file_id as etf_list_file_id,
    etfs.created_file_id as etf_list_created_file_id,
    indexes.file_id as index_list_file_id,
    indexes.created_file_id as index_list_created_file_id,
    cryptos.file_id as crypto_list_file_id,
    cryptos.created_file_id as crypto_list_created_file_id,
    currency_pairs.file_id as forex_list_file_id,
    currency_pairs.created_file_id as forex_list_created_file_id,
    commodities.file_id as commodity_list_file_id,
    commodities.created_file_id as commodity_list_created_file_id
from symbols
left join listing using (symbol)
left join profile using (symbol)
left join screener using (symbol)
left join delistings using (symbol)
left join etfs using (symbol)
left join indexes using (symbol)
left join cryptos using (symbol)
left join currency_pairs using (symbol)
left join commodities using (symbol)

-- One row per symbol: every symbol of the stock list, of the ETF, index,
-- cryptocurrency, forex and commodity lists, and every symbol with a profile,
-- described by its latest profile when there is one (so names, sectors and
-- activity flags follow the latest fetch), else by its listing(s).

with

listing as (
    select symbol, company_name, file_id, created_file_id
    from {{ ref('stock_list') }}
),

profile as (
    select *
    from {{ ref('company_profile') }}
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
)

select
    -- ids
    symbols.symbol,
    profile.cik,
    profile.isin,
    profile.cusip,
    -- names and classification
    coalesce(
        profile.company_name, listing.company_name, etfs.name, indexes.name, cryptos.name,
        commodities.name, currency_pairs.from_currency || '/' || currency_pairs.to_currency
    ) as company_name,
    -- the kind of instrument (key of dim_instrument_type): the dedicated lists first (a symbol
    -- in the index, crypto, forex or commodity list is that, whatever else lists it), then the
    -- profile's flags; ETFs from the ETF list or the profile flag
    case
        when indexes.symbol is not null then 'index'
        when cryptos.symbol is not null then 'crypto'
        when currency_pairs.symbol is not null then 'forex'
        when commodities.symbol is not null then 'commodity'
        when etfs.symbol is not null or profile.is_etf then 'etf'
        when profile.is_fund then 'fund'
        when profile.is_adr then 'adr'
        else 'stock'
    end as instrument_type,
    coalesce(profile.exchange, indexes.exchange, cryptos.exchange, commodities.exchange) as exchange,
    profile.exchange_full_name,
    coalesce(profile.currency, indexes.currency, commodities.currency, currency_pairs.to_currency) as currency,
    profile.country,
    profile.sector,
    profile.industry,
    profile.ceo,
    profile.website,
    -- numbers
    profile.full_time_employees,
    -- flags (NULL when the symbol has no profile)
    profile.is_etf,
    profile.is_fund,
    profile.is_adr,
    profile.is_actively_trading,
    listing.symbol is not null as is_listed,
    profile.symbol is not null as has_profile,
    -- dates
    profile.ipo_date,
    -- lineage: the file the row's description comes from, and each source's
    -- file and key-creating file (the post-hook counts per dataset with these)
    coalesce(
        profile.file_id, listing.file_id, etfs.file_id, indexes.file_id, cryptos.file_id,
        commodities.file_id, currency_pairs.file_id
    ) as file_id,
    listing.file_id as listing_file_id,
    listing.created_file_id as listing_created_file_id,
    profile.file_id as profile_file_id,
    profile.created_file_id as profile_created_file_id,
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
left join etfs using (symbol)
left join indexes using (symbol)
left join cryptos using (symbol)
left join currency_pairs using (symbol)
left join commodities using (symbol)

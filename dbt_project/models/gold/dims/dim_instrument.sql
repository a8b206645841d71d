-- One row per symbol: every symbol of the stock list and every symbol with a
-- profile, described by its latest profile when there is one (so names,
-- sectors and activity flags follow the latest fetch), else by the listing.

with

listing as (
    select symbol, company_name, file_id, created_file_id
    from {{ ref('stock_list') }}
),

profile as (
    select *
    from {{ ref('company_profile') }}
)

select
    -- ids
    coalesce(profile.symbol, listing.symbol) as symbol,
    profile.cik,
    profile.isin,
    profile.cusip,
    -- names and classification
    coalesce(profile.company_name, listing.company_name) as company_name,
    profile.exchange,
    profile.exchange_full_name,
    profile.currency,
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
    coalesce(profile.file_id, listing.file_id) as file_id,
    listing.file_id as listing_file_id,
    listing.created_file_id as listing_created_file_id,
    profile.file_id as profile_file_id,
    profile.created_file_id as profile_created_file_id
from listing
full outer join profile
    on profile.symbol = listing.symbol

{{
    config(
        unique_key=['symbol'],
        meta={'dataset': 'company-profile', 'date_column': none},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Company profile (FMP /stable/profile, 36 fields), one row per symbol: the
-- latest fetched profile, so names, sectors and activity flags stay current.

with

bronze as (
    {{ read_bronze([
        'symbol', 'price', 'marketCap', 'beta', 'lastDividend', 'range', 'change',
        'changePercentage', 'volume', 'averageVolume', 'companyName', 'currency',
        'cik', 'isin', 'cusip', 'exchangeFullName', 'exchange', 'industry',
        'website', 'description', 'ceo', 'sector', 'country', 'fullTimeEmployees',
        'phone', 'address', 'city', 'state', 'zip', 'image', 'ipoDate',
        'defaultImage', 'isEtf', 'isActivelyTrading', 'isAdr', 'isFund',
    ]) }}
),

typed as (
    select
        -- key
        {{ key_cast('symbol', 'varchar') }} as symbol,
        -- names and identifiers
        nullif(trim("companyName"), '') as company_name,
        -- FMP sends the string "null" for some filers
        nullif(nullif(trim("cik"), ''), 'null') as cik,
        nullif(trim("isin"), '') as isin,
        nullif(trim("cusip"), '') as cusip,
        nullif(trim("exchange"), '') as exchange,
        nullif(trim("exchangeFullName"), '') as exchange_full_name,
        nullif(trim("currency"), '') as currency,
        nullif(trim("country"), '') as country,
        nullif(trim("sector"), '') as sector,
        nullif(trim("industry"), '') as industry,
        nullif(trim("ceo"), '') as ceo,
        nullif(trim("description"), '') as description,
        nullif(trim("website"), '') as website,
        nullif(trim("image"), '') as image,
        nullif(trim("phone"), '') as phone,
        nullif(trim("address"), '') as address,
        nullif(trim("city"), '') as city,
        nullif(trim("state"), '') as state,
        nullif(trim("zip"), '') as zip,
        -- market snapshot at fetch time
        try_cast("price" as double) as price,
        try_cast("marketCap" as double) as market_cap,
        try_cast("beta" as double) as beta,
        try_cast("lastDividend" as double) as last_dividend,
        -- 52-week low-high, e.g. "164.08-237.49"
        nullif(trim("range"), '') as price_range,
        try_cast("change" as double) as change,
        try_cast("changePercentage" as double) as change_percentage,
        try_cast("volume" as bigint) as volume,
        try_cast("averageVolume" as bigint) as average_volume,
        -- a string on the stable API
        try_cast("fullTimeEmployees" as integer) as full_time_employees,
        try_cast("ipoDate" as date) as ipo_date,
        -- flags
        try_cast("isEtf" as boolean) as is_etf,
        try_cast("isFund" as boolean) as is_fund,
        try_cast("isAdr" as boolean) as is_adr,
        try_cast("isActivelyTrading" as boolean) as is_actively_trading,
        try_cast("defaultImage" as boolean) as is_default_image,
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
)

{{ latest_changed_rows('typed') }}

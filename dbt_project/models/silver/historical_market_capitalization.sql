{{
    config(
        unique_key=['symbol', 'date'],
        meta={'dataset': 'historical-market-capitalization', 'date_column': 'date'},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily market capitalisation (FMP /stable/historical-market-capitalization),
-- one row per symbol and trading day.

with

bronze as (
    {{ read_bronze(['symbol', 'date', 'marketCap']) }}
),

typed as (
    select
        -- key
        {{ key_cast('symbol', 'varchar') }} as symbol,
        {{ key_cast('"date"', 'date') }} as date,
        -- data: not always integral (e.g. 4098415617064.9995), so double
        try_cast("marketCap" as double) as market_cap,
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
)

{{ latest_changed_rows('typed') }}

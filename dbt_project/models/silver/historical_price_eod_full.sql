{{
    config(
        unique_key=['symbol', 'date'],
        meta={'dataset': 'historical-price-eod-full', 'date_column': 'date'},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Split-adjusted daily OHLCV (FMP /stable/historical-price-eod/full), one row
-- per symbol and trading day.

with

bronze as (
    {{ read_bronze([
        'symbol', 'date', 'open', 'high', 'low', 'close', 'volume',
        'change', 'changePercent', 'vwap',
    ]) }}
),

typed as (
    select
        -- key
        {{ key_cast('symbol', 'varchar') }} as symbol,
        {{ key_cast('"date"', 'date') }} as date,
        -- data
        try_cast("open" as double) as open,
        try_cast("high" as double) as high,
        try_cast("low" as double) as low,
        try_cast("close" as double) as close,
        try_cast("volume" as bigint) as volume,
        try_cast("change" as double) as change,
        try_cast("changePercent" as double) as change_percent,
        try_cast("vwap" as double) as vwap,
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
)

{{ latest_changed_rows('typed') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key=['symbol', 'date'],
        on_schema_change='fail',
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily split-adjusted OHLCV, one row per symbol and trading day.
--
-- Incremental: merges only the silver rows last set by a file that gold has
-- not consumed yet (promoted to silver, not stamped by this model since), i.e.
-- new days and restated ones; the post-hook then stamps exactly those files.
-- A full rebuild is `dbt build --full-refresh --select fct_daily_prices`.

select
    -- grain
    symbol,
    date,
    -- prices
    open,
    high,
    low,
    close,
    vwap,
    change,
    change_percent,
    volume,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref('historical_price_eod_full') }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids('historical-price-eod-full') }})
{%- endif %}

{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily prices, one row per symbol and trading day, on three bases side by side:
--   split-adjusted OHLCV      (historical-price-eod-full: file_id)
--   dividend-adjusted OHLC    (technicals-historical-price-eod-dividend-adjusted: dividend_adjusted_file_id)
--   as traded, not adjusted   (technicals-historical-price-eod-non-split-adjusted: as_traded_file_id)
-- A day known from any of the three has a row; the bases not fetched for it are null.
--
-- Incremental: the (symbol, date) keys that a file gold has not consumed yet set in any of the three
-- silver tables (new days, restated history, a dividend re-adjusting the past) are rebuilt from silver
-- and merged; the post-hook then stamps exactly those files.
-- A full rebuild is `dbt build --full-refresh --select fct_daily_prices`.

with

{%- if is_incremental() %}

touched as (
    select symbol, date
    from {{ ref('historical_price_eod_full') }}
    where file_id in ({{ gold_unconsumed_file_ids('historical-price-eod-full') }})
    union
    select symbol, date
    from {{ ref('technicals_historical_price_eod_dividend_adjusted') }}
    where file_id in ({{ gold_unconsumed_file_ids('technicals-historical-price-eod-dividend-adjusted') }})
    union
    select symbol, date
    from {{ ref('technicals_historical_price_eod_non_split_adjusted') }}
    where file_id in ({{ gold_unconsumed_file_ids('technicals-historical-price-eod-non-split-adjusted') }})
),

{%- endif %}

split_adjusted as (
    select *
    from {{ ref('historical_price_eod_full') }}
    {%- if is_incremental() %}
    semi join touched using (symbol, date)
    {%- endif %}
),

dividend_adjusted as (
    select *
    from {{ ref('technicals_historical_price_eod_dividend_adjusted') }}
    {%- if is_incremental() %}
    semi join touched using (symbol, date)
    {%- endif %}
),

as_traded as (
    select *
    from {{ ref('technicals_historical_price_eod_non_split_adjusted') }}
    {%- if is_incremental() %}
    semi join touched using (symbol, date)
    {%- endif %}
),

keys as (
    select symbol, date from split_adjusted
    union
    select symbol, date from dividend_adjusted
    union
    select symbol, date from as_traded
)

{%- if is_incremental() %},

-- the rows as they stand, to keep gold_loaded_at where the split-adjusted values did not change
previous as (
    select symbol, date, file_id, gold_loaded_at
    from {{ this }}
    semi join touched using (symbol, date)
)
{%- endif %}

select
    -- grain
    keys.symbol,
    keys.date,
    -- split-adjusted (every split divides the past; dividends do not)
    split_adjusted.open,
    split_adjusted.high,
    split_adjusted.low,
    split_adjusted.close,
    split_adjusted.vwap,
    split_adjusted.change,
    split_adjusted.change_percent,
    split_adjusted.volume,
    -- split- and dividend-adjusted: total-return prices
    dividend_adjusted.adj_open as dividend_adjusted_open,
    dividend_adjusted.adj_high as dividend_adjusted_high,
    dividend_adjusted.adj_low as dividend_adjusted_low,
    dividend_adjusted.adj_close as dividend_adjusted_close,
    -- as traded that day (no adjustment)
    as_traded.adj_open as as_traded_open,
    as_traded.adj_high as as_traded_high,
    as_traded.adj_low as as_traded_low,
    as_traded.adj_close as as_traded_close,
    as_traded.volume as as_traded_volume,
    -- lineage, one pair per basis
    split_adjusted.file_id,
    split_adjusted.created_file_id,
    dividend_adjusted.file_id as dividend_adjusted_file_id,
    dividend_adjusted.created_file_id as dividend_adjusted_created_file_id,
    as_traded.file_id as as_traded_file_id,
    as_traded.created_file_id as as_traded_created_file_id,
    -- The price features recompute a symbol from the first row whose gold_loaded_at moved, and read
    -- only the split-adjusted values: a dividend re-adjusting a symbol's whole history must not move it.
    {%- if is_incremental() %}
    case
        when previous.symbol is not null
             and previous.file_id is not distinct from split_adjusted.file_id then previous.gold_loaded_at
        else {{ gold_run_started_at() }}
    end as gold_loaded_at
    {%- else %}
    {{ gold_run_started_at() }} as gold_loaded_at
    {%- endif %}
from keys
left join split_adjusted using (symbol, date)
left join dividend_adjusted using (symbol, date)
left join as_traded using (symbol, date)
{%- if is_incremental() %}
left join previous using (symbol, date)
{%- endif %}

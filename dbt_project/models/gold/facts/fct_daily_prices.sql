{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily prices, one row per symbol and trading day, on three bases side by side:
--   split-adjusted OHLCV      (historical-price-eod-full: file_id)
--   dividend-adjusted OHLC    (technicals-historical-price-eod-dividend-adjusted: dividend_adjusted_file_id)
--   as traded, not adjusted   (technicals-historical-price-eod-non-split-adjusted, and the day's bar of
--                              eod-bulk-price: as_traded_file_id)
-- A day known from any of them has a row; the bases not fetched for it are null.
--
-- eod-bulk-price (plan ultimate) is the whole market's bar of the run date, as traded that day: it is a
-- second source of the as-traded basis only. Its close is not the split-adjusted close of a later day
-- (a later split divides that one) nor the dividend-adjusted close (the next dividend re-adjusts it), so
-- it never feeds those bases. Per (symbol, date) the latest file (request time, then file_id) wins
-- between the per-ticker series and the bulk. The bulk's crypto, forex and commodity symbols are left
-- to their own facts (fct_crypto_daily_prices, fct_fx_daily_prices, fct_commodity_daily_prices).
--
-- Incremental: the (symbol, date) keys that a file gold has not consumed yet set in any of the four
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
    union
    select symbol, date
    from {{ ref('eod_bulk_price') }}
    where file_id in ({{ gold_unconsumed_file_ids('eod-bulk-price') }})
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

as_traded_series as (
    select symbol, date, adj_open, adj_high, adj_low, adj_close, volume, file_id, created_file_id, ingested_at
    from {{ ref('technicals_historical_price_eod_non_split_adjusted') }}
    {%- if is_incremental() %}
    semi join touched using (symbol, date)
    {%- endif %}
),

bulk as (
    select *
    from {{ ref('eod_bulk_price') }}
    {%- if is_incremental() %}
    semi join touched using (symbol, date)
    {%- endif %}
    where symbol not in (
        select symbol from {{ ref('cryptocurrency_list') }}
        union select symbol from {{ ref('forex_list') }}
        union select symbol from {{ ref('commodities_list') }}
    )
),

-- the bulk's bars that are newer than the series' bar of their day (or the only one): few rows, so
-- the as-traded series is only probed, never sorted
as_traded_bulk as (
    select
        bulk.symbol,
        bulk.date,
        bulk.open as adj_open,
        bulk.high as adj_high,
        bulk.low as adj_low,
        bulk.close as adj_close,
        bulk.volume,
        bulk.file_id,
        bulk.created_file_id,
        bulk.ingested_at
    from bulk
    left join as_traded_series as series using (symbol, date)
    where series.symbol is null
       or bulk.ingested_at > series.ingested_at
       or (bulk.ingested_at = series.ingested_at and bulk.file_id > series.file_id)
),

as_traded as (
    select * from as_traded_series
    anti join as_traded_bulk using (symbol, date)
    union all
    select * from as_traded_bulk
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

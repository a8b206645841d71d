{{
    config(
        unique_key=['symbol', 'date'],
        post_hook="{{ sbf_drop_stages(['inputs', 'level_1', 'level_2']) }}",
    )
}}
{#-
    Price features per symbol and trading day, from gold.fct_daily_prices
    (split-adjusted close, high, low). Row windows count trading days of the
    symbol (idx = trading_day_index), not calendar days.

    Incremental: the rows fct_daily_prices (re)wrote since this table last
    read it (its gold_loaded_at > our max prices_loaded_at) mark, per symbol,
    the first changed trading day t0. Rows from t0 on are recomputed and
    merged; rows before stay. Windows need the `lookback` rows before t0
    (from ws = t0 - lookback); the recursive indicators restart from the state
    stored on the last row we hold, rs = t0 - 1, so they run over the new rows
    only. A symbol whose t0 is so early that ws would fall inside the longest
    warm-up (DEMA 200: 398 rows) is recomputed from its first day.

    The cost of an incremental build follows the new rows, not the table: t0
    and the restart row come from this table's key columns, and the restart
    row's date bounds the read of fct_daily_prices (~lookback + new rows per
    changed symbol, whatever the length of its history). Of those rows, the
    recursions run over the new ones only, and the trailing windows are
    computed for the new ones only: per new row, aggregates over its look-back
    rows (price_trailing_features 'lookback'), where window functions would
    compute all ~261 rows of a symbol to keep one. Symbols computed from their
    first day (a full build, a new symbol, a rewrite inside the warm-up) use
    window functions over all their rows: same definitions, same values.

    A full build stores its rows in date order (sbf_write_order; increments append
    the new days after them), so that the state rows a daily run reads, all on the
    last day held, lie in the table's last row groups: at 5,000 tickers the first
    increment after a full build read every row group of the state columns
    (~1.8 GB of buffers) when the rows were in symbol order.
-#}
{%- set lookback = 260 -%}
{%- set longest_warm_up = 398 -%}
{%- set dema_periods = [12, 26, 50, 200] -%}
{%- set rsi_periods = [7, 14] -%}

{#- On Spark the CTE chain is cut into stages written to tables (inputs, level_1, level_2: sbf_staged). -#}
{% call sbf_staged(['inputs', 'level_1', 'level_2']) %}
with

{%- if is_incremental() %}

-- the first day (re)written by fct_daily_prices since we last read it; the watermark is
-- a literal so that DuckDB can skip the row groups of prices loaded before it
changed as (
    select symbol, min(date) as first_changed_date
    from {{ ref('fct_daily_prices') }}
    where gold_loaded_at > {{ price_features_watermark() }}
      -- days known only on the other bases (dividend-adjusted, as traded) have no split-adjusted price
      and file_id is not null
    group by symbol
),

-- t0: the number of days we hold before the first changed one (a new symbol: 0), and the
-- restart row t0 - lookback when it is past the longest warm-up (else NULL: from day 0)
bounds as (
    select
        changed.symbol,
        coalesce(max(stored_row.trading_day_index) + 1, 0) as t0,
        case when t0 - {{ lookback }} > {{ longest_warm_up }} then t0 - {{ lookback }} end as restart_index,
        -- the date of row t0 - 1, so that the state row is found by date too (see windows)
        max(stored_row.date) as last_stored_date
    from changed
    left join {{ this }} as stored_row
        on stored_row.symbol = changed.symbol and stored_row.date < changed.first_changed_date
    group by changed.symbol
),

-- ws: the first row the windows read (the restart row t0 - lookback, ws > 0 only); rs: the row
-- the recursions restart from, the last one we hold (t0 - 1), whose stored state is their seed.
-- Windows need ~lookback rows, recursions only the new ones. A missing restart row (never
-- expected) falls back to recomputing the symbol from its first day.
windows as (
    select
        bounds.symbol,
        bounds.t0,
        coalesce(window_row.trading_day_index, 0) as ws,
        window_row.date as ws_date,
        case when bounds.restart_index is not null and window_row.trading_day_index is not null
                  and state_row.trading_day_index is not null
             then state_row.trading_day_index else 0 end as rs,
        {%- for column in price_features_state_columns() %}
        state_row.{{ column }} as stored_{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from bounds
    -- equi-joins only: a condition on bounds alone here makes DuckDB fall back to a nested loop
    left join {{ this }} as window_row
        on window_row.symbol = bounds.symbol and window_row.trading_day_index = bounds.restart_index
    -- the state row by its date as well: a daily run's state rows all lie on the last day held,
    -- which DuckDB's row-group statistics find without reading the table's other days (their
    -- trading day numbers span each symbol's history)
    left join {{ this }} as state_row
        on state_row.symbol = bounds.symbol and state_row.trading_day_index = bounds.t0 - 1
        and state_row.date = bounds.last_stored_date
),

-- only the days from the restart row on: idx continues the stored numbering
prices as (
    select
        daily.symbol,
        daily.date,
        daily.high,
        daily.low,
        daily.close,
        daily.file_id,
        daily.gold_loaded_at,
        windows.ws + row_number() over (partition by daily.symbol order by daily.date) - 1 as idx
    from {{ ref('fct_daily_prices') }} as daily
    inner join windows
        on windows.symbol = daily.symbol
        and (windows.ws_date is null or daily.date >= windows.ws_date)
    where daily.file_id is not null
      -- the earliest day any symbol reads, applied in the scan: the join then probes the
      -- look-back rows, not every stored day (no bound when a symbol restarts from its first day)
      and daily.date >= (select min(coalesce(ws_date, date '1900-01-01')) from windows)
),

{%- else %}

prices as (
    select
        symbol, date, high, low, close, file_id, gold_loaded_at,
        row_number() over (partition by symbol order by date) - 1 as idx
    from {{ ref('fct_daily_prices') }}
    -- days known only on the other bases (dividend-adjusted, as traded) have no split-adjusted price
    where file_id is not null
),

windows as (
    select distinct
        symbol,
        0 as t0,
        0 as ws,
        0 as rs,
        {%- for column in price_features_state_columns() %}
        cast(null as double) as stored_{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from prices
),

{%- endif %}

-- every row read (from the window start on), with the day-over-day inputs; narrow, because
-- the windows below sort and buffer every column they are given
base as (
    select
        prices.symbol,
        prices.date,
        prices.idx,
        windows.t0,
        windows.rs,
        prices.high,
        prices.low,
        prices.close,
        prices.file_id,
        prices.gold_loaded_at,
        lag(prices.close) over by_day as previous_close,
        ln(prices.close / lag(prices.close) over by_day) as log_return,
        greatest(prices.close - lag(prices.close) over by_day, 0) as gain,
        greatest((lag(prices.close) over by_day) - prices.close, 0) as loss,
        greatest(
            prices.high - prices.low,
            abs(prices.high - lag(prices.close) over by_day),
            abs(prices.low - lag(prices.close) over by_day)
        ) as true_range,
        prices.high - lag(prices.high) over by_day as up_move,
        (lag(prices.low) over by_day) - prices.low as down_move
    from prices
    inner join windows
        on windows.symbol = prices.symbol and prices.idx >= windows.ws
    window by_day as (partition by prices.symbol order by prices.idx)
),

-- the trailing-window features (macros/gold_features.sql), for the rows the recursions run
-- over: every row of a symbol computed from its first day (windows over all its rows)...
from_first_day as (
    select
        base.*,
        {{- price_trailing_features('window') }}
    from base
    where rs = 0
    window by_day as (partition by symbol order by idx)
),

{%- if is_incremental() %}

-- ... and of a restarted symbol, the restart row rs and the rows after it, whose features
-- (on the new rows, idx >= t0) aggregate each row's look-back rows: windows would compute
-- every row read to keep the new ones
restarted_features as (
    select
        symbol,
        at_idx as idx,
        {{- price_trailing_features('lookback') }}
    from (
        select
            look_back.*,
            written.idx as at_idx
        from base as written
        inner join base as look_back
            on look_back.symbol = written.symbol
            and look_back.idx between written.idx - {{ price_trailing_lookback() }} and written.idx
        where written.rs > 0 and written.idx >= written.t0
    ) as look_back_rows
    group by symbol, at_idx
),

restarted as (
    select
        base.*,
        {%- for column in price_trailing_feature_columns() %}
        restarted_features.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from base
    left join restarted_features
        on restarted_features.symbol = base.symbol and restarted_features.idx = base.idx
    where base.rs > 0 and base.idx >= base.rs
),

windowed as (
    select * from from_first_day
    union all
    select * from restarted
),

{%- else %}

-- (a full build restarts no symbol)
windowed as (
    select * from from_first_day
),

{%- endif %}

-- the rows the recursions run over, with their directional movements and the stored state
-- they restart from (one row of it per symbol)
inputs as (
    select
        windowed.*,
        case when up_move > down_move and up_move > 0 then up_move else 0 end as plus_dm,
        case when down_move > up_move and down_move > 0 then down_move else 0 end as minus_dm,
        {%- for column in price_features_state_columns() %}
        windows.stored_{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from windowed
    inner join windows on windows.symbol = windowed.symbol
),
{{ sbf_stage_end('inputs') }}

-- level 1: EMAs of the close (seed: SMA of the first n closes), Wilder
-- averages of gains / losses / true range / directional movement (seed: mean
-- of the first n values, which start on the second trading day)
{%- set level_1_recursions = [
    ['close', 12, 2.0 / 13, 0, 'ema_12'],
    ['close', 26, 2.0 / 27, 0, 'ema_26'],
    ['close', 50, 2.0 / 51, 0, 'ema_50'],
    ['close', 200, 2.0 / 201, 0, 'ema_200'],
    ['close', 20, 2.0 / 21, 0, 'ema_20'],
    ['gain', 7, 1.0 / 7, 1, 'avg_gain_7'],
    ['loss', 7, 1.0 / 7, 1, 'avg_loss_7'],
    ['gain', 14, 1.0 / 14, 1, 'avg_gain_14'],
    ['loss', 14, 1.0 / 14, 1, 'avg_loss_14'],
    ['true_range', 14, 1.0 / 14, 1, 'atr_14'],
    ['plus_dm', 14, 1.0 / 14, 1, 'smoothed_plus_dm_14'],
    ['minus_dm', 14, 1.0 / 14, 1, 'smoothed_minus_dm_14']] %}
level_1_states as {{ ema_recursions('inputs', level_1_recursions) }},

level_1 as (
    select
        inputs.*,
        {{- ema_recursion_states('level_1_states', level_1_recursions) }},
        -- written and clamped like the oscillators below, so that ADX (its average) stays in 0..100
        {{ clamp(
            '100 * (abs(level_1_states.smoothed_plus_dm_14 - level_1_states.smoothed_minus_dm_14)
            / nullif(level_1_states.smoothed_plus_dm_14 + level_1_states.smoothed_minus_dm_14, 0))',
            0, 100) }} as dx_14
    from inputs
    left join level_1_states using (symbol, idx)
),
{{ sbf_stage_end('level_1') }}

-- level 2: EMA of the EMA (DEMA, TEMA; seeded n - 1 rows after the first EMA)
-- and ADX (Wilder average of DX, seeded with the mean of the first 14 DX)
{%- set level_2_recursions = [
    ['ema_12', 12, 2.0 / 13, 11, 'ema2_12'],
    ['ema_26', 26, 2.0 / 27, 25, 'ema2_26'],
    ['ema_50', 50, 2.0 / 51, 49, 'ema2_50'],
    ['ema_200', 200, 2.0 / 201, 199, 'ema2_200'],
    ['ema_20', 20, 2.0 / 21, 19, 'ema2_20'],
    ['dx_14', 14, 1.0 / 14, 14, 'adx_14']] %}
level_2_states as {{ ema_recursions('level_1', level_2_recursions) }},

level_2 as (
    select
        level_1.*,
        {{- ema_recursion_states('level_2_states', level_2_recursions) }}
    from level_1
    left join level_2_states using (symbol, idx)
),
{{ sbf_stage_end('level_2') }}

-- level 3: EMA of the EMA of the EMA (TEMA 20)
ema3_20 as {{ ema_recursions('level_2', [['ema2_20', 20, 2.0 / 21, 38, 'ema3_20']]) }},

features as (
    select
        level_2.*,
        ema3_20.ema3_20
    from level_2
    left join ema3_20 using (symbol, idx)
)

select
    -- grain
    symbol,
    date,
    idx as trading_day_index,
    close,
    -- momentum and volatility
    momentum_1m,
    momentum_3m,
    momentum_6m,
    momentum_12m,
    volatility_30d,
    -- moving averages
    sma_20,
    sma_50,
    sma_200,
    ema_12,
    ema_26,
    ema_50,
    ema_200,
    wma_20,
    wma_50,
    wma_200,
    {%- for n in dema_periods %}
    2 * ema_{{ n }} - ema2_{{ n }} as dema_{{ n }},
    {%- endfor %}
    3 * ema_20 - 3 * ema2_20 + ema3_20 as tema_20,
    -- oscillators: 100 * (a / (a + b)), not 100 * a / (a + b), whose product rounds before the
    -- division and lands one ulp outside 0..100 when b = 0 (an RSI of 100.00000000000001 on a
    -- run of gains); a / (a + b) of non-negative a, b is never above 1 in floating point. The
    -- clamp guards the ratios whose terms come from separate recursions (+DI/-DI over ATR).
    {%- for n in rsi_periods %}
    {{ clamp('100 * (avg_gain_' ~ n ~ ' / nullif(avg_gain_' ~ n ~ ' + avg_loss_' ~ n ~ ', 0))', 0, 100) }} as rsi_{{ n }},
    {%- endfor %}
    stddev_20,
    {{ clamp('-100 * ((highest_high_14 - close) / nullif(highest_high_14 - lowest_low_14, 0))', -100, 0) }} as williams_r_14,
    {{ clamp('100 * (smoothed_plus_dm_14 / nullif(atr_14, 0))', 0, 100) }} as plus_di_14,
    {{ clamp('100 * (smoothed_minus_dm_14 / nullif(atr_14, 0))', 0, 100) }} as minus_di_14,
    -- an average of DX values in 0..100, but computed by the block recursion (powers of 13/14), whose
    -- rounding lands a few ulps above 100 on a long one-way trend (DX = 100 day after day); clamped
    -- here, so the stored recursion state an increment restarts from is clamped too (a move of ~1e-14)
    {{ clamp('adx_14', 0, 100) }} as adx_14,
    -- recursion state (what an incremental build restarts from)
    ema_20,
    {%- for n in dema_periods + [20] %}
    ema2_{{ n }},
    {%- endfor %}
    ema3_20,
    {%- for n in rsi_periods %}
    avg_gain_{{ n }},
    avg_loss_{{ n }},
    {%- endfor %}
    atr_14,
    smoothed_plus_dm_14,
    smoothed_minus_dm_14,
    -- lineage
    file_id,
    gold_loaded_at as prices_loaded_at,
    {{ gold_run_started_at() }} as gold_loaded_at
from features
where idx >= t0
{#- a full build writes the rows in date order: the next increment's reads of this table (the
    state on each symbol's last day) then touch its last row groups, not every one -#}
{%- if not is_incremental() %}
{{ sbf_write_order(['date']) }}
{%- endif %}
{% endcall %}

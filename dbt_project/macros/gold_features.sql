{#-
    Recursive indicators (EMA, Wilder smoothing) as an exact closed form, so
    they run as vectorised window sums instead of a row-by-row recursion.

    For one input x per (symbol, idx) (idx = 0-based trading-day number of the
    symbol), smoothing factor a and w = 1 - a, the recursion
        E[s] = seed,   E[t] = a * x[t] + w * E[t-1]   (t > s)
    equals E[t] = sum over s <= k <= t of w^(t-k) * c[k], with c[s] = seed and
    c[k] = a * x[k] after it. The powers w^(-k) overflow on long histories, so
    the sum is split into blocks of `block_rows` rows:
        E[t] = L[t] + w^(pos+1) * E[last row of the previous block]
    where L[t] is the sum inside t's block (a window sum, factors at most
    w^(-block_rows)), and E at each block end is the sum over earlier blocks
    j of w^(distance) * L[end of j] (a join of blocks with earlier blocks: a
    few hundred pairs per symbol; far-away weights underflow harmlessly to 0).
    All inputs used here are >= 0 (prices, gains, true ranges, DX), so the
    sums have no cancellation and match the recursion to ~1e-13 relative.

    Seeding (warm-up), per symbol:
      - first build (rs = 0): the recursion starts at
        s = first_index + periods - 1 with seed = the mean of x over the
        `periods` rows ending at s (the SMA seed TA-Lib and most charting
        tools use); E is NULL before s.
    Every step is per row of `relation` (window sums within blocks, a join
    of a few blocks per symbol): an incremental build that passes only the
    look-back window of each symbol pays for that window, never the table.
      - incremental (rs > 0): it restarts at s = rs, the last row the table
        holds before the new ones, from the value stored for that row
        (column `stored_<state>`); rows before rs are not recursed over.

    Several recursions over the same relation run as one: `recursions` is a
    list of [value, periods, alpha, first_index, state], and every state gets
    its own columns in the same CTEs, so one window pass (partition by symbol
    and block) and one join of blocks serve them all. Twenty recursions as
    twenty subqueries cost twenty sorts of the rows and twenty joins back; at
    2.5 M rows that was most of the model's time and memory.

    `relation` must have columns symbol, idx, rs, each input and each
    stored_<state>. Returns a subquery with symbol, idx and one column per
    state (for a restarted symbol, from rs on; NULL before the seed).
-#}
{% macro ema_recursions(relation, recursions, block_rows=64) -%}
    {{- return(adapter.dispatch('ema_recursions')(relation, recursions, block_rows)) -}}
{%- endmacro %}

{% macro default__ema_recursions(relation, recursions, block_rows=64) -%}
    {%- set specs = [] -%}
    {%- for value, periods, alpha, first_index, state in recursions -%}
        {%- do specs.append({
            'value': value, 'alpha': alpha, 'state': state, 'w': '(1.0 - ' ~ alpha ~ ')',
            'seed_from': first_index, 'seed_idx': first_index + periods - 1}) -%}
    {%- endfor -%}
    {%- set last_seed_idx = specs | map(attribute='seed_idx') | max %}
    (
        with

        -- the SMA seeds are one value per symbol: a hash aggregate over its first rows, not a
        -- window over every row (only symbols computed from day 0 need them)
        seeds as (
            select
                symbol,
                {%- for r in specs %}
                avg({{ r.value }}) filter (where idx between {{ r.seed_from }} and {{ r.seed_idx }}) as seed_{{ r.state }}{{ "," if not loop.last }}
                {%- endfor %}
            from {{ relation }}
            where rs = 0 and idx <= {{ last_seed_idx }}
            group by symbol
        ),

        terms as (
            select
                rows_in.symbol,
                rows_in.idx,
                {{ sbf_int_div('rows_in.idx', block_rows) }} as blk,
                rows_in.idx % {{ block_rows }} as pos,
                {%- for r in specs %}
                -- {{ r.state }}: seeded at the restart row rs from its stored value, or at
                -- idx {{ r.seed_idx }} with the mean of the first values
                case
                    when rows_in.rs > 0 then rows_in.idx >= rows_in.rs
                    else rows_in.idx >= {{ r.seed_idx }}
                end as defined_{{ r.state }},
                case
                    when rows_in.rs > 0 and rows_in.idx = rows_in.rs then rows_in.stored_{{ r.state }}
                    when rows_in.rs > 0 then {{ r.alpha }} * rows_in.{{ r.value }}
                    when rows_in.idx = {{ r.seed_idx }} then seeds.seed_{{ r.state }}
                    when rows_in.idx > {{ r.seed_idx }} then {{ r.alpha }} * rows_in.{{ r.value }}
                end as c_{{ r.state }}{{ "," if not loop.last }}
                {%- endfor %}
            from {{ relation }} as rows_in
            left join seeds on seeds.symbol = rows_in.symbol
            -- a restarted symbol recurses over the new rows only (from its restart row rs on)
            where rows_in.rs = 0 or rows_in.idx >= rows_in.rs
        ),

        block_local as (
            select
                symbol,
                idx,
                blk,
                pos,
                {%- for r in specs %}
                defined_{{ r.state }},
                pow({{ r.w }}, pos) * sum(c_{{ r.state }} * pow({{ r.w }}, -pos)) over in_block
                    as local_{{ r.state }}{{ "," if not loop.last }}
                {%- endfor %}
            from terms
            window in_block as (partition by symbol, blk order by idx rows between unbounded preceding and current row)
        ),

        block_ends as (
            select
                symbol,
                blk,
                {%- for r in specs %}
                coalesce(local_{{ r.state }}, 0) as end_{{ r.state }}{{ "," if not loop.last }}
                {%- endfor %}
            from block_local
            where pos = {{ block_rows - 1 }}
        ),

        carried as (
            select
                blocks.symbol,
                blocks.blk,
                {%- for r in specs %}
                sum(pow({{ r.w }}, (blocks.blk - earlier.blk - 1) * {{ block_rows }}) * earlier.end_{{ r.state }})
                    as carry_{{ r.state }}{{ "," if not loop.last }}
                {%- endfor %}
            from (select distinct symbol, blk from terms) as blocks
            inner join block_ends as earlier
                on earlier.symbol = blocks.symbol and earlier.blk < blocks.blk
            group by blocks.symbol, blocks.blk
        )

        select
            block_local.symbol,
            block_local.idx,
            {%- for r in specs %}
            case
                when block_local.defined_{{ r.state }}
                    then block_local.local_{{ r.state }}
                        + pow({{ r.w }}, block_local.pos + 1) * coalesce(carried.carry_{{ r.state }}, 0)
            end as {{ r.state }}{{ "," if not loop.last }}
            {%- endfor %}
        from block_local
        left join carried using (symbol, blk)
    )
{%- endmacro %}


{#-
    Spark: the same recursions, each computed step by step. Per symbol, its rows in idx order
    (with every input the recursions read) are folded once with aggregate() into the list of
    per-row states of all of them (a struct per row: seed, then a * x + (1 - a) * previous; a
    NULL input adds nothing), and the list is exploded back to (symbol, idx). Spark inlines a
    CTE at each use, so the closed form's window sums and block joins, nested over three levels
    of recursions, grow a plan that no longer fits a driver; the fold is one aggregation. Same
    arguments and result as default__ema_recursions (block_rows unused). The fold copies the
    list at each row (quadratic in the rows of a symbol): fine for the few hundred rows an
    incremental build passes per symbol, and for full builds of a few thousand days.
-#}
{% macro spark__ema_recursions(relation, recursions, block_rows=64) -%}
    {%- set specs = [] -%}
    {%- set inputs = [] -%}
    {%- for value, periods, alpha, first_index, state in recursions -%}
        {%- if value not in inputs -%}{%- do inputs.append(value) -%}{%- endif -%}
        {%- do specs.append({
            'value': value, 'alpha': alpha, 'state': state, 'w': '(1.0 - ' ~ alpha ~ ')',
            'seed_from': first_index, 'seed_idx': first_index + periods - 1}) -%}
    {%- endfor -%}
    {%- set state_type -%}
        struct<idx: bigint, {% for r in specs %}{{ r.state }}: double{{ ", " if not loop.last }}{% endfor %}>
    {%- endset %}
    (
        select
            folded.symbol,
            state_row.idx,
            {%- for r in specs %}
            state_row.{{ r.state }}{{ "," if not loop.last }}
            {%- endfor %}
        from (
            select
                symbol,
                aggregate(
                    points,
                    cast(array() as array<{{ state_type }}>),
                    (acc, point) -> concat(acc, array(named_struct(
                        'idx', point.idx
                        {%- for r in specs %}
                        {%- set previous = 'case when size(acc) = 0 then cast(null as double) else acc[size(acc) - 1].' ~ r.state ~ ' end' %},
                        -- {{ r.state }}: seeded at the restart row rs from its stored value, or at
                        -- idx {{ r.seed_idx }} with the mean of the first values
                        '{{ r.state }}', case
                            when point.idx < seed_idx_{{ r.state }} then cast(null as double)
                            when point.idx = seed_idx_{{ r.state }} then seed_{{ r.state }}
                            when ({{ previous }}) is null then {{ r.alpha }} * point.{{ r.value }}
                            when point.{{ r.value }} is null then {{ r.w }} * ({{ previous }})
                            else {{ r.alpha }} * point.{{ r.value }} + {{ r.w }} * ({{ previous }})
                        end
                        {%- endfor %}
                    )))
                ) as states
            from (
                select
                    rows_in.symbol,
                    array_sort(collect_list(named_struct(
                        'idx', cast(rows_in.idx as bigint)
                        {%- for value in inputs %},
                        '{{ value }}', cast(rows_in.{{ value }} as double)
                        {%- endfor %}))) as points,
                    {%- for r in specs %}
                    -- a restarted symbol recurses over the new rows only, from its restart row rs on
                    max(case when rows_in.rs > 0 then rows_in.rs else {{ r.seed_idx }} end) as seed_idx_{{ r.state }},
                    coalesce(
                        max(case when rows_in.rs > 0 and rows_in.idx = rows_in.rs then rows_in.stored_{{ r.state }} end),
                        avg(case when rows_in.rs = 0 and rows_in.idx between {{ r.seed_from }} and {{ r.seed_idx }}
                                 then rows_in.{{ r.value }} end)
                    ) as seed_{{ r.state }}{{ "," if not loop.last }}
                    {%- endfor %}
                from {{ relation }} as rows_in
                where rows_in.rs = 0 or rows_in.idx >= rows_in.rs
                group by rows_in.symbol
            ) as per_symbol
        ) as folded
        lateral view explode(folded.states) exploded as state_row
    )
{%- endmacro %}


{#- The state columns of a list of recursions (as ema_recursions takes it), as select items of
    `relation`: `<relation>.<state>, ...` (a portable `<relation>.* exclude (symbol, idx)`). -#}
{% macro ema_recursion_states(relation, recursions) -%}
    {%- for recursion in recursions %}
        {{ relation }}.{{ recursion[4] }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#-
    The trailing-window features of fct_price_features, defined once and computed one of two
    ways (`frame`), which give the same values:
      - 'window': window functions over the rows of each symbol (the query declares
        `window by_day as (partition by symbol order by idx)`); every row gets its features.
        For symbols computed from their first day.
      - 'lookback': aggregates per computed row over its look-back rows, for a query whose rows
        are those look-back rows (columns symbol, idx, the inputs) each paired with `at_idx`, the
        idx of the row computed, grouped by symbol, at_idx. For restarted symbols: a window
        would compute every row read (~lookback rows a symbol) to keep the one or few new ones;
        the aggregates cost what the new rows' windows hold.
    A feature is [column, kind, input, rows]: kind `momentum` is close over close `rows` rows
    before, minus 1 (NULL when that row was not read); `wma` the linearly weighted average
    (weights rows..1, newest heaviest); `annualised_stddev_samp` the sample standard deviation
    times sqrt(252); an aggregate name (avg, stddev_pop, max, min) that aggregate, each over the
    last `rows` rows. Windowed features are NULL until their window holds `rows` non-NULL inputs.
-#}
{% macro price_trailing_feature_specs() -%}
    {{- return([
        ['momentum_1m', 'momentum', 'close', 21],
        ['momentum_3m', 'momentum', 'close', 63],
        ['momentum_6m', 'momentum', 'close', 126],
        ['momentum_12m', 'momentum', 'close', 252],
        ['volatility_30d', 'annualised_stddev_samp', 'log_return', 30],
        ['sma_20', 'avg', 'close', 20],
        ['sma_50', 'avg', 'close', 50],
        ['sma_200', 'avg', 'close', 200],
        ['wma_20', 'wma', 'close', 20],
        ['wma_50', 'wma', 'close', 50],
        ['wma_200', 'wma', 'close', 200],
        ['stddev_20', 'stddev_pop', 'close', 20],
        ['highest_high_14', 'max', 'high', 14],
        ['lowest_low_14', 'min', 'low', 14],
    ]) -}}
{%- endmacro %}

{#- The rows before the current one that the trailing features read (momentum_12m: 252). -#}
{% macro price_trailing_lookback() -%}
    {{- return(price_trailing_feature_specs() | map(attribute=3) | max) -}}
{%- endmacro %}

{#- The column names of the trailing features, in the order price_trailing_features renders them. -#}
{% macro price_trailing_feature_columns() -%}
    {{- return(price_trailing_feature_specs() | map(attribute=0) | list) -}}
{%- endmacro %}

{% macro price_trailing_features(frame) -%}
    {%- for column, kind, value, rows in price_trailing_feature_specs() %}
        {%- if kind == 'momentum' %}
        {{ trailing_value('close', 0, frame) }} / {{ trailing_value('close', rows, frame) }} - 1
        {%- elif kind == 'wma' %}
        {{ weighted_moving_average(value, rows, frame) }}
        {%- elif kind == 'annualised_stddev_samp' %}
        {{ full_window('stddev_samp', value, rows, frame) }} * sqrt(252)
        {%- else %}
        {{ full_window(kind, value, rows, frame) }}
        {%- endif %} as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- `value` on the row `rows` rows before the current one (0: the current row), NULL when that
    row was not read. -#}
{% macro trailing_value(value, rows, frame='window') -%}
    {%- if frame == 'window' -%}
        {{ value if rows == 0 else 'lag(' ~ value ~ ', ' ~ rows ~ ') over by_day' }}
    {%- else -%}
        max({{ value }}) filter (where idx = {{ 'at_idx' if rows == 0 else 'at_idx - ' ~ rows }})
    {%- endif -%}
{%- endmacro %}


{#- `aggregate(expression)` over the `periods` rows ending at the current one (see
    price_trailing_features for `frame`). -#}
{% macro trailing_aggregate(aggregate, expression, periods, frame='window') -%}
    {%- if frame == 'window' -%}
        {{ aggregate }}({{ expression }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row)
    {%- else -%}
        {{ aggregate }}({{ expression }}) filter (where idx > at_idx - {{ periods }})
    {%- endif -%}
{%- endmacro %}


{#- Weighted moving average over `periods` rows ending at the current one,
    weights periods..1 (newest heaviest), NULL until the window is full:
        sum((idx - (t - periods)) * x) / (periods * (periods + 1) / 2)
    written with two window sums. -#}
{% macro weighted_moving_average(value, periods, frame='window') -%}
    {%- set current_idx = 'idx' if frame == 'window' else 'at_idx' -%}
    case
        when {{ trailing_aggregate('count', value, periods, frame) }} = {{ periods }}
            then (
                {{ trailing_aggregate('sum', 'idx * ' ~ value, periods, frame) }}
                - ({{ current_idx }} - {{ periods }}) * {{ trailing_aggregate('sum', value, periods, frame) }}
            ) / {{ periods * (periods + 1) / 2 }}
    end
{%- endmacro %}


{#- A window aggregate over `periods` rows ending at the current one, NULL
    until the window holds `periods` non-NULL values. -#}
{% macro full_window(aggregate, value, periods, frame='window') -%}
    case
        when {{ trailing_aggregate('count', value, periods, frame) }} = {{ periods }}
            then {{ trailing_aggregate(aggregate, value, periods, frame) }}
    end
{%- endmacro %}


{#- When the model runs: a timestamptz literal of dbt's run start, the same for
    every model of the invocation. Incremental gold models stamp it on the rows
    they (re)write, and downstream models use it as a watermark. -#}
{% macro gold_run_started_at() -%}
    {{ sbf_timestamp_literal(run_started_at.isoformat()) }}
{%- endmacro %}


{#- The columns of gold.fct_price_features that hold recursion state: an
    incremental build restarts each recursive indicator from its value on the
    restart row (column stored_<state> of the rows being computed). -#}
{% macro price_features_state_columns() -%}
    {%- set columns = [] -%}
    {%- for n in [12, 26, 50, 200, 20] %}{% do columns.append('ema_' ~ n) %}{% endfor -%}
    {%- for n in [12, 26, 50, 200, 20] %}{% do columns.append('ema2_' ~ n) %}{% endfor -%}
    {%- do columns.append('ema3_20') -%}
    {%- for n in [7, 14] %}{% do columns.extend(['avg_gain_' ~ n, 'avg_loss_' ~ n]) %}{% endfor -%}
    {%- do columns.extend(['atr_14', 'smoothed_plus_dm_14', 'smoothed_minus_dm_14', 'adx_14']) -%}
    {{- return(columns) -}}
{%- endmacro %}


{#- The incremental watermark of gold.fct_price_features, max(prices_loaded_at),
    as a timestamptz literal: a constant filter lets DuckDB skip the row groups
    of fct_daily_prices loaded before it (a scalar subquery would not). -#}
{% macro price_features_watermark() -%}
    {%- set watermark = none -%}
    {%- if execute -%}
        {%- set watermark = run_query('select max(prices_loaded_at) from ' ~ this).columns[0].values()[0] -%}
    {%- endif -%}
    {%- if watermark is none -%}
        {{ sbf_timestamp_literal('1900-01-01 00:00:00+00') }}
    {%- else -%}
        {{ sbf_timestamp_literal(watermark.isoformat() if watermark is not string else watermark) }}
    {%- endif -%}
{%- endmacro %}


{#- `expression` kept within [low, high], NULL staying NULL (DuckDB's least and
    greatest skip NULLs). For bounded oscillators written as 100 * a / (a + b):
    with b = 0 the product rounds before the division, and 100 * a / a can come
    out one ulp above 100 (100.00000000000001). -#}
{% macro clamp(expression, low, high) -%}
    case when ({{ expression }}) is not null then least({{ high }}, greatest({{ low }}, {{ expression }})) end
{%- endmacro %}

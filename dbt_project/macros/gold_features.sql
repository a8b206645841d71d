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

    `relation` must have columns symbol, idx, rs, the input and
    stored_<state>. Returns a subquery with symbol, idx, <state> (for a
    restarted symbol, from rs on).
-#}
{% macro ema_recursion(relation, value, periods, alpha, first_index, state, block_rows=64) -%}
    {{- return(adapter.dispatch('ema_recursion')(relation, value, periods, alpha, first_index, state, block_rows)) -}}
{%- endmacro %}

{% macro default__ema_recursion(relation, value, periods, alpha, first_index, state, block_rows=64) -%}
    {%- set w = '(1.0 - ' ~ alpha ~ ')' -%}
    (
        with

        -- the SMA seed is one value per symbol: a hash aggregate over its first rows, not a
        -- window over every row (only symbols computed from day 0 need it)
        seeds as (
            select symbol, avg({{ value }}) as seed_mean
            from {{ relation }}
            where rs = 0 and idx between {{ first_index }} and {{ first_index + periods - 1 }}
            group by symbol
        ),

        seeded as (
            select
                rows_in.symbol,
                rows_in.idx,
                rows_in.{{ value }} as x,
                case when rows_in.rs > 0 then rows_in.rs else {{ first_index + periods - 1 }} end as seed_idx,
                case when rows_in.rs > 0 then rows_in.stored_{{ state }} else seeds.seed_mean end as seed_value
            from {{ relation }} as rows_in
            left join seeds on seeds.symbol = rows_in.symbol
            -- a restarted symbol recurses over the new rows only (from its restart row rs on)
            where rows_in.rs = 0 or rows_in.idx >= rows_in.rs
        ),

        terms as (
            select
                symbol,
                idx,
                {{ sbf_int_div('idx', block_rows) }} as blk,
                idx % {{ block_rows }} as pos,
                idx >= seed_idx as is_defined,
                case
                    when idx = seed_idx then seed_value
                    when idx > seed_idx then {{ alpha }} * x
                end as c
            from seeded
        ),

        block_local as (
            select
                symbol,
                idx,
                blk,
                pos,
                is_defined,
                pow({{ w }}, pos) * sum(c * pow({{ w }}, -pos)) over (
                    partition by symbol, blk order by idx
                    rows between unbounded preceding and current row
                ) as local_sum
            from terms
        ),

        block_ends as (
            select symbol, blk, coalesce(local_sum, 0) as end_sum
            from block_local
            where pos = {{ block_rows - 1 }}
        ),

        carried as (
            select
                blocks.symbol,
                blocks.blk,
                sum(pow({{ w }}, (blocks.blk - earlier.blk - 1) * {{ block_rows }}) * earlier.end_sum) as carry
            from (select distinct symbol, blk from block_local) as blocks
            inner join block_ends as earlier
                on earlier.symbol = blocks.symbol and earlier.blk < blocks.blk
            group by blocks.symbol, blocks.blk
        )

        select
            block_local.symbol,
            block_local.idx,
            case
                when block_local.is_defined
                    then block_local.local_sum
                        + pow({{ w }}, block_local.pos + 1) * coalesce(carried.carry, 0)
            end as {{ state }}
        from block_local
        left join carried using (symbol, blk)
    )
{%- endmacro %}


{#-
    Spark: the same recursion, run as one: per symbol, its rows in idx order are folded with
    aggregate() into the list of values (seed, then a * x + (1 - a) * previous; a NULL input adds
    nothing), and the list is exploded back to (symbol, idx). Spark would inline the closed form's
    window sums and block joins at every use, which over three levels of recursions no longer fits
    a driver. Same arguments and result as default__ema_recursion (block_rows unused); the fold
    copies the list at each row, fine for histories of a few thousand days per symbol.
-#}
{% macro spark__ema_recursion(relation, value, periods, alpha, first_index, state, block_rows=64) -%}
    {%- set w = '(1.0 - ' ~ alpha ~ ')' -%}
    {%- set previous = 'case when size(acc) = 0 then cast(null as double) else acc[size(acc) - 1] end' -%}
    (
        select
            folded.symbol,
            folded.points[position].idx as idx,
            value_at as {{ state }}
        from (
            select
                symbol,
                points,
                aggregate(
                    points,
                    cast(array() as array<double>),
                    (acc, point) -> concat(acc, array(
                        case
                            when point.idx < seed_idx then cast(null as double)
                            when point.idx = seed_idx then seed_value
                            when {{ previous }} is null then {{ alpha }} * point.x
                            when point.x is null then {{ w }} * {{ previous }}
                            else {{ alpha }} * point.x + {{ w }} * {{ previous }}
                        end
                    ))
                ) as values
            from (
                select
                    rows_in.symbol,
                    array_sort(collect_list(named_struct(
                        'idx', cast(rows_in.idx as bigint), 'x', cast(rows_in.{{ value }} as double)))) as points,
                    -- a restarted symbol recurses over the new rows only, from its restart row rs on
                    max(case when rows_in.rs > 0 then rows_in.rs else {{ first_index + periods - 1 }} end) as seed_idx,
                    coalesce(
                        max(case when rows_in.rs > 0 and rows_in.idx = rows_in.rs then rows_in.stored_{{ state }} end),
                        avg(case when rows_in.rs = 0 and rows_in.idx between {{ first_index }} and {{ first_index + periods - 1 }}
                                 then rows_in.{{ value }} end)
                    ) as seed_value
                from {{ relation }} as rows_in
                where rows_in.rs = 0 or rows_in.idx >= rows_in.rs
                group by rows_in.symbol
            ) as per_symbol
        ) as folded
        lateral view posexplode(folded.values) exploded as position, value_at
    )
{%- endmacro %}


{#- Weighted moving average over `periods` rows ending at the current one,
    weights periods..1 (newest heaviest), NULL until the window is full:
        sum((idx - (t - periods)) * x) / (periods * (periods + 1) / 2)
    written with two window sums. -#}
{% macro weighted_moving_average(value, periods) -%}
    case
        when count({{ value }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row) = {{ periods }}
            then (
                sum(idx * {{ value }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row)
                - (idx - {{ periods }}) * sum({{ value }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row)
            ) / {{ periods * (periods + 1) / 2 }}
    end
{%- endmacro %}


{#- A window aggregate over `periods` rows ending at the current one, NULL
    until the window holds `periods` non-NULL values. -#}
{% macro full_window(aggregate, value, periods) -%}
    case
        when count({{ value }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row) = {{ periods }}
            then {{ aggregate }}({{ value }}) over (partition by symbol order by idx rows between {{ periods - 1 }} preceding and current row)
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

{#-
    gold_daily_bars(silver_model, dataset)

    The body of a daily-bar fact of one asset class (forex, commodities, crypto): one row per
    symbol and day with the OHLCV columns of fct_daily_prices' split-adjusted basis (the silver
    columns of silver historical_price_eod_full). Incremental: only the bars last set by files gold has not
    consumed yet (new days and restated ones) are merged, so a daily run costs its new rows.
-#}
{% macro gold_daily_bars(silver_model, dataset) -%}
select
    -- grain
    symbol,
    date,
    -- the day's bar
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
from {{ ref(silver_model) }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids(dataset) }})
{%- endif %}
{%- endmacro %}


{#-
    gold_group_daily(group_by)

    The body of fct_sector_daily (group_by 'sector') and fct_industry_daily ('industry'): FMP's
    day snapshots per group and exchange, the performance (market-<group>-performance: average
    change of the day) and the valuation (market-<group>-pe: P/E) side by side, one row per
    (date, group, exchange). A key known from either snapshot has a row; the other's columns are
    NULL.

    Incremental like fct_daily_prices: the keys that files gold has not consumed yet set in either
    silver table are rebuilt from both and merged, so a daily run costs that day's rows.
-#}
{% macro gold_group_daily(group_by) -%}
{%- set performance_model = 'market_' ~ group_by ~ '_performance' -%}
{%- set pe_model = 'market_' ~ group_by ~ '_pe' -%}
{%- set keys = 'date, ' ~ group_by ~ ', exchange' -%}
with

{%- if is_incremental() %}

touched as (
    select {{ keys }}
    from {{ ref(performance_model) }}
    where file_id in ({{ gold_unconsumed_file_ids('market-' ~ group_by ~ '-performance') }})
    union
    select {{ keys }}
    from {{ ref(pe_model) }}
    where file_id in ({{ gold_unconsumed_file_ids('market-' ~ group_by ~ '-pe') }})
),

{%- endif %}

performance as (
    select *
    from {{ ref(performance_model) }}
    {%- if is_incremental() %}
    semi join touched using ({{ keys }})
    {%- endif %}
),

valuation as (
    select *
    from {{ ref(pe_model) }}
    {%- if is_incremental() %}
    semi join touched using ({{ keys }})
    {%- endif %}
),

keys as (
    select {{ keys }} from performance
    union
    select {{ keys }} from valuation
)

select
    -- grain
    keys.date,
    keys.{{ group_by }},
    keys.exchange,
    -- measures
    performance.average_change,
    valuation.pe,
    -- lineage, one pair per snapshot
    performance.file_id as performance_file_id,
    performance.created_file_id as performance_created_file_id,
    valuation.file_id as pe_file_id,
    valuation.created_file_id as pe_created_file_id
from keys
left join performance using ({{ keys }})
left join valuation using ({{ keys }})
{%- endmacro %}


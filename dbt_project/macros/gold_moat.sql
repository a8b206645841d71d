{#-
    The moat score (models/gold/moat/): its pillars and features, and the three
    steps every feature goes through, in order:
      1. moat_winsorize   clip to the fiscal year's 1st / 99th percentile;
      2. moat_peer_z      z-score within the row's peer group (industry, else
                          sector, else none) of that fiscal year;
      3. moat_unit_score  (z + 3) / 6 clipped to [0, 1], 0.5 when unknown,
                          turned around for a feature where lower is better.
-#}

{#-
    moat_pillars()

    The six pillars in order: name, weight (a var, default the reference
    system's weights) and features [(feature, lower_is_better)]. Each feature is
    a column of fct_moat_features_annual; fct_moat_annual publishes it as
    <feature>_value (winsorised) and <feature>_score, and the pillar as
    <pillar>_score, the mean of its features' scores.
-#}
{% macro moat_pillars() -%}
    {{- return([
        {'name': 'profitability', 'weight': var('moat_weight_profitability', 0.30), 'features': [
            ('roic', false), ('roic_minus_wacc', false), ('gross_margin', false), ('operating_margin', false)]},
        {'name': 'stability', 'weight': var('moat_weight_stability', 0.25), 'features': [
            ('gross_margin_volatility', true), ('operating_margin_volatility', true), ('roic_volatility', true)]},
        {'name': 'competitive_position', 'weight': var('moat_weight_competitive_position', 0.15), 'features': [
            ('revenue_growth_1y', false), ('revenue_cagr_3y', false), ('gross_margin_change_3y', false)]},
        {'name': 'lock_in', 'weight': var('moat_weight_lock_in', 0.10), 'features': [
            ('deferred_revenue_to_revenue', false), ('rd_to_revenue', false)]},
        {'name': 'cost_advantage', 'weight': var('moat_weight_cost_advantage', 0.15), 'features': [
            ('cost_of_revenue_to_revenue', true), ('sga_to_revenue', true), ('revenue_per_employee', false)]},
        {'name': 'reinvestment', 'weight': var('moat_weight_reinvestment', 0.05), 'features': [
            ('capex_to_revenue', false), ('net_reinvestment_rate', false)]},
    ]) -}}
{%- endmacro %}


{#-
    moat_winsorize(column, partition_by)

    The column clipped to its own 1st and 99th percentiles (vars
    moat_winsor_lower / moat_winsor_upper, continuous quantiles) over the
    window `partition by <partition_by>`. NULL stays NULL and does not count.
-#}
{% macro moat_winsorize(column, partition_by) -%}
    {%- set window = 'over (partition by ' ~ (partition_by | join(', ')) ~ ')' -%}
    -- (DuckDB's least/greatest skip NULLs: guard so that NULL stays NULL)
    case when {{ column }} is not null then least(
        greatest({{ column }}, {{ sbf_quantile_cont(column, var('moat_winsor_lower', 0.01)) }} {{ window }}),
        {{ sbf_quantile_cont(column, var('moat_winsor_upper', 0.99)) }} {{ window }}
    ) end
{%- endmacro %}


{#-
    moat_peer_z(column, level_column, year_column='fiscal_year',
                industry_column='industry', sector_column='sector')

    The z-score of the column within the row's peer group: the companies of
    the same fiscal year and industry when level_column = 'industry', of the
    same fiscal year and sector when 'sector'; NULL when 'none', when the value
    is NULL, or when the group's values do not vary. Mean and sample standard
    deviation over the group's non-NULL values.
-#}
{% macro moat_peer_z(column, level_column, year_column='fiscal_year', industry_column='industry',
                     sector_column='sector') -%}
    {%- set by_industry = 'over (partition by ' ~ year_column ~ ', ' ~ industry_column ~ ')' -%}
    {%- set by_sector = 'over (partition by ' ~ year_column ~ ', ' ~ sector_column ~ ')' -%}
    case {{ level_column }}
        when 'industry' then
            ({{ column }} - avg({{ column }}) {{ by_industry }})
            / nullif(stddev_samp({{ column }}) {{ by_industry }}, 0)
        when 'sector' then
            ({{ column }} - avg({{ column }}) {{ by_sector }})
            / nullif(stddev_samp({{ column }}) {{ by_sector }}, 0)
    end
{%- endmacro %}


{#-
    moat_unit_score(z, lower_is_better=false)

    (z + 3) / 6 clipped to [0, 1] (-z when lower is better), 0.5 when z is
    NULL, rounded to 6 decimals (var moat_score_decimals) so scores compare
    exactly across rebuilds.
-#}
{% macro moat_unit_score(z, lower_is_better=false) -%}
    -- (DuckDB's least/greatest skip NULLs, so NULL is handled first)
    round(
        coalesce(
            case when ({{ z }}) is not null
                then least(greatest(({{ '-' if lower_is_better }}({{ z }}) + 3) / 6, 0), 1) end,
            0.5
        ),
        {{ var('moat_score_decimals', 6) }}
    )
{%- endmacro %}

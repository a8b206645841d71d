{#-
    The revenue segmentation models (product and geographic) reshape their rows: FMP sends
    each period's segments as one {segment: revenue} object. Their column lists come from the
    catalogue (config.meta.columns in the generated _silver__models.yml).
-#}

{#- The body of a revenue segmentation model: FMP sends each period's segments as one
    {segment: revenue} object; silver keeps one row per segment. -#}
{% macro revenue_segments_select(bronze_source) -%}
with

bronze as (
    {{ read_bronze(bronze_source, silver_fmp_fields(silver_columns())) }}
),

typed as (
    {{ silver_typed_select() }}
),

-- one row per entry of the {segment: revenue} object
segments as (
    {{ revenue_segment_entries('typed') }}
)

{{ latest_changed_rows('segments', ['symbol', 'date', 'segment', 'fiscal_year', 'period', 'reported_currency', 'revenue']) }}
{%- endmacro %}


{#- The rows of `relation` (typed revenue segmentation rows) once per {segment: revenue} entry of
    their `data` object: symbol, date, segment, fiscal_year, period, reported_currency, revenue and
    the lineage. -#}
{% macro revenue_segment_entries(relation) -%}
    {{- return(adapter.dispatch('revenue_segment_entries')(relation)) -}}
{%- endmacro %}

{% macro default__revenue_segment_entries(relation) -%}
    select
        symbol,
        "date",
        nullif(trim(entry.key), '') as segment,
        fiscal_year,
        period,
        reported_currency,
        try_cast(entry.value as double) as revenue,
        file_id,
        run_id,
        ingested_at
    from (
        select
            *,
            unnest(map_entries(try_cast(json(data) as map(varchar, varchar)))) as entry
        from {{ relation }}
    ) as entries
{%- endmacro %}

{% macro spark__revenue_segment_entries(relation) -%}
    select
        symbol,
        `date`,
        nullif(trim(entry_key), '') as segment,
        fiscal_year,
        period,
        reported_currency,
        try_cast(entry_value as double) as revenue,
        file_id,
        run_id,
        ingested_at
    from {{ relation }}
    lateral view explode(from_json(data, 'map<string,string>')) entries as entry_key, entry_value
{%- endmacro %}

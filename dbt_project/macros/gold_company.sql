{#-
    Gold models that take one silver table's rows as they are (renamed, lineage kept), and the
    as-of facts built from snapshot datasets (one row per symbol, no date: TTM figures, scores,
    officers), which silver keeps only in their latest version.
-#}

{#-
    The SELECT of a gold model that is one silver table's rows: `columns` are SQL select items over
    the silver table (a column, or `<silver column> as <gold column>`), then the lineage (file_id,
    created_file_id) and gold_loaded_at.

    Incremental: only the silver rows that files gold has not consumed yet set (new keys and
    restated ones); the model's MERGE on its grain (= silver's key) inserts or replaces them.
-#}
{% macro gold_silver_rows(model, dataset, columns) -%}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref(model) }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids(dataset) }})
{%- endif %}
{%- endmacro %}


{#- The parts of fct_ttm_metrics, in column order: the TTM key metrics, the TTM ratios (a name the
    key metrics also have takes the prefix ratios_) and the financial scores (prefix scores_). -#}
{% macro gold_ttm_parts() -%}
    {{- return([
        gold_single_source_part('key_metrics_ttm', '', silver_model_columns('key_metrics_ttm'),
                                'key_metrics_ttm', 'key-metrics-ttm'),
        gold_single_source_part('ratios_ttm', 'ratios_', silver_model_columns('ratios_ttm'), 'ratios_ttm', 'ratios-ttm'),
        gold_single_source_part('financial_scores', 'scores_', silver_model_columns('financial_scores'),
                                'financial_scores', 'financial-scores'),
    ]) -}}
{%- endmacro %}


{#- The one part of fct_company_officers: the key executives. -#}
{% macro gold_officers_parts() -%}
    {{- return([
        gold_single_source_part('officers', '', silver_model_columns('company_officers'), 'company_officers', 'company-officers'),
    ]) -}}
{%- endmacro %}


{#-
    The SELECT of an as-of fact: one row per `grain` (list of columns, e.g. ['symbol']) and
    as_of_date, the run date (ops.file_ingestions.as_of_date) of a file that changed one of the
    parts' silver rows (each part has one source: gold_single_source_part). Each row holds, per part, the version silver had for the key as of that
    date: the part's silver row when its file's run date is on or before it (carried forward
    from an earlier day when that part did not change), else NULL. Data columns are named as in
    the wide facts (gold_wide_columns: the grain left out, a name two parts share prefixed in the
    later one); lineage is <part>_file_id.

    Why: these datasets (FMP's TTM metrics, financial scores, key executives) answer the current
    figures only, and silver keys them without a date, so it holds the latest version. Each
    build adds the versions that files gold has not consumed yet brought; the table keeps the
    earlier ones (merge never deletes), so it holds the history the warehouse has fetched. The
    models set full_refresh=false: a rebuild from silver would keep only the current versions.

    Incremental: the (grain, as_of_date) keys of those files' silver rows, rebuilt and merged.
    A refetch that changed nothing leaves no silver row, hence no new key (the previous row's
    values still hold). Silver keeps one version per key per build, so two days promoted by one
    build leave only the later one.
-#}
{% macro gold_as_of_select(parts, grain) -%}
    {%- set incremental = is_incremental() -%}
    {%- set grain_list = grain | join(', ') -%}
    {%- set ingestions = source('ops', 'file_ingestions') -%}
with
{%- if incremental %}

-- the (grain, run date) of the silver rows set by files gold has not consumed yet
touched as (
    {%- for part in parts %}
    {%- set source = part.sources[0] %}
    select {% for column in grain %}silver_rows.{{ column }}, {% endfor %}ingestion.as_of_date
    from {{ ref(source.model) }} as silver_rows
    join {{ ingestions }} as ingestion on ingestion.file_id = silver_rows.file_id
    where silver_rows.file_id in ({{ gold_unconsumed_file_ids(source.dataset) }})
    {{- "\n    union" if not loop.last }}
    {%- endfor %}
),
{%- endif %}
{%- for part in parts %}
{%- set source = part.sources[0] %}

-- {{ part.name }}: silver's version of each key, dated by the run that fetched it
{{ part.name }} as (
    select {{ sbf_star('silver_rows', ref(source.model), except=['run_id']) }}, ingestion.as_of_date
    from (
        select *
        from {{ ref(source.model) }}
        {%- if incremental %}
        semi join touched using ({{ grain_list }})
        {%- endif %}
    ) as silver_rows
    join {{ ingestions }} as ingestion on ingestion.file_id = silver_rows.file_id
),
{%- endfor %}

keys as (
    {%- if incremental %}
    select distinct {{ grain_list }}, as_of_date from touched
    {%- else %}
    {%- for part in parts %}
    select {{ grain_list }}, as_of_date from {{ part.name }}
    {{- "\n    union" if not loop.last }}
    {%- endfor %}
    {%- endif %}
)

select
    -- grain
    {%- for column in grain %}
    keys.{{ column }},
    {%- endfor %}
    keys.as_of_date,
    {{- gold_wide_column_items(parts, grain) }}
    -- lineage
    {%- for part in parts %}
    {{ part.name }}.file_id as {{ part.name }}_file_id,
    {%- endfor %}
    {{ gold_run_started_at() }} as gold_loaded_at
from keys
{%- for part in parts %}
left join {{ part.name }}
    on {% for column in grain %}{{ part.name }}.{{ column }} = keys.{{ column }}
    and {% endfor %}{{ part.name }}.as_of_date <= keys.as_of_date
{%- endfor %}
{%- endmacro %}

{#- Small helpers shared by the bronze readers and the ops stamping hooks. -#}

{#- The data directory: bronze files live under it and
    ops.file_ingestions.bronze_filename is relative to it. Same default as the
    profile: ../data, i.e. <repo>/data when dbt runs from dbt_project/. -#}
{% macro sbf_data_dir() -%}
    {%- set data_dir = env_var('SBF_DATA_DIR', '../data') | trim -%}
    {%- if data_dir != '/' -%}
        {%- set data_dir = data_dir.rstrip('/') -%}
    {%- endif -%}
    {{- return(data_dir) -}}
{%- endmacro %}


{#- A Python value as a SQL string literal (single quotes doubled). -#}
{% macro sbf_sql_string(value) -%}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{%- endmacro %}


{#- The wall-clock time now, as a UTC timestamptz literal (sbf_timestamp_literal). DuckDB's now() is
    frozen at the start of the transaction, so hooks that need an end time
    render it here, when the hook is rendered (i.e. right before it runs). -#}
{% macro sbf_utc_now() -%}
    {%- set now = modules.datetime.datetime.now(modules.pytz.utc) -%}
    {{- return(sbf_timestamp_literal(now.isoformat())) -}}
{%- endmacro %}


{#- How a key field is typed, in the models and in the failed-row count alike:
    blank text is no key, and a value that does not cast is no key. -#}
{% macro key_cast(expression, data_type) -%}
    try_cast(nullif(trim({{ expression }}), '') as {{ data_type }})
{%- endmacro %}


{#- The relation of the model named `name` (a ref() passes through). Tests that compare a gold
    model with its silver source take the silver model by name: a ref() would attach the test to
    the silver model too, and `dbt build --select silver` would run it against a gold table that
    build did not build or update. -#}
{% macro sbf_model_relation(name) -%}
    {%- if name is not string or not execute -%}
        {{- return(name) -}}
    {%- endif -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.name == name -%}
            {{- return(api.Relation.create(database=node.database, schema=node.schema,
                                           identifier=node.alias or node.name)) -}}
        {%- endif -%}
    {%- endfor -%}
    {{- exceptions.raise_compiler_error("no model named '" ~ name ~ "' (a figure test's comparison model)") -}}
{%- endmacro %}


{#- The two sides a comparison test reads (figure_equals, agrees_with_silver), as two CTEs: the
    model under test and the model it is compared with, taken by name (sbf_model_relation), each
    narrowed by its own optional SQL condition (dbt's `where` config would narrow the model only).
    The CTE names are the caller's, so its SQL reads as what it compares (gold_rows, silver_rows). -#}
{% macro compared_rows(model, model_filter, compare_model, compare_filter,
                       model_cte='model_rows', compare_cte='compare_rows') -%}
{%- for cte, relation, condition in [(model_cte, model, model_filter),
                                     (compare_cte, sbf_model_relation(compare_model), compare_filter)] %}
{{ cte }} as (
    select * from {{ relation }}
    {%- if condition %}
    where {{ condition }}
    {%- endif %}
){{ ',' if loop.first }}
{% endfor -%}
{%- endmacro %}

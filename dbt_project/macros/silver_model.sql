{#-
    A silver model from its column list.

    Each silver model declares its columns in config.meta.columns, in output
    order (FMP's field order), one entry per column (generated into
    models/silver/_silver__models.yml from the catalogue by `make generate`):

        [<source>, <column>, <type>]

      source   the FMP field (as FMP spells it, typos included), or
               '@ticker'      the ticker of the request (rows that carry no symbol)
               '@as_of_date'  the run date of the request (rows that carry no date)
      column   the snake_case silver column
      type     varchar | cik | double | bigint | integer | date | timestamp | boolean
               (cik: text where FMP's string "null" becomes NULL; date also
               accepts "YYYY-MM-DD HH:MM:SS" and keeps the day)

    Key columns (config unique_key) are typed with key_cast, so a row whose key
    does not type is dropped and counted as failed by the post-hook. Every other
    value is try_cast: a value that does not cast becomes NULL, never an error.

        {{ silver_select(source('bronze', '<table>')) }}
                                       the whole model: read the pending files
                                       of the dataset's bronze source table,
                                       type, keep the latest changed version
                                       per key
        {{ silver_typed_select() }}    only the typed SELECT (from a CTE named
                                       bronze = read_bronze(...)), for models
                                       that reshape rows afterwards
-#}

{#- The model's column list, validated. -#}
{% macro silver_columns() -%}
    {%- set columns = (config.get('meta') or {}).get('columns') -%}
    {%- if not execute -%}
        {#- while parsing, config may not hold the model's meta yet -#}
        {{- return(columns or []) -}}
    {%- endif -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            "silver model " ~ this ~ " must list its columns in config meta={'columns': [...]}") }}
    {%- endif -%}
    {%- set known = ['varchar', 'cik', 'double', 'bigint', 'integer', 'date', 'timestamp', 'boolean'] -%}
    {%- for entry in columns -%}
        {%- if entry | length != 3 or entry[2] not in known -%}
            {{ exceptions.raise_compiler_error(
                "silver model " ~ this ~ ": column entry " ~ entry
                ~ " must be [source, column, type] with type in " ~ known) }}
        {%- endif -%}
    {%- endfor -%}
    {{- return(columns) -}}
{%- endmacro %}


{#- The column list of another silver model (config.meta.columns, generated from the catalogue),
    for gold models that join silver tables column by column. Empty while parsing: the graph is
    complete only at execution. -#}
{% macro silver_model_columns(model_name) -%}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {%- set columns = ((node.config.meta if node else {}) or {}).get('columns') if node else none -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            "silver_model_columns: " ~ model_name ~ " is no silver model with config meta columns"
            ~ " (the catalogue's silver_model names)") }}
    {%- endif -%}
    {{- return(columns) -}}
{%- endmacro %}


{#- The FMP fields the model reads (each once, in list order; no '@' sources). -#}
{% macro silver_fmp_fields(columns) -%}
    {%- set fields = [] -%}
    {%- for source, column, type in columns -%}
        {%- if not source.startswith('@') and source not in fields -%}
            {%- do fields.append(source) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(fields) -}}
{%- endmacro %}


{#- key column -> FMP field: meta key_fields when given, else from meta columns,
    else the key's own name. A none or '@' field is not read from the payload. -#}
{% macro silver_key_fields() -%}
    {%- set meta = config.get('meta') or {} -%}
    {%- set mapping = {} -%}
    {%- for source, column, type in meta.get('columns') or [] -%}
        {%- if column not in mapping -%}
            {%- do mapping.update({column: source}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do mapping.update(meta.get('key_fields') or {}) -%}
    {{- return(mapping) -}}
{%- endmacro %}


{#- The SQL type of a column type name. -#}
{% macro silver_sql_type(type) -%}
    {{- return(sbf_type({'cik': 'varchar'}.get(type, type))) -}}
{%- endmacro %}


{#- The typed expression of one column. -#}
{% macro silver_cast(source, type, is_key) -%}
    {%- set expression = {'@ticker': '_sbf_ticker', '@as_of_date': '_sbf_as_of_date'}.get(source, sbf_quote(source)) -%}
    {%- if source == '@as_of_date' -%}
        {{ expression }}
    {%- elif is_key -%}
        {{ key_cast(expression, silver_sql_type(type)) }}
    {%- elif type == 'varchar' -%}
        nullif(trim({{ expression }}), '')
    {%- elif type == 'cik' -%}
        nullif(nullif(trim({{ expression }}), ''), 'null')
    {%- else -%}
        try_cast(nullif(trim({{ expression }}), '') as {{ sbf_type(type) }})
    {%- endif -%}
{%- endmacro %}


{#- SELECT of the typed columns plus lineage, from the CTE `bronze`. -#}
{% macro silver_typed_select(columns=none) -%}
    {%- set columns = columns or silver_columns() -%}
    {%- set keys = silver_keys() -%}
    select
        {%- for source, column, type in columns %}
        {{ silver_cast(source, type, column in keys) }} as {{ sbf_quote(column) }},
        {%- endfor %}
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
{%- endmacro %}


{#- The whole silver model: the pending rows of its bronze source table, typed, latest changed
    version per key. -#}
{% macro silver_select(bronze_source) -%}
    {%- set columns = silver_columns() -%}
with

bronze as (
    {{ read_bronze(bronze_source, silver_fmp_fields(columns)) }}
),

typed as (
    {{ silver_typed_select(columns) }}
)

{{ latest_changed_rows('typed', columns | map(attribute=1) | list) }}
{%- endmacro %}

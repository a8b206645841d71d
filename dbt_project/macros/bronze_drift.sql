{#-
    The engine-specific parts of silver.bronze_field_drift (the model's SQL is one file; these
    macros are what DuckDB and Spark spell differently).
-#}

{#- One row per bronze file of `groups` ({rows_path: [pending file rows]}): filename (the path
    as ops wrote it), rows_checked (integer: the rows read, at most `rows_checked`) and
    found_fields (the sorted distinct keys of those rows, text list). -#}
{% macro bronze_drift_found_fields(groups, rows_checked) -%}
    {{- return(adapter.dispatch('bronze_drift_found_fields')(groups, rows_checked)) -}}
{%- endmacro %}

{% macro default__bronze_drift_found_fields(groups, rows_checked) -%}
    select
        filename,
        cast(least(len(payload_rows), {{ rows_checked }}) as integer) as rows_checked,
        list_sort(list_distinct(flatten(
            list_transform(payload_rows[1:{{ rows_checked }}], row_value -> json_keys(row_value))
        ))) as found_fields
    from (
        {%- for rows_path, group in groups.items() %}
        select
            filename,
            cast({{ "payload->'" ~ rows_path ~ "'" if rows_path else "payload" }} as json[]) as payload_rows
        from {{ bronze_read_json(group | map(attribute='bronze_path') | list, none, [], none, largest_bronze_file(group)) }}
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    ) as documents
{%- endmacro %}

{#- Spark: each file read whole and its rows parsed as maps of text (from_json turns a nested
    value into its JSON text), so a row's keys are its map's keys. -#}
{% macro spark__bronze_drift_found_fields(groups, rows_checked) -%}
    select
        filename,
        cast(least(size(payload_rows), {{ rows_checked }}) as int) as rows_checked,
        array_sort(array_distinct(flatten(
            transform(slice(payload_rows, 1, {{ rows_checked }}), row_value -> map_keys(row_value))
        ))) as found_fields
    from (
        {%- for rows_path, group in groups.items() %}
        select
            documents.filename,
            {{ bronze_payload_rows('documents.payload', rows_path or none) | replace('"', '`') }} as payload_rows
        from {{ spark_bronze_documents(group | map(attribute='bronze_path') | list, none, [], rows_path or none) }} as documents
        {{- "\n        union all" if not loop.last }}
        {%- endfor %}
    ) as documents
{%- endmacro %}


{#- A list of text literals as a list value (DuckDB varchar[], Spark array<string>). -#}
{% macro sbf_text_list(values) -%}
    {{- return(adapter.dispatch('sbf_text_list')(values)) -}}
{%- endmacro %}

{% macro default__sbf_text_list(values) -%}
    [{% for v in values %}{{ sbf_sql_string(v) }}{{ ", " if not loop.last }}{% endfor %}]::varchar[]
{%- endmacro %}

{% macro spark__sbf_text_list(values) -%}
    cast(array({% for v in values %}{{ sbf_sql_string(v) }}{{ ", " if not loop.last }}{% endfor %}) as array<string>)
{%- endmacro %}


{#- The elements of list `a` that list `b` does not hold, in a's order. -#}
{% macro sbf_list_except(a, b) -%}
    {{- return(adapter.dispatch('sbf_list_except')(a, b)) -}}
{%- endmacro %}

{% macro default__sbf_list_except(a, b) -%}
    list_filter({{ a }}, f -> not list_contains({{ b }}, f))
{%- endmacro %}

{% macro spark__sbf_list_except(a, b) -%}
    filter({{ a }}, f -> not array_contains({{ b }}, f))
{%- endmacro %}

{#-
    Schema drift between bronze and silver (see models/silver/bronze_field_drift.sql).
-#}

{#- dataset -> {'model': silver model, 'fields': FMP fields it maps, 'rows_path': ...},
    from the config.meta of every silver model in the graph (empty while parsing). -#}
{% macro silver_expected_fields() -%}
    {%- set expected = {} -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() | sort(attribute='name') -%}
            {%- set meta = (node.config or {}).get('meta') or {} -%}
            {%- if node.resource_type == 'model' and meta.get('dataset') and meta.get('columns') -%}
                {%- set fields = [] -%}
                {%- for entry in meta['columns'] -%}
                    {%- if not entry[0].startswith('@') and entry[0] not in fields -%}
                        {%- do fields.append(entry[0]) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- do expected.update({meta['dataset']: {
                    'model': node.name, 'fields': fields | sort, 'rows_path': meta.get('rows_path')}}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(expected) -}}
{%- endmacro %}


{#-
    Generic test on bronze_field_drift: one failing row per identity (dataset,
    discriminator, ticker) whose latest checked file lists fields in
    `fields_column` (missing_fields: FMP dropped or renamed a field the silver
    model maps; unmapped_fields: FMP sends a field the model does not map).
    Meant to run with severity warn: drift is news, not a broken build.
-#}
{% test latest_files_without_drift(model, fields_column='missing_fields') %}
with

latest as (
    select
        *,
        row_number() over (
            partition by dataset, discriminator, ticker
            order by fetched_at desc, file_id desc
        ) as recency
    from {{ model }}
)

select
    dataset,
    discriminator,
    ticker,
    file_id,
    silver_model,
    {{ fields_column }} as fields
from latest
where recency = 1
  and len({{ fields_column }}) > 0
{% endtest %}

{#-
    `+schema: silver` means the schema `silver`, literally (dbt's default would
    prefix the target schema: `main_silver`). Nodes without a custom schema use
    the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

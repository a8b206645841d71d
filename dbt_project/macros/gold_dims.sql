{#-
    classification_dim_ctes(key, list_model, instrument_column=none, list_column=none, measures={},
                            also_from=[])

    The CTEs of a small dim over a classification that FMP both lists and reports per company
    (dim_country, dim_sector, dim_industry), one shape for all three so they count alike:
        instruments  one row per value of dim_instrument's `instrument_column` (default `key`),
                     as `key`: companies, active_companies, file_id (the latest profile file
                     among them) and the `measures` ({name: aggregate over dim_instrument});
        listed       FMP's own list (`list_model`, its value column `list_column`, default `key`):
                     file_id and created_file_id;
        dim_keys     every value either side knows, and those of the CTEs named in `also_from`
                     (the model defines them before): FMP's list may name a value no company
                     reports yet, and a company may report one the list lacks; the dim keeps both.
    The model selects from dim_keys, joins the CTEs on `key` and orders its own columns.
-#}
{% macro classification_dim_ctes(key, list_model, instrument_column=none, list_column=none, measures={},
                                 also_from=[]) -%}
{%- set instrument_column = instrument_column or key -%}
{%- set list_column = list_column or key -%}
instruments as (
    select
        {{ instrument_column }}{{ ' as ' ~ key if instrument_column != key }},
        {%- for name, aggregate in measures.items() %}
        {{ aggregate }} as {{ name }},
        {%- endfor %}
        count(*) as companies,
        count(*) filter (where is_actively_trading) as active_companies,
        max(profile_file_id) as file_id
    from {{ ref('dim_instrument') }}
    where {{ instrument_column }} is not null
    group by {{ instrument_column }}
),

listed as (
    select {{ list_column }}{{ ' as ' ~ key if list_column != key }}, file_id, created_file_id
    from {{ ref(list_model) }}
),

dim_keys as (
    select {{ key }} from instruments
    union select {{ key }} from listed
    {%- for cte in also_from %}
    union select {{ key }} from {{ cte }}
    {%- endfor %}
)
{%- endmacro %}

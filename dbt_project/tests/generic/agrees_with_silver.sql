{#-
    Model-level test for gold models built from one silver table: gold carries
    silver's figures. One failing row per problem:
      - a gold row whose lineage file is the silver row's file, for the same key,
        but one of the compared columns differs from silver's (`is distinct from`:
        a NULL on one side only counts);
      - with every_silver_row (default true): a silver row of the compared scope
        that no gold row carries (same key and the silver row's file in the
        lineage column): lost on the way to gold.

        data_tests:
          - agrees_with_silver:
              arguments:
                silver: owner_earnings           # a model name, not ref(): see figure_equals
                keys: {symbol: symbol, date: date}           # gold column: silver column
                columns: {owners_earnings: owners_earnings}  # gold column: silver column
                lineage: file_id            # gold column holding the silver row's file_id (default)
                where: "segment_type = 'product'"   # optional filter on the gold rows
                silver_where: "fiscal_year is not null"  # optional filter on the silver rows
-#}
{% test agrees_with_silver(model, silver, keys, columns, lineage='file_id', where=none, silver_where=none,
                           every_silver_row=true) %}
{%- set key_match -%}
    {%- for gold_column, silver_column in keys.items() -%}
        gold_rows.{{ gold_column }} = silver_rows.{{ silver_column }} and {% endfor -%}
    gold_rows.{{ lineage }} = silver_rows.file_id
{%- endset %}

with

{{ compared_rows(model, where, silver, silver_where, model_cte='gold_rows', compare_cte='silver_rows') }},

differs as (
    {%- for gold_column, silver_column in columns.items() %}
    select
        'gold {{ gold_column }} differs from silver {{ silver_column }}' as failure,
        silver_rows.file_id,
        cast(gold_rows.{{ gold_column }} as varchar) as gold_value,
        cast(silver_rows.{{ silver_column }} as varchar) as silver_value
    from gold_rows
    join silver_rows on {{ key_match }}
    where gold_rows.{{ gold_column }} is distinct from silver_rows.{{ silver_column }}
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
)

select * from differs
{%- if every_silver_row %}
union all
select
    'silver row carried by no gold row' as failure,
    silver_rows.file_id,
    cast(null as varchar) as gold_value,
    {% for silver_column in keys.values() %}cast(silver_rows.{{ silver_column }} as varchar){{ " || '|' || " if not loop.last }}{% endfor %} as silver_value
from silver_rows
where not exists (select 1 from gold_rows where {{ key_match }})
{%- endif %}

{% endtest %}

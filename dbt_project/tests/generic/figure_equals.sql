{#-
    Model-level test: one aggregate figure of the model equals the same figure
    computed on another relation (typically the silver table it is built
    from), so that an incremental merge that lost, doubled or mis-assigned
    rows is caught. Fails with one row holding both figures when they differ
    (NULL and a value differ; two NULLs are equal).

        data_tests:
          - figure_equals:
              arguments:
                expression: count(*)
                compare_model: fx_price_eod
          - figure_equals:
              arguments:
                expression: sum(close)
                compare_model: fx_price_eod
                relative_tolerance: 1.0e-9   # float sums depend on the order of addition

    compare_model names a model (not ref()), so that the test belongs to the
    model under test alone: a ref would make `dbt build --select silver` pick
    it up and read a gold table not built (or not yet updated) by that build.
    `compare_expression` defaults to `expression`; `model_filter` /
    `compare_filter` (SQL conditions) filter either side (dbt's own `where`
    config would filter the model only). The two sides are read as
    agrees_with_silver reads them (macro compared_rows). With `relative_tolerance`, numbers
    within that share of the larger one count as equal.
-#}
{% test figure_equals(model, expression, compare_model, compare_expression=none, model_filter=none,
                      compare_filter=none, relative_tolerance=0) %}

with

{{ compared_rows(model, model_filter, compare_model, compare_filter) }},

figures as (
    select
        (select {{ expression }} from model_rows) as model_figure,
        (select {{ compare_expression or expression }} from compare_rows) as compare_figure
)

select
    {{ sbf_sql_string(expression) }} as expression,
    cast(model_figure as varchar) as model_figure,
    {{ sbf_sql_string(compare_expression or expression) }} as compare_expression,
    cast(compare_figure as varchar) as compare_figure
from figures
where
{%- if relative_tolerance %}
    (model_figure is null) <> (compare_figure is null)
    or abs(model_figure - compare_figure)
       > {{ relative_tolerance }} * greatest(abs(model_figure), abs(compare_figure))
{%- else %}
    model_figure is distinct from compare_figure
{%- endif %}

{% endtest %}

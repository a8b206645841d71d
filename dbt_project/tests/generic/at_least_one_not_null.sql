{#-
    Model-level test: fails with one row per row of the model whose columns
    are all NULL. For a fact joining several sources, where each row must come
    from at least one of them (its lineage columns):
        data_tests:
          - at_least_one_not_null:
              arguments: {column_names: [file_id, other_file_id]}
-#}
{% test at_least_one_not_null(model, column_names) %}

select *
from {{ model }}
where coalesce({{ column_names | join(', ') }}) is null

{% endtest %}

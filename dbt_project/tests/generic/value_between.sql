{#-
    Fails with one row per non-NULL value of the column outside
    [min_value, max_value] (bounds inclusive; either may be omitted).
        data_tests:
          - value_between:
              arguments: {min_value: 0, max_value: 100}
-#}
{% test value_between(model, column_name, min_value=none, max_value=none) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and (
      false
      {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
      {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
  )

{% endtest %}


{#- Fails with one row per negative value of the column. -#}
{% test not_negative(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0

{% endtest %}

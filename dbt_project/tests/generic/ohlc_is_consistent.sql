{#-
    Model-level test for daily bars: fails with one row per bar whose low is
    above its open or close, or whose high is below them (low <= open, close
    <= high). Bars with a NULL price are not judged.
        data_tests:
          - ohlc_is_consistent:
              arguments: {open: open, high: high, low: low, close: close}
-#}
{% test ohlc_is_consistent(model, open='open', high='high', low='low', close='close') %}

select *
from {{ model }}
where {{ low }} > {{ open }}
   or {{ low }} > {{ close }}
   or {{ high }} < {{ open }}
   or {{ high }} < {{ close }}

{% endtest %}

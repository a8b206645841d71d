{#-
    For a history model (one row per key and version, validity
    [valid_from, valid_to)): fails with one row per problem:
      - versions of a key not numbered 1..n;
      - a version whose valid_to is not the next version's valid_from (a gap
        or an overlap), or the latest version with a valid_to;
      - a version that ends before it starts;
      - is_current not true on exactly the latest version.
        data_tests:
          - history_is_contiguous:
              arguments:
                key_columns: [symbol, date, period]
-#}
{% test history_is_contiguous(model, key_columns) %}
{%- set key_list = key_columns | join(', ') -%}

with

ordered as (
    select
        {{ key_list }},
        version,
        valid_from,
        valid_to,
        is_current,
        row_number() over by_key as expected_version,
        lead(valid_from) over by_key as next_valid_from,
        lead(version) over by_key is null as is_last
    from {{ model }}
    window by_key as (partition by {{ key_list }} order by version)
)

select
    {{ key_list }},
    version,
    case
        when version is distinct from expected_version then 'versions not numbered 1..n'
        when valid_to is distinct from next_valid_from then 'valid_to is not the next version''s valid_from'
        when valid_from > valid_to then 'valid_to before valid_from'
        else 'is_current is not the latest version'
    end as failure
from ordered
where version is distinct from expected_version
   or valid_to is distinct from next_valid_from
   or valid_from > valid_to
   or is_current is distinct from is_last

{% endtest %}

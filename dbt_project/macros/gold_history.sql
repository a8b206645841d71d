{#-
    What was known when.

    Silver keeps one row per key, the latest version. The snapshots in
    snapshots/gold/ keep every version silver has held; the history models in
    models/gold/history/ date those versions by when the data was *known*: the
    ingested_at of the bronze file that carried the version (the API request
    time), in UTC, rather than by when a snapshot happened to run.
-#}

{#-
    snapshot_versions(snapshot, keys, known_since)

    A subquery over a dbt snapshot: every snapshot column plus
        version     1, 2, ... per key, in the order the snapshot recorded them
                    (dbt_valid_from);
        valid_from  when the version became known: the running maximum of
                    `known_since` (a SQL expression, a naive UTC timestamp)
                    over this and the earlier versions of the key, so validity
                    never runs backwards even if a version arrived from a file
                    requested earlier than the one before it;
        valid_to    valid_from of the next version (NULL for the latest): the
                    ranges [valid_from, valid_to) of a key never overlap and
                    leave no gap. Two versions known at the same instant (e.g.
                    silver re-read the same file after a model fix) leave the
                    earlier one an empty range: the later reading wins;
        is_current  the latest version (the one silver has now).
-#}
{% macro snapshot_versions(snapshot, keys, known_since) -%}
    {%- set key_list = keys | join(', ') -%}
(
    select
        *,
        lead(valid_from) over (partition by {{ key_list }} order by version) as valid_to,
        lead(valid_from) over (partition by {{ key_list }} order by version) is null as is_current
    from (
        select
            *,
            row_number() over (partition by {{ key_list }} order by dbt_valid_from, dbt_scd_id) as version,
            -- (the window spelled out: Spark cannot add a frame to a named window)
            max(coalesce({{ known_since }}, cast(dbt_valid_from as timestamp))) over (
                partition by {{ key_list }} order by dbt_valid_from, dbt_scd_id
                rows between unbounded preceding and current row
            ) as valid_from
        from {{ snapshot }}
    ) as numbered
)
{%- endmacro %}


{#-
    as_of(relation, at)

    The rows of a history model (columns valid_from, valid_to) as they were
    known at `at`, one version per key:
      - at = 'YYYY-MM-DD': as known at the end of that day (UTC), i.e. taking
        everything ingested during that day;
      - at = 'YYYY-MM-DD HH:MM[:SS[.ffffff]]': as known at that instant (UTC).
    Keys not known yet at `at` have no row. Use it in a FROM clause:

        select revenue
        from {{ as_of(ref('fct_income_statements_history'), '2026-03-01') }}
        where symbol = 'AAPL' and period = 'FY' and fiscal_year = 2024

    (`dbt show --inline "..."` runs such a query from the command line.)
-#}
{% macro as_of(relation, at) -%}
    {%- set at = (at | string) | trim -%}
    {%- if modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', at) -%}
(
    -- as known at the end of {{ at }} (UTC)
    select * from {{ relation }}
    where valid_from < date {{ sbf_sql_string(at) }} + interval 1 day
      and (valid_to is null or valid_to >= date {{ sbf_sql_string(at) }} + interval 1 day)
)
    {%- elif modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?', at) -%}
(
    -- as known at {{ at }} (UTC)
    select * from {{ relation }}
    where valid_from <= timestamp {{ sbf_sql_string(at | replace('T', ' ')) }}
      and (valid_to is null or timestamp {{ sbf_sql_string(at | replace('T', ' ')) }} < valid_to)
)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "as_of: `at` must be 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]', got '" ~ at ~ "'") }}
    {%- endif -%}
{%- endmacro %}

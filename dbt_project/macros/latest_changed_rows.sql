{#-
    latest_changed_rows(relation)

    Turns the typed rows of a silver batch into what gets merged: one row per
    key, the latest version that changed something, with `created_file_id`.

    `relation` (a CTE name) has the key columns (config unique_key), the data
    columns, and the lineage columns file_id, run_id, ingested_at. The key
    and data columns must come in the same order as in the model's output.

    The batch is processed as if its files had been promoted one by one, in
    `ingested_at` order (the envelope's requested_at: a timestamp, never the
    filename string; file_id only breaks exact ties):
      - rows whose key did not type are dropped (the post-hook counts them);
      - a version identical to the one before it (the previous file in the
        batch, or for the first one the row silver already has) changes
        nothing: re-fetching unchanged data is neither created nor updated,
        and its file keeps no row;
      - of the versions that changed something, the latest wins; the MERGE on
        the key then inserts it or UPDATES the row already there;
      - created_file_id is the file that first created the key: the row
        already in silver keeps its own, a new key takes its first file.
    Versions are compared by hash() over the key and data columns, computed
    for both sides in the same run (so its value never has to be stored).

    `columns` names the key and data columns in output order (DuckDB takes
    them from the relation with * exclude; Spark, which has no EXCLUDE,
    lists them).
-#}
{% macro latest_changed_rows(relation, columns) -%}
    {{- return(adapter.dispatch('latest_changed_rows')(relation, columns)) -}}
{%- endmacro %}

{% macro default__latest_changed_rows(relation, columns) -%}
    {%- set keys = silver_keys() -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set incremental = is_incremental() -%}
select * exclude (_row_hash, _previous_hash, _only_version)
from (
    with

    keyed as (
        select
            *,
            hash(*columns(* exclude (file_id, run_id, ingested_at))) as _row_hash
        from {{ relation }}
        where {% for k in keys %}{{ k }} is not null{{ " and " if not loop.last }}{% endfor %}
    ),
    {%- if incremental %}

    -- the rows silver already has for the keys of this batch
    current_rows as (
        select
            {{ key_list }},
            created_file_id as _current_created_file_id,
            hash(*columns(* exclude (file_id, run_id, ingested_at, created_file_id))) as _current_hash
        from {{ this }}
        semi join keyed using ({{ key_list }})
    ),
    {%- endif %}

    versions as (
        select
            keyed.*,
            {%- if incremental %}
            coalesce(lag(keyed._row_hash) over by_key, current_rows._current_hash) as _previous_hash,
            {%- else %}
            lag(keyed._row_hash) over by_key as _previous_hash,
            {%- endif %}
            -- most keys come once per batch: they skip the second window below
            (lag(keyed._row_hash) over by_key is null
                and lead(keyed._row_hash) over by_key is null) as _only_version,
            {%- if incremental %}
            coalesce(current_rows._current_created_file_id, first_value(keyed.file_id) over by_key)
            {%- else %}
            first_value(keyed.file_id) over by_key
            {%- endif %} as created_file_id
        from keyed
        {%- if incremental %}
        left join current_rows using ({{ key_list }})
        {%- endif %}
        window by_key as (partition by {{ key_list }} order by keyed.ingested_at, keyed.file_id)
    ),

    changed as (
        select * from versions
        where _previous_hash is distinct from _row_hash
    )

    select * from changed where _only_version
    union all
    select * from (
        select * from changed
        where not _only_version
        qualify row_number() over (
            partition by {{ key_list }} order by ingested_at desc, file_id desc
        ) = 1
    )
) as latest_changed_rows
{%- endmacro %}



{#- Spark: the same rows, with the columns listed (no EXCLUDE, no QUALIFY). -#}
{% macro spark__latest_changed_rows(relation, columns) -%}
    {%- set keys = silver_keys() -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set incremental = is_incremental() -%}
    {%- set quoted = [] -%}
    {%- for c in columns %}{% do quoted.append(sbf_quote(c)) %}{% endfor -%}
select
    {%- for c in quoted %}
    {{ c }},
    {%- endfor %}
    file_id,
    run_id,
    ingested_at,
    created_file_id
from (
    with

    keyed as (
        select
            *,
            {{ sbf_row_hash(quoted) }} as _row_hash
        from {{ relation }}
        where {% for k in keys %}{{ k }} is not null{{ " and " if not loop.last }}{% endfor %}
    ),
    {%- if incremental %}

    -- the rows silver already has for the keys of this batch
    current_rows as (
        select
            {{ key_list }},
            created_file_id as _current_created_file_id,
            {{ sbf_row_hash(quoted) }} as _current_hash
        from {{ this }}
        left semi join keyed using ({{ key_list }})
    ),
    {%- endif %}

    versions as (
        select
            keyed.*,
            {%- if incremental %}
            coalesce(lag(keyed._row_hash) over by_key, current_rows._current_hash) as _previous_hash,
            coalesce(current_rows._current_created_file_id, first_value(keyed.file_id) over by_key)
            {%- else %}
            lag(keyed._row_hash) over by_key as _previous_hash,
            first_value(keyed.file_id) over by_key
            {%- endif %} as created_file_id
        from keyed
        {%- if incremental %}
        left join current_rows using ({{ key_list }})
        {%- endif %}
        window by_key as (partition by {% for k in keys %}keyed.{{ k }}{{ ", " if not loop.last }}{% endfor %} order by keyed.ingested_at, keyed.file_id)
    ),

    changed as (
        select
            *,
            row_number() over (
                partition by {{ key_list }} order by ingested_at desc, file_id desc
            ) as _latest_rank
        from versions
        where _previous_hash is distinct from _row_hash
    )

    select * from changed where _latest_rank = 1
) as latest_changed_rows
{%- endmacro %}

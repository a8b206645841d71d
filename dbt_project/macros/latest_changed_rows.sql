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
    for both sides in the same run (so its value never has to be stored) and
    over `columns` in that order on both sides: a table built when the
    catalogue listed its columns in another order still compares equal.

    Cost: only the keys that come more than once in the batch are sorted
    (a window over them); a key's only version is compared with silver's row
    by a join, or, on an empty table, taken as it is. A first load of 2,000
    tickers x 5 years (every key once) then costs about what reading and
    typing the files costs.

    `columns` names the key and data columns in output order; both engines
    hash them by name in that order (DuckDB passes the relation's columns
    through with * exclude; Spark, which has no EXCLUDE, lists them).
-#}
{% macro latest_changed_rows(relation, columns) -%}
    {{- return(adapter.dispatch('latest_changed_rows')(relation, columns)) -}}
{%- endmacro %}

{% macro default__latest_changed_rows(relation, columns) -%}
    {%- set keys = silver_keys() -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set incremental = is_incremental() -%}
    {%- set quoted = [] -%}
    {%- for c in columns %}{% do quoted.append(sbf_quote(c)) %}{% endfor -%}
    {#- by name, not by table position: the physical order of {{ this }} may be an older one -#}
    {%- set row_hash = 'hash(' ~ (quoted | join(', ')) ~ ')' -%}
select * exclude (_row_hash, _previous_hash)
from (
    with

    -- materialized: the batch is read from bronze once, then split in two below
    keyed as materialized (
        select *
        from {{ relation }}
        where {% for k in keys %}{{ k }} is not null{{ " and " if not loop.last }}{% endfor %}
    ),

    -- keys that come more than once in the batch (a re-fetch or a restatement within it): only
    -- their rows need ordering. A first load, where every key comes once, sorts nothing.
    repeated_keys as (
        select {{ key_list }}
        from keyed
        group by {{ key_list }}
        having count(*) > 1
    ),
    {%- if incremental %}

    -- the rows silver already has for the keys of this batch
    current_rows as (
        select
            {{ key_list }},
            created_file_id as _current_created_file_id,
            {{ row_hash }} as _current_hash
        from {{ this }}
        semi join keyed using ({{ key_list }})
    ),

    -- a key's only version: new, or compared with the row silver has
    single_versions as (
        select
            singles.*,
            current_rows._current_hash as _previous_hash,
            coalesce(current_rows._current_created_file_id, singles.file_id) as created_file_id
        from (
            select *, {{ row_hash }} as _row_hash
            from keyed
            anti join repeated_keys using ({{ key_list }})
        ) as singles
        left join current_rows using ({{ key_list }})
    ),
    {%- else %}

    -- a key's only version, on an empty table: always new (no hash needed)
    single_versions as (
        select
            keyed.*,
            cast(null as ubigint) as _row_hash,
            cast(null as ubigint) as _previous_hash,
            keyed.file_id as created_file_id
        from keyed
        anti join repeated_keys using ({{ key_list }})
    ),
    {%- endif %}

    -- a key's versions in file order, each compared with the one before it
    repeated_versions as (
        select
            repeated.*,
            {%- if incremental %}
            coalesce(lag(repeated._row_hash) over by_key, current_rows._current_hash) as _previous_hash,
            coalesce(current_rows._current_created_file_id, first_value(repeated.file_id) over by_key)
            {%- else %}
            lag(repeated._row_hash) over by_key as _previous_hash,
            first_value(repeated.file_id) over by_key
            {%- endif %} as created_file_id
        from (
            select *, {{ row_hash }} as _row_hash
            from keyed
            semi join repeated_keys using ({{ key_list }})
        ) as repeated
        {%- if incremental %}
        left join current_rows using ({{ key_list }})
        {%- endif %}
        window by_key as (partition by {{ key_list }} order by repeated.ingested_at, repeated.file_id)
    )

    select * from single_versions
    {%- if incremental %}
    where _previous_hash is distinct from _row_hash
    {%- endif %}
    union all
    select * from (
        select * from repeated_versions
        where _previous_hash is distinct from _row_hash
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

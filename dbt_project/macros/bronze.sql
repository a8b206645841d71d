{#-
    Reading bronze files into silver.

    A silver model reads only the bronze files pending for its dataset: an
    explicit list of paths taken from ops.file_ingestions when the model runs
    (never a glob over the folder). On a first build or a full refresh that is
    every promotable file of the dataset.

    The list is looked up twice per model run, with the same query and in the
    same transaction: at compile time to write the read_json call, and by the
    pre-hook capture_silver_batch(), which keeps it in a temp table so that the
    post-hook stamps exactly the files the model read.

    Each silver model declares in its config:
        meta = {'dataset': '<catalogue dataset>',
                'date_column': '<row date column>' or none,
                'key_fields': {'<key column>': '<FMP field>'}  (optional; default:
                                                               same name)}
        unique_key = [<key columns>]
-#}

{#- The model's silver meta (dataset, date_column, key_fields), validated. -#}
{% macro silver_meta() -%}
    {%- set meta = config.get('meta') or {} -%}
    {%- if not meta.get('dataset') -%}
        {{ exceptions.raise_compiler_error(
            "silver model " ~ this ~ " must set config meta={'dataset': ...}") }}
    {%- endif -%}
    {%- if not config.get('unique_key') -%}
        {{ exceptions.raise_compiler_error(
            "silver model " ~ this ~ " must set config unique_key") }}
    {%- endif -%}
    {{- return(meta) -}}
{%- endmacro %}


{#- The model's key columns, always as a list. -#}
{% macro silver_keys() -%}
    {%- set keys = config.get('unique_key') -%}
    {%- if keys is string -%}
        {%- set keys = [keys] -%}
    {%- endif -%}
    {{- return(keys) -}}
{%- endmacro %}


{#- Name of the per-connection temp table holding this model's batch. -#}
{% macro silver_batch_table() -%}
    {{- return('sbf_batch__' ~ this.identifier) -}}
{%- endmacro %}


{#- The pending files of this model's dataset: file_id, run_id, the path as
    read_json gets it, and the bronze start time (a fallback ordering time). -#}
{% macro pending_bronze_files_sql() -%}
    {%- set meta = silver_meta() -%}
    select
        file_id,
        run_id,
        {{ sbf_sql_string(sbf_data_dir() ~ '/') }} || bronze_filename as bronze_path,
        bronze_ingest_start_time
    from {{ source('ops', 'file_ingestions') }}
    where dataset = {{ sbf_sql_string(meta['dataset']) }}
      and bronze_can_promote
      and bronze_filename is not null
    {%- if is_incremental() %}
      -- not promoted yet (a first build or a full refresh takes them all)
      and silver_ingest_end_time is null
    {%- endif %}
    order by file_id
{%- endmacro %}


{#- Pre-hook of every silver model: remember the batch it is about to read. -#}
{% macro capture_silver_batch() -%}
    {%- if execute -%}
        create or replace temp table {{ silver_batch_table() }} as
        {{ pending_bronze_files_sql() }}
    {%- endif -%}
{%- endmacro %}


{#- The pending files, as rows (file_id, run_id, bronze_path, bronze_ingest_start_time). -#}
{% macro bronze_files() -%}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {{- return(run_query(pending_bronze_files_sql()).rows) -}}
{%- endmacro %}


{#- A read_json call over an explicit list of bronze files. Every payload field
    is read as VARCHAR: JSON numbers and booleans arrive as their text, so each
    model casts explicitly (try_cast) and nothing depends on type inference. -#}
{% macro bronze_read_json(paths, payload_fields, envelope_fields=[]) -%}
    {%- set payload_type -%}
        STRUCT({% for f in payload_fields %}"{{ f }}" VARCHAR{{ ", " if not loop.last }}{% endfor %})[]
    {%- endset -%}
    read_json(
        [{% for p in paths %}{{ sbf_sql_string(p) }}{{ ", " if not loop.last }}{% endfor %}],
        format = 'auto',
        columns = {
            {%- if envelope_fields %}
            'envelope': 'STRUCT({% for f in envelope_fields %}"{{ f }}" VARCHAR{{ ", " if not loop.last }}{% endfor %})',
            {%- endif %}
            'payload': {{ sbf_sql_string(payload_type) }}
        },
        filename = true,
        maximum_object_size = {{ var('bronze_max_object_bytes') }}
    )
{%- endmacro %}


{#- One row per payload row of the pending files of this model's dataset:
        file_id, run_id      from ops (the file's ledger row)
        ingested_at          the envelope's requested_at (timestamptz)
        "<fmpField>" ...     every listed FMP field, as text, under its FMP name
    An empty batch gives the same columns and no rows. -#}
{% macro read_bronze(fields) -%}
    {%- set files = bronze_files() -%}
    {%- if files | length == 0 %}
    -- no pending bronze file (read_json needs at least one): a typed empty set
    select
        cast(null as varchar) as file_id,
        cast(null as varchar) as run_id,
        cast(null as timestamptz) as ingested_at,
        {%- for f in fields %}
        cast(null as varchar) as "{{ f }}"{{ "," if not loop.last }}
        {%- endfor %}
    where false
    {%- else %}
    -- {{ files | length }} pending bronze file(s)
    select
        file_id,
        run_id,
        ingested_at,
        {%- for f in fields %}
        payload_row."{{ f }}" as "{{ f }}"{{ "," if not loop.last }}
        {%- endfor %}
    from (
        select
            files.file_id,
            files.run_id,
            coalesce(
                try_cast(documents.envelope.requested_at as timestamptz),
                files.bronze_ingest_start_time
            ) as ingested_at,
            unnest(documents.payload) as payload_row
        from {{ bronze_read_json(files | map(attribute='bronze_path') | list, fields, ['requested_at']) }}
            as documents
        -- the ledger row of each file, matched on the exact path we passed
        inner join (
            values
            {%- for f in files %}
            ({{ sbf_sql_string(f['bronze_path']) }}, {{ sbf_sql_string(f['file_id']) }}, {{ sbf_sql_string(f['run_id']) }},
             {{ "null" if f['bronze_ingest_start_time'] is none else "timestamptz " ~ sbf_sql_string(f['bronze_ingest_start_time'] | string) }}){{ "," if not loop.last }}
            {%- endfor %}
        ) as files (bronze_path, file_id, run_id, bronze_ingest_start_time)
            on files.bronze_path = documents.filename
    ) as bronze_rows
    {%- endif %}
{%- endmacro %}

{#-
    Reading bronze files into silver.

    A silver model names its dataset's bronze source table (the dbt source
    `bronze`, models/silver/_bronze__sources.yml, generated from the catalogue):
        {{ silver_select(source('bronze', 'income_statement')) }}
    The source puts bronze in dbt's graph (lineage, `source:bronze.<table>+`
    selection); its meta.dataset must be the model's config meta dataset.
    What the model reads is only the bronze files pending for that dataset: an
    explicit list of paths taken from ops.file_ingestions when the model runs
    (never a glob over the folder). On a first build or a full refresh that is
    every promotable file of the dataset. Where the ledger does not exist yet (a
    fresh target: `dbt compile`, `dbt docs generate`) the list is empty and the
    model compiles to a typed empty read.

    The list is looked up twice per model run, with the same query and in the
    same transaction: at compile time to write the read_json call, and by the
    pre-hook capture_silver_batch(), which keeps it in a temp table so that the
    post-hook stamps exactly the files the model read.

    Each silver model declares in its config:
        meta = {'dataset': '<catalogue dataset>',
                'date_column': '<row date column>' or none,
                'columns': [[<FMP field>, <column>, <type>], ...]
                           (optional: the model's column list, see
                           macros/silver_model.sql; it also tells the drift
                           check which FMP fields the model expects),
                'rows_path': '<key of the rows list>' (optional: the payload
                           is an object holding its rows under that key,
                           e.g. FRED's 'observations'; default: an array),
                'key_fields': {'<key column>': '<FMP field>'}  (optional; default:
                           from columns, else the same name),
                'reshapes_rows': true  (optional: the model makes more than one
                           row of a payload row; see stamp_silver_ingestions)}
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


{#- False for models under models/silver/ that load no dataset (the drift
    check): the silver hooks leave them alone. -#}
{% macro silver_stamps_ops() -%}
    {%- set meta = config.get('meta') or {} -%}
    {{- return(meta.get('stamps_ops', true)) -}}
{%- endmacro %}


{#- The pending files of this model's dataset: file_id, run_id, the path as
    read_json gets it, the bronze start time (a fallback ordering time), and
    the request's ticker and run date (for rows that do not carry them). -#}
{% macro pending_bronze_files_sql() -%}
    {{- bronze_files_sql([silver_meta()['dataset']], silver_pending_condition()) -}}
{%- endmacro %}


{#- Which ledger rows a silver model has still to read: when incremental, those silver has not
    promoted yet (a first build or a full refresh takes them all). -#}
{% macro silver_pending_condition() -%}
    {{- return('silver_ingest_end_time is null' if is_incremental() else none) -}}
{%- endmacro %}


{#- The promotable bronze files of `datasets` per ops.file_ingestions, in file_id order, as
    file_id, run_id, dataset, bronze_path (the path as the readers get it: data dir included),
    bronze_ingest_start_time, ticker, as_of_date, bronze_bytes; `pending` is an extra SQL
    condition on the ledger row (which files the caller has not read yet). Shared by the
    silver models and silver.bronze_field_drift. -#}
{% macro bronze_files_sql(datasets, pending=none) -%}
    select
        file_id,
        run_id,
        dataset,
        {{ sbf_sql_string(sbf_data_dir() ~ '/') }} || bronze_filename as bronze_path,
        bronze_ingest_start_time,
        ticker,
        as_of_date,
        bronze_bytes
    from {{ source('ops', 'file_ingestions') }}
    where dataset in ({% for d in datasets %}{{ sbf_sql_string(d) }}{{ ", " if not loop.last }}{% endfor %})
      and bronze_can_promote
      and bronze_filename is not null
    {%- if pending %}
      and {{ pending }}
    {%- endif %}
    order by file_id
{%- endmacro %}


{#- The rows of bronze_files_sql(datasets, pending), or none when the ledger does not exist
    (a fresh target: dbt compile / docs generate before the first `sbf db migrate`), so
    that compiling needs no warehouse. -#}
{% macro query_bronze_files(datasets, pending=none) -%}
    {%- if not execute or not datasets -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set ledger = source('ops', 'file_ingestions') -%}
    {%- if adapter.get_relation(database=ledger.database, schema=ledger.schema, identifier=ledger.identifier) is none -%}
        {{- return([]) -}}
    {%- endif -%}
    {{- return(run_query(bronze_files_sql(datasets, pending)).rows) -}}
{%- endmacro %}


{#- The catalogue dataset of a bronze source table (its meta.dataset), checked against the
    model's own config meta dataset: a model that names another dataset's source fails to
    compile, naming both. -#}
{% macro bronze_source_dataset(bronze_source) -%}
    {%- if not execute -%}
        {#- while parsing, config may not hold the model's meta yet -#}
        {{- return(none) -}}
    {%- endif -%}
    {%- set meta = silver_meta() -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.bronze.' ~ bronze_source.identifier) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error(
            "silver model " ~ this ~ " reads " ~ bronze_source ~ ", which is not a table of source 'bronze'") }}
    {%- endif -%}
    {%- if node.meta.get('dataset') != meta['dataset'] -%}
        {{ exceptions.raise_compiler_error(
            "silver model " ~ this ~ " sets meta dataset " ~ meta['dataset'] ~ " but reads source bronze."
            ~ node.name ~ " (dataset " ~ node.meta.get('dataset') ~ ")") }}
    {%- endif -%}
    {{- return(meta['dataset']) -}}
{%- endmacro %}


{#- Pre-hook of every silver model: remember the batch it is about to read. -#}
{% macro capture_silver_batch() -%}
    {{- return(adapter.dispatch('capture_silver_batch')()) -}}
{%- endmacro %}

{% macro default__capture_silver_batch() -%}
    {%- if execute and silver_stamps_ops() -%}
        create or replace temp table {{ silver_batch_table() }} as
        {{ pending_bronze_files_sql() }}
    {%- endif -%}
{%- endmacro %}

{#- Spark: no transaction holds the model and its hooks together, so the batch is fetched once
    here and kept as literals in a temporary view of the session (dbt's connection for the model):
    the post-hook stamps exactly these files, whatever the ledger says by then. -#}
{% macro spark__capture_silver_batch() -%}
    {%- if execute and silver_stamps_ops() -%}
    {%- set rows = bronze_files() -%}
    create or replace temporary view {{ silver_batch_table() }} as
    {%- if rows | length == 0 %}
    select
        cast(null as string) as file_id,
        cast(null as string) as run_id,
        cast(null as string) as bronze_path,
        cast(null as timestamp) as bronze_ingest_start_time,
        cast(null as string) as ticker,
        cast(null as date) as as_of_date,
        cast(null as bigint) as bronze_bytes
    where false
    {%- else %}
    select * from values
        {%- for f in rows %}
        ({{ sbf_sql_string(f['file_id']) }}, {{ sbf_sql_string(f['run_id']) }}, {{ sbf_sql_string(f['bronze_path']) }},
         {{ "cast(null as timestamp)" if f['bronze_ingest_start_time'] is none else "timestamp " ~ sbf_sql_string(f['bronze_ingest_start_time'] | string) }},
         {{ sbf_sql_string(f['ticker'] or '') }},
         {{ "cast(null as date)" if f['as_of_date'] is none else "date " ~ sbf_sql_string(f['as_of_date'] | string) }},
         {{ "cast(null as bigint)" if f['bronze_bytes'] is none else "cast(" ~ f['bronze_bytes'] ~ " as bigint)" }}){{ "," if not loop.last }}
        {%- endfor %}
        as batch (file_id, run_id, bronze_path, bronze_ingest_start_time, ticker, as_of_date, bronze_bytes)
    {%- endif %}
    {%- endif -%}
{%- endmacro %}


{#- The pending files, as rows (file_id, run_id, dataset, bronze_path, bronze_ingest_start_time,
    ticker, as_of_date, bronze_bytes); none before the ledger exists. -#}
{% macro bronze_files() -%}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {{- return(query_bronze_files([silver_meta()['dataset']], silver_pending_condition())) -}}
{%- endmacro %}


{#- A read_json call over an explicit list of bronze files. Every payload field
    is read as VARCHAR: JSON numbers and booleans arrive as their text (nested
    objects as their JSON text), so each model casts explicitly (try_cast) and
    nothing depends on type inference. With rows_path the payload is an object
    whose rows are the list under that key (FRED: observations). payload_fields
    none: the payload as one JSON value, untyped (the drift check reads its keys). -#}
{% macro bronze_read_json(paths, payload_fields, envelope_fields=[], rows_path=none, largest_file_bytes=none) -%}
    {%- set row_type -%}
        STRUCT({% for f in payload_fields or [] %}"{{ f }}" VARCHAR{{ ", " if not loop.last }}{% endfor %})[]
    {%- endset -%}
    {%- set payload_type = 'JSON' if payload_fields is none
                           else 'STRUCT("' ~ rows_path ~ '" ' ~ row_type ~ ')' if rows_path else row_type -%}
    read_json(
        ['{{ paths | map('replace', "'", "''") | join("', '") }}'],
        format = 'auto',
        columns = {
            {%- if envelope_fields %}
            'envelope': 'STRUCT({% for f in envelope_fields %}"{{ f }}" VARCHAR{{ ", " if not loop.last }}{% endfor %})',
            {%- endif %}
            'payload': {{ sbf_sql_string(payload_type) }}
        },
        filename = true,
        maximum_object_size = {{ bronze_object_size(largest_file_bytes) }}
    )
{%- endmacro %}


{#- The read buffer for a batch whose largest file has `largest_file_bytes`
    bytes (ops.file_ingestions.bronze_bytes): the next power of two above it,
    at least 2 MiB and at most var bronze_max_object_bytes (unknown size: the
    maximum). Why not always the maximum: DuckDB's JSON reader allocates two
    buffers of maximum_object_size per reading thread, outside what it can
    spill, so 256 MiB for a batch of 300 KB price files would cost ~1 GiB of
    memory and fail under a memory_limit (profiles.yml). A whole bronze file is
    one JSON document, so it must fit in one buffer. -#}
{% macro bronze_object_size(largest_file_bytes) -%}
    {%- set maximum = var('bronze_max_object_bytes') | int -%}
    {%- if largest_file_bytes is none -%}
        {{- return(maximum) -}}
    {%- endif -%}
    {%- set size = namespace(bytes=2097152) -%}
    {%- for _ in range(40) if size.bytes <= largest_file_bytes -%}
        {%- set size.bytes = size.bytes * 2 -%}
    {%- endfor -%}
    {{- return([size.bytes, maximum] | min) -}}
{%- endmacro %}


{#- The largest bronze_bytes of a list of pending-file rows; none when any
    size is unknown (a ledger row written before sizes were recorded). -#}
{% macro largest_bronze_file(files) -%}
    {%- set sizes = files | map(attribute='bronze_bytes') | list -%}
    {%- if sizes | length == 0 or none in sizes -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(sizes | max) -}}
{%- endmacro %}


{#- The list of payload rows of a document read by bronze_read_json. -#}
{% macro bronze_payload_rows(payload, rows_path=none) -%}
    {{- payload ~ ('."' ~ rows_path ~ '"' if rows_path else '') -}}
{%- endmacro %}


{#- read_bronze with no file to read (no pending file, or no ledger yet): the same columns, no
    rows (DuckDB's read_json needs at least one file). -#}
{% macro bronze_empty_read(bronze_source, fields) -%}
    -- {{ bronze_source }}: no pending bronze file (or no ledger yet): a typed empty set
    select
        cast(null as {{ sbf_type('varchar') }}) as file_id,
        cast(null as {{ sbf_type('varchar') }}) as run_id,
        cast(null as {{ sbf_type('timestamptz') }}) as ingested_at,
        cast(null as {{ sbf_type('varchar') }}) as _sbf_ticker,
        cast(null as date) as _sbf_as_of_date,
        {%- for f in fields %}
        cast(null as {{ sbf_type('varchar') }}) as {{ sbf_quote(f) }}{{ "," if not loop.last }}
        {%- endfor %}
    where false
{%- endmacro %}


{#- The columns of read_bronze over a batch: from a relation with the ledger's columns and one
    payload_row per row (each engine's read_bronze writes that relation). -#}
{% macro bronze_rows_select(bronze_source, files, fields) -%}
    -- {{ bronze_source }}: {{ files | length }} pending bronze file(s)
    select
        file_id,
        run_id,
        ingested_at,
        _sbf_ticker,
        _sbf_as_of_date,
        {%- for f in fields %}
        payload_row.{{ sbf_quote(f) }} as {{ sbf_quote(f) }}{{ "," if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{#- One row per payload row of the pending files of this model's dataset, named by its bronze
    source table (bronze_source = source('bronze', '<table>')):
        file_id, run_id      from ops (the file's ledger row)
        ingested_at          the envelope's requested_at (timestamptz)
        _sbf_ticker          the request's ticker ('' for global datasets), from ops
        _sbf_as_of_date      the run date of the request, from ops
        "<fmpField>" ...     every listed FMP field, as text, under its FMP name
    An empty batch gives the same columns and no rows. The rows are the payload
    array, or the list under meta rows_path when the payload is an object. -#}
{% macro read_bronze(bronze_source, fields) -%}
    {%- do bronze_source_dataset(bronze_source) -%}
    {{- return(adapter.dispatch('read_bronze')(bronze_source, fields)) -}}
{%- endmacro %}

{% macro default__read_bronze(bronze_source, fields) -%}
    {%- set files = bronze_files() -%}
    {%- set rows_path = (config.get('meta') or {}).get('rows_path') -%}
    {%- if files | length == 0 %}
    {{ bronze_empty_read(bronze_source, fields) }}
    {%- else %}
    {{ bronze_rows_select(bronze_source, files, fields) }}
    from (
        select
            files.file_id,
            files.run_id,
            coalesce(
                try_cast(documents.envelope.requested_at as timestamptz),
                files.bronze_ingest_start_time
            ) as ingested_at,
            files.ticker as _sbf_ticker,
            files.as_of_date as _sbf_as_of_date,
            unnest({{ bronze_payload_rows('documents.payload', rows_path) }}) as payload_row
        from {{ bronze_read_json(files | map(attribute='bronze_path') | list, fields, ['requested_at'], rows_path,
                                 largest_bronze_file(files)) }}
            as documents
        -- the ledger row of each file, matched on the exact path we passed
        inner join (
            values
            {#- inline quoting, not sbf_sql_string: a macro call per value costs ~1 s per 5,000 files -#}
            {%- for f in files %}
            ('{{ f['bronze_path'] | replace("'", "''") }}', '{{ f['file_id'] | replace("'", "''") }}', '{{ f['run_id'] | replace("'", "''") }}',
             {{ "null" if f['bronze_ingest_start_time'] is none else "timestamptz '" ~ f['bronze_ingest_start_time'] ~ "'" }},
             '{{ (f['ticker'] or '') | replace("'", "''") }}',
             {{ "null" if f['as_of_date'] is none else "date '" ~ f['as_of_date'] ~ "'" }}){{ "," if not loop.last }}
            {%- endfor %}
        ) as files (bronze_path, file_id, run_id, bronze_ingest_start_time, ticker, as_of_date)
            on files.bronze_path = documents.filename
    ) as bronze_rows
    {%- endif %}
{%- endmacro %}


{#- The rows of bronze documents with only the listed fields (as text), for re-checking keys:
    columns filename and payload_row (a struct of the fields). -#}
{% macro bronze_payload_rows_relation(paths, fields, rows_path=none, largest_file_bytes=none) -%}
    {{- return(adapter.dispatch('bronze_payload_rows_relation')(paths, fields, rows_path, largest_file_bytes)) -}}
{%- endmacro %}

{% macro default__bronze_payload_rows_relation(paths, fields, rows_path=none, largest_file_bytes=none) -%}
(
            select filename, unnest({{ bronze_payload_rows('payload', rows_path) }}) as payload_row
            from {{ bronze_read_json(paths, fields, [], rows_path, largest_file_bytes) }}
        )
{%- endmacro %}

{#- Spark reads each file whole (binaryFile): no read buffer to size. -#}
{% macro spark__bronze_payload_rows_relation(paths, fields, rows_path=none, largest_file_bytes=none) -%}
(
            select documents.filename, payload_row
            from {{ spark_bronze_documents(paths, fields, [], rows_path) }} as documents
            lateral view explode({{ bronze_payload_rows('documents.payload', rows_path) | replace('"', '`') }}) exploded as payload_row
        )
{%- endmacro %}


{#-
    Spark: the bronze documents of an explicit list of files, read whole with `binaryFile` (a
    bronze file is one pretty-printed JSON document, which the json source cannot read from SQL)
    and parsed with from_json against an explicit schema: every listed field as STRING, as with
    DuckDB's read_json (payload_fields none: each row as a map of text, whose keys are the row's
    fields). The list becomes one Hadoop glob under the data dir,
    <data dir>/{<file>,<file>,...}. Columns: filename (the path as ops wrote it, data dir
    included), envelope (a struct of envelope_fields, when given), payload.
-#}
{% macro spark_bronze_documents(paths, payload_fields, envelope_fields=[], rows_path=none) -%}
    {%- set row_type -%}
        {%- if payload_fields is none -%}
        map<string, string>
        {%- else -%}
        struct<{% for f in payload_fields %}`{{ f | replace('`', '``') }}`: string{{ ", " if not loop.last }}{% endfor %}>
        {%- endif -%}
    {%- endset -%}
    {%- set payload_type = 'struct<`' ~ rows_path ~ '`: array<' ~ row_type ~ '>>' if rows_path else 'array<' ~ row_type ~ '>' -%}
    {%- set document_type -%}
        struct<{% if envelope_fields %}envelope: struct<{% for f in envelope_fields %}`{{ f }}`: string{{ ", " if not loop.last }}{% endfor %}>, {% endif %}payload: {{ payload_type }}>
    {%- endset -%}
    (
        select
            regexp_replace(parsed.path, '^file:', '') as filename,
            {%- if envelope_fields %}
            parsed.document.envelope as envelope,
            {%- endif %}
            parsed.document.payload as payload
        from (
            select path, from_json(cast(content as string), {{ sbf_sql_string(document_type) }}) as document
            from binaryFile.`{{ spark_bronze_glob(paths) }}`
        ) as parsed
    )
{%- endmacro %}


{#- Spark: one Hadoop glob matching exactly an explicit list of bronze files,
    <data dir>/{<file>,<file>,...} (glob metacharacters in a path escaped). -#}
{% macro spark_bronze_glob(paths) -%}
    {%- set data_dir = sbf_data_dir() -%}
    {%- set relative = [] -%}
    {%- for p in paths -%}
        {%- if not p.startswith(data_dir ~ '/') -%}
            {{ exceptions.raise_compiler_error("bronze file " ~ p ~ " is not under the data dir " ~ data_dir) }}
        {%- endif -%}
        {%- set escaped = p[data_dir | length + 1:] | replace('\\', '\\\\') | replace('{', '\\{') | replace('}', '\\}')
                          | replace('[', '\\[') | replace(']', '\\]') | replace('*', '\\*') | replace('?', '\\?')
                          | replace(',', '\\,') -%}
        {%- do relative.append(escaped) -%}
    {%- endfor -%}
    {{- data_dir ~ '/{' ~ (relative | join(',')) ~ '}' -}}
{%- endmacro %}


{#- Spark: read_bronze (same columns and rows as default__read_bronze). -#}
{% macro spark__read_bronze(bronze_source, fields) -%}
    {%- set files = bronze_files() -%}
    {%- set rows_path = (config.get('meta') or {}).get('rows_path') -%}
    {%- if files | length == 0 %}
    {{ bronze_empty_read(bronze_source, fields) }}
    {%- else %}
    {{ bronze_rows_select(bronze_source, files, fields) }}
    from (
        select
            files.file_id,
            files.run_id,
            coalesce(
                try_cast(documents.envelope.requested_at as timestamp),
                files.bronze_ingest_start_time
            ) as ingested_at,
            files.ticker as _sbf_ticker,
            files.as_of_date as _sbf_as_of_date,
            documents.payload
        from {{ spark_bronze_documents(files | map(attribute='bronze_path') | list, fields, ['requested_at'], rows_path) }}
            as documents
        -- the ledger row of each file, matched on the exact path we passed
        inner join (
            select * from values
            {%- for f in files %}
            ({{ sbf_sql_string(f['bronze_path']) }}, {{ sbf_sql_string(f['file_id']) }}, {{ sbf_sql_string(f['run_id']) }},
             {{ "cast(null as timestamp)" if f['bronze_ingest_start_time'] is none else "timestamp " ~ sbf_sql_string(f['bronze_ingest_start_time'] | string) }},
             {{ sbf_sql_string(f['ticker'] or '') }},
             {{ "cast(null as date)" if f['as_of_date'] is none else "date " ~ sbf_sql_string(f['as_of_date'] | string) }}){{ "," if not loop.last }}
            {%- endfor %}
            as ledger (bronze_path, file_id, run_id, bronze_ingest_start_time, ticker, as_of_date)
        ) as files
            on files.bronze_path = documents.filename
    ) as bronze_documents
    lateral view explode({{ bronze_payload_rows('bronze_documents.payload', rows_path) | replace('"', '`') }}) exploded as payload_row
    {%- endif %}
{%- endmacro %}

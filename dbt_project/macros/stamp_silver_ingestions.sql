{#-
    Post-hook of every silver model (on DuckDB it runs inside the model's
    transaction, so a failed model stamps nothing). For exactly the files the
    model just read (the batch kept by capture_silver_batch), one set-based
    UPDATE (a MERGE on Spark: sbf_update_from) fills the silver columns of
    their ops.file_ingestions rows:

      silver_tablename          'silver.<model>'
      silver_rows_created       rows of the table with file_id = f and created_file_id = f
      silver_rows_updated       rows of the table with file_id = f and created_file_id <> f
      silver_rows_failed        rows of f whose key could not be typed (found by
                                re-reading the key fields of the files that may
                                have some: see below)
      silver_errors             NULL, or why rows were not loaded
      silver_from/to_date       min/max row date of f's rows now in the table
                                (NULL for undated datasets: meta date_column none)
      silver_ingest_start_time  now(): the start of the model's transaction (of the
                              statement on Spark)
      silver_ingest_end_time    the clock when this hook is rendered (after the load)

    Rows of f that are not in the table (superseded by a later file of the
    batch, or identical to what silver had) count as neither created nor updated.
    Key columns that come from no payload field (the request's ticker, a
    segment name unnested from a nested object) are not re-checked: they
    cannot fail to type.

    Which files are re-read: a model built by silver_select() makes at most
    one row of each payload row, so a file that left as many rows in the table
    as its payload has (ops bronze_rows) lost none, and is not read again. A
    first load, where every row is new, re-reads nothing; the files re-read
    are those that kept fewer rows (rows unchanged since an earlier file, or
    superseded in the batch, or failed). A model that reshapes its rows
    (meta reshapes_rows: true, e.g. one row per segment of a payload row)
    re-reads every file of its batch.
-#}
{% macro stamp_silver_ingestions() -%}
    {%- if not execute or not silver_stamps_ops() -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set batch = silver_batch_table() -%}
    {%- set files = run_query('select bronze_path, bronze_bytes from ' ~ batch ~ ' order by bronze_path').rows -%}
    {%- if files | length == 0 -%}
        {{- return('') -}}
    {%- endif -%}

    {%- set meta = silver_meta() -%}
    {%- set keys = silver_keys() -%}
    {%- set key_fields = silver_key_fields() -%}
    {%- set date_column = meta.get('date_column') -%}
    {%- set column_types = {} -%}
    {%- for column in adapter.get_columns_in_relation(this) -%}
        {%- do column_types.update({column.name | lower: column.dtype}) -%}
    {%- endfor -%}
    {#- (key column, FMP field) of the keys read from the payload -#}
    {%- set checked = [] -%}
    {%- set checked_fields = [] -%}
    {%- for k in keys -%}
        {%- set field = key_fields.get(k, k) -%}
        {%- if field and not field.startswith('@') -%}
            {%- do checked.append((k, field)) -%}
            {%- if field not in checked_fields -%}
                {%- do checked_fields.append(field) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor %}

    {#- what each file of the batch left in the table: the stamp's counts and dates, and what
        tells which files to re-read -#}
    {%- set landed_sql %}
        select
            file_id,
            count(*) filter (where created_file_id = file_id) as rows_created,
            count(*) filter (where created_file_id <> file_id) as rows_updated,
            {%- if date_column %}
            min({{ date_column }}) as from_date,
            max({{ date_column }}) as to_date
            {%- else %}
            cast(null as date) as from_date,
            cast(null as date) as to_date
            {%- endif %}
        from {{ this }}
        where file_id in (select file_id from {{ batch }})
        group by file_id
    {%- endset %}

    {#- the batch files that may hold a row whose key did not type -#}
    {%- set reread = files -%}
    {%- if checked | length > 0 and not meta.get('reshapes_rows', false) -%}
        {%- set reread_sql -%}
        with landed as ({{ landed_sql }})
        select batch.bronze_path, batch.bronze_bytes
        from {{ batch }} as batch
        inner join {{ source('ops', 'file_ingestions') }} as ledger
            on ledger.file_id = batch.file_id
        left join landed
            on landed.file_id = batch.file_id
        where ledger.bronze_rows is null
           or coalesce(landed.rows_created + landed.rows_updated, 0) <> ledger.bronze_rows
        order by batch.bronze_path
        {%- endset -%}
        {%- set reread = run_query(reread_sql).rows -%}
    {%- endif %}

{%- set stats_sql %}
    with

    -- what each file of the batch left in the table
    landed as ({{ landed_sql }}
    ),

    -- rows whose key does not type, cast exactly as the model casts its keys
    failed as (
        {%- if checked | length == 0 or reread | length == 0 %}
        select cast(null as {{ sbf_type('varchar') }}) as file_id, 0 as rows_failed where false
        {%- else %}
        select
            batch.file_id,
            count(*) as rows_failed
        from {{ bronze_payload_rows_relation(reread | map(attribute='bronze_path') | list,
                                             checked_fields, meta.get('rows_path'),
                                             largest_bronze_file(reread)) }} as bronze_rows
        inner join {{ batch }} as batch
            on batch.bronze_path = bronze_rows.filename
        where
            {%- for k, field in checked %}
            {{ key_cast('bronze_rows.payload_row.' ~ sbf_quote(field), column_types[k | lower]) }} is null
            {{- " or" if not loop.last }}
            {%- endfor %}
        group by batch.file_id
        {%- endif %}
    )

    select
        batch.file_id,
        coalesce(landed.rows_created, 0) as rows_created,
        coalesce(landed.rows_updated, 0) as rows_updated,
        coalesce(failed.rows_failed, 0) as rows_failed,
        landed.from_date,
        landed.to_date
    from {{ batch }} as batch
    left join landed using (file_id)
    left join failed using (file_id)
{%- endset %}

{{ sbf_update_from(source('ops', 'file_ingestions'), 'ingestion', stats_sql, 'stats', 'file_id', [
    ('silver_tablename', sbf_sql_string(this.schema ~ '.' ~ this.identifier)),
    ('silver_rows_created', 'stats.rows_created'),
    ('silver_rows_updated', 'stats.rows_updated'),
    ('silver_rows_failed', 'stats.rows_failed'),
    ('silver_errors', "case
        when stats.rows_failed > 0
            then stats.rows_failed || ' row(s) not loaded: key (" ~ keys | join(", ") ~ ") could not be typed'
    end"),
    ('silver_from_date', 'stats.from_date'),
    ('silver_to_date', 'stats.to_date'),
    ('silver_ingest_start_time', 'now()'),
    ('silver_ingest_end_time', sbf_utc_now()),
]) }}
{%- endmacro %}

{#- On Spark a silver model that failed after its MERGE leaves its files unstamped: the next build
    reads them again, finds every version already in the table (nothing changes) and stamps the same
    counts, so re-running is safe. -#}

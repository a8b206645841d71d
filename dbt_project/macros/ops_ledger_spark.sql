{#-
    The ops ledger on the spark target.

    The ingestor writes the ledger in DuckDB (`ops.file_ingestions` of warehouse.duckdb): it plans
    from it (watermarks, cadence, budgets), so that copy stays the master of every ingestor-owned
    column. On Spark the ledger is an Iceberg table, ops.file_ingestions, that dbt's models read and
    their post-hooks stamp exactly as on DuckDB. It is fed before each Spark build:

        sbf db export-ledger --to <dir>/file_ingestions.parquet     (the ingestor-owned columns)
        dbt run-operation sync_ops_ledger --target spark --args '{path: <dir>/file_ingestions.parquet}'

    The MERGE inserts new files and refreshes the ingestor-owned columns of known ones; it never
    touches the silver_* and gold_* columns, which only the Spark build's own hooks write. Running
    it twice changes nothing the second time.
-#}

{#- The dbt-owned columns of the ledger and their Spark types (db/migrations/0001_create_ops.sql). -#}
{% macro ops_ledger_dbt_columns() -%}
    {{- return([
        ('silver_tablename', 'string'), ('silver_rows_created', 'int'), ('silver_rows_updated', 'int'),
        ('silver_rows_failed', 'int'), ('silver_errors', 'string'), ('silver_from_date', 'date'),
        ('silver_to_date', 'date'), ('silver_ingest_start_time', 'timestamp'),
        ('silver_ingest_end_time', 'timestamp'),
        ('gold_object_type', 'string'), ('gold_tablename', 'string'), ('gold_rows_created', 'int'),
        ('gold_rows_updated', 'int'), ('gold_errors', 'string'), ('gold_ingest_start_time', 'timestamp'),
        ('gold_ingest_end_time', 'timestamp'),
    ]) -}}
{%- endmacro %}


{% macro sync_ops_ledger(path) -%}
    {{- return(adapter.dispatch('sync_ops_ledger')(path)) -}}
{%- endmacro %}

{% macro default__sync_ops_ledger(path) -%}
    {{ exceptions.raise_compiler_error(
        "sync_ops_ledger is for the spark target: the " ~ target.type ~ " target reads the warehouse's own ledger") }}
{%- endmacro %}

{% macro spark__sync_ops_ledger(path) -%}
    {%- if not path -%}
        {{ exceptions.raise_compiler_error("sync_ops_ledger: pass --args '{path: <file_ingestions.parquet>}'") }}
    {%- endif -%}
    {%- set export = 'parquet.`' ~ path ~ '`' -%}
    {%- set exported = [] -%}
    {%- for row in run_query('describe query select * from ' ~ export) -%}
        {%- if row[0].startswith('silver_') or row[0].startswith('gold_') -%}
            {{ exceptions.raise_compiler_error(
                "sync_ops_ledger: " ~ path ~ " carries the dbt-owned column " ~ row[0]
                ~ "; export with `sbf db export-ledger`") }}
        {%- endif -%}
        {%- do exported.append((row[0], row[1])) -%}
    {%- endfor -%}
    {%- if 'file_id' not in exported | map(attribute=0) | list -%}
        {{ exceptions.raise_compiler_error("sync_ops_ledger: " ~ path ~ " has no file_id column") }}
    {%- endif -%}
    {%- set ledger = source('ops', 'file_ingestions') -%}

    {%- do adapter.execute('create database if not exists ' ~ ledger.schema, fetch=False) -%}
    {%- set ddl -%}
        create table if not exists {{ ledger }} (
            {%- for name, type in exported + ops_ledger_dbt_columns() %}
            {{ name }} {{ type }}{{ "," if not loop.last }}
            {%- endfor %}
        ) using iceberg
    {%- endset -%}
    {%- do adapter.execute(ddl, fetch=False) -%}

    {#- a column a later migration added to the ledger: added here too -#}
    {%- set present = [] -%}
    {%- for row in run_query('describe table ' ~ ledger) -%}
        {%- do present.append(row[0] | lower) -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for name, type in exported if name | lower not in present -%}
        {%- do missing.append(name ~ ' ' ~ type) -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- do log("sync_ops_ledger: adding column(s) " ~ missing | join(', ') ~ " to " ~ ledger, info=true) -%}
        {%- do adapter.execute('alter table ' ~ ledger ~ ' add columns (' ~ missing | join(', ') ~ ')', fetch=False) -%}
    {%- endif -%}

    {%- set merge -%}
        merge into {{ ledger }} as ledger
        using (select * from {{ export }}) as exported
        on ledger.file_id = exported.file_id
        when matched then update set
            {%- for name, type in exported if name != 'file_id' %}
            {{ name }} = exported.{{ name }}{{ "," if not loop.last }}
            {%- endfor %}
        when not matched then insert ({{ exported | map(attribute=0) | join(', ') }})
            values ({% for name, type in exported %}exported.{{ name }}{{ ", " if not loop.last }}{% endfor %})
    {%- endset -%}
    {%- do adapter.execute(merge, fetch=False) -%}
    {%- set counts = run_query('select count(*), count(silver_ingest_end_time), count(gold_ingest_end_time) from ' ~ ledger).rows[0] -%}
    {%- do log("sync_ops_ledger: " ~ ledger ~ " holds " ~ counts[0] ~ " file(s) (" ~ counts[1]
              ~ " promoted to silver, " ~ counts[2] ~ " stamped by gold) after merging " ~ path, info=true) -%}
{%- endmacro %}

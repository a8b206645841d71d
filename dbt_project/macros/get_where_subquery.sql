{#-
    dbt calls get_where_subquery(relation) for the `model` of every generic data
    test: the relation the test reads. This version keeps dbt's `where` config and
    adds one scope of our own.

    `sbf run` passes var sbf_tested_since (a timestamp) to the data tests it runs
    after its promotions: the rows loaded since then are the ones no passing test
    has checked yet (this run's, and those of any earlier run that failed before
    its tests passed; see ops.untested_since). A row-level test of an
    incremental table then reads only those rows, so a daily run's tests cost
    what its new rows cost, not what the table holds:
      - gold tables with gold_loaded_at (every row a build writes carries the
        build's start): the rows with gold_loaded_at >= since;
      - silver tables: the rows whose file_id is a file silver stamped since
        (ops.file_ingestions.silver_ingest_start_time), i.e. created or updated
        by a promotion since.
    Sound for the tests that judge each row on its own or among rows written
    together: not_null, accepted_values, value ranges, OHLC consistency, and
    uniqueness (a merge on the unique key replaces the stored row, so only rows
    written together can collide). Not scoped, because a change elsewhere can
    break rows that did not change: relationships (a dim may lose a key) and
    has_ingestion_rows (it reconciles the whole ledger). Tables without a load
    stamp (rebuilt whole on every build, and ops) are read whole.

    Without the var (`dbt build`, `dbt test`, `make build`) every row is tested.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do filters.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set new_rows = sbf_new_rows_filter(relation) -%}
    {%- if new_rows -%}
        {%- do filters.append(new_rows) -%}
    {%- endif -%}
    {%- if filters -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ filters | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{#- The filter to the rows loaded since var sbf_tested_since, or '' (see above). -#}
{% macro sbf_new_rows_filter(relation) -%}
    {%- set since = var('sbf_tested_since', none) -%}
    {%- set test_name = (model.get('test_metadata') or {}).get('name') if model is mapping else none -%}
    {%- if not execute or not since or relation.schema is none
          or test_name in (none, 'relationships', 'has_ingestion_rows') -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set since_literal = 'cast(' ~ sbf_sql_string(since) ~ ' as timestamptz)' -%}
    {%- if 'gold_loaded_at' in columns -%}
        {{- return('gold_loaded_at >= ' ~ since_literal) -}}
    {%- elif relation.schema | lower == 'silver' and 'file_id' in columns and 'created_file_id' in columns -%}
        {{- return('file_id in (select file_id from ' ~ source('ops', 'file_ingestions')
                   ~ ' where silver_ingest_start_time >= ' ~ since_literal ~ ')') -}}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}

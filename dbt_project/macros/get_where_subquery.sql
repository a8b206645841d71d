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
    Scoped are only the tests that judge each row on its own (not_null,
    accepted_values, value ranges, OHLC consistency, a balancing balance
    sheet), and uniqueness: over exactly the model's unique_key, the rows
    loaded since (a merge on the key replaces the stored row, so only rows
    written together can collide); over other columns, the rows whose values
    of those columns some row loaded since has (a new row can collide with a
    stored one, but two stored rows were tested when they were loaded), so
    the test groups the new rows' keys, not the table. Every other test reads
    the whole table, because a change elsewhere can break rows that did not
    change: relationships (a dim may lose a key),
    has_ingestion_rows (it reconciles the ledger), agrees_with_silver,
    history_is_contiguous. Models rebuilt whole on every build (tables, views:
    every row was loaded since), other tables without a load stamp, and ops are
    read whole.

    Without the var (`dbt build`, `dbt test`, `make build`) every row is tested.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do filters.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set scope = sbf_tested_scope(relation) -%}
    {%- if scope['filter'] -%}
        {%- do filters.append(scope['filter']) -%}
    {%- endif -%}
    {%- if filters or scope['join'] -%}
        {%- do return('(select sbf_tested_row.* from ' ~ relation ~ ' as sbf_tested_row' ~ scope['join']
                      ~ (' where ' ~ filters | join(' and ') if filters else '') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{#- What a test reads of `relation` (alias sbf_tested_row) given var sbf_tested_since (see above):
    {'filter': a condition on the row, 'join': a semi join (DuckDB) to the keys loaded since}, each
    '' when not needed. -#}
{% macro sbf_tested_scope(relation) -%}
    {%- set whole = {'filter': '', 'join': ''} -%}
    {%- set since = var('sbf_tested_since', none) -%}
    {%- set test = (model.get('test_metadata') or {}) if model is mapping else {} -%}
    {%- set row_tests = ['not_null', 'accepted_values', 'value_between', 'not_negative', 'ohlc_is_consistent',
                         'at_least_one_not_null', 'balance_sheet_balances'] -%}
    {%- set key_tests = ['unique', 'unique_combination_of_columns'] -%}
    {%- if not execute or not since or relation.schema is none
          or test.get('name') not in row_tests + key_tests -%}
        {{- return(whole) -}}
    {%- endif -%}
    {#- a model rebuilt whole (table, view) was loaded entirely since: no need to ask the warehouse
        for its columns (a query per test, ~10 ms each of dbt's time) -#}
    {%- set tested_node = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- if tested_node and tested_node.config.materialized != 'incremental' -%}
        {{- return(whole) -}}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set since_literal = 'cast(' ~ sbf_sql_string(since) ~ ' as timestamptz)' -%}
    {#- the condition on a row (of alias {row}) loaded since -#}
    {%- set loaded_since = namespace(sql=none) -%}
    {%- if 'gold_loaded_at' in columns -%}
        {%- set loaded_since.sql = '{row}.gold_loaded_at >= ' ~ since_literal -%}
    {%- elif relation.schema | lower == 'silver' and 'file_id' in columns and 'created_file_id' in columns -%}
        {%- set loaded_since.sql = '{row}.file_id in (select file_id from ' ~ source('ops', 'file_ingestions')
                                   ~ ' where silver_ingest_start_time >= ' ~ since_literal ~ ')' -%}
    {%- endif -%}
    {%- if loaded_since.sql is none -%}
        {{- return(whole) -}}
    {%- endif -%}
    {%- set kwargs = test.get('kwargs') or {} -%}
    {%- if test.get('name') in key_tests and not sbf_tests_unique_key(tested_node, kwargs) -%}
        {#- the rows sharing their tested values with a row loaded since. A semi join, not EXISTS:
            DuckDB pushes the new keys' range into the table's scan (at 5,000 tickers 0.04 s instead
            of 1.2 s); NULLs match NULLs, as they group together in unique_combination_of_columns -#}
        {%- set tested = (kwargs.get('combination_of_columns') or [kwargs.get('column_name')]) | reject('none') | list -%}
        {%- set matches = [] -%}
        {%- for column in tested -%}
            {%- do matches.append('sbf_new_key.' ~ column ~ ' is not distinct from sbf_tested_row.' ~ column) -%}
        {%- endfor -%}
        {{- return({'filter': '', 'join': ' semi join (select ' ~ tested | join(', ') ~ ' from ' ~ relation
                    ~ ' as sbf_new_row where ' ~ loaded_since.sql.replace('{row}', 'sbf_new_row')
                    ~ ') as sbf_new_key on ' ~ matches | join(' and ')}) -}}
    {%- endif -%}
    {{- return({'filter': loaded_since.sql.replace('{row}', 'sbf_tested_row'), 'join': ''}) -}}
{%- endmacro %}


{#- True when a uniqueness test's columns are exactly the unique_key of the model it tests (`node`,
    the graph node the test is attached to; none for a source). -#}
{% macro sbf_tests_unique_key(node, kwargs) -%}
    {%- if not node or node.resource_type != 'model' -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set columns = kwargs.get('combination_of_columns') or [kwargs.get('column_name')] -%}
    {%- set tested = columns | reject('none') | map('lower') | list | sort -%}
    {%- set key = node.config.get('unique_key') -%}
    {%- set key = [key] if key is string else (key or []) -%}
    {{- return(tested | length > 0 and (key | map('lower') | list | sort) == tested) -}}
{%- endmacro %}

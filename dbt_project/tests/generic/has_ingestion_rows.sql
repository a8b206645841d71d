{#-
    Model-level test for gold models: the ops ledger agrees with what the model
    declares it is built from (config.meta.datasets, a mapping dataset -> lineage
    column; see macros/stamp_gold_ingestions.sql). One failing row per problem:
      - the model declares no `datasets` at all (even a model built from no
        dataset must say `datasets: {}`);
      - none of its declared datasets has an ops.file_ingestions row stamped
        with gold_tablename = '<schema>.<model>', yet the model has rows or a
        declared dataset has promotable files (the model is backed by no
        ingestion at all; an empty model whose datasets were never fetched,
        e.g. key metrics after a prices-only run, is no failure, nor are rows
        carrying a file of its `reads` datasets, e.g. dim_sector's sectors of
        the profiles before FMP's sector list was fetched);
      - a declared name is no silver model's dataset (with the rules above a
        misspelt name would otherwise pass unnoticed);
      - a declared dataset has files bronze could promote, yet none is stamped
        by this model (a dataset never fetched, or refused by the FMP plan, is
        no failure: a fact joining several datasets is built from those there
        are);
      - a file of a declared dataset was promoted to silver but is not stamped
        by this model;
      - a row's lineage column names a file this model has not stamped;
      - a declared dataset may name discriminators ({column, discriminators}:
        the annual and quarterly fundamentals split the FY and quarter files
        of one statement dataset): only those files count above;
      - a declared dataset has promotable files, yet no row of the model
        carries a file of it (or of a dataset sharing its lineage column) in
        its lineage column: fetched, but absent from gold;
      - for each lineage column under `reads` (datasets it is built from,
        stamped by another gold model; several datasets may share a column,
        e.g. the income statements per ticker and in bulk): a row's value
        names a file that is no ops row of those datasets consumed by gold
        (stamped), or those datasets have promotable files but no row
        carries any (never fetched: no failure).
    Every failure row names the dataset and carries `detail` (counts). When
    the test runs (dbt build / dbt test), it also logs each failure on the
    console, so `dbt build`'s output says why beside "Got N results".
-#}
{% test has_ingestion_rows(model) %}
{%- set found = namespace(node=none) -%}
{%- if execute -%}
    {%- for candidate in graph.nodes.values() -%}
        {%- if candidate.resource_type == 'model'
              and (candidate.alias or candidate.name) | lower == model.identifier | lower
              and candidate.schema | lower == model.schema | lower -%}
            {%- set found.node = candidate -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set datasets = gold_datasets(found.node) if found.node is not none else none -%}
{%- set reads = gold_reads(found.node) if found.node is not none else {} -%}
{%- set tablename = model.schema ~ '.' ~ model.identifier -%}
{%- set ingestions = source('ops', 'file_ingestions') -%}

{#- reads grouped by lineage column: a column may carry the files of several datasets (the
    income statements per ticker or in bulk), any of which is a valid source of a row -#}
{%- set read_columns = {} %}
{%- for dataset, column in reads.items() %}
    {%- do read_columns.setdefault(column, []).append(dataset) %}
{%- endfor %}
{%- set read_groups = [] %}
{%- for column, read_datasets in read_columns.items() %}
    {%- set read_list %}({% for d in read_datasets %}{{ sbf_sql_string(d) }}{{ ", " if not loop.last }}{% endfor %}){% endset %}
    {%- do read_groups.append({'column': column, 'names': read_datasets | join(', '), 'read_list': read_list}) %}
{%- endfor %}

{#- The lineage checks, one shape: a row's lineage column names a file outside the files it may
    come from. A declared dataset's rows must carry files this model stamped; a `reads` column's,
    files of those datasets that gold consumed (stamped by the model that reads them first). -#}
{%- set lineage_checks = [] %}
{%- for dataset, declared in (datasets or {}).items() %}
    {%- set column = gold_dataset_spec(declared)[0] %}
    {%- do lineage_checks.append({
        'cte': 'lineage_' ~ loop.index ~ '_not_stamped',
        'failure': 'row lineage ' ~ column ~ ' is not a file of ' ~ dataset ~ ' stamped by ' ~ tablename,
        'dataset': dataset,
        'column': column,
        'files': 'gold_tablename = ' ~ sbf_sql_string(tablename),
    }) %}
{%- endfor %}
{%- for group in read_groups %}
    {%- do lineage_checks.append({
        'cte': 'read_' ~ loop.index ~ '_unknown_files',
        'failure': 'row lineage ' ~ group.column ~ ' is not a gold-consumed file of ' ~ group.names,
        'dataset': group.names,
        'column': group.column,
        'files': 'dataset in ' ~ group.read_list ~ ' and gold_ingest_end_time is not null',
    }) %}
{%- endfor %}

{%- set failures_sql -%}
{%- if not execute %}
select 1 as failure where false
{%- elif datasets is none %}
select
    'model declares no config.meta.datasets (use datasets: {} when built from none)' as failure,
    cast(null as varchar) as dataset,
    cast(null as varchar) as file_id,
    cast(null as varchar) as detail
{%- elif datasets | length == 0 and reads | length == 0 %}
-- built from no dataset: nothing to check
select
    cast(null as varchar) as failure,
    cast(null as varchar) as dataset,
    cast(null as varchar) as file_id,
    cast(null as varchar) as detail
where false
{%- else %}
with
{%- if datasets | length > 0 %}

declared (dataset) as (
    values
    {%- for dataset in datasets %}
    ({{ sbf_sql_string(dataset) }}){{ "," if not loop.last }}
    {%- endfor %}
),

-- the ops rows of the declared datasets (only the declared discriminators, when given)
declared_files as (
    {%- for dataset, declared in datasets.items() %}
    {%- set column, discriminators = gold_dataset_spec(declared) %}
    select * from {{ ingestions }}
    where dataset = {{ sbf_sql_string(dataset) }} and {{ gold_discriminator_filter(discriminators) }}
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

stamped as (
    select dataset, count(*) as files
    from {{ ingestions }}
    where gold_tablename = {{ sbf_sql_string(tablename) }}
    group by dataset
),

{#- datasets grouped by lineage column: the rows of a column shared by several datasets may come
    from any of them (a newer file of one supersedes the rows of another) -#}
{%- set declared_columns = {} %}
{%- for dataset, declared in datasets.items() %}
    {%- do declared_columns.setdefault(gold_dataset_spec(declared)[0], []).append(dataset) %}
{%- endfor %}

-- per declared dataset: its promotable files, its files stamped by this model, the model's rows from it
dataset_counts as (
    {%- for dataset, declared in datasets.items() %}
    {%- set column = gold_dataset_spec(declared)[0] %}
    select
        {{ sbf_sql_string(dataset) }} as dataset,
        (select count(*) from declared_files where dataset = {{ sbf_sql_string(dataset) }} and bronze_can_promote)
            as promotable,
        coalesce((select files from stamped where dataset = {{ sbf_sql_string(dataset) }}), 0) as stamped_files,
        (select count(*) from {{ model }} as model_rows where model_rows.{{ column }} in (
            select file_id from {{ ingestions }} where dataset = {{ sbf_sql_string(dataset) }})) as model_rows,
        (select count(*) from {{ model }} as model_rows where model_rows.{{ column }} in (
            select file_id from {{ ingestions }}
            where dataset in ({% for d in declared_columns[column] %}{{ sbf_sql_string(d) }}{{ ", " if not loop.last }}{% endfor %})
        )) as column_rows
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
),

dataset_details as (
    select
        dataset, promotable, stamped_files, model_rows, column_rows,
        promotable || ' promotable file(s), ' || stamped_files || ' stamped by {{ tablename }}, '
            || model_rows || ' row(s) of it in {{ tablename }}' as detail
    from dataset_counts
),

model_without_rows as (
    select
        'no declared dataset has an ingestion row stamped by {{ tablename }}' as failure,
        cast(null as varchar) as dataset,
        cast(null as varchar) as file_id,
        (select count(*) from {{ model }}) || ' row(s) in {{ tablename }}, '
            || (select count(*) from declared_files where bronze_can_promote)
            || ' promotable file(s) of its datasets, 0 stamped' as detail
    where not exists (select 1 from stamped)
      -- nothing of its datasets fetched yet: an empty fact is no failure; nor are rows that carry a file
      -- of its `reads` datasets (a dim of FMP's sector list also counts the sectors of the profiles)
      and (exists (select 1 from {{ model }}
                   {%- for column in reads.values() | unique %}
                   {{ 'where' if loop.first else 'and' }} {{ column }} is null
                   {%- endfor %})
           or exists (select 1 from declared_files where bronze_can_promote))
),

dataset_without_rows as (
    select
        'declared dataset has promotable files but none stamped by {{ tablename }}' as failure,
        dataset,
        cast(null as varchar) as file_id,
        detail
    from dataset_details
    where stamped_files = 0 and promotable > 0
),

-- fetched (files bronze could promote) but absent from the model: no row carries its files
dataset_without_model_rows as (
    select
        'declared dataset has promotable files but no row in {{ tablename }}' as failure,
        dataset,
        cast(null as varchar) as file_id,
        detail
    from dataset_details
    where promotable > 0 and column_rows = 0
),
{%- set known = [] %}
{%- for node in graph.nodes.values() if node.resource_type == 'model' %}
    {%- do known.append((node.config.meta or {}).get('dataset')) %}
{%- endfor %}

-- a dataset never fetched is no failure, so a misspelt one would pass unnoticed: names must be datasets
unknown_dataset as (
    select
        'declared dataset is no silver model''s dataset' as failure,
        declared.dataset,
        cast(null as varchar) as file_id,
        cast(null as varchar) as detail
    from declared
    where declared.dataset not in ({% for name in known if name %}{{ sbf_sql_string(name) }}{{ ", " if not loop.last }}{% endfor %})
),

promoted_not_stamped as (
    select
        'file promoted to silver but not stamped by {{ tablename }}' as failure,
        ingestion.dataset,
        ingestion.file_id,
        dataset_details.detail
    from declared_files as ingestion
    left join dataset_details using (dataset)
    where ingestion.silver_ingest_end_time is not null
      and ingestion.gold_tablename is distinct from {{ sbf_sql_string(tablename) }}
),

{%- endif %}

{%- for group in read_groups %}
{%- set column, names, read_list = group.column, group.names, group.read_list %}

-- fetched (promotable files) but no row of the model carries any: never fetched is no failure
read_{{ loop.index }}_without_rows as (
    select
        'declared read datasets {{ names }} have promotable files but no row in {{ tablename }}' as failure,
        {{ sbf_sql_string(names) }} as dataset,
        cast(null as varchar) as file_id,
        (select count(*) from {{ ingestions }} where dataset in {{ read_list }} and bronze_can_promote)
            || ' promotable file(s), 0 row(s) in {{ tablename }}' as detail
    where not exists (select 1 from {{ model }} where {{ column }} is not null)
      and exists (select 1 from {{ ingestions }} where dataset in {{ read_list }} and bronze_can_promote)
),
{%- endfor %}

{%- for check in lineage_checks %}

{{ check.cte }} as (
    select distinct
        '{{ check.failure }}' as failure,
        {{ sbf_sql_string(check.dataset) }} as dataset,
        cast(model_rows.{{ check.column }} as varchar) as file_id,
        cast(null as varchar) as detail
    from {{ model }} as model_rows
    where model_rows.{{ check.column }} is not null
      and model_rows.{{ check.column }} not in (
          select file_id from {{ ingestions }}
          where {{ check.files }}
      )
),
{%- endfor %}

no_failure as (
    select cast(null as varchar) as failure, cast(null as varchar) as dataset, cast(null as varchar) as file_id,
           cast(null as varchar) as detail
    where false
)

select * from no_failure
{%- if datasets | length > 0 %}
union all
select * from model_without_rows
union all
select * from dataset_without_rows
union all
select * from dataset_without_model_rows
union all
select * from promoted_not_stamped
union all
select * from unknown_dataset
{%- endif %}
{%- for group in read_groups %}
union all
select * from read_{{ loop.index }}_without_rows
{%- endfor %}
{%- for check in lineage_checks %}
union all
select * from {{ check.cte }}
{%- endfor %}
{%- endif %}
{%- endset -%}

{#- Say why on the console: dbt itself prints only the test's name and "Got N results". Only when
    the test is executed (compile and docs never need the model's table to exist). -#}
{%- if execute and flags.WHICH in ('build', 'test') %}
    {%- set summary -%}
        select failure, dataset, count(*) as failures, min(file_id) as file_id, min(detail) as detail
        from ({{ failures_sql }}) as failure_rows
        group by failure, dataset
        order by failure, dataset
    {%- endset -%}
    {%- set found_rows = run_query(summary) -%}
    {%- for row in found_rows.rows[:20] %}
        {%- set what = ['has_ingestion_rows FAIL ' ~ tablename ~ ': ' ~ row['failure']] %}
        {%- if row['dataset'] is not none %}{% do what.append('dataset ' ~ row['dataset']) %}{% endif %}
        {%- if row['detail'] is not none %}{% do what.append(row['detail']) %}{% endif %}
        {%- if row['file_id'] is not none %}
            {%- do what.append(row['failures'] ~ ' file(s), e.g. ' ~ row['file_id']) %}
        {%- endif %}
        {%- do log(what | join(' | '), info=True) %}
    {%- endfor %}
{%- endif %}
{{ failures_sql }}

{% endtest %}

{#-
    Gold lineage. Every gold model declares the datasets it is built from, as a
    mapping dataset -> the column of the gold table that carries that dataset's
    file_id:

        config:
          meta:
            datasets: {historical-price-eod-full: file_id}
            # dim_date: datasets: {}   (built from no dataset; must be explicit)

    The "created" column paired with a lineage column is its name with
    `file_id` replaced by `created_file_id` (file_id -> created_file_id,
    listing_file_id -> listing_created_file_id). Without it every row counts
    as created.

    A dataset whose discriminators feed different gold models (annual and
    quarterly statements of one dataset) can be split between them: the value
    is then a mapping with the column and the discriminators the model stamps,

        datasets:
          income-statement: {column: income_file_id, discriminators: [FY]}

    A file's ops row has one set of gold columns, so each dataset (or each
    discriminator of it) should be declared (for stamping) by one gold model only. A model that also builds
    from a dataset another gold model stamps (e.g. the price features read the
    prices that fct_daily_prices stamps) declares it under `reads`, with the
    column carrying its file_id; it stamps nothing for it, and
    has_ingestion_rows checks that every such file_id is a consumed file of
    that dataset:

        config:
          meta:
            datasets: {}
            reads: {historical-price-eod-full: file_id}
-#}

{#- The datasets mapping declared by a model node (none when undeclared). -#}
{% macro gold_datasets(node) -%}
    {%- set meta = node.config.meta or {} -%}
    {{- return(meta.get('datasets')) -}}
{%- endmacro %}


{#- A declared dataset's value as (lineage column, discriminators): the value is
    the column, or a mapping {column: ..., discriminators: [...]}; discriminators
    is none when the model takes every file of the dataset. -#}
{% macro gold_dataset_spec(value) -%}
    {%- if value is mapping -%}
        {{- return((value.get('column'), value.get('discriminators'))) -}}
    {%- endif -%}
    {{- return((value, none)) -}}
{%- endmacro %}


{#- SQL condition on an ops row's discriminator: true when discriminators is none. -#}
{% macro gold_discriminator_filter(discriminators, column='discriminator') -%}
    {%- if discriminators is none -%}
        true
    {%- else -%}
        {{ column }} in ({% for d in discriminators %}{{ sbf_sql_string(d) }}{{ ", " if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}


{#- The `reads` mapping (dataset -> lineage column) of a model node: datasets
    it is built from but does not stamp ({} when it declares none). -#}
{% macro gold_reads(node) -%}
    {%- set meta = node.config.meta or {} -%}
    {{- return(meta.get('reads') or {}) -}}
{%- endmacro %}


{#- 'dim' for dim_* models and bridge_* tables (a bridge pairs dimension members, e.g. a company
    and its peers: no measures of events), 'fact' for the others. -#}
{% macro gold_object_type(model_name) -%}
    {{- return('dim' if model_name.startswith(('dim_', 'bridge_')) else 'fact') -}}
{%- endmacro %}


{#-
    Post-hook of every gold model (on DuckDB inside its transaction; on Spark
    each statement on its own, see sbf_hook_statements). For each declared
    dataset, one UPDATE (on Spark one MERGE for all of them) stamps the ops rows of that dataset that silver has
    promoted and gold has not stamped since (never, or before the file's latest
    silver promotion, e.g. after a silver full refresh):
      gold_object_type, gold_tablename ('gold.<model>'),
      gold_rows_created / gold_rows_updated (rows of this table carrying the
      file in the declared lineage column, split by created file; 0 if none),
      gold_errors NULL, gold_ingest_start_time now() (transaction start),
      gold_ingest_end_time (clock at hook render time).
-#}
{% macro stamp_gold_ingestions() -%}
    {%- if not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set datasets = gold_datasets(model) -%}
    {%- if datasets is none -%}
        {% do log("gold model " ~ this ~ " declares no config.meta.datasets: nothing stamped "
                  ~ "(the has_ingestion_rows test fails)", info=true) %}
        {{- return('') -}}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- set tablename = this.schema ~ '.' ~ this.identifier -%}
    {%- set end_time = sbf_utc_now() -%}
    {%- set sources = [] -%}
    {%- for dataset, declared in datasets.items() -%}
        {%- set lineage_column, discriminators = gold_dataset_spec(declared) -%}
        {%- set created_column = lineage_column[:-7] ~ 'created_file_id'
            if lineage_column.endswith('file_id') else none -%}
        {%- if lineage_column | lower not in columns -%}
            {{ exceptions.raise_compiler_error(
                "gold model " ~ this ~ " declares dataset " ~ dataset ~ " in column "
                ~ lineage_column ~ ", which the table does not have") }}
        {%- endif %}
        {%- set stats_sql %}
    with

    pending as (
        select file_id
        from {{ source('ops', 'file_ingestions') }}
        where dataset = {{ sbf_sql_string(dataset) }}
          and {{ gold_discriminator_filter(discriminators) }}
          and silver_ingest_end_time is not null
          -- never stamped for gold, or promoted to silver again since (full refresh)
          and (gold_ingest_end_time is null
               or gold_ingest_end_time < silver_ingest_end_time)
    ),

    -- rows of this table carrying each pending file (only those: no full scan
    -- aggregation when nothing is pending)
    landed as (
        select
            {{ lineage_column }} as file_id,
            {%- if created_column and created_column | lower in columns %}
            count(*) filter (where {{ created_column }} = {{ lineage_column }}) as rows_created,
            count(*) filter (where {{ created_column }} is distinct from {{ lineage_column }}) as rows_updated
            {%- else %}
            count(*) as rows_created,
            0 as rows_updated
            {%- endif %}
        from {{ this }}
        where {{ lineage_column }} in (select file_id from pending)
        group by {{ lineage_column }}
    )

    select
        pending.file_id,
        coalesce(landed.rows_created, 0) as rows_created,
        coalesce(landed.rows_updated, 0) as rows_updated
    from pending
    left join landed using (file_id)
        {%- endset %}
        {%- set comment = dataset ~ (' (' ~ discriminators | join(', ') ~ ')' if discriminators is not none else '')
                          ~ ': files promoted to silver and not stamped for gold since' -%}
        {%- do sources.append((comment, stats_sql)) -%}
    {%- endfor -%}
    {%- set statements = gold_stamp_statements(sources, [
        ('gold_object_type', sbf_sql_string(gold_object_type(this.identifier))),
        ('gold_tablename', sbf_sql_string(tablename)),
        ('gold_rows_created', 'stats.rows_created'),
        ('gold_rows_updated', 'stats.rows_updated'),
        ('gold_errors', 'null'),
        ('gold_ingest_start_time', 'now()'),
        ('gold_ingest_end_time', end_time),
    ]) -%}
    {{- return(sbf_hook_statements(statements)) -}}
{%- endmacro %}


{#- The statements stamping the ledger from per-dataset stats [(comment, stats_sql)] (columns
    file_id, rows_created, rows_updated; a file is in one dataset's stats at most). DuckDB: one
    UPDATE per dataset, in the model's transaction. Spark: one MERGE over all of them, so a
    model's stamps are one Iceberg commit (each commit of the ledger costs seconds). -#}
{% macro gold_stamp_statements(sources, assignments) -%}
    {{- return(adapter.dispatch('gold_stamp_statements')(sources, assignments)) -}}
{%- endmacro %}

{% macro default__gold_stamp_statements(sources, assignments) -%}
    {%- set statements = [] -%}
    {%- for comment, stats_sql in sources -%}
        {%- set statement -%}
-- {{ comment }}
{{ sbf_update_from(source('ops', 'file_ingestions'), 'ingestion', stats_sql, 'stats', 'file_id', assignments) }}
        {%- endset -%}
        {%- do statements.append(statement) -%}
    {%- endfor -%}
    {{- return(statements) -}}
{%- endmacro %}

{% macro spark__gold_stamp_statements(sources, assignments) -%}
    {%- if sources | length == 0 -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set union_sql -%}
    {%- for comment, stats_sql in sources %}
    -- {{ comment }}
    select * from (
        {{ stats_sql }}
    ) as dataset_stats_{{ loop.index }}
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
    {%- endset -%}
    {{- return([sbf_update_from(source('ops', 'file_ingestions'), 'ingestion', union_sql, 'stats', 'file_id', assignments)]) -}}
{%- endmacro %}


{#- The file_ids of a dataset that silver has promoted and gold has not consumed since: an
    incremental fact merges only the silver rows those files last set (new and restated rows).
    `discriminators` (a list) keeps only the files of those discriminators. -#}
{% macro gold_unconsumed_file_ids(dataset, discriminators=none) -%}
    select file_id
    from {{ source('ops', 'file_ingestions') }}
    where dataset = {{ sbf_sql_string(dataset) }}
      {%- if discriminators is not none %}
      and {{ gold_discriminator_filter(discriminators) }}
      {%- endif %}
      and silver_ingest_end_time is not null
      and (gold_ingest_end_time is null or gold_ingest_end_time < silver_ingest_end_time)
{%- endmacro %}

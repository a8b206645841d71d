{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        unique_key='file_id',
        meta={'stamps_ops': false},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Schema drift per bronze file: the FMP fields its silver model expects but the
-- file's rows do not have (a field FMP renamed or dropped), and the fields the
-- rows have that the model does not map (a new or renamed field). One row per
-- promotable file of a dataset that has a silver model, appended once per file
-- (bronze files are immutable). The fields a model expects are the sources of
-- its config.meta.columns (macros/silver_model.sql), read from the dbt graph.
-- A file's fields are the keys of its first {{ var('drift_rows_checked', 100) }} rows
-- (FMP rows of one response carry the same keys; nulls still count as present).

{%- set rows_checked = var('drift_rows_checked', 100) -%}
{%- set expected = silver_expected_fields() -%}
{#- the promotable files of those datasets this table has not checked yet (macros/bronze.sql) -#}
{%- set files = query_bronze_files(
        expected.keys() | list,
        'file_id not in (select file_id from ' ~ this ~ ')' if is_incremental() else none) -%}

{%- if files | length == 0 %}

-- no file to check: a typed empty set
select
    cast(null as {{ sbf_type('varchar') }}) as file_id,
    cast(null as {{ sbf_type('varchar') }}) as dataset,
    cast(null as {{ sbf_type('varchar') }}) as discriminator,
    cast(null as {{ sbf_type('varchar') }}) as ticker,
    cast(null as {{ sbf_type('varchar') }}) as silver_model,
    cast(null as {{ sbf_type('varchar') }}) as run_id,
    cast(null as {{ sbf_type('timestamptz') }}) as fetched_at,
    cast(null as {{ sbf_type('integer') }}) as rows_checked,
    cast(null as {{ sbf_type('varchar[]') }}) as expected_fields,
    cast(null as {{ sbf_type('varchar[]') }}) as found_fields,
    cast(null as {{ sbf_type('varchar[]') }}) as missing_fields,
    cast(null as {{ sbf_type('varchar[]') }}) as unmapped_fields,
    cast(null as {{ sbf_type('timestamptz') }}) as checked_at
where false

{%- else %}
{#- one read per payload shape: an array of rows, or an object with its rows under rows_path -#}
{%- set groups = {} -%}
{%- for f in files -%}
    {%- set rows_path = expected[f['dataset']]['rows_path'] or '' -%}
    {%- do groups.setdefault(rows_path, []).append(f) -%}
{%- endfor %}

with

-- the keys of the first rows of each file
found as (
    {{- bronze_drift_found_fields(groups, rows_checked) | indent(4) }}
),

files (bronze_path, file_id) as (
    values
    {%- for f in files %}
    ({{ sbf_sql_string(f['bronze_path']) }}, {{ sbf_sql_string(f['file_id']) }}){{ "," if not loop.last }}
    {%- endfor %}
),

expected (dataset, silver_model, expected_fields) as (
    values
    {%- for dataset, spec in expected.items() %}
    ({{ sbf_sql_string(dataset) }}, {{ sbf_sql_string(spec['model']) }},
     {{ sbf_text_list(spec['fields']) }}){{ "," if not loop.last }}
    {%- endfor %}
)

select
    ingestion.file_id,
    ingestion.dataset,
    ingestion.discriminator,
    ingestion.ticker,
    expected.silver_model,
    ingestion.run_id,
    ingestion.bronze_ingest_start_time as fetched_at,
    found.rows_checked,
    expected.expected_fields,
    found.found_fields,
    {{ sbf_list_except('expected.expected_fields', 'found.found_fields') }} as missing_fields,
    {{ sbf_list_except('found.found_fields', 'expected.expected_fields') }} as unmapped_fields,
    {{ sbf_utc_now() }} as checked_at
from found
inner join files
    on files.bronze_path = found.filename
inner join {{ source('ops', 'file_ingestions') }} as ingestion
    on ingestion.file_id = files.file_id
inner join expected
    on expected.dataset = ingestion.dataset

{%- endif %}

{%- set parts = gold_officers_parts() -%}
{{
    config(
        unique_key=['symbol', 'name', 'title', 'as_of_date'],
        full_refresh=false,
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Key executives of a company as known on a day: one row per symbol, executive and title, and run
-- date on which the warehouse first saw them or their record (pay, year born...) changed. FMP lists
-- only today's executives and silver keeps the latest record, so this fact is where their history
-- accumulates (full_refresh=false). SQL: macros/gold_company.sql (gold_as_of_select).

{{ gold_as_of_select(parts, ['symbol', 'name', 'title']) }}

{% snapshot snap_income_statement %}
{{
    config(
        schema='snapshots',
        unique_key=['symbol', 'date', 'period'],
        strategy='check',
        check_cols='all',
    )
}}
-- History of silver.income_statement: a new version per (symbol, date, period)
-- whenever any of its values changes (a restatement). Silver keeps the latest
-- version only; this keeps every version silver has held. When a version became
-- known is its file's ingested_at (the bronze request time), not the snapshot's
-- dbt_valid_from: see gold.fct_income_statements_history.
-- sbf run takes it at the end of a run whose promotions selected what the
-- income statements feed (source:bronze.income_statement+).
select * from {{ ref('income_statement') }}
{% endsnapshot %}

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
-- After fct_income_statements (which stamps the income-statement files), so
-- that building "fct_income_statements and what is downstream" (sbf run's gold
-- stage) takes the snapshot and the history along.
-- depends_on: {{ ref('fct_income_statements') }}
select * from {{ ref('income_statement') }}
{% endsnapshot %}

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
-- After the fundamentals facts (which stamp the income-statement files, FY and
-- quarter), so that building "a fundamentals fact and what is downstream" (sbf
-- run's gold stage) takes the snapshot and the history along.
-- depends_on: {{ ref('fct_fundamentals_annual') }}
-- depends_on: {{ ref('fct_fundamentals_quarterly') }}
select * from {{ ref('income_statement') }}
{% endsnapshot %}

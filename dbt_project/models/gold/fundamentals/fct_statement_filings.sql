{{
    config(
        unique_key=['symbol', 'date', 'period'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- When FMP added a company's statements of a period: one row per symbol, period end and period,
-- from FMP's feed of the latest statements added across all companies (latest-financial-statements).
-- Each fetch lists the newest additions; the table keeps every one seen, so it is the warehouse's
-- record of when a period's statements became available.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('latest_financial_statements', 'latest-financial-statements', [
    'symbol', 'date', 'period', 'calendar_year', 'date_added as added_at'
]) }}

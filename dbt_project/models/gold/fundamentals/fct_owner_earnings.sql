{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Owner earnings (Buffett: net income + D&A - maintenance capex +/- working capital), one row per
-- symbol and fiscal quarter end; fiscal_year and period join it to fct_fundamentals_quarterly.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('owner_earnings', 'owner-earnings', [
    'symbol', 'date', 'fiscal_year', 'period', 'reported_currency', 'average_ppe', 'maintenance_capex',
    'growth_capex', 'owners_earnings', 'owners_earnings_per_share'
]) }}

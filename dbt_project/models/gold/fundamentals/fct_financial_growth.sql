{%- set parts = gold_financial_growth_parts() -%}
{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth rates of a fiscal year (period FY) or quarter (Q1..Q4) in one wide row per symbol, fiscal
-- year and period: the growth of each income statement, balance sheet and cash flow line and FMP's
-- headline growth rates. Same grain as fct_fundamentals_annual / fct_fundamentals_quarterly, so a
-- period's amounts and their growth join on (symbol, fiscal_year, period).
-- The four datasets are parts of one wide fact: macros/gold_wide_periods.sql (gold_financial_growth_parts).

{{ gold_wide_periods_select(parts, ['FY', 'Q1', 'Q2', 'Q3', 'Q4']) }}

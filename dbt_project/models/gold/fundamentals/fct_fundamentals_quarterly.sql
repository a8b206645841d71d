{%- set parts = gold_fundamentals_parts('quarterly') -%}
{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Quarterly fundamentals: income statement, balance sheet and cash flow of a fiscal quarter
-- (period Q1..Q4) in one wide row per symbol, fiscal year and quarter, from the per-ticker
-- statements (their quarter files) and the quarterly bulk CSVs, the latest file winning per
-- statement. A quarter present in only some statements has a row, the others' columns NULL.
-- Columns and SQL: macros/gold_wide_periods.sql.

{{ gold_wide_periods_select(parts, ['Q1', 'Q2', 'Q3', 'Q4']) }}

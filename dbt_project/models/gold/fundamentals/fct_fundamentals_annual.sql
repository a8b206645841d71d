{%- set parts = gold_fundamentals_parts('annual') -%}
{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual fundamentals: income statement, balance sheet and cash flow of a fiscal year (period FY)
-- in one wide row per symbol and fiscal year, from the per-ticker statements (their FY files) and
-- the annual bulk CSVs, the latest file winning per statement. A year present in only some
-- statements has a row, the missing statements' columns NULL.
-- Columns and SQL: macros/gold_wide_periods.sql.

{{ gold_wide_periods_select(parts, ['FY']) }}

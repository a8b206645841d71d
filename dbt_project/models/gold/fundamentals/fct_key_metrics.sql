{%- set parts = gold_key_metrics_parts() -%}
{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Key metrics and ratios of a fiscal year (period FY) or quarter (Q1..Q4) in one wide row per
-- symbol, fiscal year and period, from the per-ticker datasets and the bulk CSVs, the latest file
-- winning per dataset. A period present in only one of the two has a row, the other's columns NULL.
-- Columns and SQL: macros/gold_wide_periods.sql.

{{ gold_wide_periods_select(parts, ['FY', 'Q1', 'Q2', 'Q3', 'Q4']) }}

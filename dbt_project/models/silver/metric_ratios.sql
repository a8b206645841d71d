{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'metric-ratios',
            'date_column': 'date',
            'columns': silver_columns_metric_ratios(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Financial ratios (FMP /stable/ratios), annual (discriminator FY, period 'FY')
-- and quarterly (discriminator quarter, period 'Q1'..'Q4') in one table: one row
-- per symbol, period end date and period. A restated period updates its row.
-- Columns: macros/silver_shapes.sql, silver_columns_metric_ratios().

{{ silver_select(source('bronze', 'metric_ratios')) }}

{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'key-metrics',
            'date_column': 'date',
            'columns': silver_columns_key_metrics(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Key metrics (FMP /stable/key-metrics), annual (discriminator FY, period 'FY')
-- and quarterly (discriminator quarter, period 'Q1'..'Q4') in one table: one row
-- per symbol, period end date and period. A restated period updates its row.
-- Columns: macros/silver_shapes.sql, silver_columns_key_metrics().

{{ silver_select(source('bronze', 'key_metrics')) }}

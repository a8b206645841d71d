{{
    config(
        unique_key=['symbol', 'fiscal_year'],
        meta={
            'dataset': 'key-metrics-bulk-annual',
            'date_column': 'date',
            'columns': silver_columns_key_metrics(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/key-metrics-bulk (CSV), fiscal years (period FY); shape of key_metrics.
-- Columns: macros/silver_shapes.sql, silver_columns_key_metrics().

{{ silver_select(source('bronze', 'key_metrics_bulk_annual')) }}

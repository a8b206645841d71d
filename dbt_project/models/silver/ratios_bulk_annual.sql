{{
    config(
        unique_key=['symbol', 'fiscal_year'],
        meta={
            'dataset': 'ratios-bulk-annual',
            'date_column': 'date',
            'columns': silver_columns_metric_ratios(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/ratios-bulk (CSV), fiscal years (period FY); shape of metric_ratios.
-- Columns: macros/silver_shapes.sql, silver_columns_metric_ratios().

{{ silver_select(source('bronze', 'ratios_bulk_annual')) }}

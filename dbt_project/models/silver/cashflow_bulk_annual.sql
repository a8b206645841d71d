{{
    config(
        unique_key=['symbol', 'fiscal_year'],
        meta={
            'dataset': 'cashflow-bulk-annual',
            'date_column': 'date',
            'columns': silver_columns_cashflow_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/cash-flow-statement-bulk (CSV), fiscal years (period FY); shape of cashflow_statement.
-- Columns: macros/silver_shapes.sql, silver_columns_cashflow_statement().

{{ silver_select(source('bronze', 'cashflow_bulk_annual')) }}

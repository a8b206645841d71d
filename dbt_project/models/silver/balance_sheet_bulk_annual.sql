{{
    config(
        unique_key=['symbol', 'fiscal_year'],
        meta={
            'dataset': 'balance-sheet-bulk-annual',
            'date_column': 'date',
            'columns': silver_columns_balance_sheet_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/balance-sheet-statement-bulk (CSV), fiscal years (period FY); shape of balance_sheet_statement.
-- Columns: macros/silver_shapes.sql, silver_columns_balance_sheet_statement().

{{ silver_select(source('bronze', 'balance_sheet_bulk_annual')) }}

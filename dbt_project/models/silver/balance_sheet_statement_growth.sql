{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'balance-sheet-statement-growth',
            'date_column': 'date',
            'columns': silver_columns_balance_sheet_statement_growth(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth of balance sheet lines (FMP /stable/balance-sheet-statement-growth).
-- Columns: macros/silver_shapes.sql, silver_columns_balance_sheet_statement_growth() (gold reads the same list).

{{ silver_select(source('bronze', 'balance_sheet_statement_growth')) }}

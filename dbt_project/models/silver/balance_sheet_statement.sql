{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'balance-sheet-statement',
            'date_column': 'date',
            'columns': silver_columns_balance_sheet_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Balance sheets (FMP /stable/balance-sheet-statement), annual (discriminator FY, period 'FY')
-- and quarterly (discriminator quarter, period 'Q1'..'Q4') in one table: one row
-- per symbol, period end date and period. A restated period updates its row.
-- Columns: macros/silver_shapes.sql, silver_columns_balance_sheet_statement().

{{ silver_select(source('bronze', 'balance_sheet_statement')) }}

{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={
            'dataset': 'income-statement-bulk-quarter',
            'date_column': 'date',
            'columns': silver_columns_income_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/income-statement-bulk (CSV), quarters (discriminators Q1..Q4); shape of income_statement.
-- Columns: macros/silver_shapes.sql, silver_columns_income_statement().

{{ silver_select(source('bronze', 'income_statement_bulk_quarter')) }}

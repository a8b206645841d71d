{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'income-statement-growth',
            'date_column': 'date',
            'columns': silver_columns_income_statement_growth(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth of income statement lines (FMP /stable/income-statement-growth).
-- Columns: macros/silver_shapes.sql, silver_columns_income_statement_growth() (gold reads the same list).

{{ silver_select(source('bronze', 'income_statement_growth')) }}

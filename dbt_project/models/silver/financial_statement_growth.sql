{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'financial-statement-growth',
            'date_column': 'date',
            'columns': silver_columns_financial_statement_growth(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Financial growth (FMP /stable/financial-growth); FMP's lower-case spellings renamed.
-- Columns: macros/silver_shapes.sql, silver_columns_financial_statement_growth() (gold reads the same list).

{{ silver_select(source('bronze', 'financial_statement_growth')) }}

{{
    config(
        unique_key=['symbol', 'name', 'title'],
        meta={
            'dataset': 'company-officers',
            'date_column': none,
            'columns': silver_columns_company_officers(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Key executives (FMP /stable/key-executives); the symbol is the request's ticker.
-- Columns: macros/silver_shapes.sql, silver_columns_company_officers() (gold reads the same list).

{{ silver_select(source('bronze', 'company_officers')) }}

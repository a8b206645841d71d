{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'stock-list',
            'date_column': none,
            'columns': [
                ['symbol',      'symbol',       'varchar'],
                ['companyName', 'company_name', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Every symbol FMP lists (FMP /stable/stock-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'stock_list')) }}

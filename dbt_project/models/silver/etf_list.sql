{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'etf-list',
            'date_column': none,
            'columns': [
                ['symbol', 'symbol', 'varchar'],
                ['name',   'name',   'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Every ETF FMP lists (FMP /stable/etf-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'etf_list')) }}

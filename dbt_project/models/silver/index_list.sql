{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'index-list',
            'date_column': none,
            'columns': [
                ['symbol',   'symbol',   'varchar'],
                ['name',     'name',     'varchar'],
                ['exchange', 'exchange', 'varchar'],
                ['currency', 'currency', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Market indexes (FMP /stable/index-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'index_list')) }}

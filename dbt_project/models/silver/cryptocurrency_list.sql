{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'cryptocurrency-list',
            'date_column': none,
            'columns': [
                ['symbol',            'symbol',             'varchar'],
                ['name',              'name',               'varchar'],
                ['exchange',          'exchange',           'varchar'],
                ['icoDate',           'ico_date',           'date'],
                ['circulatingSupply', 'circulating_supply', 'double'],
                ['totalSupply',       'total_supply',       'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Cryptocurrency pairs (FMP /stable/cryptocurrency-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'cryptocurrency_list')) }}

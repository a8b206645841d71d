{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'commodities-list',
            'date_column': none,
            'columns': [
                ['symbol',     'symbol',      'varchar'],
                ['name',       'name',        'varchar'],
                ['exchange',   'exchange',    'varchar'],
                ['tradeMonth', 'trade_month', 'varchar'],
                ['currency',   'currency',    'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Commodity contracts (FMP /stable/commodities-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'commodities_list')) }}

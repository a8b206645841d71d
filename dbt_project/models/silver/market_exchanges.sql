{{
    config(
        unique_key=['exchange'],
        meta={
            'dataset': 'market-exchanges',
            'date_column': none,
            'columns': [
                ['exchange',     'exchange',      'varchar'],
                ['name',         'name',          'varchar'],
                ['countryName',  'country_name',  'varchar'],
                ['countryCode',  'country_code',  'varchar'],
                ['symbolSuffix', 'symbol_suffix', 'varchar'],
                ['delay',        'delay',         'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Exchanges (FMP /stable/available-exchanges), one row per exchange.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_exchanges')) }}

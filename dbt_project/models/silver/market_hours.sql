{{
    config(
        unique_key=['exchange', 'as_of_date'],
        meta={
            'dataset': 'market-hours',
            'date_column': 'as_of_date',
            'columns': [
                ['exchange',     'exchange',       'varchar'],
                ['@as_of_date',  'as_of_date',     'date'],
                ['name',         'name',           'varchar'],
                ['openingHour',  'opening_hour',   'varchar'],
                ['closingHour',  'closing_hour',   'varchar'],
                ['timezone',     'timezone',       'varchar'],
                ['isMarketOpen', 'is_market_open', 'boolean'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Exchange trading hours (FMP /stable/all-exchange-market-hours), one row per exchange and run date.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_hours')) }}

{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'historical-market-capitalization',
            'date_column': 'date',
            'columns': [
                ['symbol',    'symbol',     'varchar'],
                ['date',      'date',       'date'],
                ['marketCap', 'market_cap', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily market capitalisation (FMP /stable/historical-market-capitalization),
-- one row per symbol and trading day.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'historical_market_capitalization')) }}

{{
    config(
        unique_key=['country'],
        meta={
            'dataset': 'market-countries',
            'date_column': none,
            'columns': [
                ['country', 'country', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/available-countries, one row per country.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_countries')) }}

{{
    config(
        unique_key=['industry'],
        meta={
            'dataset': 'market-industries',
            'date_column': none,
            'columns': [
                ['industry', 'industry', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/available-industries, one row per industry.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_industries')) }}

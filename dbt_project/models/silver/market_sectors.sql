{{
    config(
        unique_key=['sector'],
        meta={
            'dataset': 'market-sectors',
            'date_column': none,
            'columns': [
                ['sector', 'sector', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/available-sectors, one row per sector.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_sectors')) }}

{{
    config(
        unique_key=['date', 'sector', 'exchange'],
        meta={
            'dataset': 'market-sector-pe',
            'date_column': 'date',
            'columns': [
                ['date',     'date',     'date'],
                ['sector',   'sector',   'varchar'],
                ['exchange', 'exchange', 'varchar'],
                ['pe',       'pe',       'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/sector-pe-snapshot: one row per day, sector and exchange.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_sector_pe')) }}

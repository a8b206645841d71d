{{
    config(
        unique_key=['date', 'sector', 'exchange'],
        meta={
            'dataset': 'market-sector-performance',
            'date_column': 'date',
            'columns': [
                ['date',          'date',           'date'],
                ['sector',        'sector',         'varchar'],
                ['exchange',      'exchange',       'varchar'],
                ['averageChange', 'average_change', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/sector-performance-snapshot: one row per day, sector and exchange.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_sector_performance')) }}

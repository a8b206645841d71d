{{
    config(
        unique_key=['date', 'industry', 'exchange'],
        meta={
            'dataset': 'market-industry-performance',
            'date_column': 'date',
            'columns': [
                ['date',          'date',           'date'],
                ['industry',      'industry',       'varchar'],
                ['exchange',      'exchange',       'varchar'],
                ['averageChange', 'average_change', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/industry-performance-snapshot: one row per day, industry and exchange.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_industry_performance')) }}

{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'key-metrics-ttm',
            'date_column': none,
            'columns': silver_columns_key_metrics_ttm(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Trailing-twelve-month key metrics (FMP /stable/key-metrics-ttm), one row per symbol.
-- Columns: macros/silver_shapes.sql, silver_columns_key_metrics_ttm() (gold reads the same list).

{{ silver_select(source('bronze', 'key_metrics_ttm')) }}

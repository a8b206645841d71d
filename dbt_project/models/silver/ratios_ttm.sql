{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'ratios-ttm',
            'date_column': none,
            'columns': silver_columns_ratios_ttm(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Trailing-twelve-month ratios (FMP /stable/ratios-ttm), one row per symbol.
-- Columns: macros/silver_shapes.sql, silver_columns_ratios_ttm() (gold reads the same list).

{{ silver_select(source('bronze', 'ratios_ttm')) }}

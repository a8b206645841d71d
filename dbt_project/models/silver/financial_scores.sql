{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'financial-scores',
            'date_column': none,
            'columns': silver_columns_financial_scores(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Financial scores (FMP /stable/financial-scores), one row per symbol.
-- Columns: macros/silver_shapes.sql, silver_columns_financial_scores() (gold reads the same list).

{{ silver_select(source('bronze', 'financial_scores')) }}

{{
    config(
        unique_key=['symbol', 'date', 'segment'],
        meta={
            'dataset': 'revenue-product-segmentation',
            'date_column': 'date',
            'key_fields': {'segment': none},
            'columns': silver_columns_revenue_segmentation(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual revenue by product line (FMP /stable/revenue-product-segmentation), one row per segment.
-- Columns: macros/silver_shapes.sql, silver_columns_revenue_segmentation().

{{ revenue_segments_select(source('bronze', 'revenue_product_segmentation')) }}

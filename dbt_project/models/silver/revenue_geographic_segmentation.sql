{{
    config(
        unique_key=['symbol', 'date', 'segment'],
        meta={
            'dataset': 'revenue-geographic-segmentation',
            'date_column': 'date',
            'key_fields': {'segment': none},
            'reshapes_rows': true,
            'columns': silver_columns_revenue_segmentation(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}
-- reshapes_rows: one payload row becomes one row per segment, so the ops stamp re-reads the keys
-- of every file of the batch (macros/stamp_silver_ingestions.sql).

-- Annual revenue by region (FMP /stable/revenue-geographic-segmentation), one row per segment.
-- Columns: macros/silver_shapes.sql, silver_columns_revenue_segmentation().

{{ revenue_segments_select() }}

-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual revenue by product line (FMP /stable/revenue-product-segmentation), one row per segment.
-- Hand-written (it reshapes rows); its config, columns and docs are generated from the catalogue
-- entry's silver block into _silver__models.yml (`make generate`).

{{ revenue_segments_select() }}

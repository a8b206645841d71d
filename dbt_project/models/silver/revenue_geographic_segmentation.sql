-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual revenue by region (FMP /stable/revenue-geographic-segmentation), one row per segment.
-- Hand-written (it reshapes rows); its config, columns and docs are generated from the catalogue
-- entry's silver block into _silver__models.yml (`make generate`), with meta reshapes_rows: one
-- payload row becomes one row per segment, so the ops stamp re-reads the keys of every file of
-- the batch (macros/stamp_silver_ingestions.sql).

{{ revenue_segments_select(source('bronze', 'revenue_geographic_segmentation')) }}

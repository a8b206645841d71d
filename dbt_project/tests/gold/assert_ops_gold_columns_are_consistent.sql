-- The gold columns of ops.file_ingestions, as the gold post-hooks write them:
-- gold_object_type is dim or fact, gold_tablename names a gold.* table, row
-- counts are >= 0, and a stamped file was promoted to silver first and ends
-- after it starts. One row per offending file.
-- Tag ledger: it reads the whole ledger, so sbf run makes it once, at the end of a run.
{{ config(tags=['ledger']) }}
select file_id, gold_object_type, gold_tablename, gold_rows_created, gold_rows_updated
from {{ source('ops', 'file_ingestions') }}
where gold_ingest_end_time is not null
  and (
      gold_object_type is null
      or gold_object_type not in ('dim', 'fact')
      or gold_tablename not like 'gold.%'
      or gold_rows_created < 0
      or gold_rows_updated < 0
      or silver_ingest_end_time is null
      or gold_ingest_end_time < gold_ingest_start_time
  )

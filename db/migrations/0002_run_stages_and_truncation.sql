-- Orchestrated runs (sbf run): what each run promoted and where its time went, and the
-- truncation flag of a response that starts later than it was asked to.

alter table ops.runs add column silver_rows bigint default 0;     -- rows created + updated in silver
alter table ops.runs add column gold_rows bigint default 0;       -- rows created + updated in gold
alter table ops.runs add column files_truncated integer default 0;
alter table ops.runs add column fetch_seconds double;                      -- time spent fetching + writing bronze
alter table ops.runs add column dbt_seconds double;                        -- time spent in dbt (silver + gold)
alter table ops.runs add column chunks integer;                            -- ticker chunks processed

-- True when the earliest row is later than the requested `from` by more than a few days, or the
-- row count reaches FMP's cap (5,000 rows a daily series): FMP drops the oldest rows silently.
alter table ops.file_ingestions add column bronze_truncated boolean default false;

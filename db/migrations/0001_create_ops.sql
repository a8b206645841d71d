-- The ops schema: the ledger of every bronze file and every run.
-- One row per bronze file: identity, request, then the bronze, silver and gold columns each layer
-- fills. Discriminator and ticker are '' (not NULL)
-- when a dataset has none, so identities compare with plain equality.

create schema if not exists ops;

create table if not exists ops.schema_migrations (
    version     integer primary key,
    name        varchar not null,
    checksum    varchar not null,   -- sha256 of the migration file as applied
    applied_at  timestamptz not null
);

create table ops.runs (
    run_id            varchar primary key,
    command           varchar not null,       -- ingest | run
    arguments         json,                   -- the CLI arguments, never the API key
    as_of_date        date not null,          -- the run's "today"
    started_at        timestamptz not null,
    finished_at       timestamptz,
    status            varchar not null,       -- running | success | partial | failed
    requests          integer not null default 0,
    files_ok          integer not null default 0,
    files_failed      integer not null default 0,
    files_empty       integer not null default 0,
    skipped_too_soon  integer not null default 0,
    elapsed_seconds   double,
    error             varchar
);

create table ops.file_ingestions (
    -- identity
    file_id                   varchar primary key,
    run_id                    varchar not null,
    domain                    varchar not null,
    source                    varchar not null,
    dataset                   varchar not null,
    discriminator             varchar not null default '',
    ticker                    varchar not null default '',
    as_of_date                date not null,      -- the run's "today": drives cadence
    -- request
    endpoint                  varchar not null,
    request_params            json,               -- API key removed
    http_status               integer,
    attempts                  integer not null default 1,
    elapsed_ms                double,
    -- bronze
    bronze_filename           varchar,            -- relative to the data dir
    bronze_payload_hash       varchar,            -- sha256 of the response body
    bronze_bytes              bigint,
    bronze_rows               integer,
    bronze_from_date          date,
    bronze_to_date            date,
    bronze_error              varchar,
    bronze_ingest_start_time  timestamptz,
    bronze_ingest_end_time    timestamptz,
    bronze_can_promote        boolean not null default false,
    -- silver (written by dbt post-hooks)
    silver_tablename          varchar,
    silver_rows_created       integer,
    silver_rows_updated       integer,
    silver_rows_failed        integer,
    silver_errors             varchar,
    silver_from_date          date,
    silver_to_date            date,
    silver_ingest_start_time  timestamptz,
    silver_ingest_end_time    timestamptz,
    -- gold (written by dbt post-hooks)
    gold_object_type          varchar,            -- dim | fact
    gold_tablename            varchar,
    gold_rows_created         integer,
    gold_rows_updated         integer,
    gold_errors               varchar,
    gold_ingest_start_time    timestamptz,
    gold_ingest_end_time      timestamptz
);

"""The ops snapshot: a small read-only copy of the ledger's aggregates for readers during a run.

`sbf run` holds the warehouse's write lock from start to end, and DuckDB lets no other process open
the file meanwhile, not even read-only. So the run publishes what readers need (`sbf runs`,
`sbf datasets`, the `sbf ui` dashboard) to `<data dir>/ops_snapshot.duckdb`: at its start, after
each promotion and at its end.

Why a DuckDB file rather than parquet files: one file is one atomic unit. It is built under a
temporary name through ATTACH + CREATE TABLE AS from the run's own connection, inside one
transaction (so every table is taken at the same instant of the ledger: a reader never sees a
half-written state), detached (DuckDB checkpoints it: no WAL is left beside it) and renamed over
the previous one with os.replace. A reader that has the old file open keeps reading the old inode;
the next open gets the new one. A folder of parquet files would need a directory swap (two renames,
not atomic together) for the same guarantee.

Kept cheap at scale: the ledger (ops.file_ingestions) grows by one row per file for ever, so the
snapshot holds aggregates of it (per run and dataset, per run and silver/gold table, per identity,
per dataset, coverage by month) and a per-file copy only of the latest RECENT_RUNS runs (the run in
progress among them): the dashboard's per-file tables of older runs read the aggregates. Errors are
copied file by file (a run has few). Each publish scans the ledger once. Coverage, the only part
that reads silver (every held day of every daily series), is carried over from the previous
snapshot for the identities whose ledger basis did not move (span, silver-stamped files, last silver
stamp) and recomputed for the others only: a run publishes after every promotion, and re-reading a
5,000-ticker price history each time cost seconds per publish, growing with the table.

Readers never open the warehouse while it may be written: the dashboard reads only this file;
`sbf runs` / `sbf datasets` read the warehouse and fall back to this file when a run holds it.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from ingestion.catalogue import DatasetSpec, load_catalogue
from ingestion.summaries import RUNS_LIST_SQL
from sbf_calendar import trading_days

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "ops_snapshot.duckdb"
RECENT_RUNS = 3  # runs whose per-file rows are copied (the dashboard's per-file tables)
_publish_lock = threading.Lock()  # the promotion thread and the run's thread both publish


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / SNAPSHOT_NAME


@dataclass
class RunProgress:
    """Where the run in progress is: what readers cannot get from ops.runs until it ends."""

    run_id: str
    started_at: datetime
    command: str = "run"
    chunks_done: int | None = None
    chunks_total: int | None = None


# The snapshot's tables, built in this order; unqualified names are the warehouse's (`ops.`, `silver.`),
# `snap.` is the snapshot being written.
_TABLES: list[tuple[str, str]] = [
    # Every run, with the counts of a run in progress taken from its files so far.
    ("runs", """
        with live as (
            select run_id, count(*) as requests, count(*) filter (where bronze_can_promote) as files_ok,
                   count(*) filter (where bronze_error is null and not bronze_can_promote) as files_empty,
                   count(*) filter (where bronze_error is not null) as files_failed,
                   coalesce(sum(calls), 0) as calls
            from ops.file_ingestions
            where run_id in (select run_id from ops.runs where status = 'running')
            group by run_id
        )
        select r.* replace (
                   coalesce(l.requests, r.requests) as requests, coalesce(l.files_ok, r.files_ok) as files_ok,
                   coalesce(l.files_empty, r.files_empty) as files_empty,
                   coalesce(l.files_failed, r.files_failed) as files_failed, coalesce(l.calls, r.calls) as calls)
        from ops.runs as r left join live as l using (run_id)
    """),
    # Per run and dataset: the bronze section of a run.
    ("run_datasets", """
        select run_id, dataset, discriminator, count(*) as files,
               count(*) filter (where bronze_can_promote) as ok,
               count(*) filter (where bronze_error is null and not bronze_can_promote) as empty,
               count(*) filter (where bronze_error is not null) as failed,
               sum(bronze_rows) as rows, sum(bronze_bytes) as bytes, sum(attempts) as attempts,
               sum(calls) as calls, min(bronze_from_date) as from_date, max(bronze_to_date) as to_date,
               count(*) filter (where bronze_truncated) as truncated,
               quantile_cont(elapsed_ms, 0.5) as p50_ms, quantile_cont(elapsed_ms, 0.95) as p95_ms,
               min(bronze_ingest_start_time) as first_at, max(bronze_ingest_end_time) as last_at
        from ops.file_ingestions group by all
    """),
    # Per run and silver / gold table: what the run's files became (whenever they were promoted).
    ("run_models", """
        select run_id, 'silver' as layer, silver_tablename as table_name, cast(null as varchar) as object_type,
               count(*) as files, sum(silver_rows_created) as created, sum(silver_rows_updated) as updated,
               sum(silver_rows_failed) as failed, count(silver_errors) as errors,
               min(silver_from_date) as from_date, max(silver_to_date) as to_date
        from ops.file_ingestions where silver_tablename is not null group by all
        union all
        select run_id, 'gold', gold_tablename, gold_object_type, count(*), sum(gold_rows_created),
               sum(gold_rows_updated), null, count(gold_errors), null, null
        from ops.file_ingestions where gold_tablename is not null group by all
    """),
    # `sbf runs` as it reads the warehouse (its outside-run promotions included); a running run's
    # counts are fixed below from `runs`.
    ("runs_list", "{RUNS_LIST_SQL}"),
    ("run_errors", """
        select run_id, dataset, discriminator, ticker, file_id, bronze_filename, http_status,
               case when bronze_error is not null then 'bronze' when silver_errors is not null then 'silver'
                    else 'gold' end as layer,
               coalesce(bronze_error, silver_errors, gold_errors) as error
        from ops.file_ingestions where coalesce(bronze_error, silver_errors, gold_errors) is not null
    """),
    # Every file of the latest runs.
    ("files", f"""
        select * from ops.file_ingestions
        where run_id in (select run_id from ops.runs order by started_at desc limit {RECENT_RUNS})
    """),
    # Per identity (dataset, discriminator, ticker): what `sbf datasets` shows.
    ("identity_stats", """
        select dataset, discriminator, ticker,
               min(bronze_from_date) filter (where bronze_can_promote) as first_date,
               max(bronze_to_date) filter (where bronze_can_promote) as last_date,
               count(*) as files, count(*) filter (where bronze_error is not null) as errors,
               max(as_of_date) filter (where bronze_error is null) as last_fetch,
               max(as_of_date) filter (where bronze_can_promote) as last_success,
               arg_max(run_id, bronze_ingest_start_time) as last_run_id
        from ops.file_ingestions group by all
    """),
    # Per dataset: error rate, latency, and how often an identity gets the same payload again.
    ("dataset_diag", """
        select dataset, discriminator, count(*) as files,
               count(*) filter (where bronze_error is not null) as errors,
               round(count(*) filter (where bronze_error is not null) / count(*), 4) as error_rate,
               quantile_cont(elapsed_ms, 0.5) as p50_ms, quantile_cont(elapsed_ms, 0.95) as p95_ms,
               count(bronze_payload_hash) as hashed_files,
               count(distinct ticker || '|' || bronze_payload_hash) as distinct_payloads,
               count(bronze_payload_hash) - count(distinct ticker || '|' || bronze_payload_hash) as repeated_payloads,
               arg_max(run_id, bronze_ingest_start_time) as last_run_id
        from ops.file_ingestions group by all
    """),
]

_COVERAGE_DDL = """
    create table snap.coverage (dataset varchar, ticker varchar, month date, expected integer, held integer)
"""


# What an identity's coverage follows: its span in the ledger and the silver stamps of its files
# (every promotion that can change its silver rows stamps them). Equal basis, equal coverage.
_COVERAGE_BASIS_SQL = """
    create table snap.coverage_basis as
    select s.dataset, s.discriminator, s.ticker, s.first_date, s.last_date,
           coalesce(stamps.silver_files, 0) as silver_files, stamps.silver_stamped_at
    from snap.identity_stats as s
    left join (
        select dataset, discriminator, ticker, count(silver_ingest_end_time) as silver_files,
               max(silver_ingest_end_time) as silver_stamped_at
        from ops.file_ingestions
        where list_contains(?, dataset)
        group by all
    ) as stamps
        on stamps.dataset = s.dataset and stamps.discriminator is not distinct from s.discriminator
        and stamps.ticker = s.ticker
    where list_contains(?, s.dataset)
"""


# The previous snapshot's coverage rows of one daily spec's identities whose basis is unchanged.
_CARRIED_COVERAGE_SQL = """
        insert into snap.coverage
        select previous.*
        from prev.coverage as previous
        join snap.coverage_basis as now
            on now.dataset = ? and now.discriminator is not distinct from ? and now.ticker = previous.ticker
        join prev.coverage_basis as before
            on before.dataset = now.dataset and before.discriminator is not distinct from now.discriminator
            and before.ticker = now.ticker
            and before.first_date is not distinct from now.first_date
            and before.last_date is not distinct from now.last_date
            and before.silver_files = now.silver_files
            and before.silver_stamped_at is not distinct from now.silver_stamped_at
        where previous.dataset = ?
"""


def _coverage_sql(spec: DatasetSpec) -> str:
    """Trading days expected and held, per ticker and month, between the identity's first and last date,
    for the identities of the spec not carried over (silver is read for those tickers only)."""
    ticker_expr = "symbol" if spec.per_ticker else "''"
    return f"""
        insert into snap.coverage
        with pending as (
            select s.ticker, s.first_date, s.last_date
            from snap.identity_stats as s
            where s.dataset = ? and s.discriminator = ? and s.first_date is not null
              and s.ticker not in (select ticker from snap.coverage where dataset = ?)
        )
        select ? as dataset, s.ticker, cast(date_trunc('month', t.day) as date) as month,
               count(*) as expected, count(h.day) as held
        from pending as s
        join snap.trading_days as t on t.day between s.first_date and s.last_date
        left join (select distinct {ticker_expr} as ticker, cast("{spec.row_date_field}" as date) as day
                   from silver."{spec.silver_model}"
                   where {ticker_expr} in (select ticker from pending)) as h
               on h.ticker = s.ticker and h.day = t.day
        group by all
    """


def daily_specs(specs: list[DatasetSpec]) -> list[DatasetSpec]:
    """Daily market series: a row per trading day is expected, so a missing day is a gap."""
    return [s for s in specs if s.dated and s.cadence_days == 1]


def build(con: duckdb.DuckDBPyConnection, target: Path, progress: RunProgress | None, reason: str,
          specs: list[DatasetSpec] | None = None, previous: Path | None = None) -> None:
    """Write the snapshot tables into the new DuckDB file `target` from `con`, whose default catalog is
    the warehouse. One transaction: every table sees the same ledger. `previous`: the snapshot this
    one replaces, whose coverage of unchanged identities is carried over."""
    specs = load_catalogue() if specs is None else specs
    alias = f"sbf_snapshot_{os.getpid()}_{threading.get_ident()}"
    prev_alias = _attach_previous(con, previous, alias + "_prev")
    try:
        con.execute(f"attach '{target}' as {alias}")
    except BaseException:
        if prev_alias:
            con.execute(f"detach {prev_alias}")
        raise
    try:
        con.execute("begin transaction")
        try:
            for name, sql in _TABLES:
                sql = RUNS_LIST_SQL if sql == "{RUNS_LIST_SQL}" else sql
                con.execute(f"create table {alias}.{name} as {sql.replace('snap.', alias + '.')}")
            con.execute(f"""
                update {alias}.runs_list as l set requests = r.requests, ok = r.files_ok, empty = r.files_empty,
                       failed = r.files_failed
                from {alias}.runs as r where r.run_id = l.run_id and r.status = 'running'""")
            _coverage(con, alias, specs, prev_alias)
            run_files = None
            if progress is not None:
                run_files = con.execute("select count(*) from ops.file_ingestions where run_id = ?",
                                        [progress.run_id]).fetchone()[0]
            con.execute(
                f"""create table {alias}.meta as select
                    cast(? as timestamptz) as published_at, cast(? as varchar) as reason,
                    cast(? as varchar) as run_id, cast(? as varchar) as run_command,
                    cast(? as timestamptz) as run_started_at, cast(? as integer) as chunks_done,
                    cast(? as integer) as chunks_total, cast(? as bigint) as run_files""",
                [datetime.now(timezone.utc), reason, progress and progress.run_id, progress and progress.command,
                 progress and progress.started_at, progress and progress.chunks_done,
                 progress and progress.chunks_total, run_files],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        con.execute(f"detach {alias}")
        if prev_alias:
            con.execute(f"detach {prev_alias}")


def _attach_previous(con: duckdb.DuckDBPyConnection, previous: Path | None, alias: str) -> str | None:
    """Attach the previous snapshot read-only when it has a coverage basis to compare with; else None
    (no snapshot yet, one from an older version, or unreadable: coverage is then computed in full)."""
    if previous is None or not previous.exists():
        return None
    try:
        con.execute(f"attach '{previous}' as {alias} (read_only)")
    except duckdb.Error as exc:
        log.info("previous ops snapshot %s not readable (%s): coverage computed in full", previous, exc)
        return None
    has_basis = con.execute(
        "select count(*) from information_schema.tables where table_catalog = ? and table_name = 'coverage_basis'",
        [alias]).fetchone()[0]
    if not has_basis:
        con.execute(f"detach {alias}")
        return None
    return alias


def _coverage(con: duckdb.DuckDBPyConnection, alias: str, specs: list[DatasetSpec], prev_alias: str | None) -> None:
    con.execute(_COVERAGE_DDL.replace("snap.", alias + "."))
    span = con.execute(f"select min(first_date), max(last_date) from {alias}.identity_stats").fetchone()
    days = trading_days(span[0], span[1]) if span[0] and span[1] else []
    con.execute(f"create table {alias}.trading_days as select unnest(?::date[]) as day", [days])
    daily = daily_specs(specs)
    datasets = sorted({spec.dataset for spec in daily})
    con.execute(_COVERAGE_BASIS_SQL.replace("snap.", alias + "."), [datasets, datasets])
    silver = {r[0]: {c for c in (r[1] or [])} for r in con.execute(
        "select table_name, list(column_name) from information_schema.columns where table_schema = 'silver' "
        "and table_catalog = current_database() group by table_name").fetchall()}
    for spec in daily:
        columns = silver.get(spec.silver_model)
        if columns is None or spec.row_date_field not in columns or (spec.per_ticker and "symbol" not in columns):
            continue
        if prev_alias:
            con.execute(_CARRIED_COVERAGE_SQL.replace("snap.", alias + ".").replace("prev.", prev_alias + "."),
                        [spec.dataset, spec.discriminator, spec.name])
        con.execute(_coverage_sql(spec).replace("snap.", alias + "."),
                    [spec.dataset, spec.discriminator, spec.name, spec.name])


def publish(con: duckdb.DuckDBPyConnection, data_dir: Path, progress: RunProgress | None = None,
            reason: str = "manual", specs: list[DatasetSpec] | None = None) -> Path:
    """Build the snapshot under a temporary name next to the final one, then rename it into place."""
    final = snapshot_path(data_dir)
    with _publish_lock:
        tmp = final.with_name(f".{final.stem}.{os.getpid()}.tmp.duckdb")
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        # A cursor of its own (the run's connection may be in use on another thread), on the same
        # default catalog (a cursor does not inherit USE).
        catalog = con.execute("select current_database()").fetchone()[0]
        cursor = con.cursor()
        try:
            cursor.execute(f'use "{catalog}"')
            build(cursor, tmp, progress, reason, specs, previous=final)
        finally:
            cursor.close()
        os.replace(tmp, final)
    return final


def publish_quietly(con: duckdb.DuckDBPyConnection, data_dir: Path, progress: RunProgress | None,
                    reason: str) -> None:
    """Publish from a run: a failure is logged and never stops the run (the snapshot is a convenience)."""
    try:
        publish(con, data_dir, progress, reason)
    except Exception as exc:  # noqa: BLE001 - readers get an older snapshot, the run goes on
        log.warning("could not publish the ops snapshot (%s): %s", reason, exc)


def publish_from_warehouse(warehouse: Path, data_dir: Path) -> Path:
    """Publish outside a run (sbf ui at start, its Refresh button, sbf snapshot): open the warehouse
    read-only for as long as the copy takes. Raises WarehouseLockedError while a run holds it."""
    from ingestion.warehouse import attach_read_only

    con = duckdb.connect()
    try:
        attach_read_only(con, warehouse, "wh")
        con.execute("use wh")
        running = con.execute(
            "select run_id, started_at, command from ops.runs where status = 'running' order by started_at desc limit 1"
        ).fetchone()
        progress = RunProgress(running[0], running[1], running[2]) if running else None
        return publish(con, data_dir, progress, "manual")
    finally:
        con.close()


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    published_at: datetime
    reason: str
    run_id: str | None
    run_command: str | None
    run_started_at: datetime | None
    chunks_done: int | None
    chunks_total: int | None
    run_files: int | None

    def age_seconds(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(timezone.utc)) - self.published_at).total_seconds()

    def describe(self, now: datetime | None = None) -> str:
        """One line: how old the snapshot is and, when it was taken during a run, where that run was."""
        line = f"snapshot published {_age(self.age_seconds(now))} ago ({self.published_at:%Y-%m-%d %H:%M:%S} UTC)"
        if self.run_id:
            chunks = f", chunk {self.chunks_done}/{self.chunks_total}" if self.chunks_total else ""
            line += (f"; run {self.run_id} ({self.run_command or 'run'}) in progress since "
                     f"{self.run_started_at:%H:%M:%S} UTC{chunks}, {self.run_files or 0} file(s) so far")
        return line


def _age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def open_snapshot(data_dir: Path) -> duckdb.DuckDBPyConnection | None:
    """The published snapshot, read-only (None when none was published yet)."""
    path = snapshot_path(data_dir)
    if not path.exists():
        return None
    return duckdb.connect(str(path), read_only=True)


def info(con: duckdb.DuckDBPyConnection, path: Path) -> SnapshotInfo:
    row = con.execute("select published_at, reason, run_id, run_command, run_started_at, chunks_done, "
                      "chunks_total, run_files from meta").fetchone()
    return SnapshotInfo(path, *row)

"""The dashboard's data: queries on the ops snapshot -> pandas DataFrames (no Streamlit here).

Every function takes a read-only connection to the snapshot (ingestion/snapshot.py), never to the
warehouse: the dashboard must not hold the warehouse's file while a run wants to write it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ingestion.catalogue import DatasetSpec
from ingestion.plan import IdentityState, next_due_date
from ingestion.redact import redact

STATUSES = ["running", "success", "partial", "failed", "interrupted"]
STATUS_COLOURS = {"running": "#1f77b4", "success": "#2ca02c", "partial": "#ff7f0e", "failed": "#d62728",
                  "interrupted": "#7f7f7f"}


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# ---- runs ------------------------------------------------------------------------------------
def runs(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None,
         statuses: list[str] | None = None) -> pd.DataFrame:
    """One row per run (newest first), filtered by start date range (inclusive, UTC) and status."""
    return _df(con, """
        select run_id, command, status, as_of_date, started_at, finished_at,
               round(elapsed_seconds, 1) as elapsed_s, requests, files_ok, files_empty, files_failed,
               skipped_too_soon as too_soon, coalesce(silver_rows, 0) as silver_rows,
               coalesce(gold_rows, 0) as gold_rows, calls, calls_per_minute, chunks, promotions, stop_reason
        from runs
        where (? is null or cast(timezone('UTC', started_at) as date) >= ?)
          and (? is null or cast(timezone('UTC', started_at) as date) <= ?)
          and (? is null or list_contains(?, status))
        order by started_at desc
    """, [start, start, end, end, statuses, statuses])


def run_calendar(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per UTC day: runs, and the worst status of the day (failed > partial > running > success)."""
    return _df(con, """
        select cast(timezone('UTC', started_at) as date) as day, count(*) as runs,
               arg_max(status, case status when 'failed' then 4 when 'interrupted' then 3 when 'partial' then 2
                                           when 'running' then 1 else 0 end) as status,
               sum(requests) as requests, string_agg(run_id, ', ' order by started_at) as run_ids
        from runs group by all order by day
    """)


# ---- run detail ------------------------------------------------------------------------------
def run_header(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, Any] | None:
    found = con.execute("select * from runs where run_id = ?", [run_id])
    row = found.fetchone()
    return None if row is None else dict(zip([d[0] for d in found.description], row))


def run_has_files(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether the snapshot holds this run's files one by one (the latest runs) or only aggregates."""
    return bool(con.execute("select count(*) from files where run_id = ?", [run_id]).fetchone()[0])


def run_bronze_files(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Every file of the run (for the latest runs; see run_has_files)."""
    return _df(con, """
        select dataset, discriminator, ticker,
               bronze_from_date as window_from, bronze_to_date as window_to,
               case when bronze_error is not null then 'failed' when bronze_can_promote then 'ok' else 'empty' end
                   as status,
               bronze_rows as rows, bronze_bytes as bytes, attempts, http_status, round(elapsed_ms) as elapsed_ms,
               bronze_error as error, file_id, bronze_filename
        from files where run_id = ? order by dataset, discriminator, ticker, bronze_from_date
    """, [run_id])


def run_bronze_datasets(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The run's files per dataset (every run)."""
    return _df(con, """
        select dataset, discriminator, files, ok, empty, failed, rows, bytes, attempts, from_date, to_date,
               truncated, round(p50_ms) as p50_ms, round(p95_ms) as p95_ms
        from run_datasets where run_id = ? order by dataset, discriminator
    """, [run_id])


def run_silver(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    return _df(con, """
        select table_name as model, files as files_promoted, created as rows_created, updated as rows_updated,
               failed as rows_failed, errors, from_date, to_date
        from run_models where run_id = ? and layer = 'silver' order by table_name
    """, [run_id])


def run_gold(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    return _df(con, """
        select table_name as gold_table, object_type as type, files as files_stamped,
               coalesce(created, 0) + coalesce(updated, 0) as rows, created as rows_created,
               updated as rows_updated, errors
        from run_models where run_id = ? and layer = 'gold' order by table_name
    """, [run_id])


def run_errors(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    return _df(con, """
        select layer, dataset, discriminator, ticker, http_status, error, file_id, bronze_filename
        from run_errors where run_id = ? order by layer, dataset, ticker
    """, [run_id])


def bronze_document(data_dir: Path, relpath: str) -> str:
    """A bronze file's JSON (envelope and payload), pretty-printed, with any `apikey=` value masked
    (the key is never written to bronze; this is belt and braces). Only files under the bronze folder."""
    bronze_root = (data_dir / "bronze").resolve()
    path = (data_dir / relpath).resolve()
    if bronze_root not in path.parents:
        raise ValueError(f"not a bronze file: {relpath}")
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        pass
    return redact(text)


# ---- datasets --------------------------------------------------------------------------------
def datasets(con: duckdb.DuckDBPyConnection, specs: list[DatasetSpec], as_of: date) -> pd.DataFrame:
    """Per dataset: tickers, files, errors, last run, last success, next due, trading days missing."""
    frame = _df(con, """
        select s.dataset, s.discriminator, count(*) filter (where s.ticker <> '') as tickers,
               sum(s.files) as files, sum(s.errors) as errors, min(s.first_date) as first_date,
               max(s.last_date) as last_date, max(s.last_fetch) as last_fetch,
               max(s.last_success) as last_success, arg_max(s.last_run_id, s.last_fetch) as last_run_id
        from identity_stats as s group by all order by all
    """)
    missing = _df(con, "select dataset as name, sum(expected) as expected_days, "
                       "sum(expected - held) as missing_days from coverage group by all")
    by_identity = {(s.dataset, s.discriminator): s for s in specs}
    names, due = [], []
    for row in frame.itertuples():
        spec = by_identity.get((row.dataset, row.discriminator))
        names.append(spec.name if spec else (f"{row.dataset}/{row.discriminator}" if row.discriminator else row.dataset))
        last_fetch = row.last_fetch if isinstance(row.last_fetch, date) else None
        if isinstance(last_fetch, pd.Timestamp):
            last_fetch = last_fetch.date()
        next_due = next_due_date(IdentityState(last_fetch, None), spec.cadence_days) if spec and last_fetch else None
        due.append(max(next_due, as_of) if next_due else as_of)
    frame.insert(0, "name", names)
    frame["next_due"] = due
    frame = frame.merge(missing, on="name", how="left")
    return frame.drop(columns=["dataset", "discriminator", "last_fetch"])


def coverage(con: duckdb.DuckDBPyConnection, dataset: str | None = None, ticker: str | None = None) -> pd.DataFrame:
    """Trading days expected and held per dataset, ticker and month (daily series only), with the gap."""
    return _df(con, """
        select dataset, ticker, month, expected, held, expected - held as missing,
               round(held / expected, 4) as coverage
        from coverage
        where (? is null or dataset = ?) and (? is null or ticker = ?)
        order by dataset, ticker, month
    """, [dataset, dataset, ticker, ticker])


def coverage_datasets(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select distinct dataset from coverage order by 1").fetchall()]


def tickers(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select distinct ticker from identity_stats where ticker <> '' order by 1").fetchall()]


def ticker_detail(con: duckdb.DuckDBPyConnection, ticker: str, specs: list[DatasetSpec]) -> pd.DataFrame:
    """One ticker across every dataset: dates, files, errors, last success, trading days missing."""
    frame = _df(con, """
        select s.dataset, s.discriminator, s.first_date, s.last_date, s.files, s.errors, s.last_success,
               s.last_run_id
        from identity_stats as s where s.ticker = ? order by all
    """, [ticker])
    by_identity = {(s.dataset, s.discriminator): s.name for s in specs}
    frame.insert(0, "name", [by_identity.get((d, x), d) for d, x in zip(frame["dataset"], frame["discriminator"])])
    gaps = _df(con, "select dataset as name, sum(expected - held) as missing_days from coverage "
                    "where ticker = ? group by all", [ticker])
    return frame.merge(gaps, on="name", how="left").drop(columns=["dataset", "discriminator"])


# ---- diagnostics -----------------------------------------------------------------------------
def dataset_diagnostics(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per dataset: error rate, request latency p50/p95, and payload repeats (content-hash stability:
    an identity that gets a payload it already had)."""
    return _df(con, """
        select case when discriminator <> '' then dataset || '/' || discriminator else dataset end as dataset,
               files, errors, error_rate, round(p50_ms) as p50_ms, round(p95_ms) as p95_ms,
               hashed_files, distinct_payloads, repeated_payloads,
               round(repeated_payloads / nullif(hashed_files, 0), 4) as repeat_rate
        from dataset_diag order by error_rate desc, dataset
    """)


def run_rates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Calls per minute and requests per run, oldest first."""
    return _df(con, """
        select run_id, started_at, status, calls, calls_per_minute, requests, elapsed_seconds
        from runs order by started_at
    """)

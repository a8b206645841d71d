"""Run and dataset summaries, computed on demand from ops (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ingestion.catalogue import DatasetSpec
from ingestion.errors import SbfError
from ingestion.plan import IdentityState, next_due_date
from sbf_calendar import trading_days


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[Any, ...]]


def _table(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Table:
    result = con.execute(sql, params or [])
    return Table([d[0] for d in result.description], result.fetchall())


OUTSIDE_RUNS = "dbt build (outside sbf run)"


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> Table:
    """The latest runs, plus what dbt promoted outside any run (`make build`, `dbt build` by hand).

    A dbt build outside `sbf run` stamps ops rows but has no ops.runs row: its promotions (silver
    or gold stamps that fall in no run's time span) are shown as one pseudo-row per UTC day, with
    the rows created and updated in silver and gold and the time of the first stamp that day.
    """
    return _table(con, f"select * exclude (started_at) from ({RUNS_LIST_SQL}) order by started_at desc limit ?",
                  [limit])


def list_runs_snapshot(con: duckdb.DuckDBPyConnection, limit: int = 20) -> Table:
    """list_runs from the ops snapshot (ingestion/snapshot.py), for when a run holds the warehouse."""
    return _table(con, "select * exclude (started_at) from runs_list order by started_at desc limit ?", [limit])


# The rows of `sbf runs`, newest first when ordered by started_at (kept as a column for that).
RUNS_LIST_SQL = f"""
        with run_spans as (
            select started_at, coalesce(finished_at, now()) as finished_at from ops.runs
        ),
        stamps as (
            select 'silver' as layer, f.silver_ingest_start_time as started, f.silver_ingest_end_time as ended,
                   coalesce(f.silver_rows_created, 0) + coalesce(f.silver_rows_updated, 0) as rows
            from ops.file_ingestions as f
            where f.silver_ingest_end_time is not null
              and not exists (select 1 from run_spans as r
                              where f.silver_ingest_end_time between r.started_at and r.finished_at)
            union all
            select 'gold', f.gold_ingest_start_time, f.gold_ingest_end_time,
                   coalesce(f.gold_rows_created, 0) + coalesce(f.gold_rows_updated, 0)
            from ops.file_ingestions as f
            where f.gold_ingest_end_time is not null
              and not exists (select 1 from run_spans as r
                              where f.gold_ingest_end_time between r.started_at and r.finished_at)
        ),
        outside as (
            select '-' as run_id, '{OUTSIDE_RUNS}' as command, 'promoted' as status,
                   cast(timezone('UTC', min(coalesce(started, ended))) as date) as as_of,
                   min(coalesce(started, ended)) as started_at, cast(null as double) as seconds,
                   cast(null as integer) as requests, cast(null as integer) as ok, cast(null as integer) as empty,
                   cast(null as integer) as failed, cast(null as integer) as too_soon,
                   sum(rows) filter (where layer = 'silver') as silver_rows,
                   sum(rows) filter (where layer = 'gold') as gold_rows
            from stamps
            group by cast(timezone('UTC', ended) as date)
        ),
        runs as (
            select run_id, command, status, as_of_date as as_of, started_at, round(elapsed_seconds, 1) as seconds,
                   requests, files_ok as ok, files_empty as empty, files_failed as failed,
                   skipped_too_soon as too_soon, silver_rows, gold_rows
            from ops.runs
            union all
            select * from outside
        )
        select run_id, command, status, as_of, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started, seconds,
               requests, ok, empty, failed, too_soon, coalesce(silver_rows, 0) as silver_rows,
               coalesce(gold_rows, 0) as gold_rows, started_at
        from runs
"""


@dataclass(frozen=True)
class RunDetail:
    run: dict[str, Any]
    bronze: Table
    silver: Table
    gold: Table
    errors: Table


def _run_row(con: duckdb.DuckDBPyConnection, table: str, run_id: str, where: str) -> dict[str, Any]:
    """The run's row of `table` (ops.runs, or the snapshot's runs) as a dict; a clear error if absent."""
    found = con.execute(f"select * from {table} where run_id = ?", [run_id])
    columns = [d[0] for d in found.description]
    row = found.fetchone()
    if row is None:
        raise SbfError(f"no run {run_id!r} in {where} (see `sbf runs`)")
    return dict(zip(columns, row))


def show_run(con: duckdb.DuckDBPyConnection, run_id: str) -> RunDetail:
    run = _run_row(con, "ops.runs", run_id, "ops.runs")
    bronze = _table(
        con,
        """
        select dataset, discriminator, count(*) as files, count(*) filter (where bronze_can_promote) as ok,
               count(*) filter (where bronze_error is null and not bronze_can_promote) as empty,
               count(*) filter (where bronze_error is not null) as failed, sum(bronze_rows) as rows,
               min(bronze_from_date) as from_date, max(bronze_to_date) as to_date,
               count(*) filter (where bronze_truncated) as truncated
        from ops.file_ingestions where run_id = ? group by all order by all
        """,
        [run_id],
    )
    # Silver and gold sections: what this run's files became (whenever they were promoted).
    silver = _table(
        con,
        """
        select silver_tablename as table_name, count(*) as files, sum(silver_rows_created) as created,
               sum(silver_rows_updated) as updated, sum(silver_rows_failed) as failed,
               min(silver_from_date) as from_date, max(silver_to_date) as to_date
        from ops.file_ingestions where run_id = ? and silver_tablename is not null group by all order by all
        """,
        [run_id],
    )
    gold = _table(
        con,
        """
        select gold_tablename as table_name, gold_object_type as type, count(*) as files,
               sum(gold_rows_created) as created, sum(gold_rows_updated) as updated
        from ops.file_ingestions where run_id = ? and gold_tablename is not null group by all order by all
        """,
        [run_id],
    )
    errors = _table(
        con,
        """
        select dataset, discriminator, ticker, file_id,
               coalesce(bronze_error, silver_errors, gold_errors) as error
        from ops.file_ingestions
        where run_id = ? and coalesce(bronze_error, silver_errors, gold_errors) is not null
        order by dataset, ticker
        """,
        [run_id],
    )
    return RunDetail(run, bronze, silver, gold, errors)


def show_run_snapshot(con: duckdb.DuckDBPyConnection, run_id: str) -> RunDetail:
    """show_run from the ops snapshot: the same sections, from its per-run aggregates."""
    run = _run_row(con, "runs", run_id, "the ops snapshot")
    bronze = _table(con, """
        select dataset, discriminator, files, ok, empty, failed, rows, from_date, to_date, truncated
        from run_datasets where run_id = ? order by all""", [run_id])
    silver = _table(con, """
        select table_name, files, created, updated, failed, from_date, to_date
        from run_models where run_id = ? and layer = 'silver' order by all""", [run_id])
    gold = _table(con, """
        select table_name, object_type as type, files, created, updated
        from run_models where run_id = ? and layer = 'gold' order by all""", [run_id])
    errors = _table(con, """
        select dataset, discriminator, ticker, file_id, error
        from run_errors where run_id = ? order by dataset, ticker""", [run_id])
    return RunDetail(run, bronze, silver, gold, errors)


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()[0])


def dataset_rollup(detail: Table) -> Table:
    """One line per dataset from the per-ticker detail of dataset_coverage: how many tickers, files and
    errors, the first and last date held, the latest success, the earliest next due date, and the
    missing trading days summed over its tickers."""
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for row in detail.rows:
        groups.setdefault(row[0], []).append(row)

    def smallest(values):
        present = [v for v in values if v is not None]
        return min(present) if present else None

    def largest(values):
        present = [v for v in values if v is not None]
        return max(present) if present else None

    rows = []
    for name, items in groups.items():
        missing = [r[8] for r in items if r[8] is not None]
        rows.append((
            name, sum(1 for r in items if r[1]), smallest(r[2] for r in items), largest(r[3] for r in items),
            sum(r[4] for r in items), sum(r[5] for r in items), largest(r[6] for r in items),
            smallest(r[7] for r in items), sum(missing) if missing else None,
        ))
    headers = ["dataset", "tickers", "first_date", "last_date", "files", "errors", "last_success", "next_due",
               "missing_trading_days"]
    return Table(headers, rows)


def dataset_coverage(con: duckdb.DuckDBPyConnection, specs: list[DatasetSpec], as_of: date,
                     ticker: str | None = None, dataset: str | None = None) -> Table:
    """Per dataset and ticker: dates, files, errors, last success, next due, missing trading days.

    `ticker` / `dataset` (a dataset name, or name/discriminator) keep only those rows.

    Missing trading days are counted for daily market series (dated, cadence 1 day): NYSE trading
    days between the first and last date that silver does not have. A gap inside the span is what
    a date span alone would hide.
    """
    stats = con.execute(
        """
        select dataset, discriminator, ticker,
               min(bronze_from_date) filter (where bronze_can_promote) as first_date,
               max(bronze_to_date) filter (where bronze_can_promote) as last_date,
               count(*) as files, count(*) filter (where bronze_error is not null) as errors,
               max(as_of_date) filter (where bronze_error is null) as last_fetch,
               max(as_of_date) filter (where bronze_can_promote) as last_success
        from ops.file_ingestions
        where (? is null or ticker = ?) and (? is null or dataset = ? or dataset || '/' || discriminator = ?)
        group by all order by all
        """,
        [ticker, ticker, dataset, dataset, dataset],
    ).fetchall()
    dates_cache: dict[str, dict[str, list[date]] | None] = {}

    def missing_days(spec: DatasetSpec, ticker: str, first: date, last: date) -> int | None:
        known = _silver_dates(con, spec, dates_cache)
        if known is None:
            return None
        have = set(known.get(ticker, []))
        return sum(1 for d in trading_days(first, last) if d not in have)

    return _coverage_table(stats, specs, as_of, missing_days)


def dataset_coverage_snapshot(con: duckdb.DuckDBPyConnection, specs: list[DatasetSpec], as_of: date,
                              ticker: str | None = None, dataset: str | None = None) -> Table:
    """dataset_coverage from the ops snapshot: its per-identity aggregates and its coverage by month."""
    stats = con.execute(
        """
        select dataset, discriminator, ticker, first_date, last_date, files, errors, last_fetch, last_success
        from identity_stats
        where (? is null or ticker = ?) and (? is null or dataset = ? or dataset || '/' || discriminator = ?)
        order by all
        """,
        [ticker, ticker, dataset, dataset, dataset],
    ).fetchall()
    missing = {(name, t): int(m) for name, t, m in con.execute(
        "select dataset, ticker, sum(expected - held) from coverage group by all").fetchall()}
    return _coverage_table(stats, specs, as_of, lambda spec, t, first, last: missing.get((spec.name, t)))


def _coverage_table(stats: list[tuple[Any, ...]], specs: list[DatasetSpec], as_of: date, missing_days) -> Table:
    by_identity = {(d, disc): spec for spec in specs for d, disc in [(spec.dataset, spec.discriminator)]}
    rows = []
    for dataset, disc, ticker, first, last, files, errors, last_fetch, last_success in stats:
        spec = by_identity.get((dataset, disc))
        if spec is None:
            continue
        due = next_due_date(IdentityState(last_fetch, None), spec.cadence_days) or as_of
        missing: int | None = None
        if spec.dated and spec.cadence_days == 1 and first and last:
            missing = missing_days(spec, ticker, first, last)
        rows.append((spec.name, ticker, first, last, files, errors, last_success, max(due, as_of), missing))
    headers = ["dataset", "ticker", "first_date", "last_date", "files", "errors", "last_success", "next_due", "missing_trading_days"]
    return Table(headers, rows)


def _silver_dates(
    con: duckdb.DuckDBPyConnection, spec: DatasetSpec, cache: dict[str, dict[str, list[date]] | None]
) -> dict[str, list[date]] | None:
    """Distinct row dates per ticker ('' for global datasets) in the dataset's silver table (None: unknown)."""
    if spec.silver_model in cache:
        return cache[spec.silver_model]
    dates: dict[str, list[date]] | None = None
    if _table_exists(con, "silver", spec.silver_model):
        dates = {}
        ticker_expr = "symbol" if spec.per_ticker else "''"
        try:
            found = con.execute(
                f'select distinct {ticker_expr}, cast("{spec.row_date_field}" as date) from silver."{spec.silver_model}"'
            ).fetchall()
        except duckdb.BinderException:  # silver names the date column differently: no gap count
            found, dates = [], None
        for ticker, day in found:
            dates.setdefault(ticker, []).append(day)  # type: ignore[union-attr]
    cache[spec.silver_model] = dates
    return dates


def catalogue_table(specs: list[DatasetSpec]) -> Table:
    rows = [
        (s.name, s.source, s.scope, s.cadence_days, ",".join(s.plans), f"silver.{s.silver_model}", s.window_days or "")
        for s in specs
    ]
    return Table(["dataset", "source", "scope", "cadence_days", "plans", "silver_table", "window_days"], rows)



"""Run and dataset summaries, computed on demand from ops (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ingestion.catalogue import DatasetSpec
from ingestion.errors import SbfError
from ingestion.plan import IdentityState, next_due_date
from ingestion.trading_calendar import trading_days


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[Any, ...]]


def _table(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Table:
    result = con.execute(sql, params or [])
    return Table([d[0] for d in result.description], result.fetchall())


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> Table:
    return _table(
        con,
        """
        select run_id, command, status, as_of_date as as_of, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started,
               round(elapsed_seconds, 1) as seconds, requests, files_ok as ok, files_empty as empty,
               files_failed as failed, skipped_too_soon as too_soon, silver_rows, gold_rows
        from ops.runs order by started_at desc limit ?
        """,
        [limit],
    )


@dataclass(frozen=True)
class RunDetail:
    run: dict[str, Any]
    bronze: Table
    silver: Table
    gold: Table
    errors: Table


def show_run(con: duckdb.DuckDBPyConnection, run_id: str) -> RunDetail:
    found = con.execute("select * from ops.runs where run_id = ?", [run_id])
    columns = [d[0] for d in found.description]
    row = found.fetchone()
    if row is None:
        raise SbfError(f"no run {run_id!r} in ops.runs (see `sbf runs`)")
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
    return RunDetail(dict(zip(columns, row)), bronze, silver, gold, errors)


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()[0])


def dataset_coverage(con: duckdb.DuckDBPyConnection, specs: list[DatasetSpec], as_of: date) -> Table:
    """Per dataset and ticker: dates, files, errors, last success, next due, missing trading days.

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
        from ops.file_ingestions group by all order by all
        """
    ).fetchall()
    by_identity = {(d, disc): spec for spec in specs for d, disc in [(spec.dataset, spec.discriminator)]}
    dates_cache: dict[str, dict[str, list[date]] | None] = {}
    rows = []
    for dataset, disc, ticker, first, last, files, errors, last_fetch, last_success in stats:
        spec = by_identity.get((dataset, disc))
        if spec is None:
            continue
        due = next_due_date(IdentityState(last_fetch, None), spec.cadence_days) or as_of
        missing: int | None = None
        if spec.dated and spec.cadence_days == 1 and first and last:
            known = _silver_dates(con, spec, dates_cache)
            if known is not None:
                have = set(known.get(ticker, []))
                missing = sum(1 for d in trading_days(first, last) if d not in have)
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



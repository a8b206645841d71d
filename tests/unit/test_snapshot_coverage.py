"""The snapshot's coverage is carried over from the previous snapshot for identities whose ledger basis
did not move, and recomputed for the others: the result equals a coverage computed in full.

A real DuckDB warehouse (ops from the migrations, a silver price table of our own rows), real
snapshot files; no dbt: what is tested is the publish, given a ledger and silver as dbt leaves them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from ingestion import snapshot
from ingestion.warehouse import connect, create
from sbf_calendar import trading_days

DATASET = "historical-price-eod-full"
FIRST, LAST = date(2026, 1, 2), date(2026, 3, 31)
TICKERS = ["AAA", "BBB", "CCC"]


@pytest.fixture()
def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    create(tmp_path / "warehouse.duckdb")
    con = connect(tmp_path / "warehouse.duckdb")
    con.execute("create schema silver")
    con.execute("create table silver.historical_price_eod_full (symbol varchar, date date, close double)")
    stamped = datetime(2026, 4, 1, tzinfo=timezone.utc)
    for n, ticker in enumerate(TICKERS):
        con.execute(
            "insert into ops.file_ingestions (file_id, run_id, domain, source, endpoint, attempts, dataset, discriminator, ticker, as_of_date, "
            "bronze_can_promote, bronze_from_date, bronze_to_date, bronze_ingest_start_time, silver_ingest_end_time) "
            "values (?, 'run1', 'technicals', 'fmp', 'historical-price-eod/full', 1, ?, '', ?, ?, true, ?, ?, ?, ?)",
            [f"f{n}", DATASET, ticker, LAST, FIRST, LAST, stamped, stamped])
        con.executemany("insert into silver.historical_price_eod_full values (?, ?, 1.0)",
                        [[ticker, day] for day in trading_days(FIRST, LAST)])
    yield con
    con.close()


def _publish(con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[tuple]:
    path = snapshot.publish(con, data_dir, None, "test")
    reader = duckdb.connect(str(path), read_only=True)
    try:
        return reader.execute("select ticker, month, expected, held from coverage order by all").fetchall()
    finally:
        reader.close()


def _held(rows: list[tuple], ticker: str) -> int:
    return sum(held for t, _, _, held in rows if t == ticker)


def test_unchanged_identities_are_carried_and_changed_ones_recomputed(warehouse, tmp_path):
    first = _publish(warehouse, tmp_path)
    days = len(trading_days(FIRST, LAST))
    assert {t: _held(first, t) for t in TICKERS} == {t: days for t in TICKERS}

    # Silver rows gone without a promotion's stamp: the basis did not move, so the coverage is carried
    # (this is what proves the carry-over: a full recompute would see the gap).
    warehouse.execute("delete from silver.historical_price_eod_full where symbol = 'AAA' and date = ?",
                      [FIRST + timedelta(days=5)])
    carried = _publish(warehouse, tmp_path)
    assert carried == first

    # A promotion restamps BBB's file and drops a day of it: BBB is recomputed, AAA still carried.
    warehouse.execute("delete from silver.historical_price_eod_full where symbol = 'BBB' and date = ?",
                      [FIRST + timedelta(days=5)])
    warehouse.execute("update ops.file_ingestions set silver_ingest_end_time = silver_ingest_end_time + interval 1 hour "
                      "where ticker = 'BBB'")
    # A new file extends CCC's span by a week, with its days in silver.
    later = LAST + timedelta(days=7)
    warehouse.execute(
        "insert into ops.file_ingestions (file_id, run_id, domain, source, endpoint, attempts, dataset, discriminator, ticker, as_of_date, "
        "bronze_can_promote, bronze_from_date, bronze_to_date, bronze_ingest_start_time, silver_ingest_end_time) "
        "values ('f9', 'run2', 'technicals', 'fmp', 'historical-price-eod/full', 1, ?, '', 'CCC', ?, true, ?, ?, now(), now())",
        [DATASET, later, LAST + timedelta(days=1), later])
    warehouse.executemany("insert into silver.historical_price_eod_full values ('CCC', ?, 1.0)",
                          [[day] for day in trading_days(LAST + timedelta(days=1), later)])
    now = _publish(warehouse, tmp_path)
    assert _held(now, "AAA") == days
    assert _held(now, "BBB") == days - 1
    assert _held(now, "CCC") == len(trading_days(FIRST, later))

    # Computed in full (no previous snapshot), only AAA differs: its unstamped deletion.
    snapshot.snapshot_path(tmp_path).unlink()
    full = _publish(warehouse, tmp_path)
    assert [r for r in full if r[0] != "AAA"] == [r for r in now if r[0] != "AAA"]
    assert _held(full, "AAA") == days - 1


def test_a_previous_snapshot_without_a_basis_means_a_full_computation(warehouse, tmp_path):
    _publish(warehouse, tmp_path)
    path = snapshot.snapshot_path(tmp_path)
    old = duckdb.connect(str(path))
    try:
        old.execute("drop table coverage_basis")
        old.execute("update coverage set held = 0")
    finally:
        old.close()
    rows = _publish(warehouse, tmp_path)
    assert _held(rows, "AAA") == len(trading_days(FIRST, LAST))

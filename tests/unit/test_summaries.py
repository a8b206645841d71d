"""sbf runs / sbf datasets summaries and the end-of-run checks, on a migrated DuckDB with ops rows."""

from datetime import date, datetime, timedelta, timezone

import duckdb
import pytest

from ingestion import ops
from ingestion.migrations import migrate
from ingestion.summaries import OUTSIDE_RUNS, Table, dataset_rollup, list_runs

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    yield con
    con.close()


def _file(con, file_id, run_id, ticker, *, rows=1, error=None, silver_at=None, gold_at=None):
    con.execute(
        """
        insert into ops.file_ingestions (file_id, run_id, domain, source, dataset, discriminator, ticker, as_of_date,
            endpoint, bronze_filename, bronze_rows, bronze_error, bronze_can_promote, bronze_ingest_start_time,
            silver_ingest_start_time, silver_ingest_end_time, silver_rows_created, silver_rows_updated,
            gold_ingest_start_time, gold_ingest_end_time, gold_rows_created, gold_rows_updated)
        values (?, ?, 'market', 'fmp', 'historical-price-eod-full', '', ?, ?, 'p', ?, ?, ?, ?, ?, ?, ?, 3, 1, ?, ?, 2, 0)
        """,
        [file_id, run_id, ticker, T0.date(), f"bronze/x/{file_id}.json", rows, error, error is None and rows > 0, T0,
         silver_at, silver_at, gold_at, gold_at],
    )


def test_runs_show_promotions_by_a_dbt_build_outside_sbf_run(con):
    ops.start_run(con, "R1", "ingest", {}, T0.date(), T0)
    ops.finish_run(con, "R1", "success", ops.RunCounts(requests=2), T0 + timedelta(seconds=30), 30.0)
    # fetched by `sbf ingest`, promoted later by `make build` (no run of its own)
    later = T0 + timedelta(hours=1)
    _file(con, "F1", "R1", "AAPL", silver_at=later, gold_at=later + timedelta(seconds=5))
    _file(con, "F2", "R1", "MSFT", silver_at=later, gold_at=later + timedelta(seconds=5))
    table = list_runs(con)
    rows = [dict(zip(table.headers, r)) for r in table.rows]
    assert [r["command"] for r in rows] == [OUTSIDE_RUNS, "ingest"]
    outside = rows[0]
    assert (outside["run_id"], outside["status"], outside["as_of"]) == ("-", "promoted", date(2026, 11, 20))
    assert (outside["silver_rows"], outside["gold_rows"]) == (8, 4)
    assert outside["started"] == "2026-11-20 11:00:00"
    assert (rows[1]["silver_rows"], rows[1]["gold_rows"]) == (0, 0)


def test_promotions_inside_a_run_are_the_run_s(con):
    ops.start_run(con, "R1", "run", {}, T0.date(), T0)
    _file(con, "F1", "R1", "AAPL", silver_at=T0 + timedelta(seconds=10), gold_at=T0 + timedelta(seconds=12))
    ops.finish_run(con, "R1", "success", ops.RunCounts(requests=1), T0 + timedelta(seconds=30), 30.0,
                   stages={"silver_rows": 4, "gold_rows": 2})
    assert [r[1] for r in list_runs(con).rows] == ["run"]


def test_tickers_whose_every_file_was_empty(con):
    _file(con, "F1", "R1", "ZZZZ", rows=0)
    _file(con, "F2", "R1", "ZZZZ", rows=0)
    _file(con, "F3", "R1", "AAPL", rows=0)
    _file(con, "F4", "R1", "AAPL", rows=10)
    _file(con, "F5", "R1", "BAD", rows=0, error="HTTP 500: x")
    _file(con, "F6", "R2", "QQQQ", rows=0)
    assert ops.tickers_only_empty(con, "R1") == ["ZZZZ"]


def test_dataset_rollup_is_one_line_per_dataset():
    d = date
    detail = Table(
        ["dataset", "ticker", "first_date", "last_date", "files", "errors", "last_success", "next_due", "missing"],
        [("prices", "AAPL", d(2020, 1, 2), d(2026, 1, 2), 2, 0, d(2026, 1, 2), d(2026, 1, 3), 0),
         ("prices", "MSFT", d(2019, 1, 2), d(2026, 1, 5), 3, 1, d(2026, 1, 5), d(2026, 1, 6), 2),
         ("stock-list", "", None, None, 1, 0, d(2026, 1, 5), d(2026, 1, 6), None)],
    )
    rolled = dataset_rollup(detail)
    assert rolled.rows == [
        ("prices", 2, d(2019, 1, 2), d(2026, 1, 5), 5, 1, d(2026, 1, 5), d(2026, 1, 3), 2),
        ("stock-list", 0, None, None, 1, 0, d(2026, 1, 5), d(2026, 1, 6), None),
    ]


def _run(con, run_id: str, started_at: datetime, status: str) -> None:
    con.execute("insert into ops.runs (run_id, command, arguments, as_of_date, started_at, status) "
                "values (?, 'run', '{}', ?, ?, ?)", [run_id, started_at.date(), started_at, status])


def test_untested_since_is_the_first_run_after_the_last_that_passed_its_tests(con):
    assert ops.untested_since(con) is None
    _run(con, "r1", T0, "running")
    assert ops.untested_since(con) == T0  # the first run tests all it loads
    con.execute("update ops.runs set status = 'success' where run_id = 'r1'")
    _run(con, "r2", T0 + timedelta(days=1), "failed")  # its rows were never tested...
    _run(con, "r3", T0 + timedelta(days=2), "running")
    assert ops.untested_since(con) == T0 + timedelta(days=1)  # ...so the next run tests them too
    con.execute("update ops.runs set status = 'partial' where run_id = 'r3'")  # partial: its tests passed
    _run(con, "r4", T0 + timedelta(days=3), "running")
    assert ops.untested_since(con) == T0 + timedelta(days=3)

"""Promotion overlapping fetching: the ledger holds still under a promotion, nothing is lost, and
fetching never waits. Real DuckDB; the promotion jobs are plain functions (dbt is not needed to show
the ordering), gated by events so the interleaving is decided by the test, not by timing."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import duckdb
import pytest

from ingestion.migrations import migrate
from ingestion.promotion import LedgerGate, Promoter


def file_row(file_id: str, dataset: str = "historical-price-eod-full", ticker: str = "AAPL") -> dict:
    now = datetime(2026, 12, 4, tzinfo=timezone.utc)
    return {
        "file_id": file_id, "run_id": "run-1", "domain": "market", "source": "fmp", "dataset": dataset,
        "discriminator": "", "ticker": ticker, "as_of_date": date(2026, 12, 4), "endpoint": "x",
        "request_params": {}, "http_status": 200, "attempts": 1, "calls": 1, "elapsed_ms": 1.0,
        "bronze_filename": f"bronze/{file_id}.json", "bronze_payload_hash": "h", "bronze_bytes": 1,
        "bronze_rows": 1, "bronze_from_date": None, "bronze_to_date": None, "bronze_error": None,
        "bronze_ingest_start_time": now, "bronze_ingest_end_time": now, "bronze_can_promote": True,
        "bronze_truncated": False,
    }


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    migrate(con)
    yield con
    con.close()


def ledger_ids(con) -> set[str]:
    return {r[0] for r in con.execute("select file_id from ops.file_ingestions").fetchall()}


def test_rows_recorded_during_a_promotion_appear_only_when_it_ends(con):
    gate = LedgerGate(con)
    promoter = Promoter(gate)
    gate.record([file_row("f1")])
    inside = threading.Event()
    release = threading.Event()
    seen_by_promotion: list[set[str]] = []

    def promotion() -> None:
        reader = con.cursor()
        seen_by_promotion.append(ledger_ids(reader))
        inside.set()
        release.wait(10)
        seen_by_promotion.append(ledger_ids(reader))  # the ledger held still all along
        reader.close()

    promoter.start(promotion, "p1")
    assert inside.wait(10)
    gate.record([file_row("f2"), file_row("f3")])  # fetched meanwhile: held, not lost
    assert promoter.busy and gate.held == 2
    assert ledger_ids(con) == {"f1"}
    release.set()
    promoter.wait()
    assert seen_by_promotion == [{"f1"}, {"f1"}]
    assert ledger_ids(con) == {"f1", "f2", "f3"} and gate.held == 0
    gate.close()


def test_a_failed_promotion_still_writes_the_held_rows_and_stops_the_run(con):
    gate = LedgerGate(con)
    promoter = Promoter(gate)
    started = threading.Event()
    release = threading.Event()

    def failing() -> None:
        started.set()
        release.wait(10)
        raise RuntimeError("model fct_x failed")

    promoter.start(failing, "p1")
    assert started.wait(10)
    gate.record([file_row("f1")])
    release.set()
    with pytest.raises(RuntimeError, match="fct_x"):
        promoter.wait()
    assert ledger_ids(con) == {"f1"}  # the next run promotes it
    gate.close()


def test_the_universe_fetched_during_a_promotion_is_known_at_once(con):
    gate = LedgerGate(con)
    promoter = Promoter(gate)
    release = threading.Event()
    promoter.start(lambda: release.wait(10), "parse")
    gate.record([file_row("stock-list-1", dataset="stock-list", ticker="")])
    assert ledger_ids(con) == set()
    assert gate.latest_promotable_file("stock-list") == "bronze/stock-list-1.json"
    release.set()
    promoter.wait()
    assert gate.latest_promotable_file("stock-list") == "bronze/stock-list-1.json"
    gate.close()


def test_queue_hands_over_only_when_idle_and_batches_what_accumulated(con):
    from ingestion.pipeline import PromotionQueue

    gate = LedgerGate(con)
    promoter = Promoter(gate)
    release = threading.Event()
    batches: list[tuple[list[str], set[str] | None]] = []

    def make_job(specs, later):
        def job() -> None:
            batches.append(([s for s in specs], later))
            release.wait(10)
        return job

    queue = PromotionQueue(promoter, make_job)
    queue.add(["global"], {"prices"})
    queue.offer()  # idle: starts at once, with the global batch's `later`
    queue.add(["chunk1"])
    queue.offer()  # busy: fetching goes on, nothing waits
    queue.add(["chunk2"])
    queue.offer()
    assert promoter.busy and len(batches) == 1
    release.set()
    queue.drain()  # the rest, as one promotion
    assert batches == [(["global"], {"prices"}), (["chunk1", "chunk2"], None)]
    gate.close()

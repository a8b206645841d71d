"""Benchmark: the dashboard's page queries, and the snapshot publish, on a given data dir.

The target (issue "Ops dashboard"): every page renders in under 2 s on a 1,000-ticker warehouse.
This times, per page: its queries alone (opening the ops snapshot and every query the page makes,
ingestion/ui/queries.py), and the whole page script as Streamlit runs it on the server
(streamlit.testing's AppTest: queries, charts and tables built and serialised; the browser's paint
is not included). Plus one publish of the snapshot from the warehouse (what a run adds after each
promotion). Prints figures only; no assertion.

    .venv/bin/python tests/bench/bench_ui.py [--data-dir DIR] [--repeat 3]

Without --data-dir: $SBF_DATA_DIR or the repository's data/ (skipped when it has no warehouse).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from ingestion.catalogue import load_catalogue  # noqa: E402
from ingestion.errors import WarehouseLockedError  # noqa: E402
from ingestion.snapshot import open_snapshot, publish_from_warehouse  # noqa: E402
from ingestion.ui import queries as q  # noqa: E402


def pages(specs):
    """Each page's queries, as the page makes them (first run / dataset / ticker selected)."""
    def runs(con):
        q.run_calendar(con)
        q.runs(con)

    def run_detail(con):
        run_id = q.runs(con)["run_id"].iloc[0]
        q.run_header(con, run_id)
        if q.run_has_files(con, run_id):
            q.run_bronze_files(con, run_id)
        q.run_bronze_datasets(con, run_id)
        q.run_silver(con, run_id)
        q.run_gold(con, run_id)
        q.run_errors(con, run_id)

    def datasets(con):
        q.datasets(con, specs, date.today())
        daily = q.coverage_datasets(con)
        if daily:
            q.coverage(con, daily[0])
        tickers = q.tickers(con)
        if tickers:
            q.ticker_detail(con, tickers[0], specs)
            q.coverage(con, ticker=tickers[0])

    def diagnostics(con):
        q.dataset_diagnostics(con)
        q.run_rates(con)

    return {"Runs": runs, "Run detail": run_detail, "Datasets": datasets, "Diagnostics": diagnostics}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path,
                        default=Path(os.environ.get("SBF_DATA_DIR") or REPO / "data"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    warehouse = data_dir / "warehouse.duckdb"
    if not warehouse.exists():
        print(f"skipped: no warehouse in {data_dir} (pass --data-dir, e.g. after a 1,000-ticker demo run)")
        return 0
    try:
        started = time.perf_counter()
        publish_from_warehouse(warehouse, data_dir)
        print(f"publish snapshot from the warehouse: {time.perf_counter() - started:.3f} s")
    except WarehouseLockedError as exc:
        print(f"publish skipped ({exc}); timing the snapshot as it is")
    specs = load_catalogue()
    con = open_snapshot(data_dir)
    tickers = con.execute("select count(distinct ticker) from identity_stats").fetchone()[0]
    files = con.execute("select sum(files) from run_datasets").fetchone()[0]
    con.close()
    print(f"warehouse: {tickers} tickers, {files} files in the ledger; snapshot "
          f"{(data_dir / 'ops_snapshot.duckdb').stat().st_size / 1e6:.1f} MB")
    for name, page in pages(specs).items():
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            con = open_snapshot(data_dir)
            try:
                page(con)
            finally:
                con.close()
            best = min(best, time.perf_counter() - started)
        print(f"page {name:<12} queries: {best:.3f} s (best of {args.repeat})")
    os.environ["SBF_DATA_DIR"] = str(data_dir)
    # AppTest runs the script outside a server; Streamlit warns about that on every element.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from streamlit.testing.v1 import AppTest

    app = REPO / "ingestion" / "ui" / "app.py"
    for name in pages(specs):
        best = float("inf")
        for _ in range(args.repeat):
            at = AppTest.from_file(str(app), default_timeout=120)
            at.query_params["page"] = name
            started = time.perf_counter()
            at.run()
            best = min(best, time.perf_counter() - started)
            if at.exception:
                print(f"page {name}: the script failed: {[e.value for e in at.exception]}")
                return 1
        verdict = "PASS" if best < 2 else "MISS"
        print(f"page {name:<12} rendered by Streamlit: {best:.3f} s (best of {args.repeat}; target < 2 s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

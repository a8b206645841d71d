"""Benchmark: the cost of promoting after every chunk (issue 3).

Two real `sbf run`s of the stock datasets against the built-in demo API with a 200-ticker universe
(25 companies plus 175 synthetic ones): one in chunks of 10 (20 promotions), one in a single chunk of 200 (one promotion at
the end). Prints the time each spent in dbt and in total, and the ratio (target: chunked dbt time
<= 2x the single promotion's).

    .venv/bin/python tests/bench/bench_chunked_promotion.py [--tickers 200] [--chunk-size 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
# The datasets of the stock universe (prices, market caps, statements, profiles): the other
# universes (crypto, FX...) would add chunks of their own to both runs.
DATASETS = "stock-list,company-profile,historical-price-eod-full,historical-market-capitalization,income-statement"


def run(data_dir: Path, tickers: int, chunk_size: int) -> tuple[float, float, float, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FMP_", "SBF_"))}
    env.update(SBF_DATA_DIR=str(data_dir), SBF_DEMO_EXTRA_TICKERS=str(max(0, tickers - 25)),
               DBT_TARGET_PATH=str(data_dir.parent / "target"), DBT_LOG_PATH=str(data_dir.parent / "logs"))
    proc = subprocess.run([sys.executable, "-m", "ingestion", "run", "--ticker-limit", str(tickers),
                           "--chunk-size", str(chunk_size), "--datasets", DATASETS],
                          env=env, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"sbf run failed:\n{proc.stderr[-3000:]}")
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        dbt_s, fetch_s, total_s, chunks = con.execute(
            "select dbt_seconds, fetch_seconds, elapsed_seconds, chunks from ops.runs").fetchone()
    finally:
        con.close()
    return dbt_s, fetch_s, total_s, chunks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickers", type=int, default=200)
    parser.add_argument("--chunk-size", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sbf-bench-chunks-"))
    single = run(work / "single" / "data", args.tickers, args.tickers)
    chunked = run(work / "chunked" / "data", args.tickers, args.chunk_size)
    for label, (dbt_s, fetch_s, total_s, chunks) in (("single promotion", single), ("chunked", chunked)):
        print(f"{label:16s}: {chunks:3d} chunk(s) | dbt {dbt_s:7.1f} s | fetch {fetch_s:6.1f} s | total {total_s:7.1f} s")
    ratio = chunked[0] / single[0]
    print(f"dbt time, chunked / single: {ratio:.2f} (target <= 2.0); total time ratio: {chunked[2] / single[2]:.2f}")
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())

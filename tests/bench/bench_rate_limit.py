"""Benchmark: sustained request rate under a per-minute limit (issue 4).

A real `sbf ingest` against the demo API with 100 ms latency and a 600/min limit (429 "Limit Reach"
past 600 requests in any 60 s). The catalogue is the shipped one with daily prices cut into 1-day
windows, so 25 tickers x 80 days make about 2,000 requests. Prints the sustained rate, its ratio to
the limit (target >= 0.95) and the number of 429s the server sent (target 0).

    .venv/bin/python tests/bench/bench_rate_limit.py [--days 80] [--limit 600] [--latency-ms 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from ingestion.catalogue import CATALOGUE_PATH  # noqa: E402
from ingestion.demo_api import DemoApiServer, DemoSettings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=80)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--latency-ms", type=int, default=100)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sbf-bench-rate-"))
    document = yaml.safe_load(CATALOGUE_PATH.read_text())
    prices = [d for d in document["datasets"] if d["dataset"] == "historical-price-eod-full"]
    for entry in prices:
        entry["window_days"] = 1
    (work / "catalogue.yml").write_text(yaml.safe_dump({"datasets": prices}))
    as_of = date.today()
    settings = DemoSettings(as_of=as_of, latency_ms=args.latency_ms, rate_limit_per_minute=args.limit)
    with DemoApiServer(settings) as server:
        env = dict(os.environ, FMP_API_KEY="bench", FMP_BASE_URL=server.base_url, FMP_PLAN="ultimate",
                   FMP_CALLS_PER_MINUTE=str(args.limit), SBF_DATA_DIR=str(work / "data"),
                   SBF_CATALOGUE=str(work / "catalogue.yml"), SBF_START_DATE=str(as_of - timedelta(days=args.days - 1)))
        tickers = "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA,JNJ,PFE,UNH,XOM,CVX,KO,CAT,MCD,IBM,UBER,SHEL,IMO,BTG"
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "ingestion", "ingest", "--tickers", tickers], env=env, cwd=REPO,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        rejected = server.rejected_429
    if proc.returncode not in (0, 1):
        print(proc.stderr[-3000:])
        return proc.returncode
    con = duckdb.connect(str(work / "data" / "warehouse.duckdb"), read_only=True)
    calls, per_minute, fetch_s = con.execute("select calls, calls_per_minute, fetch_seconds from ops.runs").fetchone()
    con.close()
    print(f"requests (calls incl. retries): {calls}")
    print(f"fetch time: {fetch_s:.1f} s (wall {wall:.1f} s)")
    print(f"sustained rate: {per_minute:.1f} calls/min against a limit of {args.limit}/min "
          f"-> ratio {per_minute / args.limit:.3f} (target >= 0.95)")
    print(f"429 answers from the server: {rejected} (target 0)")
    return 0 if per_minute / args.limit >= 0.95 and rejected == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the price path at scale, side by side in one run on one machine.

For a universe size (small 100 tickers, medium 1,000, large 5,000) against the built-in demo API
(its 25 companies plus synthetic ones, daily prices since the demo's first day, 2018-01-02):

  1. full load     `sbf run --datasets stock-list,historical-price-eod-full --ticker-limit N
                   --chunk-size N` (one promotion) into a fresh data dir: fetch and dbt seconds
                   (ops.runs) and wall; later `dbt build --full-refresh` of that warehouse
  2. DuckDB floor  one statement in a fresh process over the same price files: read_json with
                   explicit columns, casts, newest file per (symbol, date), CREATE TABLE AS; run
                   again (2b) right after 1c
  1c. price path   `dbt run --full-refresh --select historical_price_eod_full fct_daily_prices` on
                   that warehouse: the two nodes alone, as the floor runs (target <= 2x the floor)
  3. dlt peer      the same files read into pyarrow tables and loaded by dlt (merge, primary key
                   symbol+date) into DuckDB
  4. increment     `sbf run ... --as-of <next trading day>` on the full load's warehouse: its dbt
                   seconds against the full refresh's (target <= 0.25x at 2,000 tickers, <= 0.10x
                   at 5,000)
  5. chunked run   a fresh `sbf run` with FMP_CALLS_PER_MINUTE=750 and the default chunk size:
                   wall against calls / 750 per minute (target <= 1.15x; <= 1.10x at 5,000)
  6. fixed cost    from the creation of an `sbf run` process to its first request (the earliest
                   bronze_ingest_start_time of its files, i.e. the envelope's requested_at), for
                   each sbf run above (target <= 8 s)
  7. peak RSS      of each step's process (os.wait4's ru_maxrss; scale_child.py); target for the
                   build at 2,000 tickers <= 3 GB

The demo API runs as its own process (`sbf demo-api`, reached like the real API with a key and
FMP_BASE_URL), so that an sbf run's peak RSS is the pipeline's alone: in-process, the demo's cache of
every ticker's generated history (~2 GB at 2,000 tickers) would count as the pipeline's. Before each
sbf run the bench asks the demo for every price history once (untimed), so that it generates them
before the run, not during it: generating a 5-year history costs the demo ~45 ms of CPU (~90 s at
2,000 tickers, on the same 2 cores as the run), serving a generated one ~8 ms. FMP's servers do not
share the user's CPU; a cold demo would charge its own work to the pipeline's fetch and dbt.

Every step runs as its own process; the table shows each figure with the step that produced it and
the commands are printed below it (and kept in the JSON, with each step's stdout/stderr paths).
Targets are printed with PASS/MISS; none fails the bench: it measures whatever the code does. The
exit code is non-zero only when a step could not be measured at all.

    .venv/bin/python tests/bench/bench_scale.py --size small|medium|large [--keep]

Writes tests/artifacts/bench/scale-<size>.json; the data dirs and logs of the steps are under
tests/artifacts/bench/scale-<size>/ (data dirs removed at the end unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from ingestion.demo_api.settings import DEFAULT_HISTORY_START  # noqa: E402
from sbf_calendar import first_trading_day_on_or_after, last_trading_day_on_or_before  # noqa: E402
from scale_child import ChildResult, run_child  # noqa: E402

SIZES = {"small": 100, "medium": 1000, "large": 5000}
DATASETS = "stock-list,historical-price-eod-full"
PRICE_DATASET = "historical-price-eod-full"
RATE = 750  # FMP premium, calls per minute
# The dbt nodes that compare with the floor: bronze -> typed, de-duplicated daily prices.
PRICE_PATH_NODES = ("model.sbfoundation.historical_price_eod_full", "model.sbfoundation.fct_daily_prices")
BIN = Path(sys.executable).parent
FIXED_COST_TARGET_S = 8.0
PRICE_PATH_TARGET = 2.0
BUILD_RSS_TARGET_MB = 3 * 1024
# The increment and chunked-run targets depend on the universe: the brief's points, nearest one shown.
INCREMENT_TARGETS = ((2000, 0.25), (5000, 0.10))
CHUNKED_TARGETS = ((225, 1.15), (5000, 1.10))


def previous_trading_day(day: date) -> date:
    return last_trading_day_on_or_before(day - timedelta(days=1))


def next_trading_day(day: date) -> date:
    return first_trading_day_on_or_after(day + timedelta(days=1))


class Bench:
    def __init__(self, size: str, tickers: int, work: Path, start: date, as_of: date) -> None:
        self.size, self.tickers, self.work, self.start, self.as_of = size, tickers, work, start, as_of
        self.logs = work / "logs"
        self.steps: dict[str, dict] = {}

    # ---- environment ---------------------------------------------------------------------
    def env(self, data_dir: Path, **extra: str) -> tuple[dict[str, str], dict[str, str]]:
        """The child's environment (no FMP_/SBF_ variables of the caller) and the part worth printing."""
        shown = {"SBF_DATA_DIR": str(data_dir), "SBF_DEMO_EXTRA_TICKERS": str(max(0, self.tickers - 25)),
                 "SBF_START_DATE": self.start.isoformat(),
                 "DBT_TARGET_PATH": str(data_dir.parent / "dbt-target"),
                 "DBT_LOG_PATH": str(data_dir.parent / "dbt-logs"), **extra}
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FMP_", "SBF_", "DBT_"))}
        env.update(shown, DBT_SEND_ANONYMOUS_USAGE_STATS="false", RUNTIME__DLTHUB_TELEMETRY="false")
        return env, shown

    @contextmanager
    def demo_api(self, name: str, as_of: date) -> Iterator[str]:
        """`sbf demo-api` serving data up to `as_of` in its own process; yields its base URL."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env, _ = self.env(self.work)
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.demo-api.log").open("w")
        server = subprocess.Popen([str(BIN / "sbf"), "demo-api", "--port", str(port), "--as-of", as_of.isoformat()],
                                  env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"demo API did not start, see {log.name}")
                    time.sleep(0.2)
            base_url = f"http://127.0.0.1:{port}/stable"
            warm_up(base_url, self.start, as_of)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    def sbf_run(self, name: str, data_dir: Path, as_of: date, chunk_size: int | None, **extra_env: str) -> dict:
        argv = [str(BIN / "sbf"), "run", "--datasets", DATASETS, "--ticker-limit", str(self.tickers)]
        if chunk_size is not None:
            argv += ["--chunk-size", str(chunk_size)]
        argv += ["--as-of", as_of.isoformat()]
        with self.demo_api(name, as_of) as base_url:
            # the demo accepts any key; the ultimate plan's limit is lifted unless the step sets its own
            api = {"FMP_API_KEY": "bench-demo-key", "FMP_BASE_URL": base_url, "FMP_PLAN": "ultimate",
                   "FMP_CALLS_PER_MINUTE": extra_env.pop("FMP_CALLS_PER_MINUTE", "100000")}
            env, shown = self.env(data_dir, **api, **extra_env)
            shown.pop("FMP_API_KEY")
            child = run_child(argv, env=env, cwd=REPO, log_dir=self.logs, name=name, shown_env=shown)
        step = self.child_step(child)
        run = latest_run(data_dir)
        if run is None:
            step["error"] = f"no ops.runs row: {tail(child.stderr())}"
            return step
        step.update(run)
        first = first_fetch(data_dir, run["run_id"])
        if first is not None:
            step["fixed_cost_seconds"] = round(first - child.started_epoch, 3)
        if child.exit_code != 0:
            step["error"] = tail(child.stderr(), 1)
        step["dbt_builds"] = dbt_builds(child.stderr())
        return step

    def child_step(self, child: ChildResult) -> dict:
        step = {"command": child.command, "exit_code": child.exit_code, "wall_seconds": child.wall_seconds,
                "peak_rss_mb": child.peak_rss_mb, "stdout": child.stdout_path, "stderr": child.stderr_path}
        if child.sampled_peak_epoch is not None:
            step["sampled_peak_rss_mb"] = child.sampled_peak_rss_mb
            step["sampled_peak_at_seconds"] = round(child.sampled_peak_epoch - child.started_epoch, 1)
            step["sampled_peak_during"] = log_line_before(child.stderr() + child.stdout(), child.sampled_peak_epoch)
        return step

    # ---- steps ---------------------------------------------------------------------------
    def run(self) -> None:
        full_dir = self.work / "full" / "data"
        self.say(f"1. full load: {self.tickers} tickers, one promotion, as of {self.as_of}")
        self.steps["full_load"] = self.sbf_run("full_load", full_dir, self.as_of, self.tickers)
        self.steps["full_load"].update(price_rows(full_dir))

        files = price_files(full_dir)
        files_json = self.work / "price-files.json"
        files_json.write_text(json.dumps(files))
        self.say(f"2. DuckDB floor over the {len(files)} price files")
        self.steps["floor"] = self.script_step("floor", "scale_floor.py", files_json, self.work / "floor.duckdb")

        self.say("3. dlt (pyarrow, merge on symbol+date) over the same files")
        self.steps["dlt"] = self.script_step("dlt", "scale_dlt.py", files_json, self.work / "dlt.duckdb",
                                             self.work / "dlt-pipelines")

        next_day = next_trading_day(self.as_of)
        self.say(f"4. daily increment: as of {next_day} on the full load's warehouse")
        self.steps["increment"] = self.sbf_run("increment", full_dir, next_day, self.tickers)

        self.say("1b. dbt build --full-refresh of that warehouse")
        self.steps["full_refresh"] = self.full_refresh(full_dir)
        # The price path alone, as the floor runs: in the full refresh its two nodes share the cores
        # with the other models dbt runs beside them (threads: 2), which the floor does not.
        self.say("1c. the price path alone: dbt run --full-refresh of the silver prices and fct_daily_prices")
        self.steps["price_path"] = self.price_path(full_dir)
        # the price path's ratio to the floor compares two timings: taken minutes apart, a change of
        # load between them moves it, so the floor runs again right after the price path
        self.say("2b. DuckDB floor again, right after 1c")
        self.steps["floor_adjacent"] = self.script_step("floor_adjacent", "scale_floor.py", files_json,
                                                        self.work / "floor-adjacent.duckdb")

        self.say(f"5. chunked run: fresh data dir, FMP_CALLS_PER_MINUTE={RATE}, default chunk size")
        self.steps["chunked"] = self.sbf_run("chunked", self.work / "chunked" / "data", self.as_of, None,
                                             FMP_CALLS_PER_MINUTE=str(RATE))

    def script_step(self, name: str, script: str, *args: Path) -> dict:
        env, _ = self.env(self.work / "full" / "data")
        argv = [sys.executable, str(HERE / script), *map(str, args)]
        child = run_child(argv, env=env, cwd=REPO, log_dir=self.logs, name=name)
        step = self.child_step(child)
        if child.exit_code == 0:
            step.update(json.loads(child.stdout().strip().splitlines()[-1]))
        else:
            step["error"] = tail(child.stderr(), 1)
        return step

    def full_refresh(self, data_dir: Path) -> dict:
        env, shown = self.env(data_dir)
        argv = [str(BIN / "dbt"), "build", "--full-refresh"]
        child = run_child(argv, env=env, cwd=REPO / "dbt_project", log_dir=self.logs, name="full_refresh",
                          shown_env={k: shown[k] for k in ("SBF_DATA_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH")})
        step = self.child_step(child)
        step["dbt_seconds"] = child.wall_seconds
        results = Path(shown["DBT_TARGET_PATH"]) / "run_results.json"
        if results.exists():
            document = json.loads(results.read_text())
            counts: dict[str, int] = {}
            for result in document.get("results", []):
                counts[result["status"]] = counts.get(result["status"], 0) + 1
            step["node_statuses"] = counts
            step["dbt_elapsed_seconds"] = round(document.get("elapsed_time") or 0, 3)
            step["price_path_seconds"] = round(sum(
                r.get("execution_time") or 0 for r in document.get("results", [])
                if r["unique_id"] in PRICE_PATH_NODES), 3)
        if child.exit_code != 0:
            step["error"] = tail(child.stdout(), 1)
        return step

    def price_path(self, data_dir: Path) -> dict:
        env, shown = self.env(data_dir)
        names = [node.split(".")[-1] for node in PRICE_PATH_NODES]
        argv = [str(BIN / "dbt"), "run", "--full-refresh", "--select", *names]
        child = run_child(argv, env=env, cwd=REPO / "dbt_project", log_dir=self.logs, name="price_path",
                          shown_env={k: shown[k] for k in ("SBF_DATA_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH")})
        step = self.child_step(child)
        results = Path(shown["DBT_TARGET_PATH"]) / "run_results.json"
        if child.exit_code == 0 and results.exists():
            document = json.loads(results.read_text())
            step["price_path_seconds"] = round(sum(
                r.get("execution_time") or 0 for r in document.get("results", [])
                if r["unique_id"] in PRICE_PATH_NODES), 3)
        else:
            step["error"] = tail(child.stdout(), 1)
        return step

    def say(self, line: str) -> None:
        print(f"[{datetime.now():%H:%M:%S}] {line}", flush=True)


# ---- reading the warehouse -----------------------------------------------------------------
def latest_run(data_dir: Path) -> dict | None:
    path = data_dir / "warehouse.duckdb"
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute(
            "select run_id, status, fetch_seconds, dbt_seconds, elapsed_seconds, calls, chunks, silver_rows, "
            "gold_rows, files_ok, files_failed, error, dbt_tail_seconds, promotions "
            "from ops.runs order by started_at desc limit 1").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    if row is None:
        return None
    keys = ["run_id", "status", "fetch_seconds", "dbt_seconds", "elapsed_seconds", "calls", "chunks",
            "silver_rows", "gold_rows", "files_ok", "files_failed", "run_error", "dbt_tail_seconds", "promotions"]
    return dict(zip(keys, row))


def first_fetch(data_dir: Path, run_id: str) -> float | None:
    """Epoch seconds of the run's first request (bronze_ingest_start_time = the envelope's requested_at)."""
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        first = con.execute("select min(bronze_ingest_start_time) from ops.file_ingestions where run_id = ?",
                            [run_id]).fetchone()[0]
    finally:
        con.close()
    return first.timestamp() if first is not None else None


def price_rows(data_dir: Path) -> dict:
    """Rows of the price path's silver and gold tables (to set beside the floor's and dlt's)."""
    counts = {}
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        for key, table in (("rows", "silver.historical_price_eod_full"), ("gold_rows_daily_prices", "gold.fct_daily_prices"),
                           ("gold_rows_price_features", "gold.fct_price_features")):
            try:
                counts[key] = con.execute(f"select count(*) from {table}").fetchone()[0]
            except duckdb.Error:
                counts[key] = None
    finally:
        con.close()
    return counts


def price_files(data_dir: Path) -> list[str]:
    """The promotable price files of the warehouse, as absolute paths: what silver read."""
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select bronze_filename from ops.file_ingestions where dataset = ? and bronze_can_promote "
                           "order by file_id", [PRICE_DATASET]).fetchall()
    finally:
        con.close()
    return [str(data_dir / r[0]) for r in rows]


_DBT_BUILD = re.compile(r"dbt build (\w+) \((.*)\): (\d+) nodes, (\d+) failed, ([\d.]+)s$")


def warm_up(base_url: str, start: date, as_of: date) -> None:
    """Ask the demo for every ticker's price history once, so that it has generated them all before the
    timed run (see the module docstring)."""
    key = {"apikey": "bench-demo-key"}
    listed = requests.get(f"{base_url}/stock-list", params=key, timeout=120)
    listed.raise_for_status()
    symbols = [row["symbol"] for row in listed.json()]

    def history(symbol: str) -> None:
        params = {**key, "symbol": symbol, "from": start.isoformat(), "to": as_of.isoformat()}
        requests.get(f"{base_url}/historical-price-eod/full", params=params, timeout=120).raise_for_status()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(history, symbols))


def dbt_builds(log: str) -> dict:
    """Seconds of an sbf run's dbt invocations by kind, from its log lines ("dbt build <phase> (<selection>):
    N nodes, F failed, S s"): `price_models` are the model builds whose selection holds the price
    silver model (the silver + gold build of the price files), `first_models` the run's first
    promotion when it also creates what does not exist yet (it may hold the price model too), the
    rest by phase."""
    totals: dict[str, float] = {}
    for line in log.splitlines():
        match = _DBT_BUILD.search(line.strip())
        if not match:
            continue
        phase, selection, seconds = match.group(1), match.group(2).split(), float(match.group(5))
        if phase == "models" and "+dim_date" in selection:
            phase = "first_models"  # the run's first promotion: dim_date and every table not built yet
        elif phase == "models" and any("historical_price_eod_full" in part for part in selection):
            phase = "price_models"
        totals[phase] = round(totals.get(phase, 0.0) + seconds, 1)
    return totals


_LOG_TIME = re.compile(r"^(?:\x1b\[0m)?(\d\d):(\d\d):(\d\d)\s+(.*)$")


def log_line_before(log: str, epoch: float) -> str | None:
    """The last log line (sbf's or dbt's "HH:MM:SS ..." lines, local time) stamped at or before `epoch`:
    what the process was doing when its RSS peaked (to the second)."""
    moment = datetime.fromtimestamp(epoch)
    limit = moment.hour * 3600 + moment.minute * 60 + moment.second
    found = None
    for line in log.splitlines():
        match = _LOG_TIME.match(line.strip())
        if match:
            h, m, sec = (int(x) for x in match.groups()[:3])
            if h * 3600 + m * 60 + sec <= limit:
                found = f"{match.group(1)}:{match.group(2)}:{match.group(3)} {match.group(4)}"
    return found[:160] if found else None


def tail(text: str, lines: int = 3) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[-600:]


# ---- the report ----------------------------------------------------------------------------
def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def summarise(bench: Bench) -> dict:
    s = bench.steps
    full, floor, dlt_, inc, refresh, chunked, adjacent = (s.get(k, {}) for k in (
        "full_load", "floor", "dlt", "increment", "full_refresh", "chunked", "floor_adjacent"))
    n = bench.tickers
    figures: dict[str, dict] = {}
    figures["dbt_price_path_over_floor"] = {
        "value": ratio(full.get("dbt_seconds"), floor.get("statement_seconds")),
        "how": "full load's dbt seconds (ops.runs) / floor statement seconds"}
    path_ratio = ratio(s.get("price_path", {}).get("price_path_seconds"), (adjacent or floor).get("statement_seconds"))
    figures["price_path_over_floor"] = {
        "value": path_ratio, "target": f"<= {PRICE_PATH_TARGET}",
        "verdict": verdict(None if path_ratio is None else path_ratio <= PRICE_PATH_TARGET),
        "how": "1c's node seconds of the price silver model + fct_daily_prices (run_results; the two "
               "alone) / floor statement seconds of 2b (run right after 1c)"}
    figures["price_path_in_full_refresh_over_floor"] = {
        "value": ratio(refresh.get("price_path_seconds"), (adjacent or floor).get("statement_seconds")),
        "how": "the same two nodes' seconds in the full refresh (beside other models) / 2b's statement seconds"}
    figures["full_refresh_over_floor"] = {
        "value": ratio(refresh.get("dbt_seconds"), floor.get("statement_seconds")),
        "how": "dbt build --full-refresh wall / floor statement seconds"}
    figures["dlt_over_floor"] = {"value": ratio(dlt_.get("wall_seconds"), floor.get("wall_seconds")),
                                 "how": "dlt process wall / floor process wall"}
    target_n, target = min(INCREMENT_TARGETS, key=lambda t: abs(t[0] - n))
    inc_builds = sum(inc.get("dbt_builds", {}).values()) or None
    inc_ratio = ratio(inc_builds, refresh.get("dbt_elapsed_seconds"))
    figures["increment_over_full_refresh"] = {
        "value": inc_ratio, "target": f"<= {target:.2f} (at {target_n:,} tickers)",
        "verdict": verdict(None if inc_ratio is None else inc_ratio <= target),
        "how": "increment run's dbt builds (sum of its invocations, sbf log; its parse overlaps the fetch) "
               "/ full refresh's dbt elapsed (run_results, after its parse)"}
    figures["increment_run_over_full_refresh"] = {
        "value": ratio(inc.get("dbt_seconds"), refresh.get("dbt_seconds")),
        "how": "increment run's dbt seconds (ops.runs: parse included) / dbt build --full-refresh wall"}
    calls = chunked.get("calls")
    ideal = round(calls / RATE * 60, 3) if calls else None
    chunk_ratio = ratio(chunked.get("wall_seconds"), ideal)
    chunked_n, chunked_target = min(CHUNKED_TARGETS, key=lambda t: abs(t[0] - n))
    figures["chunked_wall_over_calls_at_rate"] = {
        "value": chunk_ratio, "ideal_seconds": ideal,
        "target": f"<= {chunked_target:.2f} (at {chunked_n:,} tickers)",
        "verdict": verdict(None if chunk_ratio is None else chunk_ratio <= chunked_target),
        "how": f"chunked run's process wall / (calls {calls} / {RATE} per minute)"}
    for key in ("full_load", "increment", "chunked"):
        cost = s.get(key, {}).get("fixed_cost_seconds")
        figures[f"fixed_cost_{key}"] = {
            "value": cost, "target": f"<= {FIXED_COST_TARGET_S:.0f} s",
            "verdict": verdict(None if cost is None else cost <= FIXED_COST_TARGET_S),
            "how": f"{key}: process creation -> its first request (min bronze_ingest_start_time)"}
    build_rss = max([v for v in (full.get("peak_rss_mb"), refresh.get("peak_rss_mb")) if v is not None], default=None)
    figures["build_peak_rss_mb"] = {
        "value": build_rss, "target": f"<= {BUILD_RSS_TARGET_MB:,} MB (at 2,000 tickers)",
        "verdict": verdict(None if build_rss is None else build_rss <= BUILD_RSS_TARGET_MB),
        "how": "max peak RSS of the full load and the full refresh processes"}
    return figures


def print_report(bench: Bench, figures: dict, machine: dict) -> None:
    s = bench.steps
    print()
    print(f"scale bench, size {bench.size}: {bench.tickers:,} tickers, prices {bench.start}..{bench.as_of} "
          f"(demo API), {machine['cpus']} CPUs, {machine['mem_gb']} GB RAM, load avg before {machine['load_before']}")
    print("rows: price rows in silver (1), in the table built (2, 3); rows the run promoted to silver, all datasets (4, 5).")
    print("dbt s: ops.runs.dbt_seconds of an sbf run (parse + every dbt invocation); the process wall for 1b.")
    header = f"{'step':<30} {'wall s':>9} {'fetch s':>8} {'dbt s':>8} {'peak RSS MB':>12} {'rows':>11}  status"
    print(header)
    print("-" * len(header))
    rows = [
        ("1 full load (sbf run, 1 chunk)", s.get("full_load", {})),
        ("1b dbt build --full-refresh", s.get("full_refresh", {})),
        ("2 DuckDB floor (1 statement)", s.get("floor", {})),
        ("1c price path alone (dbt run)", s.get("price_path", {})),
        ("2b floor again, after 1c", s.get("floor_adjacent", {})),
        ("3 dlt + pyarrow (merge)", s.get("dlt", {})),
        ("4 increment (next day)", s.get("increment", {})),
        (f"5 chunked run ({RATE}/min)", s.get("chunked", {})),
    ]
    for label, st in rows:
        if not st:
            continue
        wall = st.get("wall_seconds")
        dbt_s = st.get("dbt_seconds")
        rows_out = st.get("rows", st.get("silver_rows"))
        status = st.get("status") or ("ok" if st.get("exit_code") == 0 else f"exit {st.get('exit_code')}")
        if st.get("chunks") is not None:
            status += f", {st['chunks']} chunk(s), {st.get('calls')} calls"
            if st.get("promotions") is not None:
                status += f", {st['promotions']} promotion(s), dbt after the last fetch {fmt(st.get('dbt_tail_seconds'))} s"
        if "node_statuses" in st:
            status = ", ".join(f"{k} {v}" for k, v in sorted(st["node_statuses"].items()))
        elif st.get("price_path_seconds") is not None:
            status = f"nodes {st['price_path_seconds']:.1f} s"
        if st.get("statement_seconds") is not None:
            status = f"statement {st['statement_seconds']:.1f} s"
        if st.get("run_seconds") is not None:
            status = f"read {st['read_seconds']:.1f} s, dlt run {st['run_seconds']:.1f} s"
        print(f"{label:<30} {fmt(wall):>9} {fmt(st.get('fetch_seconds')):>8} {fmt(dbt_s):>8} "
              f"{fmt(st.get('peak_rss_mb'), 0):>12} {fmt(rows_out):>11}  {status}")
    for label, key in (("1", "full_load"), ("4", "increment"), ("5", "chunked")):
        builds = s.get(key, {}).get("dbt_builds")
        if builds:
            print(f"  dbt seconds of {label} by invocation kind (sbf log): "
                  + ", ".join(f"{k} {v:.1f}" for k, v in builds.items())
                  + "; the rest of ops.runs.dbt_seconds is the parse and dbt's start")
    for label, key in (("1", "full_load"), ("1b", "full_refresh"), ("4", "increment"), ("5", "chunked")):
        st = s.get(key, {})
        if st.get("sampled_peak_during"):
            print(f"  RSS peak of {label} (/proc samples: {fmt(st['sampled_peak_rss_mb'], 0)} MB at "
                  f"{st['sampled_peak_at_seconds']:.0f} s) after: {st['sampled_peak_during']}")
    print()
    print(f"{'figure':<38} {'value':>9}  {'target':<28} verdict  how")
    for key, f in figures.items():
        value = f.get("value")
        shown = "-" if value is None else (f"{value:.3f}" if isinstance(value, float) and value < 100 else fmt(value))
        print(f"{key:<38} {shown:>9}  {f.get('target', ''):<28} {f.get('verdict', ''):<7}  {f['how']}")
    print()
    print("commands (the sbf runs reach a `sbf demo-api --port P --as-of <their as-of>` started for each,"
          " with SBF_DEMO_EXTRA_TICKERS as shown and FMP_API_KEY set to any value):")
    for key, st in s.items():
        print(f"  {key}: {st.get('command')}")
        if st.get("error"):
            print(f"    (exit {st.get('exit_code')}: {st['error']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--tickers", type=int, help="override the size's ticker count")
    parser.add_argument("--start-date", type=date.fromisoformat, default=DEFAULT_HISTORY_START,
                        help="SBF_START_DATE of the runs (default: the demo's first day)")
    parser.add_argument("--as-of", type=date.fromisoformat,
                        help="the full load's as-of (default: the trading day before today)")
    parser.add_argument("--keep", action="store_true", help="keep the data dirs and warehouses")
    parser.add_argument("--reprint", action="store_true",
                        help="run nothing: print the table again from tests/artifacts/bench/scale-<size>.json")
    args = parser.parse_args()
    if args.reprint:
        return reprint(args.size)
    tickers = args.tickers or SIZES[args.size]
    as_of = args.as_of or previous_trading_day(date.today())
    out_dir = REPO / "tests" / "artifacts" / "bench"
    work = out_dir / f"scale-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
               "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
               "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()), "duckdb": duckdb.__version__}
    bench = Bench(args.size, tickers, work, args.start_date, as_of)
    started = time.perf_counter()
    try:
        bench.run()
    finally:
        machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        figures = summarise(bench)
        document = {"size": args.size, "tickers": tickers, "start_date": args.start_date.isoformat(),
                    "as_of": as_of.isoformat(), "datasets": DATASETS, "machine": machine,
                    "finished_at": datetime.now(timezone.utc).isoformat(),
                    "bench_seconds": round(time.perf_counter() - started, 1), "steps": bench.steps, "figures": figures}
        report = out_dir / f"scale-{args.size}.json"
        report.write_text(json.dumps(document, indent=2, default=str))
        print_report(bench, figures, machine)
        print(f"\nwritten: {report.relative_to(REPO)} (bench {document['bench_seconds']:.0f} s; load avg after "
              f"{machine['load_after']})")
        if not args.keep:
            for sub in ("full", "chunked"):
                shutil.rmtree(work / sub / "data", ignore_errors=True)
            for name in ("floor.duckdb", "dlt.duckdb"):
                (work / name).unlink(missing_ok=True)
            shutil.rmtree(work / "dlt-pipelines", ignore_errors=True)
    unmeasured = [k for k, st in bench.steps.items()
                  if st.get("wall_seconds") is None or (k in ("floor", "dlt") and st.get("exit_code") != 0)
                  or (k in ("full_load", "increment", "chunked") and "run_id" not in st)]
    return 1 if unmeasured else 0


def reprint(size: str) -> int:
    """The table of an earlier run, from its JSON (and its steps' logs, for what the JSON predates)."""
    document = json.loads((REPO / "tests" / "artifacts" / "bench" / f"scale-{size}.json").read_text())
    bench = Bench(size, document["tickers"], Path("."), date.fromisoformat(document["start_date"]),
                  date.fromisoformat(document["as_of"]))
    bench.steps = document["steps"]
    for step in bench.steps.values():
        if "run_id" in step and "dbt_builds" not in step and Path(step["stderr"]).exists():
            step["dbt_builds"] = dbt_builds(Path(step["stderr"]).read_text(errors="replace"))
    print_report(bench, summarise(bench), document["machine"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

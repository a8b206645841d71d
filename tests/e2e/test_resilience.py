"""Resilient fetching against the demo API's fault switches: refusals, retries, quotas, crashes,
write failures, locks, secrets and bad input, as FMP and the network produce them."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings
from ingestion.demo_api.faults import Fault

from .conftest import REPO, SKELETON_DATASETS, Workspace, make_workspace

pytestmark = pytest.mark.e2e

THREE = "AAPL,MSFT,AMZN"
PRICES = "historical-price-eod-full"


def workspace(tmp_path: Path, server: DemoApiServer, **extra: str) -> Workspace:
    env = dict(FMP_API_KEY="test-key", FMP_BASE_URL=server.base_url, FMP_PLAN="ultimate", SBF_START_DATE="2026-01-05")
    env.update(extra)
    return make_workspace(tmp_path, **env)


def demo(*faults: Fault, **settings) -> DemoApiServer:
    return DemoApiServer(DemoSettings(faults=tuple(faults), **settings))


def last_run(ws: Workspace) -> dict:
    cur = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        result = cur.execute("select * from ops.runs order by started_at desc limit 1")
        return dict(zip([d[0] for d in result.description], result.fetchone()))
    finally:
        cur.close()


@pytest.mark.parametrize("kind", ["invalid_key", "legacy", "suspended"])
def test_auth_refusal_stops_the_run_at_once(tmp_path, kind):
    with demo(Fault(kind)) as server:
        ws = workspace(tmp_path, server)
        proc = ws.sbf("ingest", "--tickers", "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA", "--datasets", SKELETON_DATASETS, check=False)
    assert proc.returncode == 1 and "refused the key" in proc.stderr and "Traceback" not in proc.stderr
    run = last_run(ws)
    assert run["status"] == "failed" and "refused the key" in run["error"]
    # Global datasets go first: the stock list's refusal stops everything; no ticker call is made.
    assert ws.scalar("select count(*) from ops.file_ingestions") == 1
    assert ws.scalar("select count(*) from ops.file_ingestions where ticker <> ''") == 0


@pytest.mark.parametrize("kind", ["exclusive", "restricted", "premium_limit"])
def test_plan_refusal_skips_the_dataset_and_carries_on(tmp_path, kind):
    with demo(Fault(kind, path="income-statement")) as server:
        ws = workspace(tmp_path, server)
        proc = ws.sbf("ingest", "--tickers", "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA", "--datasets", SKELETON_DATASETS, check=False)
    assert proc.returncode == 1 and "unavailable on this plan: income-statement" in proc.stderr
    run = last_run(ws)
    assert run["status"] == "partial" and "income-statement" in run["unavailable_datasets"]
    assert run["skipped_unavailable"] > 0
    refused = ws.scalar("select count(*) from ops.file_ingestions where dataset = 'income-statement'")
    assert 1 <= refused < 24, "the refused dataset's remaining requests are skipped"
    assert ws.scalar("select count(*) from ops.file_ingestions where dataset = ? and bronze_can_promote", [PRICES]) == 12


def test_symbol_not_on_plan_skips_only_that_request(tmp_path):
    with demo(Fault("premium_symbol", symbol="MSFT")) as server:
        ws = workspace(tmp_path, server)
        ws.sbf("ingest", "--tickers", THREE, "--datasets", f"{PRICES},company-profile", check=False)
    failed = ws.query("select dataset, ticker from ops.file_ingestions where bronze_error is not null order by 1")
    assert failed == [("company-profile", "MSFT"), (PRICES, "MSFT")]
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote") == 4


def test_rate_limit_429_backs_off_retries_and_records_attempts(tmp_path):
    with demo(Fault("limit_reach_429", path="historical-price-eod/full", symbol="AAPL", first_n=2)) as server:
        ws = workspace(tmp_path, server)
        ws.sbf("ingest", "--tickers", THREE, "--datasets", PRICES)
    rows = dict(ws.query("select ticker, attempts from ops.file_ingestions"))
    assert rows == {"AAPL": 3, "MSFT": 1, "AMZN": 1}
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_error is not null") == 0
    assert last_run(ws)["calls"] == 5


def test_server_errors_and_timeouts_are_retried(tmp_path):
    # Deterministic: the first three price requests get a 500 (their retries succeed); MSFT's profile
    # request first stalls past the client's timeout.
    faults = (Fault("server_error", path="historical-price-eod/full", first_n=3),
              Fault("timeout", path="profile", symbol="MSFT", first_n=1))
    with demo(*faults, timeout_sleep_s=2.5) as server:
        ws = workspace(tmp_path, server, SBF_HTTP_TIMEOUT="1")
        ws.sbf("ingest", "--tickers", THREE, "--datasets", f"{PRICES},company-profile")
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote") == 6
    assert ws.scalar("select max(attempts) from ops.file_ingestions") > 1
    assert ws.scalar("select sum(attempts) from ops.file_ingestions where dataset = ?", [PRICES]) == 6
    assert ws.scalar("select attempts from ops.file_ingestions where ticker = 'MSFT' and dataset = 'company-profile'") == 2


@pytest.mark.parametrize("kind, message", [
    ("error_body", "error body: Something went wrong"),
    ("plain_text", "body is not JSON: Invalid name"),
    ("malformed", "body is not JSON"),
])
def test_error_bodies_are_kept_in_bronze_and_never_promoted(tmp_path, kind, message):
    with demo(Fault(kind, symbol="MSFT")) as server:
        ws = workspace(tmp_path, server)
        proc = ws.sbf("ingest", "--tickers", THREE, "--datasets", PRICES, check=False)
    assert proc.returncode == 1
    (error, promote, path) = ws.query("select bronze_error, bronze_can_promote, bronze_filename from ops.file_ingestions where ticker = 'MSFT'")[0]
    assert message in error and not promote
    document = json.loads((ws.data_dir / path).read_text())
    assert document["envelope"]["error"] == error
    assert "payload_text" in document or "payload" in document  # the body is kept for inspection
    # A later good run fetches it again: the failure did not move the watermark.
    with demo() as server:
        retry = workspace(tmp_path, server)
        retry.sbf("run", "--tickers", "MSFT", "--datasets", PRICES, "--no-silver", "--no-gold", "--as-of",
                  str(__import__("datetime").date.today() + __import__("datetime").timedelta(days=1)))
    assert ws.scalar("select count(*) from ops.file_ingestions where ticker = 'MSFT' and bronze_can_promote") == 1


def test_daily_quota_stops_cleanly_and_the_next_run_resumes(tmp_path):
    with demo(daily_limit=5, daily_limit_on_200=True) as server:
        ws = workspace(tmp_path, server, FMP_PLAN="basic")
        proc = ws.sbf("ingest", "--tickers", "AAPL,MSFT,AMZN,GOOGL,META,AMD", "--datasets", f"stock-list,{PRICES}", check=False)
    run = last_run(ws)
    assert proc.returncode == 1 and run["status"] == "partial" and "limit was reached" in run["stop_reason"]
    got = {r[0] for r in ws.query("select ticker from ops.file_ingestions where bronze_can_promote and ticker <> ''")}
    assert len(got) == 4
    with demo() as server:
        ws2 = workspace(tmp_path, server, FMP_PLAN="basic")
        ws2.sbf("ingest", "--tickers", "AAPL,MSFT,AMZN,GOOGL,META,AMD", "--datasets", f"stock-list,{PRICES}", check=False)
    fetched_again = ws.query("select ticker from ops.file_ingestions where bronze_can_promote and ticker <> '' "
                             "group by ticker having count(*) > 1")
    assert fetched_again == []
    assert ws.scalar("select count(distinct ticker) from ops.file_ingestions where bronze_can_promote and ticker <> ''") == 6


def test_bandwidth_quota_stops_cleanly(tmp_path):
    many = "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA,JNJ,PFE,UNH,XOM,CVX,KO,CAT,MCD"
    with demo(Fault("bandwidth", path="historical-price-eod/full")) as server:
        ws = workspace(tmp_path, server)
        proc = ws.sbf("ingest", "--tickers", many, "--datasets", PRICES, check=False)
    run = last_run(ws)
    assert proc.returncode == 1 and run["status"] == "partial" and "Bandwidth Limit Reach" in run["stop_reason"]
    made = ws.scalar("select count(*) from ops.file_ingestions")
    # At most the requests already in flight (one per fetch worker) are answered; the rest are not sent.
    assert made <= 8 and run["skipped_unavailable"] == 20 - made
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote") == 0


def test_second_writer_gets_a_clear_message_naming_the_holder(tmp_path):
    with demo(latency_ms=1000) as server:
        ws = workspace(tmp_path, server)
        many = "AAPL,MSFT,AMZN,GOOGL,META,AMD,TSLA,NFLX,PEP,JPM,BAC,MA"
        first = subprocess.Popen([sys.executable, "-m", "ingestion", "ingest", "--tickers", many, "--datasets", SKELETON_DATASETS], env=ws.env, cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 30
            while not ws.warehouse.exists() and time.time() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)
            started = time.time()
            second = ws.sbf("ingest", "--tickers", THREE, "--datasets", SKELETON_DATASETS, check=False)
            waited = time.time() - started
        finally:
            first.wait(timeout=120)
    assert second.returncode == 1 and "is in use by" in second.stderr and f"PID {first.pid}" in second.stderr
    assert f"in use by `sbf ingest --tickers {many}" in second.stderr  # the command, not the interpreter
    assert "Traceback" not in second.stderr and waited < 15
    assert first.returncode == 0


def test_read_only_bronze_directory_stops_the_run_naming_the_file(tmp_path):
    """Run as an unprivileged user: root ignores directory permissions."""
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to drop root for this test")
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="sbf-readonly-"))  # under /tmp: reachable by an unprivileged user
    os.chmod(root, 0o777)
    with demo() as server:
        ws = workspace(root, server)
        ws.data_dir.mkdir(parents=True)
        (ws.data_dir / "bronze").mkdir()
        os.chmod(ws.data_dir, 0o777)
        os.chmod(ws.data_dir / "bronze", 0o555)
        # nobody keeps only CAP_DAC_READ_SEARCH: it can read the repository and the venv wherever the
        # clone lives (a 0700 parent included) but, like any user, cannot write where it may not.
        drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=+dac_read_search",
                "--ambient-caps=+dac_read_search"] if os.geteuid() == 0 else []
        proc = subprocess.run([*drop, sys.executable, "-m", "ingestion", "ingest", "--tickers", "AAPL", "--datasets", PRICES],
                              env=dict(ws.env, HOME=str(root)), cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "cannot write bronze file" in proc.stderr and "historical-price-eod-full" in proc.stderr
    assert "Permission denied" in proc.stderr
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from ops.file_ingestions").fetchone()[0] == 0
        assert con.execute("select status from ops.runs").fetchone()[0] == "failed"
    finally:
        con.close()
        shutil.rmtree(root, ignore_errors=True)


CANARY = "CANARY-8d1e0b77"


def test_the_key_is_written_nowhere_even_on_failures(tmp_path):
    faults = (Fault("server_error", first_n=4), Fault("plain_text", symbol="AMZN"), Fault("exclusive", path="income-statement"))
    with demo(*faults) as server:
        ws = workspace(tmp_path, server, FMP_API_KEY=CANARY)
        outputs = [ws.sbf("run", "--tickers", THREE, "--datasets", SKELETON_DATASETS, check=False)]
    broken = make_workspace(tmp_path / "b", FMP_API_KEY=CANARY, FMP_BASE_URL="http://127.0.0.1:9/stable", FMP_PLAN="ultimate")
    outputs.append(broken.sbf("ingest", "--tickers", "AAPL", "--datasets", PRICES, "-v", check=False))
    hits = [p for p in tmp_path.rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()]
    assert hits == []
    for proc in outputs:
        assert CANARY not in proc.stdout + proc.stderr
    assert (ws.data_dir / "logs" / "sbf.log").stat().st_size > 0
    # what dbt wrote was searched too: the parse's manifest and the SQL of the models it ran
    target = tmp_path / "dbt_target"
    assert (target / "manifest.json").exists() and any((target / "run").rglob("*.sql"))


def _invariants(ws: Workspace) -> None:
    """What must hold at any moment, even right after a kill -9."""
    for path in (ws.data_dir / "bronze").rglob("*.json"):
        if not path.name.startswith("."):
            json.loads(path.read_bytes())  # no partial file is visible
    if not ws.warehouse.exists():
        return
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        rows = con.execute("select bronze_filename from ops.file_ingestions").fetchall()
        for (rel,) in rows:
            assert (ws.data_dir / rel).exists(), f"ops row points at missing file {rel}"
        tables = con.execute("select table_name from information_schema.tables where table_schema = 'silver'").fetchall()
        if ("historical_price_eod_full",) in tables:
            dup = con.execute("select count(*) from (select symbol, date from silver.historical_price_eod_full "
                              "group by all having count(*) > 1)").fetchone()[0]
            assert dup == 0
    finally:
        con.close()


def test_kill_9_at_twenty_random_points_loses_nothing(tmp_path):
    import datetime as dt

    rng = random.Random(20261122)
    start = dt.date(2026, 6, 1)
    with demo() as server:
        ws = workspace(tmp_path, server, SBF_START_DATE="2026-01-02")
        day = start
        for i in range(20):
            day += dt.timedelta(days=1)
            command = ["run", "--tickers", THREE, "--chunk-size", "1", "--as-of", str(day)] if i % 2 else \
                ["ingest", "--tickers", THREE]
            command += ["--datasets", SKELETON_DATASETS]
            proc = subprocess.Popen([sys.executable, "-m", "ingestion", *command], env=ws.env, cwd=REPO,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 7.0 if i % 2 else 2.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            _invariants(ws)
        doctor = ws.sbf("doctor", check=False)
        ws.sbf("run", "--tickers", THREE, "--as-of", str(day + dt.timedelta(days=1)), "--datasets", SKELETON_DATASETS)
        _invariants(ws)
        assert ws.sbf("doctor").returncode == 0
    # Every file on disk has its row, and every successful file reached silver.
    on_disk = {p.relative_to(ws.data_dir).as_posix() for p in (ws.data_dir / "bronze").rglob("*") if p.is_file()}
    assert not [p for p in on_disk if Path(p).name.startswith(".")]
    assert on_disk == {r[0] for r in ws.query("select bronze_filename from ops.file_ingestions")}
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote and silver_ingest_end_time is null") == 0
    assert ws.scalar("select count(*) from ops.runs where status = 'running'") == 0
    assert ws.scalar("select count(*) from ops.runs where status = 'interrupted'") >= 1
    assert doctor.returncode in (0, 1) and "Traceback" not in doctor.stderr


@pytest.mark.parametrize("entry, culprit", [
    ({"dataset": "x", "domain": "market", "source": "fmp", "scope": "global", "params": {}, "cadence_days": 1,
      "keys": ["symbol"], "silver_model": "x"}, "(x): missing field 'path'"),
    ({"dataset": "x", "domain": "market", "source": "fmp", "path": "x", "scope": "global", "params": {"a": "{nope}"},
      "cadence_days": 1, "keys": ["symbol"], "silver_model": "x"}, "unknown placeholder {nope}"),
    ("duplicate", "duplicate identity"),
])
def test_invalid_catalogue_exits_2_naming_entry_and_field(tmp_path, entry, culprit):
    import yaml

    from ingestion.catalogue import CATALOGUE_PATH

    document = yaml.safe_load(CATALOGUE_PATH.read_text())
    document["datasets"].append(document["datasets"][0] if entry == "duplicate" else entry)
    path = tmp_path / "catalogue.yml"
    path.write_text(yaml.safe_dump(document))
    with demo() as server:
        ws = workspace(tmp_path, server, SBF_CATALOGUE=str(path))
        proc = ws.sbf("ingest", check=False)
    assert proc.returncode == 2 and culprit in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not ws.data_dir.exists()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("where, host, cause", [
    ("dns", "nonexistent.invalid", "name resolution failed (no network?)"),
    ("refused", None, "connection refused (is the server running?)"),
])
def test_unreachable_api_stops_with_one_line_and_spends_no_budget(tmp_path, where, host, cause):
    if host is None:
        port = _closed_port()
        host = f"127.0.0.1:{port}"
    canary = "CANARY-KEY-unreachable-0123"
    ws = make_workspace(tmp_path, FMP_API_KEY=canary, FMP_BASE_URL=f"http://{host}/stable", FMP_PLAN="basic",
                        SBF_START_DATE="2026-01-05")
    started = time.time()
    proc = ws.sbf("ingest", "--tickers", THREE, "--datasets", f"stock-list,{PRICES}", check=False)
    elapsed = time.time() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and elapsed < 30
    assert f"sbf: error: cannot reach {host}: {cause}" in proc.stderr
    assert "Traceback" not in output and "NameResolutionError" not in output and "HTTPConnectionPool" not in output
    assert len(output.splitlines()) < 15, output
    assert canary not in output
    run = last_run(ws)
    assert run["status"] == "failed" and run["error"] == f"cannot reach {host}: {cause}" and run["calls"] == 0
    # The failed request is recorded like any failure (kept, never promoted), with its attempts but no calls.
    (attempts, calls, promote, error) = ws.query(
        "select attempts, calls, bronze_can_promote, bronze_error from ops.file_ingestions where dataset = 'stock-list'")[0]
    assert attempts > 1 and calls == 0 and not promote and error.startswith(f"cannot reach {host}")
    assert ws.scalar("select count(*) from ops.file_ingestions where ticker <> ''") == 0, "the run stopped"
    from datetime import datetime as _datetime
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        from ingestion import ops
        assert ops.calls_today(con, "fmp", _datetime(2000, 1, 1)) == 0
    finally:
        con.close()
    if where == "refused":
        verbose = ws.sbf("-v", "ingest", "--tickers", THREE, "--datasets", "stock-list", check=False)
        assert verbose.returncode == 1 and "Traceback" in verbose.stderr and canary not in verbose.stderr
    # Once the API is reachable, the next run on the same daily budget is not refused and fetches it all.
    with demo() as server:
        ws2 = workspace(tmp_path, server, FMP_PLAN="basic")
        ws2.sbf("ingest", "--tickers", THREE, "--datasets", f"stock-list,{PRICES}")
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote") == 4

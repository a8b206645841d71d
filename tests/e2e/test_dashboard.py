"""The ops dashboard (`sbf ui`) and the ops snapshot it reads, on a warehouse from one real demo run.

One demo run (4 tickers, the skeleton datasets, chunks of 2) is shared by the whole module. The
pages are checked twice: with Streamlit's AppTest (the script's logic, no browser), and for real
in headless Chromium (Debian's `chromium`, driven by Playwright through executable_path; installed
when missing like test_docs_site.py does), one screenshot per page in tests/artifacts/. The last
test runs `sbf run` while the dashboard is open and polling: the run never meets a lock, and the
dashboard then shows it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest

from ingestion.ui import queries as q

from .conftest import REPO, SKELETON_DATASETS, make_workspace
from .test_docs_site import ARTIFACTS, CHROMIUM, ensure_chromium

pytestmark = pytest.mark.e2e

APP = REPO / "ingestion" / "ui" / "app.py"
PAGES = ["Runs", "Run detail", "Datasets", "Diagnostics"]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("dashboard"))
    ws.sbf("run", "--tickers", "AAPL,MSFT,XOM,JPM", "--chunk-size", "2", "--datasets", SKELETON_DATASETS)
    run_id = ws.scalar("select run_id from ops.runs")
    return ws, run_id


def snapshot(ws) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(ws.data_dir / "ops_snapshot.duckdb"), read_only=True)


# ---- the snapshot and the summaries while the warehouse is held ------------------------------------
def test_run_publishes_a_snapshot_that_matches_the_ledger(demo_run):
    ws, run_id = demo_run
    assert not list(ws.data_dir.glob(".ops_snapshot*")), "no temporary snapshot left behind"
    con = snapshot(ws)
    try:
        assert con.execute("select reason, run_id from meta").fetchone() == ("end", None)
        assert con.execute("select status, files_ok from runs").fetchone() == ws.query(
            "select status, files_ok from ops.runs")[0]
        assert con.execute("select count(*) from files").fetchone()[0] == ws.scalar(
            "select count(*) from ops.file_ingestions")
        # coverage: every trading day of the price series held, per ticker and month
        expected, held = con.execute("select sum(expected), sum(held) from coverage "
                                     "where dataset = 'historical-price-eod-full'").fetchone()
        assert expected > 1000 and held == expected
        assert con.execute("select count(distinct ticker) from coverage").fetchone()[0] == 4
    finally:
        con.close()


def test_summaries_read_the_snapshot_while_the_warehouse_is_held(demo_run):
    ws, run_id = demo_run
    holder = duckdb.connect(str(ws.warehouse))  # a writer, as `sbf run` is
    try:
        runs = ws.sbf("runs")
        show = ws.sbf("runs", "show", run_id)
        datasets = ws.sbf("datasets", "--dataset", "historical-price-eod-full")
        snap = ws.sbf("snapshot", check=False)
    finally:
        holder.close()
    for proc in (runs, show, datasets):
        assert "Traceback" not in proc.stderr
        assert "in use by" in proc.stderr and "snapshot published" in proc.stderr and " ago " in proc.stderr
    assert run_id in runs.stdout and "success" in runs.stdout
    assert "silver.historical_price_eod_full" in show.stdout and "gold.fct_daily_prices" in show.stdout
    aapl = next(line for line in datasets.stdout.splitlines() if " AAPL " in line)
    assert aapl.split()[-1] == "0"
    assert snap.returncode == 1 and "in use by" in snap.stderr and "Traceback" not in snap.stderr


# ---- page logic: queries and Streamlit's AppTest ---------------------------------------------------
def test_queries_filter_runs_and_mask_keys(demo_run, tmp_path):
    ws, run_id = demo_run
    con = snapshot(ws)
    try:
        assert q.runs(con, statuses=["success"])["run_id"].tolist() == [run_id]
        assert q.runs(con, statuses=["failed"]).empty
        files = q.run_bronze_files(con, run_id)
        assert len(files) == 21 and set(files["status"]) == {"ok"}
        assert set(q.run_gold(con, run_id)["gold_table"]) >= {"gold.fct_daily_prices", "gold.dim_instrument"}
        assert int(q.coverage(con, "historical-price-eod-full")["missing"].sum()) == 0
        relpath = files["bronze_filename"].iloc[0]
    finally:
        con.close()
    assert json.loads(q.bronze_document(ws.data_dir, relpath))["envelope"]
    # the key is never in bronze; a file that had one would still not show it
    fake = tmp_path / "bronze" / "x" / "f.json"
    fake.parent.mkdir(parents=True)
    fake.write_text('{"envelope": {"url": "https://x/stable/quote?symbol=A&apikey=SECRET123"}, "payload": []}')
    shown = q.bronze_document(tmp_path, "bronze/x/f.json")
    assert "SECRET123" not in shown and "apikey=***" in shown
    with pytest.raises(ValueError):
        q.bronze_document(tmp_path, "../etc/passwd")


def _app(ws, monkeypatch, **params):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SBF_DATA_DIR", str(ws.data_dir))
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _charts(at) -> list:
    return [e for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]


def test_apptest_runs_page(demo_run, monkeypatch):
    ws, run_id = demo_run
    at = _app(ws, monkeypatch, page="Runs")
    assert at.header[0].value == "Runs" and _charts(at), "the calendar"
    assert run_id in at.dataframe[0].value["run_id"].tolist()
    at.multiselect(key="runs_status").set_value(["failed"]).run()
    assert at.dataframe[0].value.empty
    at.multiselect(key="runs_status").set_value(["success"]).run()
    at.button(key="open_run").click().run()
    assert at.header[0].value == f"Run {run_id}"


def test_apptest_run_detail_page(demo_run, monkeypatch):
    ws, run_id = demo_run
    at = _app(ws, monkeypatch, run_id=run_id)
    assert at.header[0].value == f"Run {run_id}"
    assert [t.label for t in at.tabs] == ["Bronze", "Silver", "Gold", "Errors"]
    assert {m.label for m in at.metric} >= {"Status", "Requests", "Silver rows", "Gold rows"}
    bronze = at.tabs[0]
    assert len(bronze.dataframe[0].value) == 21
    choice = next(o for o in at.selectbox(key="bronze_pick").options if "historical-price-eod-full" in o)
    at.selectbox(key="bronze_pick").set_value(choice).run()
    assert '"payload"' in at.code[0].value and "apikey=" not in at.code[0].value.replace("apikey=***", "")
    assert "No errors" in at.tabs[3].success[0].value


def test_apptest_datasets_and_diagnostics_pages(demo_run, monkeypatch):
    ws, _ = demo_run
    at = _app(ws, monkeypatch, page="Datasets")
    names = at.dataframe[0].value["name"].tolist()
    assert "historical-price-eod-full" in names and "income-statement/FY" in names
    assert _charts(at), "the coverage heatmap"
    assert set(at.dataframe[1].value["name"]) >= {"company-profile", "historical-price-eod-full"}  # one ticker
    at = _app(ws, monkeypatch, page="Diagnostics")
    assert len(_charts(at)) == 3 and not at.dataframe[0].value.empty


# ---- the real thing: sbf ui in headless Chromium ---------------------------------------------------
@pytest.fixture(scope="module")
def dashboard(demo_run):
    ensure_chromium()
    playwright_api = pytest.importorskip("playwright.sync_api")
    ws, run_id = demo_run
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "ingestion", "ui", "--port", str(port)], env=ws.env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server)
        with playwright_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            yield ws, run_id, url, page
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_healthy(url: str, server: subprocess.Popen) -> None:
    for _ in range(600):  # the server's own start, not a timing assertion
        if server.poll() is not None:
            raise AssertionError(f"sbf ui exited {server.returncode}: {server.stdout.read()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        import time

        time.sleep(0.2)
    raise AssertionError("sbf ui did not answer")


def _show(page, url: str, query: str, *texts: str, shot: str) -> str:
    page.goto(f"{url}/?{query}")
    for text in texts:
        page.get_by_text(text, exact=False).filter(visible=True).first.wait_for(timeout=90_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    assert (ARTIFACTS / shot).stat().st_size > 20_000
    return page.inner_text("body")


def test_every_page_renders_in_chromium(dashboard):
    ws, run_id, url, page = dashboard
    body = _show(page, url, "page=Runs", "Runs per day", f"Latest run: {run_id}", shot="ui_runs.png")
    assert "success" in body
    assert page.locator("[data-testid='stVegaLiteChart'], .vega-embed").count() >= 1
    body = _show(page, url, f"run_id={run_id}", f"Run {run_id}", "Files ok / empty / failed",
                 shot="ui_run_detail.png")
    for tab in ("Bronze", "Silver", "Gold", "Errors"):
        assert page.get_by_role("tab", name=tab).count() == 1
    body = _show(page, url, "page=Datasets", "Coverage against the NYSE trading calendar", "trading day(s) missing",
                 shot="ui_datasets.png")
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for(timeout=90_000)
    assert page.locator("[data-testid='stVegaLiteChart'] canvas, .vega-embed canvas, .vega-embed svg").count() >= 1
    body = _show(page, url, "page=Diagnostics", "Calls per minute per run", "repeated_payloads",
                 shot="ui_diagnostics.png")
    assert "Traceback" not in body and "Conflicting lock" not in body


def test_a_run_while_the_dashboard_polls_finishes_and_then_shows(dashboard):
    ws, first_run, url, page = dashboard
    page.goto(f"{url}/?page=Runs")
    page.get_by_text("Runs per day").first.wait_for(timeout=90_000)
    # The dashboard stays open (its fragment polls the snapshot every 3 s) during the whole run.
    proc = ws.sbf("run", "--tickers", "KO,PEP,WMT", "--chunk-size", "1", "--datasets", SKELETON_DATASETS, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "in use by" not in proc.stderr and "lock" not in proc.stderr.lower()
    second = ws.scalar("select run_id from ops.runs order by started_at desc limit 1")
    assert second != first_run
    # No reload: the poll sees the new snapshot and reruns the page.
    page.get_by_text(f"Latest run: {second}").first.wait_for(timeout=120_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui_runs_after_run.png"), full_page=True)

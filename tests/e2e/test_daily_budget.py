"""The free plan's first days: 250 calls a day, enforced by the demo API as FMP does. The tickers the
user names are fetched on day one, the five-year back-fill of the global series is spread over the
following days, and when it has caught up nothing is missing compared with an unlimited run."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ingestion.catalogue import load_catalogue
from ingestion.demo_api import DemoApiServer, DemoSettings
from ingestion.plan import gap_planned

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

DAY_ONE = date(2026, 3, 2)
START = date(2021, 3, 2)
WINDOWED = ("treasury-rates", "economic-indicators")


def run_day(tmp_path: Path, day: date, plan: str = "basic", daily_limit: int | None = 250):
    """One day's `sbf ingest --tickers AAPL,MSFT` against a demo API that serves `day` and refuses
    past `daily_limit` calls (a new server per day: its count is the day's)."""
    with DemoApiServer(DemoSettings(as_of=day, daily_limit=daily_limit)) as server:
        ws = make_workspace(tmp_path, FMP_API_KEY="canary-budget-key", FMP_BASE_URL=server.base_url,
                            FMP_PLAN=plan, SBF_START_DATE=START.isoformat())
        proc = ws.sbf("run", "--no-silver", "--no-gold", "--tickers", "AAPL,MSFT", "--as-of", day.isoformat(),
                      check=False)
    return ws, proc


def last_run(ws: Workspace) -> dict:
    (status, calls, deferred, line) = ws.query(
        "select status, calls, requests_deferred, deferral from ops.runs order by started_at desc limit 1")[0]
    return {"status": status, "calls": calls, "deferred": deferred, "deferral": line}


def windowed_rows(ws: Workspace) -> set[tuple]:
    """(dataset, discriminator, row date) of every row the windowed global series hold in bronze."""
    rows = set()
    for dataset, disc, relpath in ws.query(
            "select dataset, discriminator, bronze_filename from ops.file_ingestions "
            "where bronze_can_promote and dataset in ?", [list(WINDOWED)]):
        for row in json.loads((ws.data_dir / relpath).read_text())["payload"]:
            rows.add((dataset, disc, row["date"][:10]))
    return rows


def test_basic_plan_fetches_named_tickers_first_and_catches_up_over_days(tmp_path):
    ws, proc = run_day(tmp_path / "budget", DAY_ONE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    day_one = last_run(ws)
    assert day_one["status"] == "success" and day_one["deferred"] > 0
    assert day_one["calls"] <= 250 - 50, "a fifth of the day is kept for later runs"
    # one line says what was deferred and why
    lines = [l for l in proc.stdout.splitlines() if "deferred" in l and "to later days" in l]
    assert len(lines) == 1 and "daily budget 250" in lines[0] and f"deferred {day_one['deferred']} " in lines[0]
    assert "Limit Reach" not in proc.stdout + proc.stderr
    # AAPL's and MSFT's datasets are all fetched on day one
    ticker_files = ws.query("select distinct dataset, discriminator, ticker from ops.file_ingestions where ticker <> ''")
    assert {t for *_, t in ticker_files} == {"AAPL", "MSFT"}
    assert ws.scalar("select count(*) from ops.file_ingestions where ticker = 'AAPL' and bronze_can_promote "
                     "and dataset = 'historical-price-eod-full'") == 1
    # every economic series and the treasury got their newest window on day one
    newest = ws.query("select dataset, discriminator, max(json_extract_string(request_params, '$.to')) "
                      "from ops.file_ingestions where dataset in ? group by all", [list(WINDOWED)])
    series = [s for s in load_catalogue() if gap_planned(s)]
    assert len(newest) == len(series) == 25 and all(to == DAY_ONE.isoformat() for *_, to in newest)

    # The dry run of day two shows what fits and what waits.
    with DemoApiServer(DemoSettings(as_of=DAY_ONE)) as server:
        dry = make_workspace(tmp_path / "budget", FMP_API_KEY="canary-budget-key", FMP_BASE_URL=server.base_url,
                             FMP_PLAN="basic", SBF_START_DATE=START.isoformat())
        shown = dry.sbf("run", "--dry-run", "--as-of", (DAY_ONE + timedelta(days=1)).isoformat(),
                        "--tickers", "AAPL,MSFT").stdout
    assert "deferred to later days (daily budget 250, 0 used today)" in shown.splitlines()[0]
    assert "  defer    economic-indicators/" in shown

    # The following days fetch the deferred back-fill until nothing is deferred.
    day, days = DAY_ONE, 1
    while last_run(ws)["deferred"]:
        day += timedelta(days=1)
        days += 1
        ws, proc = run_day(tmp_path / "budget", day)
        assert proc.returncode == 0 and last_run(ws)["status"] == "success", proc.stdout + proc.stderr
        assert last_run(ws)["calls"] <= 250
        assert days < 8, "the back-fill converges"
    assert days >= 3
    # Caught up: the next day asks one window at most per daily series, and nothing of the past.
    ws, proc = run_day(tmp_path / "budget", day + timedelta(days=1))
    assert proc.returncode == 0 and last_run(ws)["deferred"] == 0
    asked = ws.query("select dataset, json_extract_string(request_params, '$.from') from ops.file_ingestions "
                     "where dataset in ? and as_of_date = ?", [list(WINDOWED), day + timedelta(days=1)])
    assert all(date.fromisoformat(start) > day - timedelta(days=200) for _, start in asked), asked

    # No row lost: every row one unlimited run on day one fetches, the budgeted days hold too (they also
    # hold later rows: their last days fetched the daily series again).
    full, proc = run_day(tmp_path / "unlimited", DAY_ONE, plan="ultimate", daily_limit=None)
    assert proc.returncode == 0, proc.stderr
    unlimited, budgeted = windowed_rows(full), windowed_rows(ws)
    assert len(unlimited) > 1000 and unlimited <= budgeted, sorted(unlimited - budgeted)[:10]
    settled = (DAY_ONE - timedelta(days=130)).isoformat()  # published by day one, whatever the series' lag
    assert {r for r in budgeted if r[2] <= settled} == {r for r in unlimited if r[2] <= settled}
    assert min(r[2] for r in budgeted) <= (START + timedelta(days=10)).isoformat()

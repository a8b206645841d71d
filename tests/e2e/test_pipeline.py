"""The walking skeleton end to end: demo API -> sbf ingest -> bronze + ops -> dbt build -> silver and gold.

The demo API runs in this process as an FMP-compatible server; `sbf ingest` reaches it over loopback
exactly as it would reach FMP (FMP_BASE_URL + FMP_API_KEY), so the real-API code path is the one tested.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import requests

from ingestion.catalogue import load_catalogue
from ingestion.demo_api import DemoApiServer, DemoSettings

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

CANARY_KEY = "CANARY-KEY-7f3a9c"
# The walking skeleton's datasets (the whole catalogue is covered by test_catalogue_e2e.py).
SKELETON = ["stock-list", "company-profile", "historical-price-eod-full", "historical-market-capitalization",
            "income-statement"]
SILVER_TABLES = {s.dataset: s.silver_model for s in load_catalogue() if s.dataset in SKELETON}
GOLD_TABLES = ["dim_date", "dim_instrument", "fct_daily_prices", "fct_market_cap", "fct_fundamentals_annual",
               "fct_fundamentals_quarterly"]


@pytest.fixture(scope="module")
def demo():
    with DemoApiServer(DemoSettings()) as server:
        yield server


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, demo) -> dict:
    """One full ingest + build; later checks read what it left behind."""
    ws = make_workspace(tmp_path_factory.mktemp("e2e"), FMP_API_KEY=CANARY_KEY, FMP_BASE_URL=demo.base_url)
    ingest = ws.sbf("ingest", "--datasets", ",".join(SKELETON))
    build = ws.dbt("build")
    return {"ws": ws, "ingest": ingest, "build": build, "counts_after_build": table_counts(ws)}


def table_counts(ws: Workspace) -> dict[str, int]:
    tables = [f"silver.{t}" for t in sorted(set(SILVER_TABLES.values()))] + [f"gold.{t}" for t in GOLD_TABLES]
    return {t: ws.scalar(f"select count(*) from {t}") for t in tables}


def bronze_files(ws: Workspace) -> set[str]:
    return {p.relative_to(ws.data_dir).as_posix() for p in (ws.data_dir / "bronze").rglob("*") if p.is_file()}


def test_one_ops_row_per_bronze_file_and_one_file_per_row(loaded):
    ws = loaded["ws"]
    files = bronze_files(ws)
    rows = [r[0] for r in ws.query("select bronze_filename from ops.file_ingestions")]
    assert len(rows) == len(set(rows)) == len(files) > 0
    assert set(rows) == files
    assert not any(Path(f).name.startswith(".") for f in files), "a temporary file was left behind"


def test_every_slice_dataset_has_successful_ops_rows(loaded):
    ws = loaded["ws"]
    got = dict(ws.query("select dataset || coalesce('/' || nullif(discriminator, ''), ''), count(*) from ops.file_ingestions where bronze_can_promote group by 1"))
    assert set(got) == {s.name for s in load_catalogue() if s.dataset in SKELETON}
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_error is not null") == 0
    (status, requests_made, ok) = ws.query("select status, requests, files_ok from ops.runs")[0]
    assert status == "success" and requests_made == ok + ws.scalar("select count(*) from ops.file_ingestions where bronze_rows = 0")


def test_silver_rows_equal_what_the_demo_api_served(loaded, demo):
    """Ask the demo API again, independently, for every request ops recorded, and count per ticker."""
    ws = loaded["ws"]
    served: Counter = Counter()
    for dataset, ticker, endpoint, params in ws.query(
        "select dataset, ticker, endpoint, request_params from ops.file_ingestions where bronze_can_promote"
    ):
        body = requests.get(f"{demo.base_url}/{endpoint}", params={**json.loads(params), "apikey": "x"}, timeout=30).json()
        for row in body:
            served[(dataset, row["symbol"])] += 1
    for dataset, model in SILVER_TABLES.items():
        in_silver = dict(ws.query(f"select symbol, count(*) from silver.{model} group by symbol"))
        expected = {sym: n for (d, sym), n in served.items() if d == dataset}
        assert in_silver == expected, f"silver.{model} differs from what the demo API served"


def test_silver_types_are_explicit(loaded):
    ws = loaded["ws"]
    types = dict(ws.query(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'silver' and table_name = 'historical_price_eod_full'"
    ))
    assert types["date"] == "DATE" and types["close"] == "DOUBLE" and types["volume"] == "BIGINT"
    assert {"file_id", "run_id", "ingested_at"} <= set(types)
    fy = dict(ws.query(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'silver' and table_name = 'income_statement'"
    ))
    assert fy["fiscal_year"] in ("INTEGER", "BIGINT") and fy["filing_date"] == "DATE"
    assert ws.scalar("select count(*) from silver.company_profile where cik = 'null'") == 0


def test_gold_is_populated_and_every_promotable_row_is_stamped(loaded):
    ws = loaded["ws"]
    counts = loaded["counts_after_build"]
    assert all(counts[f"gold.{t}"] > 0 for t in GOLD_TABLES), counts
    assert counts["gold.fct_daily_prices"] == counts["silver.historical_price_eod_full"]
    unstamped = ws.query(
        """
        select dataset, ticker, file_id from ops.file_ingestions
        where bronze_can_promote and (silver_tablename is null or silver_ingest_end_time is null
              or silver_rows_created is null or gold_tablename is null or gold_ingest_end_time is null)
        """
    )
    assert unstamped == []
    # Rows created per file add up to the silver table (first load: no updates).
    for dataset, model in SILVER_TABLES.items():
        created = ws.scalar("select sum(silver_rows_created) from ops.file_ingestions where dataset = ?", [dataset])
        assert created == counts[f"silver.{model}"], dataset
    assert ws.scalar("select count(*) from ops.file_ingestions where silver_ingest_end_time < silver_ingest_start_time") == 0


def test_second_ingest_fetches_nothing_it_has_and_duplicates_nothing(loaded):
    ws = loaded["ws"]
    before = ws.scalar("select count(*) from ops.file_ingestions")
    files_before = bronze_files(ws)
    ws.sbf("ingest", "--datasets", ",".join(SKELETON))
    run = ws.query("select requests, skipped_too_soon, status from ops.runs order by started_at desc limit 1")[0]
    assert run[0] == 0 and run[1] > 0 and run[2] == "success"
    assert ws.scalar("select count(*) from ops.file_ingestions") == before
    assert bronze_files(ws) == files_before


def test_second_build_changes_no_counts_and_gold_builds_alone(loaded):
    ws = loaded["ws"]
    ws.dbt("build")
    assert table_counts(ws) == loaded["counts_after_build"]
    ws.dbt("build", "--select", "gold")
    assert table_counts(ws) == loaded["counts_after_build"]


def test_api_key_is_written_nowhere(loaded):
    ws = loaded["ws"]
    root = ws.data_dir.parent
    hits = [p for p in root.rglob("*") if p.is_file() and CANARY_KEY.encode() in p.read_bytes()]
    assert hits == []
    for proc in (loaded["ingest"], loaded["build"]):
        assert CANARY_KEY not in proc.stdout + proc.stderr


def test_no_key_uses_the_demo_api_and_says_so(workspace):
    proc = workspace.sbf("ingest", "--ticker-limit", "2", "--datasets", "stock-list,historical-price-eod-full")
    assert proc.stderr.count("using the built-in demo API") == 1
    assert workspace.scalar("select count(distinct ticker) from ops.file_ingestions where ticker <> ''") == 2
    # The same data dir now refuses data from a real API, and says what to do.
    real = make_workspace(workspace.data_dir.parent, FMP_API_KEY="k", FMP_BASE_URL="http://127.0.0.1:9/stable")
    refused = real.sbf("ingest", check=False)
    assert refused.returncode == 2 and "holds demo data" in refused.stderr and "SBF_DATA_DIR" in refused.stderr


@pytest.mark.parametrize(
    "args, culprit",
    [
        (["--datasets", "prices"], "unknown dataset 'prices'"),
        (["--tickers", "AAPL,../x"], "ticker '../x'"),
        (["--tickers", ""], "ticker ''"),
    ],
)
def test_bad_input_exits_2_naming_the_culprit_and_writes_nothing(workspace, args, culprit):
    proc = workspace.sbf("ingest", *args, check=False)
    assert proc.returncode == 2
    assert culprit in proc.stderr and "Traceback" not in proc.stderr
    assert not workspace.data_dir.exists()

"""Restatements end to end: statements and profiles keep what was known when.

A real ingest from the demo API and a real `dbt build --select +gold`; then FMP "restates" AAPL's latest
annual income statement (revenue) and changes its profile (sector). The demo API serves fixed data, so
the restated responses are bronze files made the way the fetcher makes them (ingestion.bronze: a new
file_id, an envelope whose requested_at is the time of the restatement, the payload with one value
changed), each with an ops row copied from the original file's (same columns, bronze ones recomputed,
silver and gold ones empty: pending). Everything downstream is the real dbt and DuckDB: the second
build must carry the new values into silver, record both versions in the snapshots and date them by
the files' request times in the history models, and `as_of` must answer with the old value before
the restatement and the new one after it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings

from .conftest import Workspace, make_workspace, restate_latest_file

pytestmark = pytest.mark.e2e

DATASETS = "stock-list,company-profile,historical-price-eod-full,historical-market-capitalization,income-statement"
TICKER = "AAPL"
NEW_SECTOR = "Restated Sector"


def _utc(ts: datetime) -> datetime:
    """A timestamptz from DuckDB as the naive UTC timestamp the history models use."""
    return ts.astimezone(timezone.utc).replace(tzinfo=None)


@pytest.fixture(scope="module")
def restated(tmp_path_factory) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("restatements"), FMP_API_KEY="demo-key")
    timings = {}
    started = time.monotonic()
    with DemoApiServer(DemoSettings()) as server:
        ws.env["FMP_BASE_URL"] = server.base_url
        ws.sbf("ingest", "--datasets", DATASETS)
    timings["ingest"] = time.monotonic() - started
    started = time.monotonic()
    ws.dbt("build", "--select", "+gold")
    timings["first build"] = time.monotonic() - started

    # the statement to restate: the latest annual one of TICKER
    key = ws.query(
        "select date, period, fiscal_year, revenue, file_id, ingested_at from silver.income_statement "
        "where symbol = ? and period = 'FY' order by date desc limit 1", [TICKER])[0]
    stmt = dict(zip(["date", "period", "fiscal_year", "revenue", "file_id", "ingested_at"], key))
    profile = dict(zip(["sector", "file_id", "ingested_at"], ws.query(
        "select sector, file_id, ingested_at from silver.company_profile where symbol = ?", [TICKER])[0]))
    first = {
        "history_rows": ws.scalar("select count(*) from gold.fct_income_statements_history"),
        "silver_rows": ws.scalar("select count(*) from silver.income_statement"),
        "companies": ws.scalar("select count(*) from gold.dim_company_history"),
    }
    time.sleep(1.1)  # the restatement is requested strictly later than the original, at second resolution too

    def new_revenue(payload):
        rows = [r for r in payload if r["date"] == stmt["date"].isoformat() and r["period"] == "FY"]
        assert len(rows) == 1, rows
        rows[0]["revenue"] = stmt["revenue"] + 1_000_000

    def new_sector(payload):
        assert payload[0]["symbol"] == TICKER
        payload[0]["sector"] = NEW_SECTOR

    restated_stmt = restate_latest_file(ws, "income-statement", "FY", TICKER, new_revenue)
    restated_profile = restate_latest_file(ws, "company-profile", "", TICKER, new_sector)
    started = time.monotonic()
    ws.dbt("build", "--select", "+gold")
    timings["second build"] = time.monotonic() - started
    return {"ws": ws, "stmt": stmt, "profile": profile, "first": first, "timings": timings,
            "restated_stmt": restated_stmt, "restated_profile": restated_profile}


def test_silver_and_the_current_fact_take_the_restated_value(restated):
    ws, stmt, new = restated["ws"], restated["stmt"], restated["restated_stmt"]
    key = [TICKER, stmt["date"], "FY"]
    silver = ws.query("select revenue, file_id from silver.income_statement where symbol = ? and date = ? and period = ?", key)
    assert silver == [(stmt["revenue"] + 1_000_000, new["file_id"])]
    fact = ws.query("select revenue, income_file_id from gold.fct_fundamentals_annual "
                    "where symbol = ? and date = ? and period = ?", key)
    assert fact == silver
    # the restated file updated one row in silver and one in gold, and was consumed by gold
    assert ws.query("select silver_rows_created, silver_rows_updated, gold_tablename, gold_rows_created, "
                    "gold_rows_updated from ops.file_ingestions where file_id = ?", [new["file_id"]]) == [
        (0, 1, "gold.fct_fundamentals_annual", 0, 1)]


def test_history_keeps_both_versions_dated_by_their_files(restated):
    ws, stmt, new = restated["ws"], restated["stmt"], restated["restated_stmt"]
    versions = ws.query(
        "select version, revenue, file_id, valid_from, valid_to, is_current from gold.fct_income_statements_history "
        "where symbol = ? and date = ? and period = 'FY' order by version", [TICKER, stmt["date"]])
    old_since, new_since = _utc(stmt["ingested_at"]), _utc(new["bronze_ingest_start_time"])
    assert old_since < new_since
    assert versions == [
        (1, stmt["revenue"], stmt["file_id"], old_since, new_since, False),
        (2, stmt["revenue"] + 1_000_000, new["file_id"], new_since, None, True),
    ]
    # every other statement has exactly one (current) version: one history row more than silver rows
    first = restated["first"]
    assert first["history_rows"] == first["silver_rows"] > 0
    assert ws.scalar("select count(*) from gold.fct_income_statements_history") == first["silver_rows"] + 1
    assert ws.scalar("select count(*) from gold.fct_income_statements_history where is_current") == first["silver_rows"]
    # the current versions are exactly the income statements of the fundamentals facts (no bulk files here)
    facts = ("select symbol, date, period, revenue, income_file_id from gold.fct_fundamentals_annual union all "
             "select symbol, date, period, revenue, income_file_id from gold.fct_fundamentals_quarterly")
    current = "select symbol, date, period, revenue, file_id from gold.fct_income_statements_history where is_current"
    assert ws.scalar(f"select count(*) from (select * from ({current}) except all select * from ({facts}))") == 0
    assert ws.scalar(f"select count(*) from (select * from ({facts}) except all select * from ({current}))") == 0


def test_validity_ranges_never_overlap(restated):
    ws = restated["ws"]
    for table, key in (("fct_income_statements_history", "symbol, date, period"), ("dim_company_history", "symbol")):
        overlaps = ws.scalar(
            f"select count(*) from gold.{table} a join gold.{table} b using ({key}) "
            "where a.version < b.version and a.valid_from < coalesce(b.valid_to, timestamp '9999-12-31') "
            "and b.valid_from < coalesce(a.valid_to, timestamp '9999-12-31') and a.valid_from < a.valid_to")
        assert overlaps == 0, table
        assert ws.scalar(f"select count(*) from gold.{table} where valid_to < valid_from") == 0


def _show(ws: Workspace, query: str) -> list[dict]:
    proc = ws.dbt("show", "--inline", query, "--output", "json", "--log-format", "json", "--limit", "50")
    for line in proc.stdout.splitlines():
        data = json.loads(line).get("data", {})
        if "preview" in data:
            return json.loads(data["preview"])
    raise AssertionError(f"no preview in dbt show output:\n{proc.stdout[-3000:]}")


def _show_each(ws: Workspace, queries: dict[str, str]) -> dict[str, list[dict]]:
    """The rows of each query (all with the same columns), from one `dbt show` of their union: one dbt
    process (~5 s of start-up and parse check) for all of them instead of one each."""
    union = " union all ".join(f"select '{label}' as shown_for, q.* from ({query}) as q"
                               for label, query in queries.items())
    rows = _show(ws, union)
    return {label: [{k: v for k, v in row.items() if k != "shown_for"} for row in rows if row["shown_for"] == label]
            for label in queries}


def test_as_of_returns_what_was_known_at_the_time(restated):
    ws, stmt, new = restated["ws"], restated["stmt"], restated["restated_stmt"]
    old_since, new_since = _utc(stmt["ingested_at"]), _utc(new["bronze_ingest_start_time"])
    between = old_since + (new_since - old_since) / 2
    where = f"where symbol = '{TICKER}' and period = 'FY' and fiscal_year = {stmt['fiscal_year']}"
    select = "select revenue, version from {{ as_of(ref('fct_income_statements_history'), '%s') }} " + where
    today = new_since.date()
    shown = _show_each(ws, {
        "between": select % between.isoformat(sep=" "),
        "restated": select % new_since.isoformat(sep=" "),
        "today": select % today.isoformat(),
        "day before": select % (old_since.date() - timedelta(days=1)).isoformat(),
    })
    # the macro, through dbt: before the restatement the original, after it the restated value
    assert shown["between"] == [{"revenue": stmt["revenue"], "version": 1}]
    assert shown["restated"] == [{"revenue": stmt["revenue"] + 1_000_000, "version": 2}]
    # a date means "as known at the end of that day": today knows the restatement, the day before knew nothing
    assert shown["today"] == [{"revenue": stmt["revenue"] + 1_000_000, "version": 2}]
    assert shown["day before"] == []
    # the plain-SQL form documented in the overview agrees
    plain = ("select revenue from gold.fct_income_statements_history "
             f"{where} and valid_from <= ? and (valid_to is null or ? < valid_to)")
    assert ws.query(plain, [between, between]) == [(stmt["revenue"],)]
    assert ws.query(plain, [new_since, new_since]) == [(stmt["revenue"] + 1_000_000,)]
    # a malformed date is a clear compile error, not a silent empty answer
    bad = ws.dbt("show", "--inline", select % "March 1st", check=False)
    assert bad.returncode != 0 and "as_of: `at` must be" in bad.stdout + bad.stderr


def test_company_history_keeps_the_old_sector(restated):
    ws, old, new = restated["ws"], restated["profile"], restated["restated_profile"]
    versions = ws.query(
        "select version, sector, file_id, valid_from, valid_to, is_current from gold.dim_company_history "
        "where symbol = ? order by version", [TICKER])
    old_since, new_since = _utc(old["ingested_at"]), _utc(new["bronze_ingest_start_time"])
    assert versions == [
        (1, old["sector"], old["file_id"], old_since, new_since, False),
        (2, NEW_SECTOR, new["file_id"], new_since, None, True),
    ]
    assert old["sector"] != NEW_SECTOR
    assert ws.scalar("select sector from gold.dim_company where symbol = ?", [TICKER]) == NEW_SECTOR
    assert ws.scalar("select count(*) from gold.dim_company_history") == restated["first"]["companies"] + 1
    between = old_since + (new_since - old_since) / 2
    assert _show(ws, "select sector from {{ as_of(ref('dim_company_history'), '%s') }} where symbol = '%s'"
                 % (between.isoformat(sep=" "), TICKER)) == [{"sector": old["sector"]}]


def test_gold_alone_rebuilds_and_the_history_tests_catch_an_overlap(restated):
    ws = restated["ws"]
    # `dbt build --select gold` on a warehouse whose silver is built: snapshots see no change, history unchanged
    before = ws.query("select * exclude (snapshotted_at) from gold.fct_income_statements_history order by all")
    ws.dbt("build", "--select", "gold")
    assert ws.query("select * exclude (snapshotted_at) from gold.fct_income_statements_history order by all") == before
    # the contiguity test fails on an overlapping history (and passes again after a rebuild)
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update gold.fct_income_statements_history set valid_to = valid_to + interval 1 hour "
                    "where symbol = ? and version = 1 and valid_to is not null", [TICKER])
    finally:
        con.close()
    failed = ws.dbt("test", "--select", "fct_income_statements_history,test_name:history_is_contiguous", check=False)
    assert failed.returncode != 0 and "history_is_contiguous" in failed.stdout
    ws.dbt("build", "--select", "fct_income_statements_history")
    print("timings (s):", {k: round(v, 1) for k, v in restated["timings"].items()})

"""Gold macro facts end to end: treasury rates, economic indicators, FRED series, market risk premium.

One real ingest of the global macro datasets from the built-in demo API (demo mode: no key, so FRED is
included; a short SBF_START_DATE keeps it small),
one `dbt build` of those facts and dim_date; each fact is compared with what the bronze files say, read
here with plain Python (json, the latest requested file wins per key), not with the project's SQL.
A second ingest re-fetches the daily series and a second build must merge nothing new: the facts keep
their rows, values and even a row tampered with in between (a full rebuild would have restored it).
dim_date's holiday and early-close flags are checked against NYSE's published calendar.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import duckdb
import pytest

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

DATASETS = ["treasury-rates", "economic-indicators", "fred-dgs10", "fred-usrecm", "market-risk-premium"]
# ~4 months: covers NYSE holidays (so FRED "." days) and a few monthly observations
START = date.today() - timedelta(days=125)
TENORS = ["month1", "month2", "month3", "month6", "year1", "year2", "year3", "year5", "year7", "year10",
          "year20", "year30"]
FACTS = ["fct_treasury_rates", "fct_economic_indicators", "fct_fred_series", "fct_market_risk_premium"]
SELECT = ["--select", *[f"+{m}" for m in FACTS], "+dim_date", "assert_nyse_early_closes_are_trading_days",
          "--indirect-selection", "cautious"]
TAMPERED = -999.0


@pytest.fixture(scope="module")
def macro(tmp_path_factory) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("macro"), SBF_START_DATE=START.isoformat())
    ws.sbf("ingest", "--datasets", ",".join(DATASETS))
    first = ws.dbt("build", *SELECT)
    tables = {fact: snapshot(ws, fact) for fact in FACTS}
    # A later run re-fetches the daily series over the last ten days (a backfill): the same values in new
    # files.
    # Meanwhile one consumed gold row is tampered with: an incremental build must leave it alone.
    con = duckdb.connect(str(ws.warehouse))
    try:
        tampered_date = con.execute("select max(date) from gold.fct_economic_indicators").fetchone()[0]
        tampered_name = con.execute("select min(indicator_name) from gold.fct_economic_indicators where date = ?",
                                    [tampered_date]).fetchone()[0]
        con.execute("update gold.fct_economic_indicators set value = ? where indicator_name = ? and date = ?",
                    [TAMPERED, tampered_name, tampered_date])
    finally:
        con.close()
    files_before = ws.scalar("select count(*) from ops.file_ingestions")
    ws.sbf("run", "--no-silver", "--no-gold", "--datasets", "treasury-rates,fred-dgs10",
           "--from", (date.today() - timedelta(days=10)).isoformat())
    second = ws.dbt("build", *SELECT)
    return {"ws": ws, "first": first, "second": second, "tables": tables, "files_before": files_before,
            "tampered": (tampered_name, tampered_date)}


def snapshot(ws: Workspace, fact: str) -> list[tuple]:
    return ws.query(f"select * from gold.{fact} order by all")


# ------------------------------------------------------------------ bronze, read independently

def bronze_documents(ws: Workspace, dataset: str) -> list[dict]:
    """The successful bronze documents of a dataset, oldest request first."""
    docs = []
    for path in Path(ws.data_dir, "bronze").rglob("*.json"):
        doc = json.loads(path.read_text())
        if doc["envelope"]["dataset"] == dataset and doc["envelope"]["http_status"] == 200:
            docs.append(doc)
    assert docs, f"no bronze file for {dataset}"
    return sorted(docs, key=lambda d: d["envelope"]["requested_at"])


def latest_rows(ws: Workspace, dataset: str, key, rows_of=lambda payload: payload) -> dict:
    """key(row) -> (row, envelope) of the latest requested file that has the key."""
    out = {}
    for doc in bronze_documents(ws, dataset):
        for row in rows_of(doc["payload"]) or []:
            out[key(row)] = (row, doc["envelope"])
    return out


def as_float(value) -> float | None:
    return None if value in (None, "", ".") else float(value)


# ------------------------------------------------------------------ the facts equal their bronze

def test_treasury_rates_equal_the_bronze_curves(macro):
    ws = macro["ws"]
    expected = {
        date.fromisoformat(d): tuple(as_float(row.get(t)) for t in TENORS)
        for d, (row, _) in latest_rows(ws, "treasury-rates", lambda r: r["date"]).items()
    }
    got = {r[0]: tuple(r[1:]) for r in ws.query(f"select date, {', '.join(TENORS)} from gold.fct_treasury_rates")}
    assert len(got) > 60
    assert got == expected
    assert all(d.weekday() < 5 for d in got)


def test_economic_indicators_equal_the_bronze_observations(macro):
    ws = macro["ws"]
    name, day = macro["tampered"]
    expected = {
        (n, date.fromisoformat(d)): as_float(row["value"])
        for (n, d), (row, _) in latest_rows(ws, "economic-indicators", lambda r: (r["name"], r["date"])).items()
    }
    got = dict(((n, d), v) for n, d, v in ws.query("select indicator_name, date, value from gold.fct_economic_indicators"))
    assert len({n for n, _ in got}) > 10
    assert got.pop((name, day)) == TAMPERED  # checked in test_second_build_merges_nothing_new
    expected.pop((name, day))
    assert got == expected


def test_fred_series_equal_the_bronze_observations_with_dots_as_null(macro):
    ws = macro["ws"]
    expected = {}
    for dataset in ("fred-dgs10", "fred-usrecm"):
        for d, (row, envelope) in latest_rows(ws, dataset, lambda r: r["date"], lambda p: p["observations"]).items():
            expected[(envelope["params"]["series_id"], date.fromisoformat(d))] = (
                as_float(row["value"]), row["value"] == ".")
    got = {(s, d): v for s, d, v in ws.query("select series_id, date, value from gold.fct_fred_series")}
    assert got == {k: v for k, (v, _) in expected.items()}
    dots = [k for k, (_, dot) in expected.items() if dot]
    assert dots and all(k[0] == "DGS10" and got[k] is None for k in dots), "FRED '.' must be NULL, the day kept"
    assert {v for (s, _), v in got.items() if s == "USRECM"} <= {0.0, 1.0}
    assert {s for s, _ in got} == {"DGS10", "USRECM"}


def test_market_risk_premium_has_the_latest_value_per_country_dated_by_its_request(macro):
    ws = macro["ws"]
    expected = {
        country: (row["continent"], as_float(row["countryRiskPremium"]), as_float(row["totalEquityRiskPremium"]),
                  date.fromisoformat(envelope["requested_at"][:10]))
        for country, (row, envelope) in latest_rows(ws, "market-risk-premium", lambda r: r["country"]).items()
    }
    got = {r[0]: tuple(r[1:]) for r in ws.query(
        "select country, continent, country_risk_premium, total_equity_risk_premium, known_since "
        "from gold.fct_market_risk_premium where is_latest")}
    assert len(got) > 20
    assert got == expected
    assert ws.scalar("select count(*) from gold.fct_market_risk_premium") == len(expected)


def test_every_fact_row_comes_from_a_stamped_file_of_its_dataset(macro):
    ws = macro["ws"]
    for fact, datasets in (("fct_treasury_rates", ["treasury-rates"]),
                           ("fct_economic_indicators", ["economic-indicators"]),
                           ("fct_fred_series", ["fred-dgs10", "fred-usrecm"]),
                           ("fct_market_risk_premium", ["market-risk-premium"])):
        orphans = ws.scalar(
            f"select count(*) from gold.{fact} where file_id not in (select file_id from ops.file_ingestions "
            f"where gold_tablename = 'gold.{fact}' and dataset in ({', '.join('?' * len(datasets))}))", datasets)
        assert orphans == 0, fact
        unstamped = ws.scalar(
            "select count(*) from ops.file_ingestions where silver_ingest_end_time is not null "
            f"and dataset in ({', '.join('?' * len(datasets))}) and gold_tablename is distinct from ?",
            [*datasets, f"gold.{fact}"])
        assert unstamped == 0, fact


# ------------------------------------------------------------------ incremental

def test_second_build_merges_nothing_new(macro):
    ws = macro["ws"]
    refetched = ws.query(
        "select dataset, bronze_rows, gold_tablename, gold_rows_created, gold_rows_updated from ops.file_ingestions "
        "order by bronze_ingest_start_time desc limit ?",
        [ws.scalar("select count(*) from ops.file_ingestions") - macro["files_before"]])
    # the re-fetched daily series: new files with rows, stamped, but they changed nothing
    assert {d for d, *_ in refetched} == {"treasury-rates", "fred-dgs10"}
    assert all(rows > 0 and table is not None and created == updated == 0 for _, rows, table, created, updated in refetched)
    name, day = macro["tampered"]
    for fact in FACTS:
        now = snapshot(ws, fact)
        if fact == "fct_economic_indicators":
            # the tampered row survived: the build merged only rows of unconsumed files
            assert ws.scalar("select value from gold.fct_economic_indicators where indicator_name = ? and date = ?",
                             [name, day]) == TAMPERED
            before = [r for r in macro["tables"][fact] if (r[0], r[1]) != (name, day)]
            now = [r for r in now if (r[0], r[1]) != (name, day)]
            assert now == before
        else:
            assert now == macro["tables"][fact], fact


# ------------------------------------------------------------------ dim_date: NYSE calendar

# NYSE's published calendar: (date, is_trading_day, close time or None, holiday?)
KNOWN_DAYS = [
    (date(2024, 7, 3), True, time(13, 0), False),
    (date(2024, 7, 4), False, None, True),
    (date(2024, 7, 5), True, time(16, 0), False),
    (date(2024, 7, 6), False, None, False),  # Saturday
    (date(2024, 11, 29), True, time(13, 0), False),
    (date(2024, 12, 24), True, time(13, 0), False),
    (date(2025, 1, 9), False, None, True),  # national day of mourning (President Carter)
    (date(2025, 7, 3), True, time(13, 0), False),
    (date(2025, 11, 28), True, time(13, 0), False),
    (date(2025, 12, 24), True, time(13, 0), False),
    (date(2026, 7, 3), False, None, True),  # Independence Day observed: no early close that week
    (date(2026, 7, 2), True, time(16, 0), False),
    (date(2026, 11, 27), True, time(13, 0), False),
    (date(2026, 12, 24), True, time(13, 0), False),
]


def test_dim_date_flags_holidays_and_early_closes_of_the_published_nyse_calendar(macro):
    ws = macro["ws"]
    got = {r[0]: r[1:] for r in ws.query(
        "select date, is_trading_day, market_close_time, is_nyse_holiday, is_early_close from gold.dim_date "
        "where date in (" + ", ".join(f"date '{d}'" for d, *_ in KNOWN_DAYS) + ")")}
    for day, trading, close, holiday in KNOWN_DAYS:
        assert got[day] == (trading, close, holiday, close == time(13, 0)), day
    per_year = dict(ws.query("select year, count(*) filter (where is_early_close) from gold.dim_date "
                             "where year between 2024 and 2026 group by year"))
    assert per_year == {2024: 3, 2025: 3, 2026: 2}

"""Gold corporate actions end to end: dividends, splits, earnings and share float from the demo API
through bronze and silver into gold, checked against the bronze payloads with independent Python.

Two ingests of three tickers (PFE: a 1:3 reverse split and dividends; TSLA: two forward splits and no
dividend; IBM: a 1046:1000 split and dividends). The first one's server pretends "today" is 120 days
ago, so announcements that were upcoming then are reported in the second; each ingest is followed by
`dbt build` of the corporate-action facts (incremental on the second).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import date, timedelta

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

TICKERS = "PFE,TSLA,IBM"
EVENTS = "dividends,splits,earnings,company-shares-float"
#: dim_instrument (the symbols' relationships) and the two price series the splits reconcile
DATASETS = f"stock-list,company-profile,{EVENTS},historical-price-eod-full,technicals-historical-price-eod-non-split-adjusted"
FIRST_AS_OF = date.today() - timedelta(days=120)
BUILD = ["build", "--select", "+gold.corporate_actions", "+dim_instrument", "historical_price_eod_full",
         "technicals_historical_price_eod_non_split_adjusted", "--indirect-selection", "cautious"]
#: gold fact -> (dataset, its grain's date column)
FACTS = {"fct_dividends": ("dividends", "ex_dividend_date"), "fct_splits": ("splits", "date"),
         "fct_earnings": ("earnings", "date"), "fct_shares_float": ("company-shares-float", "date")}


@pytest.fixture(scope="module")
def actions(tmp_path_factory) -> dict:
    # prices from before the first split of the three tickers (TSLA, 2020-08-31)
    ws = make_workspace(tmp_path_factory.mktemp("actions"), FMP_API_KEY="demo-key", SBF_START_DATE="2020-01-02")
    with DemoApiServer(DemoSettings(as_of=FIRST_AS_OF)) as first:
        ws.env["FMP_BASE_URL"] = first.base_url
        ws.sbf("ingest", "--tickers", TICKERS, "--datasets", DATASETS)
    first_build = ws.dbt(*BUILD)
    first_earnings = {(s, str(d)): r for s, d, r in ws.query("select symbol, date, is_reported from gold.fct_earnings")}
    # A week later for the event datasets (their cadence is 7 days): the API now has data up to today.
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update ops.file_ingestions set as_of_date = as_of_date - 7 where dataset in "
                    "('dividends', 'splits', 'earnings')")
    finally:
        con.close()
    with DemoApiServer(DemoSettings()) as second:
        ws.env["FMP_BASE_URL"] = second.base_url
        ws.sbf("ingest", "--tickers", TICKERS, "--datasets", "dividends,splits,earnings")
    build = ws.dbt(*BUILD)
    return {"ws": ws, "builds": [first_build, build], "first_earnings": first_earnings}


def bronze_rows(ws: Workspace, dataset: str) -> dict[tuple[str, str], dict]:
    """(symbol, day) -> the row of the newest promotable bronze file that carries the key."""
    rows: dict[tuple[str, str], dict] = {}
    files = ws.query("select bronze_filename from ops.file_ingestions where dataset = ? and bronze_can_promote "
                     "order by file_id", [dataset])  # file ids start with their UTC time
    assert files, dataset
    for (filename,) in files:
        for row in json.loads((ws.data_dir / filename).read_text())["payload"]:
            rows[(row["symbol"], row["date"][:10])] = row
    return rows


def gold_rows(ws: Workspace, fact: str) -> dict[tuple[str, str], dict]:
    date_column = FACTS[fact][1]
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        result = con.execute(f"select * from gold.{fact}")
        names = [d[0] for d in result.description]
        return {(r["symbol"], str(r[date_column])): r for r in (dict(zip(names, t)) for t in result.fetchall())}
    finally:
        con.close()


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12))


# ---------------------------------------------------------------------------------- all facts


def test_builds_pass_without_warnings(actions):
    for build in actions["builds"]:
        assert "ERROR=0" in build.stdout and "WARN=0" in build.stdout, build.stdout[-3000:]


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_gold_keys_are_the_bronze_keys(actions, fact):
    ws = actions["ws"]
    expected, actual = bronze_rows(ws, FACTS[fact][0]), gold_rows(ws, fact)
    assert expected and set(actual) == set(expected)
    assert {symbol for symbol, _ in actual} <= set(TICKERS.split(","))


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_every_file_is_stamped_by_its_fact(actions, fact):
    ws = actions["ws"]
    stamps = ws.query("select gold_tablename, sum(gold_rows_created), sum(gold_rows_updated) from ops.file_ingestions "
                      "where dataset = ? and bronze_can_promote group by all", [FACTS[fact][0]])
    rows = ws.scalar(f"select count(*) from gold.{fact}")
    assert stamps == [(f"gold.{fact}", rows, ws.scalar(f"select count(*) from gold.{fact} "
                                                       "where file_id <> created_file_id"))]


# ----------------------------------------------------------------------------------- dividends


def test_dividends_carry_the_bronze_amounts_and_dates(actions):
    ws = actions["ws"]
    expected, actual = bronze_rows(ws, "dividends"), gold_rows(ws, "fct_dividends")
    assert {symbol for symbol, _ in actual} == {"PFE", "IBM"}  # TSLA pays none
    for key, row in expected.items():
        got = actual[key]
        assert _close(got["dividend"], row["dividend"]) and _close(got["adjusted_dividend"], row["adjDividend"]), key
        assert _close(got["dividend_yield"], row["yield"]) and got["frequency"] == row["frequency"], key
        for column, field in [("record_date", "recordDate"), ("payment_date", "paymentDate"),
                              ("declaration_date", "declarationDate")]:
            assert (None if got[column] is None else str(got[column])) == row[field], (key, column)
    assert any(r["record_date"] is None for r in actual.values())


def test_dividends_before_a_split_are_the_adjusted_amount_times_the_later_splits(actions):
    ws = actions["ws"]
    splits = gold_rows(ws, "fct_splits")
    checked = set()
    for (symbol, day), row in gold_rows(ws, "fct_dividends").items():
        later = math.prod(s["numerator"] / s["denominator"] for (sym, d), s in splits.items() if sym == symbol and d > day)
        assert row["dividend"] == pytest.approx(row["adjusted_dividend"] * later, abs=1e-6), (symbol, day)
        checked.add((symbol, later != 1))
    assert {("PFE", True), ("PFE", False), ("IBM", True), ("IBM", False)} <= checked


# -------------------------------------------------------------------------------------- splits


def test_split_ratios_and_the_reverse_split(actions):
    ws = actions["ws"]
    expected, actual = bronze_rows(ws, "splits"), gold_rows(ws, "fct_splits")
    for key, row in expected.items():
        got = actual[key]
        assert (got["numerator"], got["denominator"]) == (row["numerator"], row["denominator"]), key
        assert got["split_ratio"] == row["numerator"] / row["denominator"], key
        assert got["is_reverse_split"] is (row["numerator"] < row["denominator"]), key
    assert sorted(k for k, r in actual.items() if r["is_reverse_split"]) == [("PFE", "2022-04-04")]
    assert actual[("PFE", "2022-04-04")]["split_ratio"] == pytest.approx(1 / 3)
    assert actual[("IBM", "2021-11-04")]["split_ratio"] == 1.046
    assert len([k for k in actual if k[0] == "TSLA"]) == 2


def test_splits_explain_as_traded_over_split_adjusted_prices(actions):
    """Every as-traded close (non-split-adjusted silver) is the split-adjusted close times the ratios
    of the splits after it, to the cent; the ratio steps exactly at each split date."""
    ws = actions["ws"]
    splits = defaultdict(list)
    for symbol, day, ratio in ws.query("select symbol, date, split_ratio from gold.fct_splits"):
        splits[symbol].append((day, ratio))
    prices = ws.query(
        "select f.symbol, f.date, f.close, r.adj_close, f.volume, r.volume "
        "from silver.historical_price_eod_full as f "
        "join silver.technicals_historical_price_eod_non_split_adjusted as r using (symbol, date) "
        "order by f.symbol, f.date")
    assert {p[0] for p in prices} == set(TICKERS.split(","))
    sides = set()
    for symbol, day, close, as_traded, volume, as_traded_volume in prices:
        factor = math.prod(ratio for split_day, ratio in splits[symbol] if split_day > day)
        assert as_traded == pytest.approx(close * factor, abs=0.0051), (symbol, day)  # rounded to cents
        assert abs(as_traded_volume * factor - volume) <= factor, (symbol, day)  # whole shares
        sides |= {(symbol, split_day, split_day > day) for split_day, _ in splits[symbol]}
    # prices on both sides of every split, so each ratio was put to the test
    assert len(sides) == 2 * sum(len(v) for v in splits.values()) == 8


# ------------------------------------------------------------------------------------ earnings


def test_earnings_actuals_estimates_and_surprises(actions):
    ws = actions["ws"]
    expected, actual = bronze_rows(ws, "earnings"), gold_rows(ws, "fct_earnings")
    both_known = 0
    for key, row in expected.items():
        got = actual[key]
        for column, field in [("eps_actual", "epsActual"), ("eps_estimated", "epsEstimated"),
                              ("revenue_actual", "revenueActual"), ("revenue_estimated", "revenueEstimated")]:
            assert _close(got[column], row[field]), (key, column)
        for name, actual_field, estimate_field in [("eps", "epsActual", "epsEstimated"),
                                                   ("revenue", "revenueActual", "revenueEstimated")]:
            a, e = row[actual_field], row[estimate_field]
            if a is None or e is None:
                assert got[f"{name}_surprise"] is None and got[f"{name}_surprise_percent"] is None, key
                continue
            both_known += 1
            assert got[f"{name}_surprise"] == pytest.approx(a - e), key
            if e == 0:
                assert got[f"{name}_surprise_percent"] is None, key  # no percent of nothing
            else:
                assert got[f"{name}_surprise_percent"] == pytest.approx((a - e) / abs(e) * 100), key
        assert got["is_reported"] is (row["epsActual"] is not None or row["revenueActual"] is not None), key
    assert both_known > 100 and any(r["eps_estimated"] is None for r in actual.values())


def test_future_earnings_are_not_reported_and_past_ones_are(actions):
    actual = gold_rows(actions["ws"], "fct_earnings")
    today = date.today().isoformat()
    future = [r for (_, day), r in actual.items() if day > today]
    assert len(future) == 3 * 3  # three upcoming quarters per ticker
    assert all(not r["is_reported"] and r["eps_actual"] is None and r["revenue_estimated"] is None for r in future)
    assert all(r["is_reported"] for (_, day), r in actual.items() if day <= today)


def test_an_upcoming_announcement_is_reported_after_the_next_fetch(actions):
    """The first ingest saw upcoming rows that the second one reports: the incremental merge updated them."""
    first, now = actions["first_earnings"], gold_rows(actions["ws"], "fct_earnings")
    turned = [key for key, reported in first.items() if not reported and key[1] <= date.today().isoformat()]
    assert turned, "no announcement fell between the two ingests"
    for key in turned:
        assert now[key]["is_reported"] and now[key]["eps_actual"] is not None, key
        assert now[key]["file_id"] != now[key]["created_file_id"], key  # updated by the second file


# -------------------------------------------------------------------------------- share float


def test_shares_float_is_the_bronze_row(actions):
    ws = actions["ws"]
    expected, actual = bronze_rows(ws, "company-shares-float"), gold_rows(ws, "fct_shares_float")
    assert len(actual) == 3
    for key, row in expected.items():
        got = actual[key]
        assert (got["free_float"], got["float_shares"], got["outstanding_shares"], got["source"]) == (
            row["freeFloat"], row["floatShares"], row["outstandingShares"], row["source"]), key
        assert got["float_shares"] <= got["outstanding_shares"]

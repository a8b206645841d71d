"""The demo API's routes for the full catalogue: FMP's (and FRED's) shapes, quirks and errors,
and synthetic data whose numbers agree with each other. Pure calls to `handle()`, no HTTP.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest

from ingestion.demo_api import DemoSettings, economics, handle
from ingestion.demo_api.bulk import PROFILE_PART_SIZE
from ingestion.demo_api.catalogue_fields import FIELDS
from ingestion.demo_api.universe import COMPANIES

AS_OF = date(2026, 11, 20)  # a Friday
SETTINGS = DemoSettings(as_of=AS_OF)
FRED_MISSING_KEY = (
    b'{"error_code":400,"error_message":"Bad Request.  Variable api_key is not set. Read '
    b'https://fred.stlouisfed.org/docs/api/api_key.html for more information."}'
)


def get(route: str, settings: DemoSettings = SETTINGS, **params: str):
    return handle(f"/stable/{route}", {"apikey": "k", **params}, settings)


def rows(route: str, settings: DemoSettings = SETTINGS, **params: str) -> list[dict[str, Any]]:
    response = get(route, settings, **params)
    assert response.status == 200, response.body[:200]
    return json.loads(response.body)


def csv_rows(route: str, **params: str) -> tuple[list[str], list[dict[str, str]], str]:
    response = get(route, **params)
    assert response.status == 200, response.body[:200]
    assert response.content_type == "text/csv"
    text = response.body.decode()
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader), text


def fred(**params: str):
    return handle("/fred/series/observations", params, SETTINGS)


# ------------------------------------------------------------------------------- FRED


def test_fred_envelope_and_missing_values():
    response = fred(api_key="k", series_id="DGS10", file_type="json", observation_start="2025-06-30",
                    observation_end="2025-07-08", sort_order="asc")
    assert response.status == 200 and response.content_type.startswith("application/json")
    document = json.loads(response.body)
    assert list(document) == ["realtime_start", "realtime_end", "observation_start", "observation_end", "units",
                              "output_type", "file_type", "order_by", "sort_order", "count", "offset", "limit",
                              "observations"]
    observations = document["observations"]
    assert document["count"] == len(observations) == 7  # every weekday, holidays included
    assert [o["date"] for o in observations] == sorted(o["date"] for o in observations)
    by_day = {o["date"]: o["value"] for o in observations}
    assert by_day["2025-07-04"] == "."  # Independence Day: no yield, FRED writes "."
    assert all(isinstance(v, str) for v in by_day.values())
    treasury = {r["date"]: r["year10"] for r in rows("treasury-rates", **{"from": "2025-07-01", "to": "2025-07-08"})}
    assert float(by_day["2025-07-07"]) == treasury["2025-07-07"]  # the same 10-year yield as FMP's


def test_fred_errors_are_fred_shaped():
    assert fred(series_id="DGS10", file_type="json").body == FRED_MISSING_KEY
    assert fred(series_id="DGS10", file_type="json").status == 400
    unknown = fred(api_key="k", series_id="NOPE", file_type="json")
    assert unknown.status == 400 and json.loads(unknown.body)["error_message"].endswith("does not exist.")
    bad_date = fred(api_key="k", series_id="DGS10", file_type="json", observation_start="yesterday")
    assert bad_date.status == 400
    assert fred(api_key="k", series_id="DGS10").content_type.startswith("text/xml")  # FRED's default


def test_usrecm_marks_recession_months():
    document = json.loads(fred(api_key="k", series_id="USRECM", file_type="json", observation_start="2019-11-01",
                               observation_end="2020-06-01", sort_order="desc").body)
    values = {o["date"]: o["value"] for o in document["observations"]}
    assert values["2020-03-01"] == values["2020-04-01"] == "1" and values["2019-11-01"] == values["2020-06-01"] == "0"
    assert list(values) == sorted(values, reverse=True)


# --------------------------------------------------------------------- treasury, economy


def test_treasury_keeps_about_three_months_newest_first():
    data = rows("treasury-rates", **{"from": "2024-01-01", "to": "2025-12-31"})
    assert 55 <= len(data) <= 66
    assert data[0]["date"] == "2025-12-31" and data == sorted(data, key=lambda r: r["date"], reverse=True)
    assert list(data[0]) == list(FIELDS["treasury-rates"])
    assert "2025-12-25" not in {r["date"] for r in data}


def test_economic_indicators_names_windows_and_quirks():
    bad = get("economic-indicators", name="gdp")
    assert bad.status == 200 and bad.body == b"Invalid name"  # case-sensitive, not JSON
    assert get("economic-indicators").status == 400
    # a quarterly series asked for a year or more answers nothing at all
    assert rows("economic-indicators", name="GDP", **{"from": "2025-01-01", "to": "2026-01-01"}) == []
    for name in economics.INDICATOR_NAMES:
        seen = []
        end = AS_OF
        while end > AS_OF - timedelta(days=800):  # 80-day windows, as the catalogue asks
            start = end - timedelta(days=79)
            seen += rows("economic-indicators", name=name, **{"from": start.isoformat(), "to": end.isoformat()})
            end = start - timedelta(days=1)
        assert seen, name
        assert all(list(r) == ["name", "date", "value"] and r["name"] == name for r in seen)


def test_market_risk_premium_rows():
    data = rows("market-risk-premium")
    assert {"United States", "Germany", "Brazil"} <= {r["country"] for r in data}
    for row in data:
        assert row["totalEquityRiskPremium"] == pytest.approx(4.6 + row["countryRiskPremium"])


# ------------------------------------------------------------------------- statements


def test_balance_sheets_balance_and_cash_flows_reconcile():
    for symbol in ("AAPL", "JPM", "IMO"):
        balances = rows("balance-sheet-statement", symbol=symbol, period="quarter", limit="12")
        flows = rows("cash-flow-statement", symbol=symbol, period="quarter", limit="12")
        assert [b["date"] for b in balances] == [f["date"] for f in flows]
        for b, f in zip(balances, flows):
            assert b["totalAssets"] == b["totalLiabilitiesAndTotalEquity"]
            assert b["totalAssets"] == b["totalCurrentAssets"] + b["totalNonCurrentAssets"]
            assert b["totalEquity"] == b["totalStockholdersEquity"] + b["minorityInterest"]
            assert b["totalEquity"] == b["totalAssets"] - b["totalLiabilities"]
            assert f["cashAtEndOfPeriod"] == b["cashAndCashEquivalents"]
            assert f["netChangeInCash"] == f["cashAtEndOfPeriod"] - f["cashAtBeginningOfPeriod"]
            assert f["netChangeInCash"] == (f["netCashProvidedByOperatingActivities"] + f["netCashProvidedByInvestingActivities"]
                                            + f["netCashProvidedByFinancingActivities"] + f["effectOfForexChangesOnCash"])
            assert f["freeCashFlow"] == f["operatingCashFlow"] + f["capitalExpenditure"]
    annual = rows("cash-flow-statement", symbol="MSFT", period="annual", limit="1")[0]
    quarters = [q for q in rows("cash-flow-statement", symbol="MSFT", period="quarter", limit="8")
                if q["fiscalYear"] == annual["fiscalYear"]]
    assert len(quarters) == 4 and annual["netIncome"] == sum(q["netIncome"] for q in quarters)


def test_statement_families_share_periods_and_keep_fmp_spellings():
    income = rows("income-statement", symbol="KO", period="quarter", limit="6")
    for route in ("balance-sheet-statement", "cash-flow-statement", "key-metrics", "ratios", "income-statement-growth",
                  "balance-sheet-statement-growth", "cash-flow-statement-growth", "financial-growth"):
        data = rows(route, symbol="KO", period="quarter", limit="6")
        assert [(r["date"], r["period"], r["fiscalYear"]) for r in data] == \
               [(r["date"], r["period"], r["fiscalYear"]) for r in income], route
        assert all(isinstance(r["fiscalYear"], str) for r in data), route  # a string, as FMP sends it
    metrics = rows("key-metrics", symbol="KO", period="FY", limit="1")[0]
    assert list(metrics) == list(FIELDS["key-metrics"])
    assert "researchAndDevelopementToRevenue" in metrics  # FMP's typo is the contract
    growth = rows("financial-growth", symbol="KO", limit="1")[0]
    assert {"ebitgrowth", "epsgrowth", "bookValueperShareGrowth", "tenYDividendperShareGrowthPerShare"} <= set(growth)
    assert list(rows("ratios", symbol="KO", limit="1")[0]) == list(FIELDS["metric-ratios"])


def test_metrics_agree_with_the_statements():
    metric = rows("key-metrics", symbol="MSFT", period="FY", limit="1")[0]
    balance = rows("balance-sheet-statement", symbol="MSFT", period="FY", limit="1")[0]
    income = rows("income-statement", symbol="MSFT", period="FY", limit="1")[0]
    ev = rows("enterprise-values", symbol="MSFT", period="FY", limit="1")[0]
    assert metric["enterpriseValue"] == pytest.approx(metric["marketCap"] + balance["totalDebt"] - balance["cashAndCashEquivalents"])
    assert metric["returnOnEquity"] == pytest.approx(income["netIncome"] / balance["totalStockholdersEquity"])
    assert ev["enterpriseValue"] == pytest.approx(metric["enterpriseValue"]) and ev["date"] == metric["date"]
    ratio = rows("ratios", symbol="MSFT", period="FY", limit="1")[0]
    assert ratio["grossProfitMargin"] == pytest.approx(income["grossProfit"] / income["revenue"])


def test_ttm_scores_and_owner_earnings_shapes():
    ttm = rows("key-metrics-ttm", symbol="PEP", limit="7", period="quarter")  # limit/period ignored
    assert len(ttm) == 1 and "date" not in ttm[0] and "marketCap" in ttm[0] and "evToSalesTTM" in ttm[0]
    assert list(rows("ratios-ttm", symbol="PEP")[0]) == list(FIELDS["ratios-ttm"])
    scores = rows("financial-scores", symbol="PEP")[0]
    assert list(scores) == list(FIELDS["financial-scores"]) and 0 <= scores["piotroskiScore"] <= 9
    owner = rows("owner-earnings", symbol="PEP", limit="8")
    assert len(owner) == 8 and {r["period"] for r in owner} <= {"Q1", "Q2", "Q3", "Q4"}
    assert list(owner[0]) == list(FIELDS["owner-earnings"])
    assert rows("key-metrics-ttm", symbol="NOPE") == []


def test_segments_add_up_to_revenue():
    income = {r["date"]: r["revenue"] for r in rows("income-statement", symbol="AAPL", limit="20")}
    for route in ("revenue-product-segmentation", "revenue-geographic-segmentation"):
        data = rows(route, symbol="AAPL", period="annual", structure="flat")
        assert data and all(list(r) == list(FIELDS[route]) for r in data)
        for row in data:
            assert isinstance(row["fiscalYear"], int) and row["reportedCurrency"] is None
            assert sum(row["data"].values()) == income[row["date"]]


def test_latest_financial_statements_pages():
    first = rows("latest-financial-statements", page="0", limit="10")
    second = rows("latest-financial-statements", page="1", limit="10")
    assert len(first) == len(second) == 10 and not {json.dumps(r) for r in first} & {json.dumps(r) for r in second}
    assert [r["dateAdded"] for r in first] == sorted((r["dateAdded"] for r in first), reverse=True)
    too_far = get("latest-financial-statements", page="101")
    assert too_far.status == 400 and b"Maxmium Query Parameter" in too_far.body


# ---------------------------------------------------------------------------------- bulk


def test_profile_bulk_parts_then_fmps_end_signal():
    symbols = []
    part = 0
    while True:
        response = get("profile-bulk", part=str(part))
        if response.status == 400:
            assert response.body == b"Query Error: Invalid or missing query parameter - part"
            break
        fields, data, text = csv_rows("profile-bulk", part=str(part))
        assert fields == list(FIELDS["company-profile-bulk"]) and text.startswith('"symbol","price"')
        assert len(data) <= PROFILE_PART_SIZE
        symbols += [r["symbol"] for r in data]
        part += 1
    assert sorted(symbols) == sorted(c.symbol for c in COMPANIES) and part == 3
    by_symbol = {r["symbol"]: r for p in range(part) for r in csv_rows("profile-bulk", part=str(p))[1]}
    assert by_symbol["BTG"]["cik"] == "null" and by_symbol["IMO"]["currency"] == "CAD"
    assert by_symbol["AAPL"]["isEtf"] == "false" and by_symbol["SHEL"]["state"] == ""  # null is an empty cell


def test_statement_bulk_matches_the_per_symbol_rows():
    fields, data, _ = csv_rows("income-statement-bulk", year="2025", period="Q2")
    per_symbol = [r for r in rows("income-statement", symbol="MSFT", period="quarter", limit="40")
                  if r["fiscalYear"] == "2025" and r["period"] == "Q2"][0]
    bulk = next(r for r in data if r["symbol"] == "MSFT")
    assert fields == list(per_symbol)
    assert bulk == {k: "" if v is None else str(v) for k, v in per_symbol.items()}
    assert {r["period"] for r in data} == {"Q2"} and {r["fiscalYear"] for r in data} == {"2025"}
    assert get("income-statement-bulk", year="2025", period="quarter").status == 400  # annual or Q1..Q4 only
    assert get("balance-sheet-statement-bulk", period="annual").status == 400  # year is required
    for route in ("balance-sheet-statement-bulk", "cash-flow-statement-bulk", "key-metrics-bulk", "ratios-bulk"):
        assert len(csv_rows(route, year="2025", period="annual")[1]) == len(COMPANIES), route


def test_eod_bulk_is_one_day_of_every_symbol():
    fields, data, _ = csv_rows("eod-bulk", date="2026-11-20")
    assert fields == ["symbol", "date", "open", "low", "high", "close", "adjClose", "volume"]
    assert len(data) == len(COMPANIES) and {r["date"] for r in data} == {"2026-11-20"}
    (ko,) = rows("historical-price-eod/full", symbol="KO", **{"from": "2026-11-20", "to": "2026-11-20"})
    assert float(next(r for r in data if r["symbol"] == "KO")["close"]) == ko["close"]
    assert csv_rows("eod-bulk", date="2026-11-21")[1] == []  # a Saturday: header only
    assert get("eod-bulk").status == 400


# ----------------------------------------------------------------------------- prices


def test_non_split_adjusted_prices_are_as_traded():
    window = {"from": "2020-08-27", "to": "2020-09-01"}
    full = {r["date"]: r for r in rows("historical-price-eod/full", symbol="AAPL", **window)}
    raw = {r["date"]: r for r in rows("historical-price-eod/non-split-adjusted", symbol="AAPL", **window)}
    assert list(raw["2020-08-28"]) == ["symbol", "date", "adjOpen", "adjHigh", "adjLow", "adjClose", "volume"]
    assert raw["2020-08-28"]["adjClose"] == pytest.approx(4 * full["2020-08-28"]["close"])  # 4:1 on 2020-08-31
    assert raw["2020-08-31"]["adjClose"] == full["2020-08-31"]["close"]


def test_dividend_adjusted_prices_are_restated_by_later_dividends():
    window = {"symbol": "KO", "from": "2024-01-02", "to": "2024-01-05"}
    early = rows("historical-price-eod/dividend-adjusted", DemoSettings(as_of=date(2024, 3, 1)), **window)
    late = rows("historical-price-eod/dividend-adjusted", SETTINGS, **window)
    full = rows("historical-price-eod/full", SETTINGS, **window)
    assert [r["date"] for r in early] == [r["date"] for r in late]
    assert all(lt["adjClose"] < e["adjClose"] <= f["close"] for lt, e, f in zip(late, early, full))


def test_crypto_fx_and_commodity_calendars():
    week = {"from": "2026-11-09", "to": "2026-11-15"}
    assert len(rows("historical-price-eod/full", symbol="BTCUSD", **week)) == 7  # weekends included
    assert len(rows("historical-price-eod/full", symbol="EURUSD", **week)) == 5
    assert len(rows("historical-price-eod/full", symbol="GCUSD", **week)) == 5
    supply = {r["symbol"]: r for r in rows("cryptocurrency-list")}["BABYDOGEUSD"]["circulatingSupply"]
    assert supply > 2**63  # beyond int64, as some FMP rows are
    assert get("historical-price-eod/full", symbol="NOPE").body == b"[]"


# ---------------------------------------------------------------------- company, market


def test_company_side_endpoints():
    peers = rows("stock-peers", symbol="JPM")
    assert peers and "JPM" not in {p["symbol"] for p in peers} and all("mktCap" in p for p in peers)
    executives = rows("key-executives", symbol="AAPL")
    assert executives[0]["name"] == "Timothy D. Cook" and "symbol" not in executives[0]
    assert all(e["titleSince"] is None for e in executives) and any(e["pay"] is None for e in executives)
    comp = rows("governance-executive-compensation", symbol="AAPL")
    assert all(c["filingDate"] <= AS_OF.isoformat() and isinstance(c["year"], int) for c in comp)
    assert len({(c["year"], c["nameAndPosition"]) for c in comp}) == len(comp)
    assert rows("shares-float", symbol="AAPL")[0]["date"].startswith("2026-11-20 ")
    assert len(rows("historical-employee-count", symbol="AAPL", limit="3")) == 3
    assert len({n["title"] for n in rows("company-notes", symbol="JPM")}) == len(rows("company-notes", symbol="JPM"))


def test_market_endpoints():
    holdings = rows("etf-holdings", symbol="SPY")
    assert sum(h["weightPercentage"] for h in holdings) == pytest.approx(100, abs=0.01)
    assert rows("etf-holdings", symbol="AAPL") == []
    assert get("holidays-by-exchange").status == 400
    nyse = {r["date"] for r in rows("holidays-by-exchange", exchange="NYSE")}
    assert "2025-01-09" in nyse and "2025-12-25" in nyse
    assert rows("sector-performance-snapshot", date="2026-11-21") == []  # Saturday
    assert get("sector-pe-snapshot").status == 400
    sectors = rows("sector-performance-snapshot", date="2026-11-20")
    assert len({(r["sector"], r["exchange"]) for r in sectors}) == len(sectors) > 5
    delisted = rows("delisted-companies", page="0", limit="3")
    assert len(delisted) == 3 and delisted[0]["delistedDate"] >= delisted[-1]["delistedDate"]
    screener = rows("company-screener", sector="Energy")
    assert screener and {r["sector"] for r in screener} == {"Energy"}
    assert rows("company-screener", sector="Nonsense") == []


def test_new_routes_are_deterministic_and_do_not_depend_on_as_of():
    early, late = DemoSettings(as_of=date(2025, 6, 2)), DemoSettings(as_of=date(2025, 7, 2))
    for route, params in [
        ("treasury-rates", {"from": "2025-03-01", "to": "2025-05-01"}),
        ("historical-price-eod/full", {"symbol": "ETHUSD", "from": "2025-01-01", "to": "2025-05-01"}),
        ("historical-price-eod/non-split-adjusted", {"symbol": "TSLA", "from": "2022-08-01", "to": "2022-09-01"}),
        ("economic-indicators", {"name": "CPI", "from": "2025-01-01", "to": "2025-03-01"}),
    ]:
        assert get(route, early, **params).body == get(route, late, **params).body, route
    for route in ("balance-sheet-statement", "cash-flow-statement", "key-metrics", "ratios", "financial-growth"):
        params = {"symbol": "IBM", "period": "quarter", "limit": "40"}
        assert get(route, early, **params).body == get(route, early, **params).body, route
        filed_early, filed_late = rows(route, early, **params), rows(route, late, **params)
        assert filed_early and all(row in filed_late for row in filed_early), route  # a filed period never changes


# ------------------------------------------------------------- dividends, splits, earnings


def test_dividends_are_the_ex_days_that_adjust_the_prices():
    """Across each ex-day, the dividend-adjusted / split-adjusted ratio steps by (1 - adjDividend / previous close)."""
    dividends = rows("dividends", symbol="KO", limit="100")
    assert list(dividends[0]) == ["symbol", "date", "recordDate", "paymentDate", "declarationDate", "adjDividend",
                                  "dividend", "yield", "frequency"]
    assert [d["date"] for d in dividends] == sorted((d["date"] for d in dividends), reverse=True)
    assert any(d["recordDate"] is None for d in dividends) and any(d["paymentDate"] for d in dividends)
    window = {"symbol": "KO", "from": "2018-01-01", "to": AS_OF.isoformat()}
    full = rows("historical-price-eod/full", **window)[::-1]  # oldest first
    adjusted = rows("historical-price-eod/dividend-adjusted", **window)[::-1]
    factor = [a["adjClose"] / f["close"] for a, f in zip(adjusted, full)]
    ex_days = {d["date"]: d for d in dividends}
    for i in range(1, len(full)):
        step = factor[i - 1] / factor[i]
        if full[i]["date"] in ex_days:
            expected = 1 - ex_days[full[i]["date"]]["adjDividend"] / full[i - 1]["close"]
            assert step == pytest.approx(expected, abs=2e-4), full[i]["date"]
        else:
            assert step == pytest.approx(1, abs=2e-4), full[i]["date"]  # no dividend the route does not list
    assert len(rows("dividends", symbol="KO", limit="3")) == 3
    assert rows("dividends", symbol="AMD") == []  # pays none


def test_dividends_before_a_split_are_paid_in_the_shares_of_the_day():
    by_day = {d["date"]: d for d in rows("dividends", symbol="AAPL", limit="100")}
    before = max(day for day in by_day if day < "2020-08-31")
    after = min(day for day in by_day if day > "2020-08-31")
    assert by_day[before]["dividend"] == pytest.approx(4 * by_day[before]["adjDividend"])  # 4:1 split
    assert by_day[after]["dividend"] == by_day[after]["adjDividend"]
    pfe = {d["date"]: d for d in rows("dividends", symbol="PFE", limit="100")}
    early = max(day for day in pfe if day < "2022-04-04")
    assert pfe[early]["dividend"] == pytest.approx(pfe[early]["adjDividend"] / 3, abs=1e-6)  # 1:3 reverse split


@pytest.mark.parametrize("symbol", ["AAPL", "TSLA", "IBM", "PFE"])
def test_splits_explain_as_traded_over_split_adjusted_prices(symbol):
    splits = rows("splits", symbol=symbol)
    assert splits and all(list(s) == ["symbol", "date", "numerator", "denominator"] for s in splits)
    window = {"symbol": symbol, "from": "2019-01-01", "to": AS_OF.isoformat()}
    full = {r["date"]: r["close"] for r in rows("historical-price-eod/full", **window)}
    raw = {r["date"]: r["adjClose"] for r in rows("historical-price-eod/non-split-adjusted", **window)}
    for day in sorted(full)[::20]:
        ratio = 1.0
        for split in splits:
            if day < split["date"]:
                ratio *= split["numerator"] / split["denominator"]
        assert raw[day] == pytest.approx(full[day] * ratio, abs=0.006), day  # cents rounding
    assert any(s["numerator"] < s["denominator"] for s in rows("splits", symbol="PFE"))
    assert rows("splits", symbol="KO") == []
    assert rows("splits", DemoSettings(as_of=date(2021, 1, 4)), symbol="TSLA") == [
        {"symbol": "TSLA", "date": "2020-08-31", "numerator": 5, "denominator": 1}]  # not the 2022 one yet


def test_earnings_are_the_filed_quarters_and_the_next_ones_all_null():
    earnings = rows("earnings", symbol="MSFT", limit="40")
    assert len(earnings) == 40 and [e["date"] for e in earnings] == sorted((e["date"] for e in earnings), reverse=True)
    assert list(earnings[0]) == ["symbol", "date", "epsActual", "epsEstimated", "revenueActual",
                                 "revenueEstimated", "lastUpdated"]
    upcoming = [e for e in earnings if e["date"] > AS_OF.isoformat()]
    assert len(upcoming) == 3 and earnings[:3] == upcoming
    assert all(v is None for e in upcoming for k, v in e.items() if k not in ("symbol", "date"))
    quarters = {r["filingDate"]: r for r in rows("income-statement", symbol="MSFT", period="quarter", limit="40")}
    for e in earnings[3:]:
        assert e["epsActual"] == quarters[e["date"]]["eps"] and e["revenueActual"] == quarters[e["date"]]["revenue"]
    assert any(e["epsEstimated"] is None for e in rows("earnings", symbol="MSFT", limit="100")[3:])

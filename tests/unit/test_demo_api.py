"""Unit tests of the offline FMP-compatible demo API (ingestion.demo_api)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from ingestion.demo_api import DEMO_API_KEY, DemoApiServer, DemoSettings, handle
from ingestion.demo_api.catalogue_fields import FIELDS
from ingestion.demo_api.encoding import encode_document
from ingestion.demo_api.prices import shares_outstanding
from ingestion.demo_api.routes import MAX_ROWS
from ingestion.demo_api.universe import COMPANIES, find_company
from sbf_calendar import (first_trading_day_on_or_after, is_trading_day, last_trading_day_on_or_before,
                          trading_days)

AS_OF = date(2026, 11, 20)
SETTINGS = DemoSettings(as_of=AS_OF)
JSON_TYPE = "application/json; charset=utf-8"
INCOME_FIELDS = FIELDS["income-statement"]
#: The income statement's amounts (FMP lists them from revenue to bottomLineNetIncome): integers,
#: and the FY row's are the sums of its quarters'.
AMOUNT_FIELDS = INCOME_FIELDS[INCOME_FIELDS.index("revenue"):INCOME_FIELDS.index("bottomLineNetIncome") + 1]
INVALID_KEY_BODY = (
    '{\n  "Error Message": "Invalid API KEY. Feel free to create a Free API Key or visit '
    "https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid "
    'for more information."\n}'
).encode()
REPO_ROOT = Path(__file__).resolve().parents[2]


def get(route: str, settings: DemoSettings = SETTINGS, **params: str):
    """Call the pure handler the way the HTTP layer would, with a key."""
    query = {"apikey": DEMO_API_KEY, **params}
    return handle(f"/stable/{route}", query, settings)


def rows(route: str, settings: DemoSettings = SETTINGS, **params: str) -> list[dict[str, Any]]:
    response = get(route, settings, **params)
    assert response.status == 200, response.body[:200]
    assert response.content_type == JSON_TYPE
    data = json.loads(response.body)
    assert isinstance(data, list)
    return data


def dates_of(data: list[dict[str, Any]]) -> list[str]:
    return [row["date"] for row in data]


# --- calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday", [date(2024, 7, 4), date(2024, 11, 28), date(2025, 1, 9), date(2024, 3, 29)]
)
def test_nyse_holidays_are_not_trading_days(holiday: date) -> None:
    assert not is_trading_day(holiday)
    assert holiday not in trading_days(holiday - timedelta(days=7), holiday + timedelta(days=7))


def test_trading_days_are_weekdays_only() -> None:
    days = trading_days(date(2024, 1, 1), date(2024, 12, 31))
    assert all(day.weekday() < 5 for day in days)
    assert len(days) == 252  # NYSE 2024: 262 weekdays minus 10 holidays
    assert date(2024, 7, 5) in days  # the day after a holiday trades


@pytest.mark.parametrize(("day", "on_or_before", "on_or_after"), [
    (date(2026, 12, 4), date(2026, 12, 4), date(2026, 12, 4)),  # a Friday that trades: itself
    (date(2026, 12, 5), date(2026, 12, 4), date(2026, 12, 7)),  # a Saturday
    (date(2024, 7, 4), date(2024, 7, 3), date(2024, 7, 5)),  # Independence Day, a Thursday
    (date(2024, 3, 31), date(2024, 3, 28), date(2024, 4, 1)),  # Easter Sunday, after Good Friday
])
def test_the_trading_day_on_or_before_and_on_or_after_a_day(day: date, on_or_before: date, on_or_after: date) -> None:
    assert last_trading_day_on_or_before(day) == on_or_before
    assert first_trading_day_on_or_after(day) == on_or_after


def test_price_rows_skip_weekends_and_holidays() -> None:
    data = rows("historical-price-eod/full", symbol="AAPL", **{"from": "2024-06-28", "to": "2024-07-09"})
    assert dates_of(data) == ["2024-07-09", "2024-07-08", "2024-07-05", "2024-07-03", "2024-07-02",
                              "2024-07-01", "2024-06-28"]
    carter = rows("historical-price-eod/full", symbol="AAPL", **{"from": "2025-01-08", "to": "2025-01-10"})
    assert dates_of(carter) == ["2025-01-10", "2025-01-08"]


# --- determinism ------------------------------------------------------------------------


def test_same_request_gives_identical_bytes() -> None:
    for route, params in [
        ("historical-price-eod/full", {"symbol": "MSFT"}),
        ("historical-market-capitalization", {"symbol": "MSFT", "from": "2020-01-01", "to": "2020-12-31"}),
        ("income-statement", {"symbol": "MSFT", "period": "quarter", "limit": "12"}),
        ("profile", {"symbol": "MSFT"}),
        ("stock-list", {}),
    ]:
        assert get(route, **params).body == get(route, **params).body


def test_rows_do_not_depend_on_as_of() -> None:
    day = date(2025, 6, 2)
    early, late = DemoSettings(as_of=day), DemoSettings(as_of=day + timedelta(days=30))
    window = {"symbol": "KO", "from": "2025-05-01", "to": day.isoformat()}
    for route in ("historical-price-eod/full", "historical-market-capitalization"):
        assert get(route, early, **window).body == get(route, late, **window).body
    # A statement already filed reads the same later on.
    first = rows("income-statement", early, symbol="KO", period="quarter", limit="8")
    later = rows("income-statement", late, symbol="KO", period="quarter", limit="40")
    assert first == [row for row in later if row["filingDate"] <= day.isoformat()][:8]


def test_bodies_are_stable_across_processes() -> None:
    """Guards against seeding with Python's salted hash(): a fresh process must agree."""
    code = (
        "import hashlib, datetime;"
        "from ingestion.demo_api import handle, DemoSettings;"
        "s = DemoSettings(as_of=datetime.date(2026, 11, 20));"
        "b = handle('/stable/historical-price-eod/full', {'symbol': 'NFLX', 'apikey': 'k'}, s).body"
        " + handle('/stable/income-statement', {'symbol': 'NFLX', 'apikey': 'k'}, s).body;"
        "print(hashlib.sha256(b).hexdigest())"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONHASHSEED": "12345"}
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    here = get("historical-price-eod/full", symbol="NFLX").body + get("income-statement", symbol="NFLX").body
    assert child.stdout.strip() == hashlib.sha256(here).hexdigest()


# --- prices and market caps ---------------------------------------------------------------


def test_price_rows_have_fmp_fields_and_newest_first() -> None:
    data = rows("historical-price-eod/full", symbol="AAPL")
    assert list(data[0]) == ["symbol", "date", "open", "high", "low", "close", "volume", "change",
                             "changePercent", "vwap"]
    dates = dates_of(data)
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
    assert dates[0] == "2026-11-20"
    # No from/to: about five years up to as_of.
    assert date.fromisoformat(dates[-1]) >= date(2021, 11, 20)
    assert 1240 <= len(data) <= 1265


def test_ohlc_is_sane_on_every_row() -> None:
    for company in COMPANIES:
        for row in rows("historical-price-eod/full", symbol=company.symbol, **{"from": "2018-01-01"}):
            assert 0 < row["low"] <= min(row["open"], row["close"]), row
            assert row["high"] >= max(row["open"], row["close"]), row
            assert isinstance(row["volume"], int) and row["volume"] > 0
            assert row["change"] == pytest.approx(row["close"] - row["open"], abs=1e-9)
            assert row["low"] <= row["vwap"] <= row["high"]
            for field in ("open", "high", "low", "close"):
                assert round(row[field], 2) == row[field]


def test_from_and_to_are_inclusive_and_reversed_is_empty() -> None:
    window = {"from": "2024-03-04", "to": "2024-03-08"}
    data = rows("historical-price-eod/full", symbol="JPM", **window)
    assert dates_of(data) == ["2024-03-08", "2024-03-07", "2024-03-06", "2024-03-05", "2024-03-04"]
    caps = rows("historical-market-capitalization", symbol="JPM", **window)
    assert dates_of(caps) == dates_of(data)
    reversed_window = {"from": "2024-03-08", "to": "2024-03-04"}
    assert get("historical-price-eod/full", symbol="JPM", **reversed_window).body == b"[]"
    assert get("historical-market-capitalization", symbol="JPM", **reversed_window).body == b"[]"


def test_to_after_as_of_stops_at_as_of() -> None:
    data = rows("historical-price-eod/full", symbol="JPM", **{"from": "2026-11-01", "to": "2027-03-01"})
    assert dates_of(data)[0] == "2026-11-20"


def test_row_cap_keeps_the_newest_rows() -> None:
    long_history = DemoSettings(as_of=AS_OF, history_start=date(1990, 1, 2))
    window = {"symbol": "KO", "from": "1990-01-01", "to": AS_OF.isoformat()}
    expected = trading_days(date(1990, 1, 2), AS_OF)[-MAX_ROWS:]
    assert len(trading_days(date(1990, 1, 2), AS_OF)) > MAX_ROWS
    for route in ("historical-price-eod/full", "historical-market-capitalization"):
        data = rows(route, long_history, **window)
        assert len(data) == MAX_ROWS
        assert dates_of(data) == [day.isoformat() for day in reversed(expected)]


def test_market_cap_default_window_and_limit() -> None:
    default = rows("historical-market-capitalization", symbol="PEP")
    assert 58 <= len(default) <= 66  # about three months of sessions
    assert default[0]["date"] == "2026-11-20"
    assert list(default[0]) == ["symbol", "date", "marketCap"]
    assert rows("historical-market-capitalization", symbol="PEP", limit="10") == default[:10]
    # limit only clamps downward.
    assert rows("historical-market-capitalization", symbol="PEP", limit="1000") == default


def test_market_cap_is_close_times_shares() -> None:
    window = {"symbol": "AAPL", "from": "2019-01-01", "to": "2026-11-20"}
    prices = {row["date"]: row["close"] for row in rows("historical-price-eod/full", **window)}
    caps = rows("historical-market-capitalization", **window)
    assert [row["date"] for row in caps] == list(prices)
    apple = find_company("AAPL")
    assert apple is not None
    for row in caps:
        shares = shares_outstanding(apple, date.fromisoformat(row["date"]))
        assert row["marketCap"] == pytest.approx(prices[row["date"]] * shares, rel=1e-12)
    # Share counts move (buybacks), but only a little.
    first, last = (shares_outstanding(apple, date(2019, 1, 2)), shares_outstanding(apple, date(2026, 11, 20)))
    assert first != last and 0.6 < last / first < 1.0
    assert any(not float(row["marketCap"]).is_integer() for row in caps)


def test_company_without_trading_before_ipo() -> None:
    data = rows("historical-price-eod/full", symbol="UBER", **{"from": "2019-01-01", "to": "2019-06-30"})
    assert dates_of(data)[-1] == "2019-05-10"


# --- encoding ---------------------------------------------------------------------------


def test_encoder_matches_json_dumps_and_writes_whole_floats_as_ints() -> None:
    sample = [{"a": 1.5, "b": [1, 2.0, {"c": None, "d": True}], "e": "x\"é", "f": {}, "g": []}, []]
    assert encode_document(sample).decode() == json.dumps(
        [{"a": 1.5, "b": [1, 2, {"c": None, "d": True}], "e": "x\"é", "f": {}, "g": []}, []],
        indent=2, ensure_ascii=False,
    )
    assert encode_document({"open": 187.0}) == b'{\n  "open": 187\n}'


def test_whole_valued_prices_arrive_as_json_integers() -> None:
    body = get("historical-price-eod/full", symbol="MSFT", **{"from": "2018-01-01"}).body
    text = body.decode()
    assert not re.search(r"\d\.0[,\n]", text)  # never "187.0"
    data = json.loads(text)
    whole = [row[f] for row in data for f in ("open", "high", "low", "close") if isinstance(row[f], int)]
    assert whole, "expected at least one whole-valued price emitted as an integer"
    assert text.startswith("[\n  {\n    \"symbol\": \"MSFT\",\n")


# --- profile and stock list ---------------------------------------------------------------


def test_profile_fields_and_types() -> None:
    ciks = []
    for company in COMPANIES:
        data = rows("profile", symbol=company.symbol)
        assert len(data) == 1
        profile = data[0]
        assert list(profile) == list(FIELDS["company-profile"]) and len(profile) == 36
        assert isinstance(profile["fullTimeEmployees"], str) and profile["fullTimeEmployees"].isdigit()
        assert all(isinstance(profile[f], bool) for f in ("isEtf", "isActivelyTrading", "isAdr", "isFund"))
        assert profile["defaultImage"] is False
        assert profile["image"].startswith("https://")
        assert re.fullmatch(r"\d+(\.\d+)?-\d+(\.\d+)?", profile["range"])
        assert profile["cik"] == "null" or re.fullmatch(r"\d{10}", profile["cik"])
        ciks.append(profile["cik"])
    assert ciks.count("null") == 1


def test_profile_matches_the_latest_bar() -> None:
    profile = rows("profile", symbol="XOM")[0]
    latest, previous = rows("historical-price-eod/full", symbol="XOM", **{"from": "2026-11-01"})[:2]
    cap = rows("historical-market-capitalization", symbol="XOM", limit="1")[0]
    assert profile["price"] == latest["close"]
    assert profile["volume"] == latest["volume"]
    assert profile["marketCap"] == cap["marketCap"]
    assert profile["change"] == pytest.approx(latest["close"] - previous["close"], abs=1e-9)
    low, high = (float(x) for x in profile["range"].split("-"))
    assert low <= latest["close"] <= high


def test_stock_list_has_the_universe() -> None:
    data = rows("stock-list")
    assert len(data) == 25
    assert all(list(row) == ["symbol", "companyName"] for row in data)
    assert {row["symbol"] for row in data} == {c.symbol for c in COMPANIES}


def test_universe_variety() -> None:
    assert {c.exchange for c in COMPANIES} == {"NASDAQ", "NYSE", "AMEX"}
    assert {c.fiscal_year_end_month for c in COMPANIES} == {6, 9, 12}
    assert sum(c.country != "US" for c in COMPANIES) >= 2
    assert len({c.sector for c in COMPANIES}) >= 6


# --- income statements ----------------------------------------------------------------------


def test_statement_periods() -> None:
    annual = rows("income-statement", symbol="AAPL", period="annual")
    assert len(annual) == 5  # default limit
    assert {row["period"] for row in annual} == {"FY"}
    assert rows("income-statement", symbol="AAPL", period="FY") == annual
    assert rows("income-statement", symbol="AAPL") == annual
    assert get("income-statement", symbol="AAPL", period="bogus").body == get(
        "income-statement", symbol="AAPL", period="annual").body
    quarters = rows("income-statement", symbol="AAPL", period="quarter", limit="100")
    assert {row["period"] for row in quarters} == {"Q1", "Q2", "Q3", "Q4"}
    assert len(quarters) >= 34
    q2 = rows("income-statement", symbol="AAPL", period="Q2", limit="100")
    assert q2 and all(row["period"] == "Q2" for row in q2)
    assert q2 == [row for row in quarters if row["period"] == "Q2"]
    bad = get("income-statement", symbol="AAPL", period="Q9")
    assert bad.status == 400 and bad.content_type == JSON_TYPE
    assert bad.body == b"Query Error: Invalid or missing query parameter - period"


def test_statement_fields_and_arithmetic() -> None:
    annual = rows("income-statement", symbol="MSFT", limit="3")
    quarters = rows("income-statement", symbol="MSFT", period="quarter", limit="40")
    assert dates_of(annual) == sorted(dates_of(annual), reverse=True)
    assert dates_of(quarters) == sorted(dates_of(quarters), reverse=True)
    for row in annual + quarters:
        assert list(row) == list(INCOME_FIELDS)
        assert isinstance(row["fiscalYear"], str) and row["fiscalYear"].isdigit()
        assert all(isinstance(row[f], int) for f in AMOUNT_FIELDS)
        assert row["grossProfit"] == row["revenue"] - row["costOfRevenue"]
        assert row["operatingIncome"] == row["revenue"] - row["costAndExpenses"]
        assert row["incomeBeforeTax"] == row["operatingIncome"] + row["totalOtherIncomeExpensesNet"]
        assert row["netIncome"] == row["incomeBeforeTax"] - row["incomeTaxExpense"]
        assert row["ebitda"] == row["ebit"] + row["depreciationAndAmortization"]
        assert row["eps"] == pytest.approx(row["netIncome"] / row["weightedAverageShsOut"], abs=0.005)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["acceptedDate"])
        assert row["filingDate"] <= AS_OF.isoformat()
        lag = date.fromisoformat(row["filingDate"]) - date.fromisoformat(row["date"])
        assert timedelta(days=30) <= lag <= timedelta(days=64)
    # MSFT's fiscal year ends in June; the FY row sums its four quarters.
    fy = annual[0]
    assert fy["date"].endswith("-06-30")
    parts = [row for row in quarters if row["fiscalYear"] == fy["fiscalYear"]]
    assert sorted(row["period"] for row in parts) == ["Q1", "Q2", "Q3", "Q4"]
    for field in AMOUNT_FIELDS:
        assert fy[field] == sum(row[field] for row in parts)


def test_statements_exist_only_once_filed() -> None:
    latest = rows("income-statement", symbol="KO", period="quarter", limit="1")[0]
    filed = date.fromisoformat(latest["filingDate"])
    before = rows("income-statement", DemoSettings(as_of=filed - timedelta(days=1)), symbol="KO",
                  period="quarter", limit="1")[0]
    on_day = rows("income-statement", DemoSettings(as_of=filed), symbol="KO", period="quarter", limit="1")[0]
    assert on_day == latest
    assert before["date"] < latest["date"]


# --- FMP error behaviour ------------------------------------------------------------------------


def test_missing_key_is_401_with_fmp_body() -> None:
    for path in ("/stable/profile", "/stable/stock-list"):
        response = handle(path, {"symbol": "AAPL"}, SETTINGS)
        assert response.status == 401
        assert response.body == INVALID_KEY_BODY
        assert handle(path, {"symbol": "AAPL", "apikey": ""}, SETTINGS).status == 401


def test_unknown_path_is_404_empty_list() -> None:
    for path in ("/stable/nope", "/stable/historical-price-full", "/api/v3/profile/AAPL", "/stable"):
        response = handle(path, {"apikey": "k", "symbol": "AAPL"}, SETTINGS)
        assert (response.status, response.body, response.content_type) == (404, b"[]", JSON_TYPE)


@pytest.mark.parametrize("route", ["profile", "historical-price-eod/full", "historical-market-capitalization",
                                   "income-statement"])
def test_symbol_handling(route: str) -> None:
    assert get(route, symbol="NOPE").body == b"[]"
    assert get(route, symbol="AAPL,MSFT").body == b"[]"
    assert get(route, symbol="aapl").body == get(route, symbol="AAPL").body
    missing = get(route)
    assert missing.status == 400 and missing.content_type == JSON_TYPE
    assert missing.body == b"Query Error: Invalid or missing query parameter - symbol"


def test_malformed_parameters_are_400() -> None:
    assert get("income-statement", symbol="AAPL", limit="ten").status == 400
    assert get("historical-market-capitalization", symbol="AAPL", limit="-1").status == 400
    bad_date = get("historical-price-eod/full", symbol="AAPL", **{"from": "2024-13-01"})
    assert bad_date.status == 400 and bad_date.body.endswith(b"- from")


# --- HTTP ---------------------------------------------------------------------------------------


def test_http_server_end_to_end(caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cr3t-key-value"
    caplog.set_level(logging.DEBUG, logger="ingestion.demo_api")
    with DemoApiServer(SETTINGS, port=0) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/stable", server.base_url)
        url = f"{server.base_url}/historical-price-eod/full"
        params = {"symbol": "AAPL", "from": "2026-01-01", "to": "2026-03-31"}
        with requests.Session() as session:
            by_param = session.get(url, params={**params, "apikey": secret}, timeout=10)
            by_header = session.get(url, params=params, headers={"apikey": secret}, timeout=10)
            no_key = session.get(url, params=params, timeout=10)
            unknown = session.get(f"{server.base_url}/nope", params={"apikey": secret}, timeout=10)
        expected = get("historical-price-eod/full", **params).body
        assert by_param.status_code == 200 and by_param.content == expected
        assert by_param.headers["Content-Type"] == JSON_TYPE
        assert by_header.status_code == 200 and by_header.content == expected
        assert no_key.status_code == 401 and no_key.content == INVALID_KEY_BODY
        assert unknown.status_code == 404 and unknown.content == b"[]"
    assert "historical-price-eod/full" in caplog.text  # requests are logged ...
    assert secret not in caplog.text  # ... but never the key
    with pytest.raises(requests.ConnectionError):
        requests.get(url, params={**params, "apikey": secret}, timeout=2)


def test_latency_setting_delays_answers() -> None:
    with DemoApiServer(DemoSettings(as_of=AS_OF, latency_ms=150)) as server:
        started = time.perf_counter()
        response = requests.get(f"{server.base_url}/stock-list", params={"apikey": DEMO_API_KEY}, timeout=10)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed >= 0.15

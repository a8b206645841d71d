"""Request → Response for the FMP stable routes (and the FRED route) the catalogue uses.
No HTTP in here.

`handle` is pure apart from the shared generation caches, so tests can call it
directly. Authentication, unknown paths and parameter errors are answered the way FMP
answers them: 401 "Invalid API KEY" when `apikey` is missing (any key is accepted), 404 with
`[]` for an unknown path, 400 naming a missing or invalid parameter (refusals by plan come from
faults.py); paths under /fred/ are
answered the way FRED answers them (`api_key`, its JSON envelope, "." for missing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from . import adjusted, bulk, company_info, corporate_actions, economics, fundamentals, instruments, markets, prices
from .fields import Dataset
from .params import Period, QueryError, optional_date, optional_limit, required_symbol, statement_period
from .profiles import COMPANY_PROFILE, build_profile
from .responses import (
    JSON_CONTENT_TYPE,
    Response,
    elements_response,
    empty_list,
    json_response,
    not_found,
    query_error,
    unauthorized,
)
from .settings import DemoSettings
from .statements import filed_statements
from .universe import COMPANIES, Company, find_company

STABLE_PREFIX = "/stable/"
#: FMP's hard cap on EOD and market-cap rows per request; the oldest rows are dropped.
MAX_ROWS = 5000
#: income-statement returns this many periods when no limit is given.
DEFAULT_STATEMENT_LIMIT = 5

STOCK_LIST = Dataset("stock-list")
LATEST_STATEMENTS = Dataset("latest-financial-statements")

Query = dict[str, str]
RouteFn = Callable[[Query, DemoSettings], Response]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month0 = divmod(index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month0 + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _lookup(query: Query) -> Company | None:
    """The company named by `symbol` (400 if missing); None when FMP would answer []."""
    symbol = required_symbol(query)
    if "," in symbol:
        return None  # batch requests are not served by per-symbol routes
    return find_company(symbol)


def _window(query: Query, settings: DemoSettings, default_start: Callable[[date], date]) -> tuple[date, date]:
    """Inclusive [start, end] from `from`/`to`, never past as_of; defaults end at as_of."""
    start = optional_date(query, "from")
    end = optional_date(query, "to")
    end = settings.as_of if end is None else min(end, settings.as_of)
    if start is None:
        start = default_start(end)
    return start, end


@lru_cache(maxsize=1)
def _stock_list_body() -> Response:
    ordered = sorted(COMPANIES, key=lambda company: company.symbol)
    rows = [{"symbol": company.symbol, "companyName": company.company_name} for company in ordered]
    return json_response(STOCK_LIST.rows(rows))


def stock_list(query: Query, settings: DemoSettings) -> Response:
    return _stock_list_body()


def profile(query: Query, settings: DemoSettings) -> Response:
    company = _lookup(query)
    if company is None:
        return empty_list()
    series = prices.price_series(company, settings.history_start, settings.as_of)
    row = build_profile(company, series, settings.as_of)
    return json_response([COMPANY_PROFILE.row(row)] if row is not None else [])


def historical_price_eod_full(query: Query, settings: DemoSettings) -> Response:
    start, end = _window(query, settings, lambda end: _years_before(end, 5))
    symbol = required_symbol(query)
    instrument = instruments.find_instrument(symbol) if "," not in symbol else None
    if instrument is not None:  # crypto, FX, commodities, ETFs and indexes share the route
        if end < start:
            return empty_list()
        series_ = instruments.instrument_series(instrument, settings.as_of)
        return elements_response(series_.elements(max(start, settings.history_start), end, MAX_ROWS))
    company = _lookup(query)
    if company is None or end < start:
        return empty_list()
    series = prices.price_series(company, settings.history_start, settings.as_of)
    return elements_response(series.price_elements(series.index_range(start, end, MAX_ROWS)))


def _adjusted_prices(variant: str) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        company = _lookup(query)
        start, end = _window(query, settings, lambda end: _years_before(end, 5))
        if company is None or end < start:
            return empty_list()
        series = prices.price_series(company, settings.history_start, settings.as_of)
        indices = series.index_range(start, end, MAX_ROWS)
        if variant == "non-split-adjusted":
            return elements_response(adjusted.non_split_adjusted_elements(series, indices))
        return elements_response(adjusted.dividend_adjusted_elements(series, indices, settings.as_of))

    return route


def historical_market_capitalization(query: Query, settings: DemoSettings) -> Response:
    company = _lookup(query)
    start, end = _window(query, settings, lambda end: _months_before(end, 3))
    limit = optional_limit(query)
    if company is None or end < start:
        return empty_list()
    max_rows = MAX_ROWS if limit is None else min(limit, MAX_ROWS)
    series = prices.price_series(company, settings.history_start, settings.as_of)
    return elements_response(series.market_cap_elements(series.index_range(start, end, max_rows)))


def _wanted(period: Period) -> Callable[[str], bool]:
    if period is Period.ANNUAL:
        return lambda p: p == "FY"
    if period is Period.QUARTER:
        return lambda p: p != "FY"
    return lambda p: p == period.value


def income_statement(query: Query, settings: DemoSettings) -> Response:
    company = _lookup(query)
    period = statement_period(query)
    limit = optional_limit(query)
    if company is None:
        return empty_list()
    limit = DEFAULT_STATEMENT_LIMIT if limit is None else limit
    wanted = _wanted(period)
    rows = [r for r in filed_statements(company, settings.history_start, settings.as_of) if wanted(r.period)]
    return elements_response([r.text for r in rows[:limit]])


# ---------------------------------------------------------------- statements and metrics


def _reports(kind: str, quarters_only: bool = False) -> RouteFn:
    """Per-symbol statement-like routes: `period` (annual/FY, quarter, Q1..Q4) and `limit` (default 5)."""

    def route(query: Query, settings: DemoSettings) -> Response:
        company = _lookup(query)
        period = Period.QUARTER if quarters_only else statement_period(query)
        limit = optional_limit(query)
        if company is None:
            return empty_list()
        limit = DEFAULT_STATEMENT_LIMIT if limit is None else limit
        wanted = _wanted(period)
        reports = fundamentals.filed_reports(kind, company, settings.history_start, settings.as_of)
        return elements_response([r.text for r in reports if wanted(r.period)][:limit])

    return route


def _ttm(kind: str) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        company = _lookup(query)  # ignores limit and period, like FMP
        if company is None:
            return empty_list()
        if kind == "financial-scores":
            row = fundamentals.financial_scores(company, settings.history_start, settings.as_of)
        else:
            row = fundamentals.ttm_row(kind, company, settings.history_start, settings.as_of)
        return json_response([row] if row is not None else [])

    return route


def _segmentation(kind: str) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        company = _lookup(query)
        if company is None or statement_period(query) is not Period.ANNUAL:
            return empty_list()  # the demo reports segments for fiscal years only
        rows = fundamentals.segmentation_rows(kind, company, settings.history_start, settings.as_of)
        limit = optional_limit(query)
        return json_response(rows[:limit] if limit is not None else rows)

    return route


#: FMP caps the page of latest-financial-statements at 100 (as FMP does).
MAX_PAGE = 100


def _page(query: Query) -> int:
    raw = query.get("page", "").strip() or "0"
    if not raw.isdigit():
        raise QueryError("page")
    return int(raw)


def latest_financial_statements(query: Query, settings: DemoSettings) -> Response:
    page = _page(query)
    if page > MAX_PAGE:
        text = f"Maxmium Query Parameter: The maximum page number for this endpoint is '{MAX_PAGE}'"
        return Response(400, JSON_CONTENT_TYPE, text.encode("utf-8"))
    limit = optional_limit(query) or 250
    rows = []
    for company in COMPANIES:
        for report in fundamentals.filed_reports("income-statement", company, settings.history_start, settings.as_of):
            if report.period == "FY":
                continue  # one row per filing: the 10-K is listed under its Q4
            rows.append({
                "symbol": company.symbol,
                "calendarYear": report.fiscal_year,
                "period": report.period,
                "date": report.row["date"],
                "dateAdded": report.row["acceptedDate"],
            })
    rows.sort(key=lambda r: (r["dateAdded"], r["symbol"]), reverse=True)
    return json_response(LATEST_STATEMENTS.rows(rows[page * limit:(page + 1) * limit]))


# --------------------------------------------------------------------------- company


def _company_rows(build: Callable[[Company, DemoSettings], list | dict | None]) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        company = _lookup(query)
        if company is None:
            return empty_list()
        rows = build(company, settings)
        if rows is None:
            rows = []
        elif isinstance(rows, dict):
            rows = [rows]
        limit = optional_limit(query)
        return json_response(rows[:limit] if limit is not None else rows)

    return route


def delisted_companies(query: Query, settings: DemoSettings) -> Response:
    page = _page(query)
    limit = optional_limit(query) or 100
    rows = markets.delisted_companies(settings.as_of)
    return json_response(rows[page * limit:(page + 1) * limit])


def etf_holdings(query: Query, settings: DemoSettings) -> Response:
    symbol = required_symbol(query)
    return json_response(markets.etf_holdings(symbol, settings.history_start, settings.as_of))


# ------------------------------------------------------------------------ lists, market


def _static(build: Callable[[], list]) -> RouteFn:
    cached = lru_cache(maxsize=1)(lambda: json_response(build()))

    def route(query: Query, settings: DemoSettings) -> Response:
        return cached()

    return route


def company_screener(query: Query, settings: DemoSettings) -> Response:
    return json_response(markets.company_screener(settings.history_start, settings.as_of, query))


def _snapshot(kind: str, group_by: str) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        day = optional_date(query, "date")
        if day is None:
            raise QueryError("date")
        if day > settings.as_of:
            return empty_list()
        return json_response(list(markets.snapshot(kind, group_by, settings.history_start, day)))

    return route


def all_exchange_market_hours(query: Query, settings: DemoSettings) -> Response:
    return json_response(markets.market_hours())


def holidays_by_exchange(query: Query, settings: DemoSettings) -> Response:
    exchange = query.get("exchange", "").strip()
    if not exchange:
        raise QueryError("exchange")
    rows = markets.exchange_holidays(exchange, settings.history_start, settings.as_of)
    return json_response(rows or [])


# ------------------------------------------------------------------------- economics


def treasury_rates(query: Query, settings: DemoSettings) -> Response:
    start, end = _window(query, settings, lambda end: _months_before(end, 3))
    if end < start:
        return empty_list()
    # about three months per answer, the newest kept (FMP truncates silently)
    start = max(start, end - timedelta(days=economics.WINDOW_DAYS), settings.history_start)
    return json_response(economics.treasury_rows(start, end))


def economic_indicators(query: Query, settings: DemoSettings) -> Response:
    name = query.get("name", "").strip()
    if not name:
        raise QueryError("name")
    indicator = economics.find_indicator(name)
    if indicator is None:
        return Response(200, JSON_CONTENT_TYPE, b"Invalid name")  # not JSON, status 200: as FMP
    bare = not query.get("from", "").strip()
    start, end = _window(query, settings, lambda end: _years_before(end, 1))
    if end < start:
        return empty_list()
    if not bare:
        if indicator.frequency == "quarterly" and (end - start).days >= 365:
            return empty_list()  # FMP: quarterly GDP-family series are empty for ranges of a year or more
        start = max(start, end - timedelta(days=economics.WINDOW_DAYS))
    return json_response(economics.indicator_rows(indicator, start, end, settings.as_of))


def market_risk_premium(query: Query, settings: DemoSettings) -> Response:
    return _market_risk_premium_body()


@lru_cache(maxsize=1)
def _market_risk_premium_body() -> Response:
    return json_response(markets.market_risk_premium())


# ------------------------------------------------------------------------------ bulk


def _bulk_statements(route_name_: str) -> RouteFn:
    def route(query: Query, settings: DemoSettings) -> Response:
        return bulk.statements_bulk(route_name_, query, settings.history_start, settings.as_of)

    return route


def profile_bulk(query: Query, settings: DemoSettings) -> Response:
    return bulk.profile_bulk(query, settings.history_start, settings.as_of)


def eod_bulk(query: Query, settings: DemoSettings) -> Response:
    return bulk.eod_bulk(query, settings.history_start, settings.as_of)


ROUTES: dict[str, RouteFn] = {
    # directory and lists
    "stock-list": stock_list,
    "etf-list": _static(markets.etf_list),
    "index-list": _static(markets.index_list),
    "cryptocurrency-list": _static(markets.cryptocurrency_list),
    "forex-list": _static(markets.forex_list),
    "commodities-list": _static(markets.commodities_list),
    "available-countries": _static(markets.available_countries),
    "available-exchanges": _static(markets.available_exchanges),
    "available-sectors": _static(markets.available_sectors),
    "available-industries": _static(markets.available_industries),
    "company-screener": company_screener,
    "etf-holdings": etf_holdings,
    "delisted-companies": delisted_companies,
    # company
    "profile": profile,
    "company-notes": _company_rows(lambda c, s: company_info.company_notes(c)),
    "key-executives": _company_rows(lambda c, s: company_info.key_executives(c)),
    "governance-executive-compensation": _company_rows(
        lambda c, s: company_info.executive_compensation(c, s.history_start, s.as_of)),
    "stock-peers": _company_rows(lambda c, s: company_info.stock_peers(c, s.history_start, s.as_of)),
    "historical-employee-count": _company_rows(
        lambda c, s: company_info.employee_counts(c, s.history_start, s.as_of)),
    "shares-float": _company_rows(lambda c, s: company_info.shares_float(c, s.history_start, s.as_of)),
    "historical-market-capitalization": historical_market_capitalization,
    # corporate actions and earnings announcements
    "dividends": _company_rows(lambda c, s: corporate_actions.dividends(c, s.history_start, s.as_of)),
    "splits": _company_rows(lambda c, s: corporate_actions.splits(c, s.as_of)),
    "earnings": _company_rows(lambda c, s: corporate_actions.earnings(c, s.history_start, s.as_of)),
    # prices
    "historical-price-eod/full": historical_price_eod_full,
    "historical-price-eod/non-split-adjusted": _adjusted_prices("non-split-adjusted"),
    "historical-price-eod/dividend-adjusted": _adjusted_prices("dividend-adjusted"),
    # statements and what FMP derives from them
    "income-statement": income_statement,
    "balance-sheet-statement": _reports("balance-sheet-statement"),
    "cash-flow-statement": _reports("cash-flow-statement"),
    "key-metrics": _reports("key-metrics"),
    "ratios": _reports("ratios"),
    "income-statement-growth": _reports("income-statement-growth"),
    "balance-sheet-statement-growth": _reports("balance-sheet-statement-growth"),
    "cash-flow-statement-growth": _reports("cash-flow-statement-growth"),
    "financial-growth": _reports("financial-growth"),
    "owner-earnings": _reports("owner-earnings", quarters_only=True),
    "enterprise-values": _reports("enterprise-values"),
    "key-metrics-ttm": _ttm("key-metrics-ttm"),
    "ratios-ttm": _ttm("ratios-ttm"),
    "financial-scores": _ttm("financial-scores"),
    "revenue-product-segmentation": _segmentation("product"),
    "revenue-geographic-segmentation": _segmentation("geographic"),
    "latest-financial-statements": latest_financial_statements,
    # market-wide
    "sector-performance-snapshot": _snapshot("performance", "sector"),
    "industry-performance-snapshot": _snapshot("performance", "industry"),
    "sector-pe-snapshot": _snapshot("pe", "sector"),
    "industry-pe-snapshot": _snapshot("pe", "industry"),
    "all-exchange-market-hours": all_exchange_market_hours,
    "holidays-by-exchange": holidays_by_exchange,
    # economics
    "treasury-rates": treasury_rates,
    "economic-indicators": economic_indicators,
    "market-risk-premium": market_risk_premium,
    # bulk (CSV)
    "eod-bulk": eod_bulk,
    "profile-bulk": profile_bulk,
    "income-statement-bulk": _bulk_statements("income-statement-bulk"),
    "balance-sheet-statement-bulk": _bulk_statements("balance-sheet-statement-bulk"),
    "cash-flow-statement-bulk": _bulk_statements("cash-flow-statement-bulk"),
    "key-metrics-bulk": _bulk_statements("key-metrics-bulk"),
    "ratios-bulk": _bulk_statements("ratios-bulk"),
}


# ------------------------------------------------------------------------------ FRED

FRED_PREFIX = "/fred/"
FRED_CONTENT_TYPE = "application/json; charset=UTF-8"
FRED_MISSING_KEY = (
    "Bad Request.  Variable api_key is not set. Read https://fred.stlouisfed.org/docs/api/api_key.html "
    "for more information."
)


def _fred_error(status: int, message: str) -> Response:
    body = json.dumps({"error_code": status, "error_message": message}, separators=(",", ":"))
    return Response(status, FRED_CONTENT_TYPE, body.encode("utf-8"))


def _fred_date(query: Query, name: str, default: date) -> date:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _FredError(f'Bad Request.  Variable {name} can not be "{raw}".') from None


class _FredError(ValueError):
    pass


def fred_series_observations(query: Query, settings: DemoSettings) -> Response:
    series_id = query.get("series_id", "").strip()
    if not series_id:
        return _fred_error(400, "Bad Request.  Variable series_id is not set.")
    if series_id not in economics.FRED_SERIES:
        return _fred_error(400, "Bad Request.  The series does not exist.")
    try:
        start = _fred_date(query, "observation_start", date(1776, 7, 4))
        end = _fred_date(query, "observation_end", date(9999, 12, 31))
    except _FredError as error:
        return _fred_error(400, str(error))
    sort_order = query.get("sort_order", "asc").strip() or "asc"
    if sort_order not in ("asc", "desc"):
        return _fred_error(400, "Bad Request.  Variable sort_order is not one of the values: 'asc', 'desc'")
    observations = economics.fred_observations(series_id, start, end, settings.as_of)
    if sort_order == "desc":
        observations.reverse()
    realtime = settings.as_of.isoformat()
    file_type = query.get("file_type", "").strip() or "xml"
    if file_type == "xml":
        lines = [
            '<?xml version="1.0" encoding="utf-8" ?>',
            f'<observations realtime_start="{realtime}" realtime_end="{realtime}" count="{len(observations)}">',
            *(f'  <observation realtime_start="{o["realtime_start"]}" realtime_end="{o["realtime_end"]}" '
              f'date="{o["date"]}" value="{o["value"]}"/>' for o in observations),
            "</observations>",
        ]
        return Response(200, "text/xml; charset=UTF-8", "\n".join(lines).encode("utf-8"))
    if file_type != "json":
        return _fred_error(400, "Bad Request.  Variable file_type is not one of the values: 'xml', 'json'")
    document = {
        "realtime_start": realtime,
        "realtime_end": realtime,
        "observation_start": start.isoformat(),
        "observation_end": end.isoformat(),
        "units": "lin",
        "output_type": 1,
        "file_type": "json",
        "order_by": "observation_date",
        "sort_order": sort_order,
        "count": len(observations),
        "offset": 0,
        "limit": 100000,
        "observations": observations,
    }
    # FRED sends compact JSON (no indentation)
    return Response(200, FRED_CONTENT_TYPE, json.dumps(document, separators=(",", ":")).encode("utf-8"))


FRED_ROUTES: dict[str, RouteFn] = {
    "series/observations": fred_series_observations,
}


def handle_fred(path: str, query: dict[str, str], settings: DemoSettings) -> Response:
    if not query.get("api_key", "").strip():
        return _fred_error(400, FRED_MISSING_KEY)
    route = FRED_ROUTES.get(path[len(FRED_PREFIX):].rstrip("/"))
    if route is None:
        return _fred_error(404, "Not Found")
    return route(query, settings)


def route_name(path: str) -> str | None:
    """The route under /stable/ ("profile", "historical-price-eod/full"), or None."""
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith(STABLE_PREFIX):
        return None
    return path[len(STABLE_PREFIX):].rstrip("/")


def handle(path: str, query: dict[str, str], settings: DemoSettings) -> Response:
    """Answer one GET. `query` holds the query parameters: the FMP key as `apikey`, FRED's as `api_key`."""
    if ("/" + path.lstrip("/")).startswith(FRED_PREFIX):
        return handle_fred("/" + path.lstrip("/"), query, settings)
    if not query.get("apikey", "").strip():
        return unauthorized()
    name = route_name(path)
    route = ROUTES.get(name) if name is not None else None
    if route is None:
        return not_found()
    try:
        return route(query, settings)
    except QueryError as error:
        return query_error(error.parameter)

"""Request → Response for the FMP stable routes the pipeline uses. No HTTP in here.

`handle` is pure apart from the shared generation caches, so tests can call it
directly. Authentication, unknown paths and parameter errors are answered the way FMP
answers them (see /work/shared/FMP_API.md §2, §4 and §6).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from . import prices
from .params import Period, QueryError, optional_date, optional_limit, required_symbol, statement_period
from .profiles import build_profile
from .responses import (
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
    return json_response(rows)


def stock_list(query: Query, settings: DemoSettings) -> Response:
    return _stock_list_body()


def profile(query: Query, settings: DemoSettings) -> Response:
    company = _lookup(query)
    if company is None:
        return empty_list()
    series = prices.price_series(company, settings.history_start, settings.as_of)
    row = build_profile(company, series, settings.as_of)
    return json_response([row] if row is not None else [])


def historical_price_eod_full(query: Query, settings: DemoSettings) -> Response:
    company = _lookup(query)
    start, end = _window(query, settings, lambda end: _years_before(end, 5))
    if company is None or end < start:
        return empty_list()
    series = prices.price_series(company, settings.history_start, settings.as_of)
    return elements_response(series.price_elements(series.index_range(start, end, MAX_ROWS)))


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


ROUTES: dict[str, RouteFn] = {
    "stock-list": stock_list,
    "profile": profile,
    "historical-price-eod/full": historical_price_eod_full,
    "historical-market-capitalization": historical_market_capitalization,
    "income-statement": income_statement,
}


def route_name(path: str) -> str | None:
    """The route under /stable/ ("profile", "historical-price-eod/full"), or None."""
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith(STABLE_PREFIX):
        return None
    return path[len(STABLE_PREFIX):].rstrip("/")


def handle(path: str, query: dict[str, str], settings: DemoSettings) -> Response:
    """Answer one GET. `query` holds the query parameters, the API key as `apikey`."""
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

"""Directory and market-wide endpoints: symbol lists, exchanges, sectors, the screener,
sector and industry snapshots, market hours, exchange holidays, delistings and the
market risk premium. Values are keyed by FMP's field names; a row carries the catalogue's fields.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from functools import lru_cache
from statistics import fmean
from typing import Any

import holidays

from sbf_calendar import is_trading_day

from . import instruments, prices
from .fields import Dataset
from .profiles import build_profile
from .seeding import rng_for
from .statements import filed_statements
from .universe import COMPANIES, EXCHANGE_FULL_NAMES, Company

ETF_LIST = Dataset("etf-list")
INDEX_LIST = Dataset("index-list")
CRYPTOCURRENCY_LIST = Dataset("cryptocurrency-list")
FOREX_LIST = Dataset("forex-list")
COMMODITIES_LIST = Dataset("commodities-list")
COUNTRIES_LIST = Dataset("market-countries")
EXCHANGES_LIST = Dataset("market-exchanges")
SECTORS_LIST = Dataset("market-sectors")
INDUSTRIES_LIST = Dataset("market-industries")
SCREENER = Dataset("market-screener")
#: (kind, group_by) of a snapshot route -> its dataset
SNAPSHOTS = {
    ("performance", "sector"): Dataset("market-sector-performance"),
    ("performance", "industry"): Dataset("market-industry-performance"),
    ("pe", "sector"): Dataset("market-sector-pe"),
    ("pe", "industry"): Dataset("market-industry-pe"),
}
MARKET_HOURS = Dataset("market-hours")
HOLIDAYS = Dataset("market-holidays")
DELISTED = Dataset("company-delisted")
RISK_PREMIUM = Dataset("market-risk-premium")
ETF_HOLDINGS = Dataset("etf-holdings")

# ------------------------------------------------------------------------------ lists


def etf_list() -> list[dict[str, Any]]:
    return ETF_LIST.rows([{"symbol": e.symbol, "name": e.name} for e in instruments.ETFS])


def index_list() -> list[dict[str, Any]]:
    return INDEX_LIST.rows([{"symbol": i.symbol, "name": i.name, "exchange": i.exchange, "currency": i.currency}
                            for i in instruments.INDEXES])


def cryptocurrency_list() -> list[dict[str, Any]]:
    return CRYPTOCURRENCY_LIST.rows([
        {"symbol": c.symbol, "name": c.name, "exchange": "CCC", "icoDate": c.field("icoDate"),
         "circulatingSupply": c.field("circulatingSupply"), "totalSupply": c.field("totalSupply")}
        for c in instruments.CRYPTOS
    ])


def forex_list() -> list[dict[str, Any]]:
    return FOREX_LIST.rows([
        {"symbol": f.symbol, "fromCurrency": f.field("fromCurrency"), "toCurrency": f.field("toCurrency"),
         "fromName": f.field("fromName"), "toName": f.field("toName")}
        for f in instruments.FOREX
    ])


def commodities_list() -> list[dict[str, Any]]:
    return COMMODITIES_LIST.rows([
        {"symbol": c.symbol, "name": c.name, "exchange": c.exchange or None, "tradeMonth": c.field("tradeMonth"),
         "currency": c.currency}
        for c in instruments.COMMODITIES
    ])


#: ISO 3166 alpha-2 codes FMP lists companies for (a sample).
COUNTRIES: tuple[str, ...] = (
    "AR", "AT", "AU", "BE", "BM", "BR", "CA", "CH", "CL", "CN", "CO", "CY", "DE", "DK", "ES", "FI", "FR", "GB",
    "GR", "HK", "ID", "IE", "IL", "IN", "IT", "JP", "KR", "KY", "LU", "MX", "MY", "NL", "NO", "NZ", "PE", "PH",
    "PL", "PT", "SE", "SG", "TH", "TR", "TW", "US", "ZA",
)


def available_countries() -> list[dict[str, Any]]:
    return COUNTRIES_LIST.rows([{"country": code} for code in COUNTRIES])


#: exchange, name, countryName, countryCode, symbolSuffix, delay
EXCHANGES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("AMEX", "New York Stock Exchange Arca", "United States of America", "US", "N/A", "Real-time"),
    ("NASDAQ", "National Association of Securities Dealers Automated Quotations", "United States of America",
     "US", "N/A", "Real-time"),
    ("NYSE", "New York Stock Exchange", "United States of America", "US", "N/A", "Real-time"),
    ("LSE", "London Stock Exchange", "United Kingdom of Great Britain and Northern Ireland", "GB", ".L",
     "20 min"),
    ("TSX", "Toronto Stock Exchange", "Canada", "CA", ".TO", "15 min"),
    ("XETRA", "Deutsche Börse Xetra", "Germany", "DE", ".DE", "15 min"),
    ("JPX", "Japan Exchange Group", "Japan", "JP", ".T", "20 min"),
)
EXCHANGE_CODES = tuple(e[0] for e in EXCHANGES)


def available_exchanges() -> list[dict[str, Any]]:
    return EXCHANGES_LIST.rows([
        {"exchange": code, "name": name, "countryName": country, "countryCode": cc, "symbolSuffix": suffix,
         "delay": delay}
        for code, name, country, cc, suffix, delay in EXCHANGES
    ])


SECTORS: tuple[str, ...] = (
    "Basic Materials", "Communication Services", "Consumer Cyclical", "Consumer Defensive", "Energy",
    "Financial Services", "Healthcare", "Industrials", "Real Estate", "Technology", "Utilities",
)
_EXTRA_INDUSTRIES = (
    "Aerospace & Defense", "Airlines, Airports & Air Services", "Asset Management", "Biotechnology",
    "Chemicals - Specialty", "Discount Stores", "Insurance - Life", "REIT - Industrial", "Regulated Electric",
    "Semiconductors", "Telecommunications Services",
)


def available_sectors() -> list[dict[str, Any]]:
    return SECTORS_LIST.rows([{"sector": s} for s in SECTORS])


def industries() -> list[str]:
    return sorted({c.industry for c in COMPANIES} | set(_EXTRA_INDUSTRIES))


def available_industries() -> list[dict[str, Any]]:
    return INDUSTRIES_LIST.rows([{"industry": i} for i in industries()])


# ---------------------------------------------------------------------------- screener


def _latest_profile(company: Company, history_start: date, as_of: date) -> dict[str, Any] | None:
    series = prices.price_series(company, history_start, as_of)
    return build_profile(company, series, as_of)


def company_screener(history_start: date, as_of: date, query: dict[str, str]) -> list[dict[str, Any]]:
    """The universe, largest first, filtered by sector / industry / exchange / country when asked."""
    rows = []
    for company in COMPANIES:
        profile = _latest_profile(company, history_start, as_of)
        if profile is None:
            continue
        rows.append({
            "symbol": company.symbol,
            "companyName": company.company_name,
            "marketCap": profile["marketCap"],
            "sector": company.sector,
            "industry": company.industry,
            "beta": company.beta,
            "price": profile["price"],
            "lastAnnualDividend": company.last_dividend,
            "volume": profile["volume"],
            "exchange": EXCHANGE_FULL_NAMES[company.exchange],
            "exchangeShortName": company.exchange,
            "country": company.country,
            "isEtf": False,
            "isFund": False,
            "isActivelyTrading": True,
        })
    for name, field in (("sector", "sector"), ("industry", "industry"), ("exchange", "exchangeShortName"),
                        ("country", "country")):
        wanted = query.get(name, "").strip()
        if wanted:  # an unknown value is simply no match: 200 []
            rows = [r for r in rows if str(r[field]).lower() == wanted.lower()]
    rows.sort(key=lambda r: -r["marketCap"])
    limit = query.get("limit", "").strip()
    return SCREENER.rows(rows[: int(limit)] if limit.isdigit() else rows)


# ----------------------------------------------------------------- sector / industry snapshots


def _day_change(company: Company, history_start: date, day: date) -> float | None:
    series = prices.price_series(company, history_start, day)
    index = bisect_right(series.dates, day) - 1
    if index < 1 or series.dates[index] != day:
        return None
    close, previous = series.prices[index]["close"], series.prices[index - 1]["close"]
    return (close - previous) / previous * 100


def _trailing_pe(company: Company, history_start: date, day: date) -> float | None:
    annual = [r for r in filed_statements(company, history_start, day) if r.period == "FY"]
    if not annual or annual[0].row["eps"] <= 0:
        return None
    series = prices.price_series(company, history_start, day)
    index = bisect_right(series.dates, day) - 1
    if index < 0:
        return None
    return series.prices[index]["close"] / annual[0].row["eps"]


@lru_cache(maxsize=256)
def snapshot(kind: str, group_by: str, history_start: date, day: date) -> tuple[dict[str, Any], ...]:
    """Average day change (kind 'performance') or P/E ('pe') per sector or industry and exchange."""
    if not is_trading_day(day):
        return ()
    groups: dict[tuple[str, str], list[float]] = {}
    for company in COMPANIES:
        value = (_day_change if kind == "performance" else _trailing_pe)(company, history_start, day)
        if value is None:
            continue
        groups.setdefault((getattr(company, group_by), company.exchange), []).append(value)
    field = "averageChange" if kind == "performance" else "pe"
    dataset = SNAPSHOTS[(kind, group_by)]
    return tuple(
        dataset.row({"date": day.isoformat(), group_by: name, "exchange": exchange, field: fmean(values)})
        for (name, exchange), values in sorted(groups.items())
    )


# --------------------------------------------------------------------- hours and holidays

#: exchange, name, opening, closing, time zone
_HOURS = (
    ("AMEX", "New York Stock Exchange Arca", "09:30 AM -05:00", "04:00 PM -05:00", "America/New_York"),
    ("NASDAQ", "NASDAQ Global Market", "09:30 AM -05:00", "04:00 PM -05:00", "America/New_York"),
    ("NYSE", "New York Stock Exchange", "09:30 AM -05:00", "04:00 PM -05:00", "America/New_York"),
    ("LSE", "London Stock Exchange", "08:00 AM +00:00", "04:30 PM +00:00", "Europe/London"),
    ("TSX", "Toronto Stock Exchange", "09:30 AM -05:00", "04:00 PM -05:00", "America/Toronto"),
    ("XETRA", "Deutsche Börse Xetra", "09:00 AM +01:00", "05:30 PM +01:00", "Europe/Berlin"),
    ("JPX", "Japan Exchange Group", "09:00 AM +09:00", "03:30 PM +09:00", "Asia/Tokyo"),
)


def market_hours() -> list[dict[str, Any]]:
    # The demo answers after the close: every market reads as closed.
    return MARKET_HOURS.rows([
        {"exchange": code, "name": name, "openingHour": opening, "closingHour": closing, "timezone": tz,
         "isMarketOpen": False}
        for code, name, opening, closing, tz in _HOURS
    ])


_HOLIDAY_COUNTRY = {"LSE": "GB", "TSX": "CA", "XETRA": "DE", "JPX": "JP"}


def exchange_holidays(exchange: str, history_start: date, as_of: date) -> list[dict[str, Any]] | None:
    """Closed weekdays of `exchange` from the history start to the end of next year; None if unknown."""
    code = exchange.strip().upper()
    if code not in EXCHANGE_CODES:
        return None
    return list(_holiday_rows(code, history_start.year, as_of.year + 1))


@lru_cache(maxsize=64)
def _holiday_rows(code: str, first_year: int, last_year: int) -> tuple[dict[str, Any], ...]:
    years = list(range(first_year, last_year + 1))
    if code in ("NYSE", "NASDAQ", "AMEX"):
        calendar = holidays.financial_holidays("NYSE", years=years)
    else:
        calendar = holidays.country_holidays(_HOLIDAY_COUNTRY[code], years=years)
    return tuple(
        HOLIDAYS.row({"exchange": code, "date": day.isoformat(), "name": name, "isClosed": True,
                      "adjOpenTime": None, "adjCloseTime": None})
        for day, name in sorted(calendar.items())
        if day.weekday() < 5
    )


# --------------------------------------------------------------------------- delistings

#: symbol, company, exchange, IPO date, delisting date (real delistings, for flavour)
_DELISTED = (
    ("TWTR", "Twitter, Inc.", "NYSE", "2013-11-07", "2022-11-08"),
    ("ATVI", "Activision Blizzard, Inc.", "NASDAQ", "1993-10-25", "2023-10-13"),
    ("SIVB", "SVB Financial Group", "NASDAQ", "1987-03-19", "2023-03-28"),
    ("FRC", "First Republic Bank", "NYSE", "2010-12-09", "2023-05-01"),
    ("XLNX", "Xilinx, Inc.", "NASDAQ", "1990-06-12", "2022-02-14"),
    ("CTXS", "Citrix Systems, Inc.", "NASDAQ", "1995-12-08", "2022-09-30"),
    ("VMW", "VMware, Inc.", "NYSE", "2007-08-14", "2023-11-22"),
    ("SGEN", "Seagen Inc.", "NASDAQ", "2001-03-08", "2023-12-14"),
    ("HES", "Hess Corporation", "NYSE", "1980-03-17", "2025-07-18"),
    ("PXD", "Pioneer Natural Resources Company", "NYSE", "1997-08-08", "2024-05-03"),
    ("ANSS", "ANSYS, Inc.", "NASDAQ", "1996-06-20", "2025-07-17"),
    ("JNPR", "Juniper Networks, Inc.", "NYSE", "1999-06-25", "2025-07-02"),
    ("DFS", "Discover Financial Services", "NYSE", "2007-06-14", "2025-05-19"),
    ("SPLK", "Splunk Inc.", "NASDAQ", "2012-04-19", "2024-03-18"),
    ("WBA", "Walgreens Boots Alliance, Inc.", "NASDAQ", "1980-03-17", "2025-08-28"),
    ("CERN", "Cerner Corporation", "NASDAQ", "1986-08-13", "2022-06-08"),
    ("DISH", "DISH Network Corporation", "NASDAQ", "1995-06-21", "2024-01-02"),
    ("PEAK", "Healthpeak Properties, Inc.", "NYSE", "1985-05-23", "2024-03-01"),
    ("MRO", "Marathon Oil Corporation", "NYSE", "1980-03-17", "2024-11-22"),
    ("CTLT", "Catalent, Inc.", "NYSE", "2014-07-31", "2024-12-18"),
)


def delisted_companies(as_of: date) -> list[dict[str, Any]]:
    """Delistings known on `as_of`, most recent first."""
    rows = [
        {"symbol": s, "companyName": n, "exchange": e, "ipoDate": ipo, "delistedDate": d}
        for s, n, e, ipo, d in _DELISTED
        if date.fromisoformat(d) <= as_of
    ]
    rows.sort(key=lambda r: r["delistedDate"], reverse=True)
    return DELISTED.rows(rows)


# ------------------------------------------------------------------- market risk premium

#: country, continent, country risk premium (%), by Damodaran-style tiers
_RISK = (
    ("United States", "North America", 0.0), ("Canada", "North America", 0.0), ("Mexico", "North America", 2.77),
    ("Brazil", "South America", 3.47), ("Argentina", "South America", 12.92), ("Chile", "South America", 1.02),
    ("Colombia", "South America", 3.04), ("Peru", "South America", 1.88), ("United Kingdom", "Europe", 0.63),
    ("Germany", "Europe", 0.0), ("France", "Europe", 0.75), ("Italy", "Europe", 2.39), ("Spain", "Europe", 1.47),
    ("Netherlands", "Europe", 0.0), ("Switzerland", "Europe", 0.0), ("Sweden", "Europe", 0.0),
    ("Norway", "Europe", 0.0), ("Poland", "Europe", 1.18), ("Greece", "Europe", 3.04), ("Turkey", "Europe", 5.98),
    ("Japan", "Asia", 0.9), ("China", "Asia", 0.9), ("India", "Asia", 2.39), ("South Korea", "Asia", 0.63),
    ("Singapore", "Asia", 0.0), ("Indonesia", "Asia", 2.1), ("Israel", "Asia", 1.02), ("Australia", "Australia & New Zealand", 0.0),
    ("New Zealand", "Australia & New Zealand", 0.0), ("South Africa", "Africa", 3.87), ("Nigeria", "Africa", 7.27),
    ("Egypt", "Africa", 9.38),
)
MATURE_MARKET_PREMIUM = 4.6


def market_risk_premium() -> list[dict[str, Any]]:
    rows = []
    for country, continent, premium in _RISK:
        wiggle = rng_for(country, "risk-premium").uniform(-0.05, 0.05) if premium else 0.0
        country_premium = round(premium + wiggle, 2) if premium else 0
        rows.append({
            "country": country,
            "continent": continent,
            "countryRiskPremium": country_premium,
            "totalEquityRiskPremium": round(MATURE_MARKET_PREMIUM + country_premium, 2),
        })
    return RISK_PREMIUM.rows(rows)


# --------------------------------------------------------------------------- ETF holdings

_DOW = frozenset({"AAPL", "MSFT", "AMZN", "JPM", "JNJ", "UNH", "CVX", "KO", "CAT", "MCD", "IBM"})
#: ETF -> (members, assets under management in USD)
_ETF_RULES: dict[str, tuple[Any, float]] = {
    "SPY": (lambda c: c.country == "US", 6.1e11),
    "QQQ": (lambda c: c.exchange == "NASDAQ", 3.3e11),
    "DIA": (lambda c: c.symbol in _DOW, 3.4e10),
    "XLE": (lambda c: c.sector == "Energy" and c.country == "US", 2.8e10),
    "XLF": (lambda c: c.sector == "Financial Services" and c.country == "US", 5.0e10),
}


def etf_holdings(symbol: str, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """Holdings of a demo ETF as of the last session on or before as_of ([] for anything else)."""
    rule = _ETF_RULES.get(symbol.strip().upper())
    if rule is None:
        return []
    member, assets = rule
    held = []
    for company in COMPANIES:
        if not member(company):
            continue
        series = prices.price_series(company, history_start, as_of)
        index = bisect_right(series.dates, as_of) - 1
        if index < 0:
            continue
        held.append((company, series.dates[index], series.prices[index]["close"],
                     series.market_caps[index]["marketCap"]))
    if not held:
        return []
    total_cap = sum(cap for *_, cap in held)
    session = max(day for _, day, _, _ in held)
    stamp = f"{session.isoformat()} 05:{rng_for(symbol, 'etf', session.isoformat()).randint(0, 59):02d}:09"
    rows = []
    for company, _, close, cap in held:
        weight = cap / total_cap
        shares = round(assets * weight / close)
        rows.append({
            "symbol": symbol.strip().upper(),
            "asset": company.symbol,
            "name": company.company_name.upper(),  # FMP prints holding names in capitals
            "isin": company.isin,
            "securityCusip": company.cusip,
            "sharesNumber": shares,
            "weightPercentage": round(weight * 100, 4),
            "marketValue": round(shares * close, 2),
            "updatedAt": stamp,
        })
    rows.sort(key=lambda r: -r["weightPercentage"])
    return ETF_HOLDINGS.rows(rows)

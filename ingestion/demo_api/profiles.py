"""The `profile` object: descriptive facts plus market numbers as of the latest bar."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any

from .encoding import number_text
from .fields import Dataset
from .prices import PriceSeries
from .universe import Company

#: FMP computes averageVolume over roughly three months of sessions.
_AVERAGE_VOLUME_SESSIONS = 63

#: The profile route's dataset (the screener and profile-bulk reuse the values).
COMPANY_PROFILE = Dataset("company-profile")


def build_profile(company: Company, series: PriceSeries, as_of: date) -> dict[str, Any] | None:
    """The profile's values as they would read at the close of `as_of` (COMPANY_PROFILE.row of them
    is the profile served); None before the first bar."""
    latest = bisect_right(series.dates, as_of) - 1
    if latest < 0:
        return None  # not listed yet: FMP has nothing to say about it
    bar = series.prices[latest]
    previous_close = series.prices[latest - 1]["close"] if latest > 0 else bar["open"]
    change = round(bar["close"] - previous_close, 2)

    year_ago = series.dates[latest] - timedelta(days=365)
    first_in_year = bisect_right(series.dates, year_ago, 0, latest + 1)
    year_bars = series.prices[first_in_year:latest + 1]
    low = min(row["low"] for row in year_bars)
    high = max(row["high"] for row in year_bars)
    recent = series.prices[max(0, latest + 1 - _AVERAGE_VOLUME_SESSIONS):latest + 1]

    profile: dict[str, Any] = {
        "symbol": company.symbol,
        "price": bar["close"],
        "marketCap": series.market_caps[latest]["marketCap"],
        "beta": company.beta,
        "lastDividend": company.last_dividend,
        "range": f"{number_text(low)}-{number_text(high)}",
        "change": change,
        "changePercentage": round(change / previous_close * 100, 5),
        "volume": bar["volume"],
        "averageVolume": round(sum(row["volume"] for row in recent) / len(recent)),
        "companyName": company.company_name,
        "currency": company.currency,
        "cik": company.cik,
        "isin": company.isin,
        "cusip": company.cusip,
        "exchangeFullName": company.exchange_full_name,
        "exchange": company.exchange,
        "industry": company.industry,
        "website": company.website,
        "description": company.description,
        "ceo": company.ceo,
        "sector": company.sector,
        "country": company.country,
        "fullTimeEmployees": str(company.employees),  # a string on FMP
        "phone": company.phone,
        "address": company.address,
        "city": company.city,
        "state": company.state,
        "zip": company.zip,
        "image": f"https://images.financialmodelingprep.com/symbol/{company.symbol}.png",
        "ipoDate": company.ipo_date.isoformat(),
        "defaultImage": False,
        "isEtf": False,
        "isActivelyTrading": True,
        "isAdr": company.is_adr,
        "isFund": False,
    }
    return profile

"""The `historical-price-eod/non-split-adjusted` and `/dividend-adjusted` variants of a
company's bars, and its dividends.

`historical-price-eod/full` is split-adjusted, so the raw, as-traded history
(non-split-adjusted) multiplies older prices by the splits that came after them and
divides volume by the same factor. Dividend-adjusted prices are split-adjusted prices
scaled down by every dividend paid after them *up to as_of*: like FMP's, they change
retroactively when a new dividend is paid.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache

from ingestion.trading_calendar import first_trading_day_on_or_after

from .encoding import encode_element
from .prices import PriceSeries
from .universe import Company

#: (symbol, first day trading split-adjusted, new shares per old share)
SPLITS: tuple[tuple[str, date, float], ...] = (
    ("AAPL", date(2020, 8, 31), 4.0),
    ("TSLA", date(2020, 8, 31), 5.0),
    ("AMZN", date(2022, 6, 6), 20.0),
    ("GOOGL", date(2022, 7, 18), 20.0),
    ("TSLA", date(2022, 8, 25), 3.0),
)
#: Ex-dividend days fall in these months, on the first session on or after the 10th.
_EX_DIVIDEND_MONTHS = (2, 5, 8, 11)


def split_factor(symbol: str, day: date) -> float:
    """How many of today's shares one share traded on `day` has become."""
    factor = 1.0
    for split_symbol, effective, ratio in SPLITS:
        if split_symbol == symbol and day < effective:
            factor *= ratio
    return factor


def ex_dividend_days(company: Company, start: date, end: date) -> list[date]:
    if company.last_dividend <= 0:
        return []
    days = []
    for year in range(start.year, end.year + 1):
        for month in _EX_DIVIDEND_MONTHS:
            day = first_trading_day_on_or_after(date(year, month, 10))
            if start <= day <= end:
                days.append(day)
    return days


def non_split_adjusted_elements(series: PriceSeries, indices: range) -> list[str]:
    symbol = series.company.symbol
    out = []
    for index in indices:
        bar = series.prices[index]
        factor = split_factor(symbol, series.dates[index])
        row = {
            "symbol": symbol,
            "date": bar["date"],
            "adjOpen": round(bar["open"] * factor, 2),
            "adjHigh": round(bar["high"] * factor, 2),
            "adjLow": round(bar["low"] * factor, 2),
            "adjClose": round(bar["close"] * factor, 2),
            "volume": int(bar["volume"] / factor),
        }
        out.append(encode_element(row))
    return out


@lru_cache(maxsize=64)
def _dividend_factors(series: PriceSeries, as_of: date) -> tuple[float, ...]:
    """Per bar (up to as_of): the product of (1 - dividend / previous close) of later ex-days."""
    count = bisect_right(series.dates, as_of)
    dates = series.dates[:count]
    if not dates:
        return ()
    company = series.company
    amount = company.last_dividend / 4
    factors = [1.0] * count
    running = 1.0
    ex_days = set(ex_dividend_days(company, dates[0], as_of))
    for index in range(count - 1, -1, -1):
        factors[index] = running
        if dates[index] in ex_days and index > 0:
            previous_close = series.prices[index - 1]["close"]
            running *= max(0.0, 1 - amount / previous_close)
    return tuple(factors)


def dividend_adjusted_elements(series: PriceSeries, indices: range, as_of: date) -> list[str]:
    factors = _dividend_factors(series, as_of)
    out = []
    for index in indices:
        bar = series.prices[index]
        factor = factors[index]
        row = {
            "symbol": series.company.symbol,
            "date": bar["date"],
            "adjOpen": round(bar["open"] * factor, 4),
            "adjHigh": round(bar["high"] * factor, 4),
            "adjLow": round(bar["low"] * factor, 4),
            "adjClose": round(bar["close"] * factor, 4),
            "volume": bar["volume"],
        }
        out.append(encode_element(row))
    return out


def dividend_adjusted_close(series: PriceSeries, index: int, as_of: date) -> float:
    return round(series.prices[index]["close"] * _dividend_factors(series, as_of)[index], 4)


def bar_index(series: PriceSeries, day: date) -> int | None:
    """Index of the bar dated exactly `day`, or None."""
    index = bisect_left(series.dates, day)
    if index < len(series.dates) and series.dates[index] == day:
        return index
    return None

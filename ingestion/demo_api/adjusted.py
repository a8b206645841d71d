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
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sbf_calendar import first_trading_day_on_or_after

from .encoding import encode_element
from .fields import Dataset
from .prices import PriceSeries
from .universe import Company

NON_SPLIT_ADJUSTED = Dataset("technicals-historical-price-eod-non-split-adjusted")
DIVIDEND_ADJUSTED = Dataset("technicals-historical-price-eod-dividend-adjusted")


@dataclass(frozen=True)
class Split:
    """A split as FMP's splits route reports it: `numerator` new shares for `denominator` old ones."""

    symbol: str
    date: date  # first day trading split-adjusted (the ex-date)
    numerator: int
    denominator: int

    @property
    def ratio(self) -> float:
        """New shares per old share (below 1 for a reverse split)."""
        return self.numerator / self.denominator


#: The demo's splits, oldest first. Forward splits as FMP lists them (4:1...), one reverse split
#: (1:3) and one odd ratio (1046:1000, how FMP records a spin-off adjustment).
SPLITS: tuple[Split, ...] = (
    Split("AAPL", date(2020, 8, 31), 4, 1),
    Split("TSLA", date(2020, 8, 31), 5, 1),
    Split("IBM", date(2021, 11, 4), 1046, 1000),
    Split("PFE", date(2022, 4, 4), 1, 3),
    Split("AMZN", date(2022, 6, 6), 20, 1),
    Split("GOOGL", date(2022, 7, 18), 20, 1),
    Split("TSLA", date(2022, 8, 25), 3, 1),
)
#: Ex-dividend days fall in these months, on the first session on or after the 10th.
_EX_DIVIDEND_MONTHS = (2, 5, 8, 11)


def split_factor(symbol: str, day: date) -> float:
    """How many of today's shares one share traded on `day` has become."""
    factor = 1.0
    for split in SPLITS:
        if split.symbol == symbol and day < split.date:
            factor *= split.ratio
    return factor


def splits_of(symbol: str, as_of: date) -> list[Split]:
    """The splits of `symbol` effective on or before `as_of`, newest first (as FMP lists them)."""
    return sorted((s for s in SPLITS if s.symbol == symbol and s.date <= as_of), key=lambda s: s.date, reverse=True)


def dividend_per_share(company: Company) -> float:
    """The quarterly dividend, in split-adjusted (today's) shares: FMP's adjDividend."""
    return company.last_dividend / 4


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
        out.append(encode_element(NON_SPLIT_ADJUSTED.row(row)))
    return out


def dividend_events(series: PriceSeries, as_of: date) -> list[int]:
    """Indices of the bars (up to as_of) that are ex-dividend days, oldest first.

    The first bar of the history is left out: it has no previous close to adjust by, so the
    dividend-adjusted prices ignore it and the dividends route does not list it either.
    """
    count = bisect_right(series.dates, as_of)
    if not count:
        return []
    ex_days = set(ex_dividend_days(series.company, series.dates[0], as_of))
    return [index for index in range(1, count) if series.dates[index] in ex_days]


@lru_cache(maxsize=64)
def _dividend_factors(series: PriceSeries, as_of: date) -> tuple[float, ...]:
    """Per bar (up to as_of): the product of (1 - dividend / previous close) of later ex-days."""
    count = bisect_right(series.dates, as_of)
    amount = dividend_per_share(series.company)
    factors = [1.0] * count
    running = 1.0
    events = set(dividend_events(series, as_of))
    for index in range(count - 1, -1, -1):
        factors[index] = running
        if index in events:
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
        out.append(encode_element(DIVIDEND_ADJUSTED.row(row)))
    return out


def dividend_adjusted_close(series: PriceSeries, index: int, as_of: date) -> float:
    return round(series.prices[index]["close"] * _dividend_factors(series, as_of)[index], 4)


def bar_index(series: PriceSeries, day: date) -> int | None:
    """Index of the bar dated exactly `day`, or None."""
    index = bisect_left(series.dates, day)
    if index < len(series.dates) and series.dates[index] == day:
        return index
    return None

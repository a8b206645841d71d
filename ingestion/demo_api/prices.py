"""Synthetic daily prices, shares outstanding and market capitalisation per ticker.

Prices are a geometric random walk generated day by day from the first day of the
history with one seeded generator per ticker, so the bar for a given date depends only
on (ticker, history_start) — never on `as_of`. A series is generated once, cached, and
extended when a later `as_of` asks for more days. All money is handled in integer
cents so rounding cannot break low <= open/close <= high.
"""

from __future__ import annotations

import logging
import math
import threading
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sbf_calendar import first_trading_day_on_or_after, trading_days

from .encoding import encode_element
from .fields import Dataset
from .seeding import rng_for
from .universe import COMPANIES, Company

logger = logging.getLogger(__name__)

TRADING_DAYS_PER_YEAR = 252
PRICES = Dataset("historical-price-eod-full")
MARKET_CAPS = Dataset("historical-market-capitalization")
#: Quarter index of 2018Q1: the share-count model is anchored there.
_ANCHOR_QUARTER = 2018 * 4


@lru_cache(maxsize=None)
def _shares_in_quarter(symbol: str, shares_m: float, share_trend: float, quarter: int) -> int:
    # Each calendar quarter gets its own count (a buyback or issuance step at the
    # quarter start), computed in closed form so it never depends on history_start.
    years = (quarter - _ANCHOR_QUARTER) / 4
    wiggle = rng_for(symbol, "shares", quarter).uniform(-0.002, 0.002)
    return int(round(shares_m * 1_000_000 * (1 + share_trend) ** years * (1 + wiggle)))


def shares_outstanding(company: Company, day: date) -> int:
    """Shares outstanding on `day` (constant within a calendar quarter)."""
    quarter = day.year * 4 + (day.month - 1) // 3
    model = company.model
    return _shares_in_quarter(company.symbol, model.shares_m, model.share_trend, quarter)


def market_cap(close: float, shares: int) -> float:
    """close × shares, computed from integer cents so the float is the nearest to exact."""
    return round(close * 100) * shares / 100


class PriceSeries:
    """The growing, cached daily history of one ticker (oldest first).

    `dates`, `prices`, `market_caps` (the values of each bar, by FMP field name) and their encoded
    texts (the catalogue's fields of them) are parallel lists.
    They only ever grow, under `_lock`; readers take a length snapshot first. A row's
    text is encoded on first use (or by `warm`) and kept, because encoding costs more
    than generating and every request for an overlapping window reuses it.
    """

    def __init__(self, company: Company, history_start: date) -> None:
        self.company = company
        self.start = first_trading_day_on_or_after(max(history_start, company.ipo_date))
        self.dates: list[date] = []
        self.prices: list[dict[str, Any]] = []
        self.price_texts: list[str | None] = []
        self.market_caps: list[dict[str, Any]] = []
        self.market_cap_texts: list[str | None] = []
        self._generated_until = self.start - timedelta(days=1)
        self._rng = rng_for(company.symbol, "prices", history_start.isoformat())
        self._prev_close_cents = int(round(company.model.start_price * 100))
        self._lock = threading.Lock()

    def extend_to(self, end: date) -> None:
        """Generate every trading day up to and including `end` (no-op if already done)."""
        if end <= self._generated_until:
            return
        with self._lock:
            if end <= self._generated_until:
                return
            days = trading_days(self._generated_until + timedelta(days=1), end)
            for day in days:
                self._append_day(day)
            self._generated_until = end
            logger.debug("generated %d days of %s up to %s", len(days), self.company.symbol, end)

    def _append_day(self, day: date) -> None:
        model = self.company.model
        rng = self._rng
        sigma = model.volatility / math.sqrt(TRADING_DAYS_PER_YEAR)
        mu = model.drift / TRADING_DAYS_PER_YEAR - sigma * sigma / 2
        # Split the day's return into an overnight gap and an intraday move so that
        # open differs from the previous close, as on a real tape.
        open_cents = max(1, int(round(self._prev_close_cents * math.exp(rng.gauss(0.0, 0.35 * sigma)))))
        close_cents = max(1, int(round(open_cents * math.exp(rng.gauss(mu, 0.94 * sigma)))))
        top, bottom = max(open_cents, close_cents), min(open_cents, close_cents)
        high_cents = math.ceil(top * (1 + abs(rng.gauss(0.0, 0.5 * sigma))))
        low_cents = max(1, math.floor(bottom * (1 - abs(rng.gauss(0.0, 0.5 * sigma)))))
        move = abs(close_cents - self._prev_close_cents) / self._prev_close_cents
        shares = shares_outstanding(self.company, day)
        turnover = 0.006 * math.exp(rng.gauss(0.0, 0.35)) * (1 + 8 * move)
        volume = int(shares * turnover)
        self._prev_close_cents = close_cents

        symbol = self.company.symbol
        iso = day.isoformat()
        close = close_cents / 100
        price_row = {
            "symbol": symbol,
            "date": iso,
            "open": open_cents / 100,
            "high": high_cents / 100,
            "low": low_cents / 100,
            "close": close,
            "volume": volume,
            "change": (close_cents - open_cents) / 100,
            "changePercent": round((close_cents - open_cents) / open_cents * 100, 5),
            "vwap": round((open_cents + high_cents + low_cents + close_cents) / 400, 4),
        }
        cap_row = {"symbol": symbol, "date": iso, "marketCap": market_cap(close, shares)}
        self.dates.append(day)
        self.prices.append(price_row)
        self.price_texts.append(None)
        self.market_caps.append(cap_row)
        self.market_cap_texts.append(None)

    def index_range(self, start: date, end: date, max_rows: int) -> range:
        """Indices of the rows dated in [start, end], newest `max_rows` of them, newest first."""
        count = len(self.dates)  # snapshot: other threads may append meanwhile
        lo = bisect_left(self.dates, start, 0, count)
        hi = bisect_right(self.dates, end, 0, count)
        lo = max(lo, hi - max(0, max_rows))
        return range(hi - 1, lo - 1, -1)

    def price_elements(self, indices: range) -> list[str]:
        """Encoded price rows at `indices` (see `index_range`), in that order."""
        return _encoded(PRICES, self.prices, self.price_texts, indices)

    def market_cap_elements(self, indices: range) -> list[str]:
        """Encoded market-cap rows at `indices`, in that order."""
        return _encoded(MARKET_CAPS, self.market_caps, self.market_cap_texts, indices)


def _encoded(dataset: Dataset, rows: list[dict[str, Any]], texts: list[str | None], indices: range) -> list[str]:
    """Texts of the rows at `indices`: each row's values in the dataset's catalogue fields."""
    out: list[str] = []
    for index in indices:
        text = texts[index]
        if text is None:
            # Two threads may race here; both compute the same string, so no lock.
            text = texts[index] = encode_element(dataset.row(rows[index]))
        out.append(text)
    return out


_registry: dict[tuple[str, date], PriceSeries] = {}
_registry_lock = threading.Lock()


def price_series(company: Company, history_start: date, until: date) -> PriceSeries:
    """The cached series of `company`, generated at least up to `until`."""
    key = (company.symbol, history_start)
    series = _registry.get(key)
    if series is None:
        with _registry_lock:
            series = _registry.setdefault(key, PriceSeries(company, history_start))
    series.extend_to(until)
    return series


def warm(history_start: date, until: date) -> None:
    """Generate every ticker's series ahead of the first request (runs in the background)."""
    for company in COMPANIES:
        series = price_series(company, history_start, until)
        # Encoding costs more than generating; doing it here keeps first requests fast.
        everything = range(len(series.dates))
        series.price_elements(everything)
        series.market_cap_elements(everything)
    logger.debug("price cache warm for %d tickers up to %s", len(COMPANIES), until)

"""Treasury yields, economic indicators and the two FRED series the catalogue uses.

The yield curve is one random walk per trading day from a fixed origin (a level factor
shared by all tenors plus a slope factor), so a day's curve never depends on the request.
FRED's DGS10 is the same 10-year yield as FMP's treasury `year10` (FRED lists every
weekday and writes "." on bond-market holidays); USRECM is the NBER recession indicator.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sbf_calendar import is_trading_day

from .fields import Dataset
from .seeding import rng_for

ORIGIN = date(1990, 1, 2)

# -------------------------------------------------------------------------- treasury

TENORS: tuple[tuple[str, float], ...] = (
    ("month1", 1 / 12), ("month2", 2 / 12), ("month3", 0.25), ("month6", 0.5), ("year1", 1.0), ("year2", 2.0),
    ("year3", 3.0), ("year5", 5.0), ("year7", 7.0), ("year10", 10.0), ("year20", 20.0), ("year30", 30.0),
)
TREASURY_RATES = Dataset("treasury-rates")
ECONOMIC_INDICATORS = Dataset("economic-indicators")
FRED_DATASETS = {"DGS10": Dataset("fred-dgs10"), "USRECM": Dataset("fred-usrecm")}


class _Curve:
    """Daily yield curves since ORIGIN, oldest first, generated on demand."""

    def __init__(self) -> None:
        self.dates: list[date] = []
        self.rows: list[dict[str, Any]] = []
        self._until = ORIGIN - timedelta(days=1)
        self._rng = rng_for("treasury-curve")
        self._level = 7.9  # short rate, percent
        self._slope = 0.6  # 30y minus 1m
        self._lock = threading.Lock()

    def extend_to(self, end: date) -> None:
        if end <= self._until:
            return
        with self._lock:
            day = self._until + timedelta(days=1)
            while day <= end:
                if is_trading_day(day):
                    self._append(day)
                day += timedelta(days=1)
            self._until = max(self._until, end)

    def _append(self, day: date) -> None:
        rng = self._rng
        # mean-reverting level in [0.05, 9] and slope in [-1.5, 3.5]
        self._level = min(9.0, max(0.05, self._level + rng.gauss(0.0, 0.045) + 0.0004 * (3.0 - self._level)))
        self._slope = min(3.5, max(-1.5, self._slope + rng.gauss(0.0, 0.03) + 0.001 * (1.2 - self._slope)))
        row: dict[str, Any] = {"date": day.isoformat()}
        for name, years in TENORS:
            shape = 1 - math.exp(-years / 4)
            noise = rng.gauss(0.0, 0.01)
            row[name] = round(max(0.0, self._level + self._slope * shape + noise), 2)
        self.dates.append(day)
        self.rows.append(row)

    def between(self, start: date, end: date) -> list[dict[str, Any]]:
        """Rows dated in [start, end], newest first."""
        lo = bisect_left(self.dates, start)
        hi = bisect_right(self.dates, end)
        return self.rows[lo:hi][::-1]


_curve = _Curve()


def treasury_rows(start: date, end: date) -> list[dict[str, Any]]:
    _curve.extend_to(end)
    return TREASURY_RATES.rows(_curve.between(start, end))


def ten_year(day: date) -> float | None:
    """The 10-year yield on `day` (None on a non-trading day)."""
    _curve.extend_to(day)
    index = bisect_left(_curve.dates, day)
    if index < len(_curve.dates) and _curve.dates[index] == day:
        return _curve.rows[index]["year10"]
    return None


# ----------------------------------------------------------------- economic indicators


@dataclass(frozen=True)
class Indicator:
    name: str
    frequency: str  # daily | weekly | monthly | quarterly | annual
    start: float
    step: float  # typical absolute change per observation
    trend: float = 0.0  # relative growth per observation
    decimals: int = 2
    lag_days: int = 30  # published this long after the observation date
    floor: float | None = 0.0


INDICATORS: tuple[Indicator, ...] = (
    Indicator("GDP", "quarterly", 5872.7, 30, 0.012, 3, 60),
    Indicator("realGDP", "quarterly", 9365.3, 25, 0.006, 3, 60),
    Indicator("nominalPotentialGDP", "quarterly", 5900.0, 10, 0.011, 3, 60),
    Indicator("realGDPPerCapita", "quarterly", 37660.0, 150, 0.004, 0, 60),
    Indicator("federalFunds", "monthly", 8.2, 0.15, 0.0, 2, 5),
    Indicator("CPI", "monthly", 127.5, 0.25, 0.0022, 3, 15),
    Indicator("inflationRate", "monthly", 5.2, 0.2, 0.0, 2, 15, None),
    Indicator("inflation", "annual", 5.4, 0.8, 0.0, 6, 120, None),
    Indicator("retailSales", "monthly", 152000.0, 1500, 0.004, 0, 20),
    Indicator("consumerSentiment", "monthly", 93.0, 2.5, 0.0, 1, 5),
    Indicator("durableGoods", "monthly", 120000.0, 2500, 0.003, 0, 30),
    Indicator("unemploymentRate", "monthly", 5.4, 0.12, 0.0, 1, 7),
    Indicator("totalNonfarmPayroll", "monthly", 109000.0, 120, 0.0012, 0, 7),
    Indicator("initialClaims", "weekly", 330000.0, 9000, 0.0, 0, 5),
    Indicator("industrialProductionTotalIndex", "monthly", 62.0, 0.35, 0.0012, 4, 15),
    Indicator("newPrivatelyOwnedHousingUnitsStartedTotalUnits", "monthly", 1551.0, 45, 0.0, 0, 20),
    Indicator("totalVehicleSales", "monthly", 14.6, 0.35, 0.0, 3, 5),
    Indicator("retailMoneyFunds", "weekly", 350.0, 4, 0.0015, 1, 7),
    Indicator("smoothedUSRecessionProbabilities", "monthly", 2.0, 1.5, 0.0, 2, 60),
    Indicator("3MonthOr90DayRatesAndYieldsCertificatesOfDeposit", "monthly", 8.1, 0.15, 0.0, 2, 30),
    Indicator("commercialBankInterestRateOnCreditCardPlansAllAccounts", "quarterly", 18.2, 0.25, 0.0, 2, 45),
    Indicator("30YearFixedRateMortgageAverage", "weekly", 9.9, 0.07, 0.0, 2, 1),
    Indicator("15YearFixedRateMortgageAverage", "weekly", 9.4, 0.07, 0.0, 2, 1),
    Indicator("tradeBalanceGoodsAndServices", "monthly", -8000.0, 1200, 0.0, 0, 40, None),
)
INDICATOR_NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)
_BY_NAME = {i.name: i for i in INDICATORS}
#: FMP keeps about three months of an indicator per request (the newest).
WINDOW_DAYS = 92


def find_indicator(name: str) -> Indicator | None:
    return _BY_NAME.get(name)  # case-sensitive, like FMP


def _observation_dates(frequency: str, end: date) -> list[date]:
    out = []
    if frequency in ("monthly", "quarterly", "annual"):
        step = {"monthly": 1, "quarterly": 3, "annual": 12}[frequency]
        index = ORIGIN.year * 12
        while True:
            day = date(index // 12, index % 12 + 1, 1)
            if day > end:
                break
            out.append(day)
            index += step
    else:  # weekly, every Thursday
        day = ORIGIN + timedelta(days=(3 - ORIGIN.weekday()) % 7)
        while day <= end:
            out.append(day)
            day += timedelta(days=7)
    return out


@lru_cache(maxsize=None)
def _indicator_series(name: str, end_year: int) -> tuple[tuple[date, float], ...]:
    indicator = _BY_NAME[name]
    rng = rng_for("economic-indicator", name)
    value = indicator.start
    rows = []
    for day in _observation_dates(indicator.frequency, date(end_year, 12, 31)):
        value = value * (1 + indicator.trend) + rng.gauss(0.0, indicator.step)
        if indicator.floor is not None:
            value = max(indicator.floor, value)
        rows.append((day, round(value, indicator.decimals)))
    return tuple(rows)


def indicator_rows(indicator: Indicator, start: date, end: date, as_of: date) -> list[dict[str, Any]]:
    """Observations dated in [start, end] already published on as_of, newest first."""
    published = as_of - timedelta(days=indicator.lag_days)
    rows = [
        ECONOMIC_INDICATORS.row({"name": indicator.name, "date": day.isoformat(), "value": value})
        for day, value in _indicator_series(indicator.name, as_of.year)
        if start <= day <= min(end, published)
    ]
    rows.reverse()
    return rows


# ------------------------------------------------------------------------------ FRED

FRED_SERIES = ("DGS10", "USRECM")
#: NBER recessions (first month, last month) since 1967.
_RECESSIONS = (
    ((1969, 12), (1970, 11)), ((1973, 11), (1975, 3)), ((1980, 1), (1980, 7)), ((1981, 7), (1982, 11)),
    ((1990, 7), (1991, 3)), ((2001, 3), (2001, 11)), ((2007, 12), (2009, 6)), ((2020, 2), (2020, 4)),
)
USRECM_ORIGIN = date(1967, 1, 1)


def fred_observations(series_id: str, start: date, end: date, as_of: date) -> list[dict[str, str]]:
    """FRED observations (value as a string, "." when missing), oldest first."""
    realtime = as_of.isoformat()
    dataset = FRED_DATASETS[series_id]
    out = []
    if series_id == "DGS10":
        end = min(end, as_of - timedelta(days=1))  # FRED publishes the day after
        day = max(start, ORIGIN)
        while day <= end:
            if day.weekday() < 5:
                value = ten_year(day)
                out.append(dataset.row({"realtime_start": realtime, "realtime_end": realtime, "date": day.isoformat(),
                                        "value": "." if value is None else f"{value:.2f}"}))
            day += timedelta(days=1)
        return out
    # USRECM: monthly, published about two months after the month
    index = USRECM_ORIGIN.year * 12
    last = (as_of.year * 12 + as_of.month - 1) - 2
    while index <= last:
        day = date(index // 12, index % 12 + 1, 1)
        if start <= day <= end:
            ym = (day.year, day.month)
            value = "1" if any(a <= ym <= b for a, b in _RECESSIONS) else "0"
            out.append(dataset.row({"realtime_start": realtime, "realtime_end": realtime, "date": day.isoformat(),
                                    "value": value}))
        index += 1
    return out

"""NYSE trading calendar: weekdays that are not NYSE holidays or special closures, and early closes.

The holiday list comes from the `holidays` library (it knows one-off closures such as
the 2025-01-09 national day of mourning), so nothing here is hand-typed. So do the early
closes: the library's NYSE calendar has a `half_day` category (the 1 pm closes on the day
before Independence Day, the day after Thanksgiving and Christmas Eve, per NYSE rules,
plus the irregular ones such as 2002-07-05 and 2003-12-26), each named
"<occasion> (markets close at <h:mm><am|pm>)".

A package of its own, outside `ingestion`, because two sides need the same days: the ingestor
(coverage, what is due) and the demo API, which stands for FMP and so must not depend on the
ingestor it serves. The dbt seeds made from it are rendered by `sbf_calendar.seeds`.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=None)
def nyse_holidays(year: int) -> frozenset[date]:
    """The NYSE's closed weekdays (holidays and special closures) of one year."""
    # Built per year and cached: a single year costs well under a millisecond, while
    # asking the library for a wide span of years up front costs a noticeable pause.
    return frozenset(holidays.financial_holidays("NYSE", years=year).keys())


def is_trading_day(day: date) -> bool:
    """True when the NYSE is open on `day`."""
    return day.weekday() < 5 and day not in nyse_holidays(day.year)


def trading_days(start: date, end: date) -> list[date]:
    """All NYSE trading days in [start, end], oldest first (empty when end < start)."""
    days: list[date] = []
    day = start
    one = timedelta(days=1)
    while day <= end:
        if is_trading_day(day):
            days.append(day)
        day += one
    return days


def first_trading_day_on_or_after(day: date) -> date:
    """The trading day itself, or the next one."""
    while not is_trading_day(day):
        day += timedelta(days=1)
    return day


def last_trading_day_on_or_before(day: date) -> date:
    """The trading day itself, or the one before it."""
    while not is_trading_day(day):
        day -= timedelta(days=1)
    return day



_EARLY_CLOSE_NAME = re.compile(r"(?P<name>.+) \(markets close at (?P<hour>\d{1,2}):(?P<minute>\d{2})(?P<half>am|pm)\)")
DIM_DATE_YEARS = range(2000, 2036)  # gold.dim_date spans 2000-01-01..2035-12-31 (dbt_project.yml vars)


def nyse_holiday_rows(years: range = DIM_DATE_YEARS) -> list[tuple[date, str]]:
    """(date, name) of every weekday the NYSE is closed in `years`, oldest first."""
    return sorted(
        (day, name)
        for year in years
        for day, name in holidays.financial_holidays("NYSE", years=year).items()
        if day.weekday() < 5
    )


def parse_early_close(label: str) -> tuple[str, time]:
    """("Christmas Eve", 13:00) from the library's "Christmas Eve (markets close at 1:00pm)"."""
    match = _EARLY_CLOSE_NAME.fullmatch(label)
    if match is None:
        # A renamed label must not silently drop an early close from the seed.
        raise ValueError(f"unexpected NYSE half-day name in the holidays library: {label!r}")
    hour = int(match["hour"]) % 12 + (12 if match["half"] == "pm" else 0)
    return match["name"], time(hour, int(match["minute"]))


def nyse_early_close_rows(years: range = DIM_DATE_YEARS) -> list[tuple[date, str, time]]:
    """(date, occasion, closing time in New York) of every NYSE early close in `years`, oldest first."""
    rows = []
    for year in years:
        closed = nyse_holidays(year)
        for day, label in holidays.financial_holidays("NYSE", years=year, categories=("half_day",)).items():
            if day.weekday() < 5 and day not in closed:
                name, close = parse_early_close(label)
                rows.append((day, name, close))
    return sorted(rows)


def early_close_time(day: date) -> time | None:
    """The closing time (New York) when the NYSE closes early on `day`, else None."""
    for early_day, _name, close in _early_closes_of(day.year):
        if early_day == day:
            return close
    return None


@lru_cache(maxsize=None)
def _early_closes_of(year: int) -> tuple[tuple[date, str, time], ...]:
    return tuple(nyse_early_close_rows(range(year, year + 1)))

"""NYSE trading calendar: weekdays that are not NYSE holidays or special closures.

The holiday list comes from the `holidays` library (it knows one-off closures such as
the 2025-01-09 national day of mourning), so nothing here is hand-typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

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


# The dbt seed behind gold.dim_date's trading-day flag, generated from the same library.
NYSE_HOLIDAY_SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "gold" / "nyse_holidays.csv"
SEED_YEARS = range(2000, 2036)  # dim_date spans 2000-01-01..2035-12-31 (dbt_project.yml vars)


def nyse_holiday_rows(years: range = SEED_YEARS) -> list[tuple[date, str]]:
    """(date, name) of every weekday the NYSE is closed in `years`, oldest first."""
    return sorted(
        (day, name)
        for year in years
        for day, name in holidays.financial_holidays("NYSE", years=year).items()
        if day.weekday() < 5
    )


def render_holiday_seed(years: range = SEED_YEARS) -> str:
    lines = ["date,holiday_name"] + [f"{day.isoformat()},{_csv_field(name)}" for day, name in nyse_holiday_rows(years)]
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text


if __name__ == "__main__":
    # Regenerate the seed: python -m ingestion.trading_calendar
    NYSE_HOLIDAY_SEED.write_text(render_holiday_seed())

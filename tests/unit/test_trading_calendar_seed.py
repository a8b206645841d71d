from datetime import date, time

import pytest

from sbf_calendar import early_close_time, is_trading_day, nyse_early_close_rows, nyse_holiday_rows, parse_early_close
from sbf_calendar.seeds import NYSE_EARLY_CLOSE_SEED, NYSE_HOLIDAY_SEED, render_early_close_seed, render_holiday_seed

# The NYSE's published calendars (nyse.com, "Holidays & Trading Hours"), typed from the exchange's own
# announcements to cross-check what the library generates: full closures and 1:00 pm early closes.
NYSE_PUBLISHED = {
    2024: {
        "holidays": ["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19",
                     "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"],
        "early_closes": ["2024-07-03", "2024-11-29", "2024-12-24"],
    },
    2025: {
        # 2025-01-09: national day of mourning for President Carter
        "holidays": ["2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26",
                     "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"],
        "early_closes": ["2025-07-03", "2025-11-28", "2025-12-24"],
    },
    2026: {
        # Independence Day falls on a Saturday: observed Friday 2026-07-03, so no early close in July
        "holidays": ["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
                     "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"],
        "early_closes": ["2026-11-27", "2026-12-24"],
    },
}


def test_committed_seeds_are_what_the_calendar_library_says():
    # Regenerate with: python -m sbf_calendar.seeds
    assert NYSE_HOLIDAY_SEED.read_text() == render_holiday_seed()
    assert NYSE_EARLY_CLOSE_SEED.read_text() == render_early_close_seed()


def test_seed_covers_dim_date_range_and_agrees_with_is_trading_day():
    rows = NYSE_HOLIDAY_SEED.read_text().splitlines()[1:]
    days = [date.fromisoformat(r.split(",", 1)[0]) for r in rows]
    assert days[0].year == 2000 and days[-1].year == 2035
    assert all(not is_trading_day(d) for d in days)
    assert date(2025, 1, 9) in days and date(2024, 7, 4) in days


@pytest.mark.parametrize("year", sorted(NYSE_PUBLISHED))
def test_holidays_and_early_closes_match_the_published_nyse_calendar(year):
    published = NYSE_PUBLISHED[year]
    years = range(year, year + 1)
    assert [d.isoformat() for d, _ in nyse_holiday_rows(years)] == published["holidays"]
    early = nyse_early_close_rows(years)
    assert [d.isoformat() for d, _, _ in early] == published["early_closes"]
    assert {close for _, _, close in early} == {time(13, 0)}


def test_early_closes_are_trading_days_and_every_year_has_the_day_after_thanksgiving():
    rows = nyse_early_close_rows()
    assert all(is_trading_day(day) and early_close_time(day) == close for day, _, close in rows)
    by_year = {}
    for day, name, _ in rows:
        by_year.setdefault(day.year, []).append(name)
    assert sorted(by_year) == list(range(2000, 2036))
    assert all("Day after Thanksgiving Day" in names for names in by_year.values())
    # Christmas Eve closes early only when it is a trading day: not when Christmas is observed on it (2021)
    assert early_close_time(date(2021, 12, 24)) is None and not is_trading_day(date(2021, 12, 24))
    assert early_close_time(date(2024, 7, 5)) is None and is_trading_day(date(2024, 7, 5))


def test_early_close_labels_parse_and_unknown_ones_fail_loudly():
    assert parse_early_close("Christmas Eve (markets close at 1:00pm)") == ("Christmas Eve", time(13, 0))
    assert parse_early_close("Something (markets close at 12:30pm)") == ("Something", time(12, 30))
    assert parse_early_close("Something (markets close at 11:00am)") == ("Something", time(11, 0))
    with pytest.raises(ValueError):
        parse_early_close("Christmas Eve (early close)")

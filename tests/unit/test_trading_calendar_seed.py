from datetime import date

from ingestion.trading_calendar import NYSE_HOLIDAY_SEED, is_trading_day, render_holiday_seed


def test_committed_seed_is_what_the_calendar_library_says():
    # Regenerate with: python -m ingestion.trading_calendar
    assert NYSE_HOLIDAY_SEED.read_text() == render_holiday_seed()


def test_seed_covers_dim_date_range_and_agrees_with_is_trading_day():
    rows = NYSE_HOLIDAY_SEED.read_text().splitlines()[1:]
    days = [date.fromisoformat(r.split(",", 1)[0]) for r in rows]
    assert days[0].year == 2000 and days[-1].year == 2035
    assert all(not is_trading_day(d) for d in days)
    assert date(2025, 1, 9) in days and date(2024, 7, 4) in days

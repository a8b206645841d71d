"""The dbt seeds behind gold.dim_date's trading-day and early-close flags, rendered from the calendar
(so from the same library as the ingestor's and the demo's trading days).

Regenerate them with `python -m sbf_calendar.seeds`; a unit test fails when they are not current.
"""

from __future__ import annotations

from pathlib import Path

from sbf_calendar import DIM_DATE_YEARS, nyse_early_close_rows, nyse_holiday_rows

SEED_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "gold"
NYSE_HOLIDAY_SEED = SEED_DIR / "nyse_holidays.csv"
NYSE_EARLY_CLOSE_SEED = SEED_DIR / "nyse_early_closes.csv"


def render_holiday_seed(years: range = DIM_DATE_YEARS) -> str:
    lines = ["date,holiday_name"] + [f"{day.isoformat()},{_csv_field(name)}" for day, name in nyse_holiday_rows(years)]
    return "\n".join(lines) + "\n"


def render_early_close_seed(years: range = DIM_DATE_YEARS) -> str:
    lines = ["date,early_close_name,market_close_time"] + [
        f"{day.isoformat()},{_csv_field(name)},{close.isoformat()}" for day, name, close in nyse_early_close_rows(years)
    ]
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text


if __name__ == "__main__":
    NYSE_HOLIDAY_SEED.write_text(render_holiday_seed())
    NYSE_EARLY_CLOSE_SEED.write_text(render_early_close_seed())

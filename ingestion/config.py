"""Settings from the environment, validated once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingestion.errors import UsageError

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FMP_BASE_URL = "https://financialmodelingprep.com/stable"
DEFAULT_FRED_BASE_URL = "https://api.stlouisfed.org/fred"
FMP_PLANS = ("basic", "starter", "premium", "ultimate")
DEFAULT_HISTORY_YEARS = 5


@dataclass(frozen=True)
class Settings:
    """Where the warehouse lives and which API it talks to.

    `api_key` is None in demo mode; it is excluded from repr so it never reaches a log line.
    """

    data_dir: Path
    fmp_base_url: str
    api_key: str | None = field(repr=False)
    start_date: date
    fmp_plan: str = "ultimate"
    fred_base_url: str = DEFAULT_FRED_BASE_URL
    fred_api_key: str | None = field(default=None, repr=False)
    calls_per_minute: float | None = None  # FMP_CALLS_PER_MINUTE: overrides the plan's budget
    http_timeout_s: float = 30.0  # SBF_HTTP_TIMEOUT: seconds before a request counts as timed out

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def bronze_dir(self) -> Path:
        return self.data_dir / "bronze"

    @property
    def demo_mode(self) -> bool:
        return self.api_key is None


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _parse_date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name}={value!r} is not a date (expected YYYY-MM-DD)") from None


def load_settings(environ: dict[str, str] | None = None, today: date | None = None) -> Settings:
    """Read FMP_API_KEY, FMP_BASE_URL, FMP_PLAN, FMP_CALLS_PER_MINUTE, FRED_API_KEY, FRED_BASE_URL,
    SBF_DATA_DIR and SBF_START_DATE.

    SBF_START_DATE is where a dataset's first fetch begins (default: five years before today).
    """
    env = os.environ if environ is None else environ
    today = today or date.today()
    api_key = env.get("FMP_API_KEY", "").strip() or None
    base_url = env.get("FMP_BASE_URL", "").strip() or DEFAULT_FMP_BASE_URL
    data_dir = Path(env.get("SBF_DATA_DIR", "").strip() or REPO_ROOT / "data").expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        raise UsageError(f"SBF_DATA_DIR={data_dir} is a file, not a directory")
    start_raw = env.get("SBF_START_DATE", "").strip()
    start_date = _parse_date("SBF_START_DATE", start_raw) if start_raw else years_before(today, DEFAULT_HISTORY_YEARS)
    # The demo serves every plan's endpoints; against the real API, assume the smallest plan
    # unless told otherwise, so nothing is planned that the key cannot fetch.
    plan = env.get("FMP_PLAN", "").strip().lower() or ("ultimate" if api_key is None else "basic")
    if plan not in FMP_PLANS:
        raise UsageError(f"FMP_PLAN={plan!r} is not a plan (one of: {', '.join(FMP_PLANS)})")
    per_minute_raw = env.get("FMP_CALLS_PER_MINUTE", "").strip()
    try:
        calls_per_minute = float(per_minute_raw) if per_minute_raw else None
    except ValueError:
        raise UsageError(f"FMP_CALLS_PER_MINUTE={per_minute_raw!r} is not a number") from None
    if calls_per_minute is not None and calls_per_minute <= 0:
        raise UsageError(f"FMP_CALLS_PER_MINUTE={per_minute_raw!r} must be positive")
    timeout_raw = env.get("SBF_HTTP_TIMEOUT", "").strip()
    try:
        http_timeout_s = float(timeout_raw) if timeout_raw else 30.0
    except ValueError:
        raise UsageError(f"SBF_HTTP_TIMEOUT={timeout_raw!r} is not a number of seconds") from None
    return Settings(
        data_dir=data_dir,
        calls_per_minute=calls_per_minute,
        http_timeout_s=http_timeout_s,
        fmp_base_url=base_url.rstrip("/"),
        api_key=api_key,
        start_date=start_date,
        fmp_plan=plan,
        fred_base_url=(env.get("FRED_BASE_URL", "").strip() or DEFAULT_FRED_BASE_URL).rstrip("/"),
        fred_api_key=env.get("FRED_API_KEY", "").strip() or None,
    )

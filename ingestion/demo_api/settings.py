"""Run-time knobs of the demo API.

Kept in one frozen dataclass so every cache can key on it (it is hashable) and so a
later issue can add fault-injection switches (rate limiting, 5xx, error bodies) here
without touching the call sites that build a `DemoSettings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: First trading day of the demo history. Far enough back for the ingestor to page
#: through several years, short enough to generate in a few milliseconds per ticker.
DEFAULT_HISTORY_START = date(2018, 1, 2)


@dataclass(frozen=True)
class DemoSettings:
    """What the demo API pretends "today" is, and how it behaves.

    as_of          last day that has data (inclusive); nothing after it exists.
    latency_ms     artificial delay before each HTTP answer (benchmarks).
    history_start  first day of the synthetic history; tests lower it to get more
                   than 5,000 trading days and exercise FMP's row cap.
    rate_limit_per_minute, daily_limit, daily_limit_on_200, faults, seed, timeout_sleep_s:
                   fault injection (faults.py).
    """

    as_of: date = field(default_factory=date.today)
    latency_ms: int = 0
    history_start: date = DEFAULT_HISTORY_START
    # Fault switches (see faults.py): FMP's limits and refusals, on demand.
    rate_limit_per_minute: int | None = None  # 429 "Limit Reach" past N requests in any 60 s
    daily_limit: int | None = None  # "Limit Reach" past N requests in the server's life
    daily_limit_on_200: bool = False  # send that daily refusal on HTTP 200, as FMP sometimes does
    faults: tuple = ()  # of faults.Fault
    seed: int = 0  # for the faults' dice
    timeout_sleep_s: float = 3.0  # how long a "timeout" fault stalls before answering

    def __post_init__(self) -> None:
        if self.latency_ms < 0:
            raise ValueError(f"latency_ms must be >= 0, got {self.latency_ms}")

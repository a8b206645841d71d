"""Client-side rate limiting: stay inside the plan's budget instead of meeting 429s.

Requests are spaced evenly (one slot every 60/N seconds), so no 60-second window ever holds more
than N calls however many threads share the limiter; a daily budget (FMP's free plan: 250 calls a
day) is counted too, starting from what earlier runs spent today.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from ingestion.errors import SbfError

# FMP's plans: calls per minute, or per day for the free plan (basic).
PLAN_CALLS_PER_MINUTE = {"starter": 300, "premium": 750, "ultimate": 3000}
PLAN_CALLS_PER_DAY = {"basic": 250}
FRED_CALLS_PER_MINUTE = 120
# Aim a little under the budget: the server counts arrivals, not our send times.
HEADROOM = 0.97


class QuotaExhausted(SbfError):
    """The daily budget is spent: the run stops cleanly and the next one resumes."""


class RateLimiter:
    def __init__(
        self,
        calls_per_minute: float | None = None,
        calls_per_day: int | None = None,
        used_today: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 60.0 / calls_per_minute if calls_per_minute else 0.0
        self.calls_per_day = calls_per_day
        self.used = used_today
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._lock = threading.Lock()
        self.granted = 0

    @property
    def calls_per_minute(self) -> float | None:
        return 60.0 / self.interval if self.interval else None

    def refund(self) -> None:
        """Give back the daily budget of a call that never reached the API (no connection).

        The pacing slot stays spent: spacing is about what we send, and it costs nothing here."""
        with self._lock:
            self.used = max(0, self.used - 1)
            self.granted = max(0, self.granted - 1)

    def acquire(self) -> None:
        """Block until this call may be made; QuotaExhausted when the daily budget is spent."""
        with self._lock:
            if self.calls_per_day is not None and self.used >= self.calls_per_day:
                raise QuotaExhausted(
                    f"daily API budget spent ({self.used}/{self.calls_per_day} calls today): "
                    "the next run resumes where this one stopped"
                )
            self.used += 1
            self.granted += 1
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)


def limiter_for(source: str, plan: str, calls_per_minute_override: float | None, used_today: int,
                demo: bool) -> RateLimiter:
    """The limiter of one source: FMP by plan (or FMP_CALLS_PER_MINUTE), FRED by its published budget."""
    if calls_per_minute_override:
        return RateLimiter(calls_per_minute_override * HEADROOM)
    if demo:
        return RateLimiter()  # the built-in demo has no budget unless asked for one
    if source == "fred":
        return RateLimiter(FRED_CALLS_PER_MINUTE * HEADROOM)
    if plan in PLAN_CALLS_PER_DAY:
        return RateLimiter(calls_per_day=PLAN_CALLS_PER_DAY[plan], used_today=used_today)
    return RateLimiter(PLAN_CALLS_PER_MINUTE[plan] * HEADROOM)

"""Client-side rate limiting: stay inside the plan's budget instead of meeting 429s.

Requests are spaced evenly (one slot every 60/N seconds at HEADROOM of the plan's N), however many
threads share the limiter; a daily budget (FMP's free plan: 250 calls a day) is counted too,
starting from what earlier runs spent today.

Slots left unused during a short pause (the end of a chunk, waiting for its last answers before
the next one starts) are taken back, up to CATCH_UP_SECONDS of them: without that, a run of 500
chunks lost ~20 s at 750 calls/min. Any 60-second window then holds at most
rate * (60 + CATCH_UP_SECONDS) / 60 + 1 calls, which the headroom keeps under the plan's N
(739 of 750; 118 of FRED's 120).
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
# Unused slots of a pause taken back, in seconds of slots (see the module docstring).
CATCH_UP_SECONDS = 1.0


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
        catch_up_seconds: float = 0.0,
    ) -> None:
        self.interval = 60.0 / calls_per_minute if calls_per_minute else 0.0
        self.catch_up_seconds = catch_up_seconds
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
            # a slot up to catch_up_seconds in the past is still free: the calls catch up on a pause
            slot = max(now - self.catch_up_seconds, self._next_slot)
            self._next_slot = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)


def limiter_for(source: str, plan: str, calls_per_minute_override: float | None, used_today: int,
                demo: bool) -> RateLimiter:
    """The limiter of one source: FMP by plan (or FMP_CALLS_PER_MINUTE), FRED by its published budget."""
    if calls_per_minute_override:
        return RateLimiter(calls_per_minute_override * HEADROOM, catch_up_seconds=CATCH_UP_SECONDS)
    if demo:
        return RateLimiter()  # the built-in demo has no budget unless asked for one
    if source == "fred":
        return RateLimiter(FRED_CALLS_PER_MINUTE * HEADROOM, catch_up_seconds=CATCH_UP_SECONDS)
    if plan in PLAN_CALLS_PER_DAY:
        return RateLimiter(calls_per_day=PLAN_CALLS_PER_DAY[plan], used_today=used_today)
    return RateLimiter(PLAN_CALLS_PER_MINUTE[plan] * HEADROOM, catch_up_seconds=CATCH_UP_SECONDS)

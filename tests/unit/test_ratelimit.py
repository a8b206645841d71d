import threading

import pytest

from ingestion.ratelimit import CATCH_UP_SECONDS, HEADROOM, QuotaExhausted, RateLimiter, limiter_for




def test_calls_are_spaced_so_no_minute_exceeds_the_budget():
    grants = []
    clock = {"t": 0.0}

    def sleep(s):
        clock["t"] += s

    limiter = RateLimiter(calls_per_minute=600, clock=lambda: clock["t"], sleep=sleep)
    for _ in range(1200):
        limiter.acquire()
        grants.append(clock["t"])
    # Every 60-second window holds at most 600 grants, and 1,200 calls take ~120 s: the full rate.
    for i in range(len(grants) - 600):
        assert grants[i + 600] - grants[i] >= 60.0 - 1e-9
    assert grants[-1] == pytest.approx(119.9)


PAUSE = 0.2


def _grants(limiter: RateLimiter, clock: dict, calls: int, every: int, pause: float) -> list[float]:
    """The times `calls` acquisitions are granted, with a pause before every `every`-th one."""
    clock["t"], grants = 0.0, []
    for i in range(calls):
        if i and i % every == 0:
            clock["t"] += pause
        limiter.acquire()
        grants.append(clock["t"])
    return grants


@pytest.mark.parametrize("plan_calls", [750, 300, 120])
def test_calls_after_a_pause_catch_up_its_slots_and_no_minute_exceeds_the_plan(plan_calls):
    """Chunks of 10 calls with a pause between them longer than a slot (the wait for a chunk's last
    answers, then planning the next): the calls take back the slots of each pause, so the run lasts
    what its calls cost at the limiter's rate, and no 60-second window holds more than the plan's
    budget."""
    clock = {"t": 0.0}

    def sleep(s):
        clock["t"] += s

    configured = limiter_for("fmp", "ultimate", plan_calls, 0, demo=False)
    assert configured.catch_up_seconds == CATCH_UP_SECONDS
    limiter = RateLimiter(configured.calls_per_minute, clock=lambda: clock["t"], sleep=sleep,
                          catch_up_seconds=configured.catch_up_seconds)
    calls = plan_calls * 3
    grants = _grants(limiter, clock, calls, every=10, pause=PAUSE)  # the pause at the end of a chunk
    for i in range(len(grants) - plan_calls):
        assert grants[i + plan_calls] - grants[i] > 60.0
    assert grants[-1] <= (calls - 1) * limiter.interval + PAUSE + 1e-9  # the pauses cost nothing
    # the worst case: a pause longer than the catch-up, then a burst of its slots and a minute of calls
    grants = _grants(limiter, clock, calls, every=plan_calls + 50, pause=5.0)
    for i in range(len(grants) - plan_calls):
        assert grants[i + plan_calls] - grants[i] > 60.0
    # without the catch-up, each pause is lost
    late = RateLimiter(plan_calls * HEADROOM, clock=lambda: clock["t"], sleep=sleep)
    grants = _grants(late, clock, calls, every=10, pause=PAUSE)
    assert grants[-1] >= (calls - 1) * late.interval + (calls // 10 - 1) * (PAUSE - late.interval) - 1e-6


def test_daily_budget_counts_earlier_calls_and_stops_cleanly():
    limiter = RateLimiter(calls_per_day=250, used_today=248)
    limiter.acquire()
    limiter.acquire()
    with pytest.raises(QuotaExhausted, match="250/250"):
        limiter.acquire()


def test_plan_budgets_and_override():
    assert limiter_for("fmp", "starter", None, 0, demo=False).calls_per_minute == pytest.approx(300 * 0.97)
    assert limiter_for("fmp", "ultimate", None, 0, demo=False).calls_per_minute == pytest.approx(3000 * 0.97)
    assert limiter_for("fmp", "basic", None, 10, demo=False).calls_per_day == 250
    assert limiter_for("fmp", "basic", 600, 0, demo=False).calls_per_minute == pytest.approx(600 * 0.97)
    assert limiter_for("fred", "basic", None, 0, demo=False).calls_per_minute == pytest.approx(120 * 0.97)
    assert limiter_for("fmp", "ultimate", None, 0, demo=True).calls_per_minute is None


def test_limiter_is_shared_safely_between_threads():
    clock = {"t": 0.0}
    lock = threading.Lock()
    grants = []

    def sleep(s):
        pass

    limiter = RateLimiter(calls_per_minute=60, clock=lambda: clock["t"], sleep=sleep)

    def worker():
        for _ in range(50):
            limiter.acquire()
            with lock:
                grants.append(limiter._next_slot)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(grants) == [float(i) for i in range(1, 201)]


def test_refund_gives_back_the_daily_budget_of_a_call_that_never_reached_the_api():
    limiter = RateLimiter(calls_per_day=1)
    for _ in range(5):
        limiter.acquire()
        limiter.refund()
    limiter.acquire()
    assert limiter.used == 1
    with pytest.raises(QuotaExhausted):
        limiter.acquire()

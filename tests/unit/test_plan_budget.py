"""Planning within a daily budget (pure): missing ranges of windowed global series, newest first;
what fits today and what waits."""

from datetime import date, timedelta

from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.plan import (IdentityState, Budget, daily_budget, fit_budget, gap_planned, missing_ranges,
                            plan_requests, split_window_from_end)

AS_OF = date(2026, 11, 20)
START = date(2021, 11, 20)
GDP = ("economic-indicators", "GDP", "")
CPI = ("economic-indicators", "CPI", "")


def specs(*names):
    return select_datasets(load_catalogue(), list(names))


def windows(plan, label):
    return [(r.from_date, r.to_date, r.rank) for r in plan.requests if r.label == label]


def test_windowed_global_series_are_gap_planned_and_fit_fmp_windows():
    series = [s for s in load_catalogue() if gap_planned(s)]
    assert {s.dataset for s in series} == {"treasury-rates", "economic-indicators"}
    # FMP keeps about three months per request, and answers quarterly series nothing for a year or more:
    # every window is under three months, so each answer is whole.
    assert all(s.window_days <= 90 for s in series)
    assert not any(gap_planned(s) for s in specs("historical-price-eod-full", "stock-list", "fred-dgs10"))


def test_first_run_asks_the_whole_range_in_windows_ranked_newest_first():
    plan = plan_requests(specs("economic-indicators/CPI"), [], {}, AS_OF, START)
    got = windows(plan, "economic-indicators/CPI")
    assert got[-1] == (AS_OF - timedelta(days=79), AS_OF, 0), "the newest window is full and ranked first"
    assert got[0][0] == START and [r for *_, r in got] == list(range(len(got) - 1, -1, -1))
    assert all((n[0] - p[1]).days == 1 for p, n in zip(got, got[1:]))
    assert len(got) == 23


def test_split_window_from_end_covers_exactly():
    assert split_window_from_end(date(2026, 1, 1), date(2026, 1, 1), 80) == [(date(2026, 1, 1), date(2026, 1, 1))]
    pieces = split_window_from_end(date(2026, 1, 1), date(2026, 6, 30), 80)
    assert pieces[0][0] == date(2026, 1, 1) and pieces[-1] == (date(2026, 4, 12), date(2026, 6, 30))


def test_up_to_date_series_asks_one_window_after_its_watermark():
    answered = ((START, AS_OF - timedelta(days=30), AS_OF - timedelta(days=30)),)
    state = IdentityState(AS_OF - timedelta(days=30), AS_OF - timedelta(days=45), answered=answered)
    plan = plan_requests(specs("economic-indicators/CPI"), [], {CPI: state}, AS_OF, START)
    assert windows(plan, "economic-indicators/CPI") == [(AS_OF - timedelta(days=44), AS_OF, 0)]


def test_between_cadence_dates_only_the_backfill_holes_are_asked():
    # Day one asked the newest two windows; CPI's cadence (30 days) is not due the next day, the holes are.
    answered = ((AS_OF - timedelta(days=159), AS_OF, AS_OF),)
    state = IdentityState(AS_OF, AS_OF - timedelta(days=20), answered=answered)
    tomorrow = AS_OF + timedelta(days=1)
    plan = plan_requests(specs("economic-indicators/CPI"), [], {CPI: state}, tomorrow, START)
    got = windows(plan, "economic-indicators/CPI")
    assert got[-1][1] == AS_OF - timedelta(days=160) and got[0][0] == START and len(got) == 21
    # nothing missing and not due: too soon
    full = IdentityState(AS_OF, AS_OF - timedelta(days=20), answered=((START, AS_OF, AS_OF),))
    plan = plan_requests(specs("economic-indicators/CPI"), [], {CPI: full}, tomorrow, START)
    assert plan.requests == [] and plan.too_soon == 1


def test_empty_answers_settle_old_ranges_but_not_recent_ones():
    # A series that answered nothing yet: old empty ranges are final, the last year may still fill in.
    answered = ((START, AS_OF, AS_OF),)
    state = IdentityState(AS_OF - timedelta(days=400), None, answered=answered)
    assert missing_ranges(state, START, AS_OF, cadence_due=True) == [(AS_OF - timedelta(days=364), AS_OF)]
    # a failed window in the middle (never answered) is a hole that is asked again
    holes = ((START, date(2024, 1, 1), AS_OF), (date(2024, 3, 1), AS_OF, AS_OF))
    state = IdentityState(AS_OF, AS_OF - timedelta(days=5), answered=holes)
    assert missing_ranges(state, START, AS_OF, cadence_due=False) == [(date(2024, 1, 2), date(2024, 2, 29))]
    assert missing_ranges(state, START, AS_OF, cadence_due=True) == [
        (date(2024, 1, 2), date(2024, 2, 29)), (AS_OF - timedelta(days=4), AS_OF)]


def test_backfill_from_keeps_its_meaning_for_series():
    state = IdentityState(AS_OF, AS_OF, answered=((START, AS_OF, AS_OF),))
    plan = plan_requests(specs("treasury-rates"), [], {("treasury-rates", "", ""): state}, AS_OF, START,
                         backfill_from=AS_OF - timedelta(days=10))
    assert [(r.from_date, r.to_date) for r in plan.requests] == [(AS_OF - timedelta(days=10), AS_OF)]


def _first_day():
    """Day one of the free plan: the global datasets and two named tickers."""
    catalogue = [s for s in load_catalogue() if "basic" in s.plans and s.source == "fmp"]
    global_plan = plan_requests([s for s in catalogue if not s.per_ticker], [], {}, AS_OF, START).requests
    ticker_plan = plan_requests([s for s in catalogue if s.per_ticker], ["AAPL", "MSFT"], {}, AS_OF, START).requests
    return global_plan, ticker_plan


def test_without_a_daily_budget_everything_fits():
    global_plan, ticker_plan = _first_day()
    allocation = fit_budget(global_plan + ticker_plan, None)
    assert len(allocation.today) == len(global_plan) + len(ticker_plan) and allocation.deferred == []


def test_named_tickers_first_then_every_newest_request_then_backfill_within_the_reserve():
    global_plan, ticker_plan = _first_day()
    budget = daily_budget(250, 0)
    assert budget.reserve == 50
    allocation = fit_budget(global_plan + ticker_plan, budget, lambda r: r.spec.per_ticker)
    today = allocation.today
    assert all(r in today for r in ticker_plan), "the named tickers are fetched in full"
    assert all(r in today for r in global_plan if r.rank == 0), "every identity's newest request"
    backfill = [r for r in today if r.rank > 0]
    assert len(today) == 250 - 50 and len(backfill) == 200 - len(ticker_plan) - sum(r.rank == 0 for r in global_plan)
    # back-fill goes round-robin: every series' second-newest window before any third
    ranks = sorted({r.rank for r in backfill})
    series = {r.identity for r in global_plan if r.rank > 0}
    assert ranks[0] == 1 and {r.identity for r in backfill if r.rank == 1} == series
    assert len(allocation.deferred) == len(global_plan) + len(ticker_plan) - 200
    assert all(r.rank > 0 for r in allocation.deferred)


def test_spent_budget_defers_everything_and_named_work_can_use_the_reserve():
    global_plan, ticker_plan = _first_day()
    spent = fit_budget(global_plan + ticker_plan, Budget(250, 250, reserve=50))
    assert spent.today == [] and len(spent.deferred) == len(global_plan) + len(ticker_plan)
    # 60 calls left: the named tickers take them, the back-fill nothing (it never takes the reserve)
    late = fit_budget(global_plan + ticker_plan, Budget(250, 190, reserve=50), lambda r: r.spec.per_ticker)
    assert late.today == ticker_plan[:60]


def test_other_sources_do_not_count_against_fmp_budget():
    fred = plan_requests(specs("fred-dgs10"), [], {}, AS_OF, START).requests
    allocation = fit_budget(fred, Budget(250, 250))
    assert allocation.today == fred

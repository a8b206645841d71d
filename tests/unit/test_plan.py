from datetime import date

from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.plan import IdentityState, plan_requests

AS_OF = date(2026, 11, 20)
START = date(2021, 11, 20)


def specs(*names):
    return select_datasets(load_catalogue(), list(names))


def test_first_run_starts_at_configured_start_and_ends_today():
    plan = plan_requests(specs("historical-price-eod-full"), ["AAPL"], {}, AS_OF, START)
    (req,) = plan.requests
    assert req.params == {"symbol": "AAPL", "from": "2021-11-20", "to": "2026-11-20"}
    assert (req.from_date, req.to_date) == (START, AS_OF)


def test_next_from_is_day_after_watermark():
    states = {("historical-price-eod-full", "", "AAPL"): IdentityState(date(2026, 11, 18), date(2026, 11, 18))}
    (req,) = plan_requests(specs("historical-price-eod-full"), ["AAPL"], states, AS_OF, START).requests
    assert req.params["from"] == "2026-11-19"


def test_empty_or_failed_answers_do_not_move_the_window():
    # Last fetch was yesterday (an empty answer) but the watermark is older: from stays after the watermark.
    states = {("historical-price-eod-full", "", "AAPL"): IdentityState(date(2026, 11, 19), date(2026, 11, 14))}
    (req,) = plan_requests(specs("historical-price-eod-full"), ["AAPL"], states, AS_OF, START).requests
    assert req.params["from"] == "2026-11-15"


def test_cadence_skips_too_soon_and_reports_next_due():
    states = {("stock-list", "", ""): IdentityState(date(2026, 11, 17), None)}
    plan = plan_requests(specs("stock-list"), [], states, AS_OF, START)
    assert plan.requests == [] and plan.too_soon == 1
    assert plan.skipped[0].next_due == date(2026, 11, 24)
    due = plan_requests(specs("stock-list"), [], states, date(2026, 11, 24), START)
    assert len(due.requests) == 1


def test_same_day_rerun_of_daily_dataset_is_too_soon():
    states = {("historical-price-eod-full", "", "AAPL"): IdentityState(AS_OF, AS_OF)}
    plan = plan_requests(specs("historical-price-eod-full"), ["AAPL"], states, AS_OF, START)
    assert plan.requests == [] and plan.too_soon == 1


def test_watermark_at_today_is_up_to_date_not_refetched():
    states = {("historical-price-eod-full", "", "AAPL"): IdentityState(date(2026, 11, 1), AS_OF)}
    plan = plan_requests(specs("historical-price-eod-full"), ["AAPL"], states, AS_OF, START)
    assert plan.requests == [] and plan.skipped[0].reason == "up to date"


def test_per_ticker_and_global_scopes_and_limit_placeholder():
    plan = plan_requests(specs("stock-list", "income-statement"), ["AAPL", "MSFT"], {}, AS_OF, START)
    labels = sorted(r.label for r in plan.requests)
    assert labels == [
        "income-statement/FY AAPL", "income-statement/FY MSFT",
        "income-statement/quarter AAPL", "income-statement/quarter MSFT", "stock-list",
    ]
    fy = next(r for r in plan.requests if r.label == "income-statement/FY AAPL")
    assert fy.params == {"symbol": "AAPL", "period": "annual", "limit": "10"}

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


def test_split_window_covers_the_range_exactly_in_capped_pieces():
    from ingestion.plan import split_window

    windows = split_window(date(2000, 1, 1), date(2026, 11, 20), 7000)
    assert windows[0][0] == date(2000, 1, 1) and windows[-1][1] == date(2026, 11, 20)
    assert all((b - a).days + 1 <= 7000 for a, b in windows)
    assert all((n[0] - p[1]).days == 1 for p, n in zip(windows, windows[1:]))
    assert split_window(date(2026, 1, 1), date(2026, 1, 1), 80) == [(date(2026, 1, 1), date(2026, 1, 1))]
    assert split_window(date(2026, 1, 1), date(2026, 3, 21), 80) == [(date(2026, 1, 1), date(2026, 3, 21))]
    assert len(split_window(date(2026, 1, 1), date(2026, 3, 22), 80)) == 2


def test_windowed_dataset_gets_one_request_per_window():
    import dataclasses

    spec = dataclasses.replace(specs("historical-price-eod-full")[0], window_days=365)
    plan = plan_requests([spec], ["AAPL"], {}, AS_OF, date(2024, 1, 1))
    assert [(r.params["from"], r.params["to"]) for r in plan.requests] == [
        ("2024-01-01", "2024-12-30"), ("2024-12-31", "2025-12-30"), ("2025-12-31", "2026-11-20"),
    ]


def test_backfill_ignores_cadence_and_watermark_for_dated_datasets_only():
    states = {
        ("historical-price-eod-full", "", "AAPL"): IdentityState(AS_OF, AS_OF),
        ("stock-list", "", ""): IdentityState(AS_OF, None),
    }
    plan = plan_requests(specs("historical-price-eod-full", "stock-list"), ["AAPL"], states, AS_OF, START,
                         backfill_from=date(2020, 1, 1))
    assert [(r.label, r.params.get("from")) for r in plan.requests] == [("historical-price-eod-full AAPL", "2020-01-01")]
    assert plan.too_soon == 1

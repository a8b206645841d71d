"""Adjusted series whose past a split or dividend rewrites: the plan re-asks the last days held,
and a changed day is spotted (the fetcher then refetches the whole history; see
tests/e2e/test_gold_daily_prices.py for that part, against the demo API)."""

from datetime import date, timedelta

from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.plan import OVERLAP_DAYS, IdentityState, plan_requests
from ingestion.restatements import first_rewritten_row

AS_OF = date(2026, 11, 20)
START = date(2021, 11, 20)
HELD = "bronze/technicals/x/AAPL/f1.json"


def plan_for(dataset: str, state: IdentityState, as_of: date = AS_OF):
    specs = select_datasets(load_catalogue(), [dataset])
    return plan_requests(specs, ["AAPL"], {(dataset, "", "AAPL"): state}, as_of, START)


def test_adjusted_prices_rewrite_history_and_as_traded_do_not():
    flags = {s.dataset: s.rewrites_history for s in load_catalogue()}
    assert flags["historical-price-eod-full"] and flags["technicals-historical-price-eod-dividend-adjusted"]
    assert not flags["technicals-historical-price-eod-non-split-adjusted"]
    assert not flags["historical-market-capitalization"]


def test_rewriting_dataset_reasks_the_days_before_its_watermark():
    state = IdentityState(date(2026, 11, 18), date(2026, 11, 18), HELD)
    (request,) = plan_for("technicals-historical-price-eod-dividend-adjusted", state).requests
    assert request.from_date == date(2026, 11, 18) - timedelta(days=OVERLAP_DAYS - 1)
    assert (request.to_date, request.baseline) == (AS_OF, HELD)


def test_other_datasets_start_after_their_watermark_with_no_baseline():
    state = IdentityState(date(2026, 11, 18), date(2026, 11, 18), HELD)
    (request,) = plan_for("technicals-historical-price-eod-non-split-adjusted", state).requests
    assert (request.from_date, request.baseline) == (date(2026, 11, 19), None)


def test_up_to_date_or_first_fetch_has_no_overlap():
    up_to_date = plan_for("historical-price-eod-full", IdentityState(date(2026, 11, 1), AS_OF, HELD))
    assert up_to_date.requests == [] and up_to_date.skipped[0].reason == "up to date"
    (first,) = plan_for("historical-price-eod-full", IdentityState()).requests
    assert (first.from_date, first.baseline) == (START, None)


def test_overlap_never_reaches_before_the_configured_start():
    state = IdentityState(START, START + timedelta(days=2), HELD)
    (request,) = plan_for("historical-price-eod-full", state, as_of=START + timedelta(days=9)).requests
    assert request.from_date == START


def bar(day: str, close: float, **more) -> dict:
    return {"symbol": "AAPL", "date": day, "adjClose": close, "volume": 100, **more}


def test_unchanged_overlap_is_not_a_rewrite():
    held = [bar("2026-11-17", 10.0), bar("2026-11-18", 10.5)]
    fetched = [bar("2026-11-19", 11.0), bar("2026-11-18", 10.5 + 1e-9), bar("2026-11-17", 10.0)]
    assert first_rewritten_row(held, fetched, "date") is None


def test_a_changed_past_day_is_reported_with_its_values():
    held = [bar("2026-11-17", 10.0), bar("2026-11-18", 10.5)]
    fetched = [bar("2026-11-19", 11.0), bar("2026-11-18", 10.4), bar("2026-11-17", 9.9)]
    assert first_rewritten_row(held, fetched, "date") == "2026-11-17 adjClose 10.0 -> 9.9"


def test_days_or_fields_only_one_side_has_are_not_rewrites():
    held = [bar("2026-11-10", 1.0), bar("2026-11-18", 10.5)]
    fetched = [bar("2026-11-18", 10.5, vwap=10.2), bar("2026-11-19", 3.0)]
    assert first_rewritten_row(held, fetched, "date") is None
    assert first_rewritten_row([], fetched, "date") is None

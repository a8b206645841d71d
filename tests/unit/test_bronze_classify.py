import json

from ingestion.bronze import classify, render_file
from ingestion.catalogue import load_catalogue
from ingestion.fetched import FetchedPayload

PRICES = next(s for s in load_catalogue() if s.name == "historical-price-eod-full")
STOCKS = next(s for s in load_catalogue() if s.name == "stock-list")


def result(body, status=200):
    return FetchedPayload(status, body if isinstance(body, bytes) else json.dumps(body).encode())


def test_success_counts_rows_and_dates():
    v = classify(result([{"date": "2024-01-03"}, {"date": "2024-01-02"}]), PRICES)
    assert (v.rows, str(v.from_date), str(v.to_date), v.error, v.can_promote) == (2, "2024-01-02", "2024-01-03", None, True)


def test_empty_array_is_an_empty_success_not_promotable():
    v = classify(result([]), PRICES)
    assert v.empty and not v.can_promote and v.error is None


def test_error_bodies_are_errors_even_on_200():
    assert "Limit Reach" in classify(result({"Error Message": "Limit Reach . Please upgrade"}), PRICES).error
    assert "not JSON" in classify(result(b"Invalid name"), PRICES).error
    assert "HTTP 401" in classify(result({"Error Message": "Invalid API KEY"}, 401), PRICES).error
    assert classify(result(b"[1, 2]"), PRICES).error == "expected an array of objects"


def test_missing_row_date_is_an_error_naming_the_field():
    v = classify(result([{"date": "2024-01-02"}, {"day": "x"}]), PRICES)
    assert "row 1" in v.error and "'date'" in v.error and not v.can_promote


def test_undated_dataset_has_no_dates():
    v = classify(result([{"symbol": "A"}]), STOCKS)
    assert v.can_promote and v.from_date is None


def test_rendered_file_keeps_payload_bytes_and_text_bodies():
    body = b'[\n  {\n    "a": 1\n  }\n]'
    document = json.loads(render_file({"file_id": "F"}, body, True))
    assert document == {"envelope": {"file_id": "F"}, "payload": [{"a": 1}]}
    assert body in render_file({"file_id": "F"}, body, True)
    assert json.loads(render_file({}, b"Invalid name", False))["payload_text"] == "Invalid name"


def test_typical_gap_tells_daily_from_monthly_rows():
    daily = classify(result([{"date": f"2024-01-{d:02d}"} for d in (2, 3, 4, 5, 8)]), PRICES)
    monthly = classify(result([{"date": f"2024-{m:02d}-01"} for m in (1, 2, 3, 4)]), PRICES)
    assert daily.typical_gap_days == 1 and 28 <= monthly.typical_gap_days <= 31


def test_truncation_flag_allows_a_series_its_natural_spacing():
    from datetime import date

    from ingestion.fetcher import _truncated
    from ingestion.plan import PlannedRequest

    request = PlannedRequest(PRICES, "AAPL", {}, date(2024, 1, 1), date(2024, 3, 31))
    monthly = classify(result([{"date": f"2024-{m:02d}-01"} for m in (2, 3)]), PRICES)
    late_daily = classify(result([{"date": "2024-03-01"}, {"date": "2024-03-04"}, {"date": "2024-03-05"}]), PRICES)
    assert not _truncated(request, monthly)
    assert _truncated(request, late_daily)

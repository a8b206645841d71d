import pytest

from ingestion.demo_api.faults import CANNED
from ingestion.fmp import AUTH, PLAN, PLAN_SYMBOL, QUOTA, RATE_LIMIT, refusal_kind


@pytest.mark.parametrize("kind, expected", [
    ("invalid_key", AUTH), ("legacy", AUTH), ("suspended", AUTH),
    ("exclusive", PLAN), ("restricted", PLAN), ("premium_limit", PLAN), ("premium_symbol", PLAN_SYMBOL),
    ("limit_reach_429", RATE_LIMIT), ("limit_reach_200", RATE_LIMIT), ("bandwidth", QUOTA),
    ("server_error", None), ("error_body", None), ("plain_text", None), ("malformed", None),
])
def test_fmp_refusals_are_classified_by_status_and_body(kind, expected):
    response = CANNED[kind]
    assert refusal_kind(response.status, response.body) == expected


def test_a_data_array_is_never_a_refusal_whatever_it_says():
    assert refusal_kind(200, b'[{"description": "Limit Reach . Invalid API KEY"}]') is None
    assert refusal_kind(None, b"") is None
    assert refusal_kind(429, b"") == RATE_LIMIT
    assert refusal_kind(403, b"Forbidden") == AUTH

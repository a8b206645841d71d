import copy

import pytest

from ingestion.catalogue import load_catalogue, parse_catalogue, select_datasets
from ingestion.errors import CatalogueError

VALID = {
    "dataset": "historical-price-eod-full",
    "domain": "technicals",
    "source": "fmp",
    "path": "historical-price-eod/full",
    "scope": "per_ticker",
    "params": {"symbol": "{ticker}", "from": "{from}", "to": "{to}"},
    "cadence_days": 1,
    "row_date_field": "date",
    "keys": ["symbol", "date"],
    "silver_model": "historical_price_eod_full",
}


def entry(**changes):
    raw = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            raw.pop(key)
        else:
            raw[key] = value
    return raw


def test_shipped_catalogue_is_valid_and_covers_the_slice():
    names = {spec.name for spec in load_catalogue()}
    # the walking skeleton's datasets; the full catalogue is checked in test_catalogue_coverage.py
    assert names >= {
        "stock-list", "company-profile", "historical-price-eod-full", "historical-market-capitalization",
        "income-statement/FY", "income-statement/quarter",
    }


def test_valid_entry_parses():
    (spec,) = parse_catalogue({"datasets": [entry()]})
    assert spec.per_ticker and spec.dated and spec.keys == ("symbol", "date")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"path": None}, "missing field 'path'"),
        ({"cadence": 1}, "unknown field 'cadence'"),
        ({"params": {"symbol": "{ticker}", "from": "{start}"}}, "unknown placeholder {start}"),
        ({"scope": "sometimes"}, "field 'scope'"),
        ({"cadence_days": 0}, "field 'cadence_days'"),
        ({"keys": []}, "field 'keys'"),
        ({"params": {"from": "{from}"}}, "must use {ticker}"),
        ({"row_date_field": ""}, "row_date_field"),
        ({"params": {"symbol": "{ticker}", "limit": "{limit}"}}, "field 'limit' is required"),
        ({"params": {"symbol": "{ticker}", "apikey": "x"}}, "API key"),
        ({"path": "../etc"}, "field 'path'"),
        ({"rewrites_history": "yes"}, "field 'rewrites_history'"),
        ({"rewrites_history": True, "params": {"symbol": "{ticker}"}}, "field 'rewrites_history'"),
        ({"rewrites_history": True, "format": "csv"}, "field 'rewrites_history'"),
    ],
)
def test_invalid_entries_name_the_entry_and_field(changes, message):
    with pytest.raises(CatalogueError) as err:
        parse_catalogue({"datasets": [entry(**changes)]})
    assert message in str(err.value)
    assert "historical-price-eod-full" in str(err.value) or "entry #1" in str(err.value)


def test_duplicate_identity_is_rejected():
    with pytest.raises(CatalogueError, match="duplicate identity"):
        parse_catalogue({"datasets": [entry(), entry()]})


def test_same_dataset_with_two_discriminators_is_fine():
    specs = parse_catalogue({"datasets": [entry(discriminator="a"), entry(discriminator="b")]})
    assert [s.name for s in specs] == ["historical-price-eod-full/a", "historical-price-eod-full/b"]


def test_select_datasets_by_name_or_identity_and_unknown_is_an_error():
    specs = load_catalogue()
    assert {s.name for s in select_datasets(specs, ["income-statement"])} == {"income-statement/FY", "income-statement/quarter"}
    assert [s.name for s in select_datasets(specs, ["income-statement/FY"])] == ["income-statement/FY"]
    with pytest.raises(CatalogueError, match="unknown dataset 'prices'"):
        select_datasets(specs, ["prices"])


def test_unknown_dataset_offers_the_closest_names_not_the_whole_list():
    from ingestion.catalogue import load_catalogue

    specs = load_catalogue()
    with pytest.raises(CatalogueError) as caught:
        select_datasets(specs, ["historical-price-eod"])
    message = str(caught.value)
    assert message.startswith("unknown dataset 'historical-price-eod': did you mean 'historical-price-eod-full'")
    assert len(message) < 200
    with pytest.raises(CatalogueError) as caught:
        select_datasets(specs, ["foo"])
    assert str(caught.value) == "unknown dataset 'foo': `sbf datasets --catalogue` lists them"


def test_catalogue_errors_name_the_file(tmp_path):
    from ingestion.catalogue import load_catalogue

    empty = tmp_path / "empty.yml"
    empty.write_text("")
    with pytest.raises(CatalogueError, match=f"catalogue {empty} is empty"):
        load_catalogue(empty)
    bad = tmp_path / "bad.yml"
    bad.write_text("datasets: [{dataset: x}]\n")
    with pytest.raises(CatalogueError, match=f"catalogue {bad}: entry #1 \\(x\\): missing field"):
        load_catalogue(bad)

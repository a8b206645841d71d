"""The demo API's field lists (ingestion/demo_api/catalogue_fields.py) are what `make generate`
writes from the catalogue: each dataset's FMP fields, in the catalogue's order."""

from __future__ import annotations

import yaml

from ingestion.catalogue import CATALOGUE_PATH, load_catalogue, parse_catalogue
from ingestion.codegen import demo_fields
from ingestion.demo_api import catalogue_fields

CATALOGUE = load_catalogue(CATALOGUE_PATH)


def test_committed_module_is_what_the_catalogue_generates():
    assert demo_fields.FIELDS_PATH.read_text() == demo_fields.render(CATALOGUE), (
        f"{demo_fields.FIELDS_PATH.name} is stale: run `make generate` and commit it")
    assert catalogue_fields.FIELDS == demo_fields.dataset_fields(CATALOGUE)


def test_one_list_per_dataset_in_catalogue_order():
    fields = demo_fields.dataset_fields(CATALOGUE)
    assert list(fields) == list(dict.fromkeys(s.dataset for s in CATALOGUE))
    income = next(s for s in CATALOGUE if s.dataset == "income-statement")
    assert fields["income-statement"] == tuple(f.field for f in income.silver.fields)
    assert fields["income-statement"][:3] == ("date", "symbol", "reportedCurrency")  # FMP's order


def test_fields_like_twins_share_the_list_and_special_sources_are_left_out():
    fields = demo_fields.dataset_fields(CATALOGUE)
    assert fields["crypto-price-eod"] == fields["historical-price-eod-full"]
    assert fields["income-statement-bulk-quarter"] == fields["income-statement"]
    # company-officers reads its symbol from the request (@ticker); FMP's rows carry none
    assert "@ticker" not in fields["company-officers"] and "symbol" not in fields["company-officers"]
    # etf-holdings reads updatedAt into two columns (as_of_date and updated_at): served once
    assert fields["etf-holdings"].count("updatedAt") == 1


def test_a_catalogue_change_makes_the_module_stale():
    raw = yaml.safe_load(CATALOGUE_PATH.read_text())
    entry = next(e for e in raw["datasets"] if e["dataset"] == "splits")
    entry["silver"]["fields"].append({"field": "splitType", "type": "varchar", "description": "Kind of split."})
    changed = parse_catalogue(raw)
    assert demo_fields.render(changed) != demo_fields.render(CATALOGUE)
    assert demo_fields.dataset_fields(changed)["splits"][-1] == "splitType"

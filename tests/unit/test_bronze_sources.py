"""The dbt source `bronze` is generated from the catalogue: one table per dataset, and the committed
file is what `make generate` writes today."""

from __future__ import annotations

import yaml

from ingestion.catalogue import CATALOGUE_PATH, load_catalogue, parse_catalogue
from ingestion.codegen.bronze_sources import SOURCES_PATH, render
from ingestion.dbt_selection import bronze_selector, bronze_source_table


def test_committed_sources_file_is_what_the_catalogue_generates():
    assert SOURCES_PATH.read_text() == render(load_catalogue(CATALOGUE_PATH)), (
        f"{SOURCES_PATH.name} is stale: run `make generate` and commit it"
    )


def test_one_table_per_dataset_with_its_discriminators():
    specs = load_catalogue(CATALOGUE_PATH)
    document = yaml.safe_load(render(specs))
    (source,) = document["sources"]
    assert source["name"] == "bronze"
    tables = {t["name"]: t for t in source["tables"]}
    datasets = {s.dataset for s in specs}
    assert sorted(t["config"]["meta"]["dataset"] for t in tables.values()) == sorted(datasets)
    statement = tables["income_statement"]
    assert statement["config"]["meta"]["dataset"] == "income-statement"
    assert statement["config"]["meta"]["discriminators"] == ["FY", "quarter"]
    assert statement["config"]["meta"]["silver_model"] == "income_statement"
    assert "Annual income statements" in statement["description"]
    assert "discriminators" not in tables["stock_list"]["config"]["meta"]


def test_a_new_catalogue_dataset_makes_the_file_stale():
    specs = load_catalogue(CATALOGUE_PATH)
    raw = yaml.safe_load(CATALOGUE_PATH.read_text())
    extra = dict(raw["datasets"][0], dataset="new-list", silver_model="new_list", description="A new list.")
    more = parse_catalogue({"datasets": [*raw["datasets"], extra]})
    assert render(more) != render(specs)
    tables = yaml.safe_load(render(more))["sources"][0]["tables"]
    assert tables[-1]["name"] == "new_list" and tables[-1]["description"] == "A new list."


def test_source_table_names_and_selectors():
    assert bronze_source_table("technicals-historical-price-eod-full") == "technicals_historical_price_eod_full"
    assert bronze_selector("income-statement") == "source:bronze.income_statement"

"""The silver dbt files are what `make generate` writes from the catalogue, and the catalogue's
silver blocks are validated with errors naming the entry and the field."""

from __future__ import annotations

import copy

import pytest
import yaml

from ingestion.catalogue import CATALOGUE_PATH, load_catalogue, parse_catalogue, silver_models
from ingestion.codegen import silver
from ingestion.errors import CatalogueError


def test_generated_silver_files_are_current():
    files = silver.render(load_catalogue(CATALOGUE_PATH))
    stale = [str(p.relative_to(silver.REPO)) for p, text in files.items()
             if not p.is_file() or p.read_text() != text]
    assert stale == [], f"not what `make generate` writes (run it and commit): {stale}"
    orphans = silver.stale_generated_files(files)
    assert orphans == [], f"generated files no catalogue entry generates: {orphans}"


def test_every_catalogue_dataset_defines_its_silver_model():
    specs = load_catalogue(CATALOGUE_PATH)
    undefined = sorted({s.silver_model for s in specs} - set(silver_models(specs)))
    assert undefined == [], f"silver_model without a silver block in the catalogue: {undefined}"


def test_plain_models_read_bronze_through_silver_select_and_reshaped_ones_are_hand_written():
    specs = silver_models(load_catalogue(CATALOGUE_PATH))
    for name, spec in specs.items():
        text = (silver.SILVER_DIR / f"{name}.sql").read_text()
        assert text.startswith(silver.GENERATED_MARK) != spec.silver.reshaped, name
    assert {n for n, s in specs.items() if s.silver.reshaped} == {
        "revenue_geographic_segmentation", "revenue_product_segmentation"}


def test_keys_are_not_null_and_unique_together_and_lineage_is_documented():
    text = silver.render(load_catalogue(CATALOGUE_PATH))[silver.SILVER_DIR / silver.MODELS_YML]
    income = next(m for m in yaml.safe_load(text)["models"] if m["name"] == "income_statement")
    assert income["config"]["unique_key"] == ["symbol", "date", "period"]
    assert income["data_tests"] == [{"unique_combination_of_columns": {"arguments": {
        "combination_of_columns": ["symbol", "date", "period"]}}}]
    columns = {c["name"]: c for c in income["columns"]}
    assert columns["period"]["data_tests"][0] == "not_null"  # the key's, before the catalogue's own tests
    assert "data_tests" not in columns["revenue"]
    assert [c["name"] for c in income["columns"][-4:]] == list(silver.LINEAGE_COLUMNS)


def test_fields_like_shares_the_list_and_overrides_apply():
    specs = silver_models(load_catalogue(CATALOGUE_PATH))
    base, twin = specs["historical_price_eod_full"].silver, specs["crypto_price_eod"].silver
    assert [f.column for f in twin.fields] == [f.column for f in base.fields]
    close = {f.column: f for f in base.fields}["close"], {f.column: f for f in twin.fields}["close"]
    assert close[0].tests and close[1].tests == ()  # crypto_price_eod overrides close's tests


def test_generated_sql_line_is_one_constant():
    spec = silver_models(load_catalogue(CATALOGUE_PATH))["stock_list"]
    assert silver.SILVER_SELECT.format(source_table="stock_list") in silver.render_model_sql(spec)


# ----------------------------------------------------------------------------- validation

def _document() -> dict:
    return yaml.safe_load(CATALOGUE_PATH.read_text())


def _entry(document: dict, model: str) -> dict:
    return next(e for e in document["datasets"] if e["silver_model"] == model and "silver" in e)


@pytest.mark.parametrize("change, message", [
    (lambda s: s["fields"][1].update(type="text"), "field 'companyName': type must be one of"),
    (lambda s: s["fields"][1].pop("description"), "field 'companyName': description is required"),
    (lambda s: s["fields"][1].update(colour="red"), "field 'companyName': unknown key 'colour'"),
    (lambda s: s["fields"].append(dict(s["fields"][0])), "column 'symbol' is listed twice"),
    (lambda s: s.update(fields_like="etf_list"), "either fields or fields_like"),
    (lambda s: s.update(date_column="nope"), "date_column 'nope' is not among its columns"),
    (lambda s: s["fields"].pop(0), "key column 'symbol' is not among its columns"),
    (lambda s: s.update(colour="red"), "silver: unknown key 'colour'"),
])
def test_bad_silver_block_names_the_entry_and_field(change, message):
    document = _document()
    change(_entry(document, "stock_list")["silver"])
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(document)
    assert "(stock-list)" in str(error.value) and message in str(error.value)


def test_fields_like_must_name_a_defined_model_and_overrides_a_shared_column():
    document = _document()
    silver_block = _entry(document, "crypto_price_eod")["silver"]
    silver_block["fields_like"] = "no_such_model"
    with pytest.raises(CatalogueError, match=r"\(crypto-price-eod\).*fields_like names 'no_such_model'"):
        parse_catalogue(document)
    document = _document()
    _entry(document, "crypto_price_eod")["silver"]["field_overrides"] = {"colour": {"tests": []}}
    with pytest.raises(CatalogueError, match=r"field_overrides names 'colour'"):
        parse_catalogue(document)


def test_entries_of_one_model_must_not_disagree():
    document = _document()
    entries = [e for e in document["datasets"] if e["silver_model"] == "income_statement"]
    entries[1]["silver"] = copy.deepcopy(entries[0]["silver"])
    entries[1]["silver"]["description"] = "another story"
    with pytest.raises(CatalogueError, match=r"income-statement/quarter.*differs from entry"):
        parse_catalogue(document)

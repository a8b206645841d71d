"""The demo API's rows take their fields, and their order, from the catalogue (the generated
ingestion/demo_api/catalogue_fields.py): a field the catalogue drops is no longer served, and a
field it adds that the demo computes no value for fails the request, naming dataset and field,
rather than being served as null. Real routes through handle(), the generated list patched."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from ingestion.demo_api import DemoSettings, catalogue_fields, handle
from ingestion.demo_api.fields import Dataset, MissingFormula

SETTINGS = DemoSettings(as_of=date(2026, 11, 20))
SPLITS = catalogue_fields.FIELDS["splits"]


def _splits() -> list[dict]:
    response = handle("/stable/splits", {"symbol": "TSLA", "apikey": "k"}, SETTINGS)
    assert response.status == 200
    return json.loads(response.body)


def test_rows_follow_the_catalogue_order():
    assert [list(row) for row in _splits()] == [list(SPLITS)] * 2


def test_a_reordered_catalogue_list_reorders_the_rows(monkeypatch):
    monkeypatch.setitem(catalogue_fields.FIELDS, "splits", tuple(reversed(SPLITS)))
    rows = _splits()
    assert rows and all(list(row) == list(reversed(SPLITS)) for row in rows)


def test_a_field_the_catalogue_drops_is_not_served(monkeypatch):
    monkeypatch.setitem(catalogue_fields.FIELDS, "splits", tuple(f for f in SPLITS if f != "denominator"))
    rows = _splits()
    assert rows and all("denominator" not in row for row in rows)


def test_a_catalogue_field_without_a_formula_fails_naming_dataset_and_field(monkeypatch):
    monkeypatch.setitem(catalogue_fields.FIELDS, "splits", SPLITS + ("splitType",))
    with pytest.raises(MissingFormula, match=r"dataset 'splits': the catalogue lists field 'splitType'"):
        handle("/stable/splits", {"symbol": "TSLA", "apikey": "k"}, SETTINGS)


def test_a_bulk_csv_fails_too_rather_than_leaving_the_cell_empty(monkeypatch):
    query = {"date": "2026-11-20", "apikey": "k"}
    header = next(csv.reader(io.StringIO(handle("/stable/eod-bulk", query, SETTINGS).body.decode())))
    assert header == list(catalogue_fields.FIELDS["eod-bulk-price"])
    eod_bulk = catalogue_fields.FIELDS["eod-bulk-price"]
    monkeypatch.setitem(catalogue_fields.FIELDS, "eod-bulk-price", eod_bulk + ("vwap",))
    with pytest.raises(MissingFormula, match=r"dataset 'eod-bulk-price'.*'vwap'"):
        handle("/stable/eod-bulk", query, SETTINGS)


def test_a_dataset_the_catalogue_does_not_define_fails_where_the_demo_names_it():
    with pytest.raises(LookupError, match=r"the catalogue has no dataset 'price-target-consensus'"):
        Dataset("price-target-consensus")

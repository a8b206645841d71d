"""The closed domains of the gold macro facts (accepted_values in _macro__models.yml) follow the catalogue."""

from __future__ import annotations

from pathlib import Path

import yaml

from ingestion.catalogue import load_catalogue

MODELS_YML = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "gold" / "macro" / "_macro__models.yml"


def _accepted_values(model: str, column: str) -> set[str]:
    models = {m["name"]: m for m in yaml.safe_load(MODELS_YML.read_text())["models"]}
    (values,) = [
        test["accepted_values"]["arguments"]["values"]
        for col in models[model]["columns"] if col["name"] == column
        for test in col.get("data_tests", []) if isinstance(test, dict) and "accepted_values" in test
    ]
    return {str(v) for v in values}


def test_indicator_names_are_the_catalogue_discriminators():
    names = {s.discriminator for s in load_catalogue() if s.dataset == "economic-indicators"}
    assert len(names) > 20
    assert _accepted_values("fct_economic_indicators", "indicator_name") == names


def test_fred_series_ids_are_the_catalogue_series():
    series = {s.params["series_id"] for s in load_catalogue() if s.source == "fred"}
    assert series == _accepted_values("fct_fred_series", "series_id")
    # fct_fred_series names each FRED dataset's series id; a new FRED dataset must be added there too.
    sql = MODELS_YML.with_name("fct_fred_series.sql").read_text()
    for spec in load_catalogue():
        if spec.source == "fred":
            assert f"('{spec.dataset}', '{spec.silver_model}', '{spec.params['series_id']}')" in sql

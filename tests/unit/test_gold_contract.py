"""Every gold model keeps the contract of issue 6, read from the YAML beside the SQL.

Fails when a gold model lacks `has_ingestion_rows`, a test of its grain (unique, or
unique_combination_of_columns), or `meta.datasets`; or when one of its lineage columns (`*file_id`,
not `*created_file_id`) has no relationships test to `source('ops', 'file_ingestions')`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

GOLD = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "gold"


def gold_models() -> dict[str, dict]:
    models = {}
    for path in sorted(GOLD.rglob("_*__models.yml")):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            models[model["name"]] = model
    return models


MODELS = gold_models()


def test_every_gold_sql_file_has_its_yaml():
    assert {p.stem for p in GOLD.rglob("*.sql")} == set(MODELS)


def _test_names(tests: list) -> set[str]:
    return {next(iter(t)) if isinstance(t, dict) else t for t in tests or []}


def _datasets(model: dict) -> dict | None:
    return ((model.get("config") or {}).get("meta") or {}).get("datasets")


@pytest.mark.parametrize("name", sorted(MODELS))
def test_gold_model_declares_datasets_and_tests_its_ledger_and_grain(name):
    model = MODELS[name]
    tests = _test_names(model.get("data_tests"))
    assert "has_ingestion_rows" in tests, name
    column_tests = {c["name"]: _test_names(c.get("data_tests")) for c in model.get("columns", [])}
    assert "unique_combination_of_columns" in tests or any("unique" in t for t in column_tests.values()), name
    # meta.datasets in the YAML, or (fundamentals: derived from a macro) in the model's config() call
    sql = next(GOLD.rglob(f"{name}.sql")).read_text()
    assert _datasets(model) is not None or "'datasets':" in sql or '"datasets":' in sql, name


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_lineage_column_points_at_ops(name):
    for column in MODELS[name].get("columns", []):
        if not column["name"].endswith("file_id") or column["name"].endswith("created_file_id"):
            continue
        targets = [
            t["relationships"]["arguments"]["to"]
            for t in column.get("data_tests") or []
            if isinstance(t, dict) and "relationships" in t
        ]
        assert "source('ops', 'file_ingestions')" in targets, f"{name}.{column['name']}"

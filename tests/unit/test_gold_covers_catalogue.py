"""Every catalogue dataset that reaches silver has a gold consumer, so no fetched file is left unstamped by gold.

A dataset is covered when a gold model declares it in `config.meta.datasets` (the post-hook
`stamp_gold_ingestions` then stamps its files, and `has_ingestion_rows` checks them), or when it is
listed in EXCLUDED_FROM_GOLD below with the reason it has no gold use (say it in ingestion/catalogue.yml
too). Fails naming every uncovered dataset.

The declarations come from dbt's own manifest (`dbt parse`: no warehouse, no data), because some
models compute theirs in a macro (the wide fundamentals facts), which reading the YAML alone would miss.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingestion.catalogue import load_catalogue

REPO = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"

#: dataset -> why no gold model consumes it. Keep it short: a dataset fetched for nothing costs calls.
EXCLUDED_FROM_GOLD: dict[str, str] = {}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("dbt_parse")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FMP_", "SBF_", "DBT_"))}
    env.update(
        SBF_DATA_DIR=str(root / "data"),  # parse opens no database: nothing is created there
        DBT_TARGET_PATH=str(root / "target"),
        DBT_LOG_PATH=str(root / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    proc = subprocess.run([str(DBT), "parse", "--no-partial-parse"], cwd=DBT_PROJECT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"dbt parse failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    return json.loads((root / "target" / "manifest.json").read_text())


def _models(manifest: dict, layer: str) -> list[dict]:
    return [node for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["fqn"][1] == layer]


def silver_datasets(manifest: dict) -> set[str]:
    """The datasets a silver model loads (config.meta.dataset)."""
    return {m["config"]["meta"]["dataset"] for m in _models(manifest, "silver") if m["config"]["meta"].get("dataset")}


def gold_declarations(manifest: dict) -> dict[str, list[str]]:
    """dataset -> the gold models that declare it in config.meta.datasets (and so stamp its files)."""
    declared: dict[str, list[str]] = {}
    for model in _models(manifest, "gold"):
        for dataset in model["config"]["meta"].get("datasets") or {}:
            declared.setdefault(dataset, []).append(model["name"])
    return declared


def test_every_catalogue_dataset_that_reaches_silver_has_a_gold_model(manifest):
    reaching_silver = {spec.dataset for spec in load_catalogue()} & silver_datasets(manifest)
    assert len(reaching_silver) > 60  # the manifest was read: every catalogue dataset has its silver model
    uncovered = sorted(reaching_silver - set(gold_declarations(manifest)) - set(EXCLUDED_FROM_GOLD))
    assert uncovered == [], (
        f"{len(uncovered)} catalogue dataset(s) reach silver but no gold model declares them in "
        f"config.meta.datasets, so gold never stamps their files: {', '.join(uncovered)}. Declare each in the "
        "gold model built from it, or list it in EXCLUDED_FROM_GOLD (tests/unit/test_gold_covers_catalogue.py) "
        "with the reason it has no gold use, and say so in ingestion/catalogue.yml."
    )


def test_gold_declares_only_catalogue_datasets_each_stamped_once(manifest):
    catalogue = {spec.dataset for spec in load_catalogue()}
    declared = gold_declarations(manifest)
    assert sorted(set(declared) - catalogue) == [], "gold models declare datasets the catalogue does not have"
    # a file's ops row has one set of gold columns: two stampers of a dataset must split its discriminators
    for dataset, models in declared.items():
        if len(models) > 1:
            specs = [m["config"]["meta"]["datasets"][dataset] for m in _models(manifest, "gold") if m["name"] in models]
            assert all(isinstance(s, dict) and s.get("discriminators") for s in specs), (dataset, models)
            owned = [d for s in specs for d in s["discriminators"]]
            assert len(owned) == len(set(owned)), f"{dataset}: two gold models stamp the same discriminator: {models}"


def test_exclusions_name_catalogue_datasets_without_gold_and_say_why(manifest):
    catalogue = {spec.dataset for spec in load_catalogue()}
    declared = gold_declarations(manifest)
    catalogue_text = (REPO / "ingestion" / "catalogue.yml").read_text()
    for dataset, reason in EXCLUDED_FROM_GOLD.items():
        assert dataset in catalogue, f"EXCLUDED_FROM_GOLD names {dataset}, which is no catalogue dataset"
        assert len(reason.strip()) > 20, f"EXCLUDED_FROM_GOLD[{dataset!r}] needs a reason"
        assert dataset not in declared, f"{dataset} is excluded from gold, yet {declared[dataset]} declare it"
        assert f"no gold: {dataset}" in catalogue_text, f"say why {dataset} has no gold in ingestion/catalogue.yml"

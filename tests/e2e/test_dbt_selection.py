"""Bronze in dbt's graph, and `sbf run`'s promotions selected with dbt's own syntax.

- On a fresh, empty data dir (no ops ledger, no tables) `dbt compile` and `dbt docs generate`
  succeed, and every silver model has its table of source `bronze` as parent.
- The selection of a promotion (`source:bronze.<table>+`, ingestion/dbt_selection.py) resolves, with
  the real `dbt ls`, to the models the manifest walk it replaced selected (the oracle below, that
  code as it was), for the promotions a run makes: a ticker chunk, the global stage with ticker
  datasets to come (first run and later), gold only, silver only. The one difference is listed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ingestion.config import load_settings
from ingestion.dbt_runner import DbtInvoker
from ingestion.dbt_selection import (
    END_OF_RUN_TAG,
    PER_CHUNK_EXCLUDE,
    bronze_source_table,
    promotion_selection,
    waiting_selectors,
)

from .conftest import BIN, DBT_PROJECT, make_workspace, seed_partial_parse

pytestmark = pytest.mark.e2e


def test_fresh_target_compiles_and_documents_with_bronze_as_the_silver_models_parents(tmp_path):
    ws = make_workspace(tmp_path)
    ws.data_dir.mkdir()
    # `docs generate` is `dbt compile` (the same task: every node compiled, the SQL written to
    # target/compiled, a compile error fails it) and then the catalog: one compile, not two
    ws.dbt("docs", "generate")
    # an empty, typed read: no ledger to list pending files from
    compiled = (tmp_path / "dbt_target" / "compiled" / "sbfoundation" / "models" / "silver" / "income_statement.sql")
    assert "no pending bronze file (or no ledger yet)" in compiled.read_text()
    manifest = json.loads((tmp_path / "dbt_target" / "manifest.json").read_text())
    assert (tmp_path / "dbt_target" / "catalog.json").exists()
    bronze = {uid: s for uid, s in manifest["sources"].items() if s["source_name"] == "bronze"}
    silver = [n for n in manifest["nodes"].values()
              if n["resource_type"] == "model" and (n["config"].get("meta") or {}).get("dataset")]
    assert len(silver) == len(bronze) > 60
    for node in silver:
        dataset = node["config"]["meta"]["dataset"]
        parents = [p for p in node["depends_on"]["nodes"] if p in bronze]
        assert parents == [f"source.sbfoundation.bronze.{bronze_source_table(dataset)}"], node["name"]
        assert bronze[parents[0]]["meta"]["dataset"] == dataset
        assert bronze[parents[0]]["description"].strip()


def test_a_model_reading_another_datasets_source_fails_to_compile(tmp_path):
    # a copy of the project, where income_statement names the balance sheets' source table
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    model = project / "models" / "silver" / "income_statement.sql"
    model.write_text(model.read_text().replace("source('bronze', 'income_statement')",
                                               "source('bronze', 'balance_sheet_statement')"))
    ws = make_workspace(tmp_path)
    ws.data_dir.mkdir()
    # from the session's parse of the project, as a developer's edit would be: dbt re-parses the
    # changed model (and checks every other file against the saved parse), not the whole copy
    seed_partial_parse(tmp_path / "dbt_target")
    env = dict(ws.env, SBF_DATA_DIR="data", DBT_PROJECT_DIR=str(project), DBT_PROFILES_DIR=str(project))
    proc = subprocess.run([str(BIN / "dbt"), "compile", "--select", "income_statement"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode != 0
    assert ("sets meta dataset income-statement but reads source bronze.balance_sheet_statement"
            in proc.stdout + proc.stderr), proc.stdout[-3000:]


# ---- the selection of a promotion ------------------------------------------------------------------

def _old_graph(manifest) -> dict:
    """The manifest walk `sbf run` used before its promotions were selected with source:bronze.<table>+
    (ingestion/dbt_runner.py _graph_info), kept as the oracle."""
    silver, gold, declared, standalone, tables = {}, [], {}, [], []
    for node in manifest.nodes.values():
        if node.resource_type.value != "model":
            continue
        meta = node.config.meta or {}
        if node.config.schema == "silver" and meta.get("dataset"):
            silver[meta["dataset"]] = node.name
        elif node.config.schema == "gold":
            gold.append(node.name)
            at_finish = (node.config.materialized == "view" or END_OF_RUN_TAG in (node.config.tags or [])
                         or any(p.startswith("snapshot.") for p in node.depends_on.nodes))
            if not at_finish:
                tables.append(node.name)
            declared[node.name] = list(meta.get("datasets") or {})
            if not declared[node.name] and not any(p.startswith("model.") for p in node.depends_on.nodes):
                standalone.append(node.name)
    return {"silver_model_of": silver, "gold_datasets": declared, "standalone": standalone, "tables": tables}


def _old_selection(graph, pending_silver, pending_gold, later, existing, silver, gold, standalone) -> list[str]:
    """pipeline._promote's selection as it was."""
    select = []
    if silver:
        select += [graph["silver_model_of"][d] for d in pending_silver]
        select += [m for m in graph["silver_model_of"].values() if m not in existing]
    if gold:
        pending = set(pending_gold) | set(pending_silver)
        for model, declared in graph["gold_datasets"].items():
            if pending & set(declared) and not later & set(declared):
                select.append(f"{model}+,resource_type:model")
        select += [m for m in graph["tables"] if m not in existing]
        if standalone:
            select += [f"+{name}" for name in graph["standalone"]]
    return sorted(set(select))


@pytest.fixture(scope="module")
def dbt(tmp_path_factory):
    root = tmp_path_factory.mktemp("selection")
    (root / "data").mkdir()
    target = root / "dbt_target"
    seed_partial_parse(target)
    with pytest.MonkeyPatch.context() as env:
        # DbtInvoker points dbt at the data dir through the environment; put it back afterwards.
        # The data dir as the e2e workspaces name it for dbt ("data", from their root): the profile
        # and the env vars are then those of the session's parse, and dbt re-uses it instead of
        # parsing the project again (`dbt ls` opens no database; the selection is the same).
        env.chdir(root)
        env.setenv("SBF_DATA_DIR", "data")
        env.setenv("DBT_TARGET_PATH", str(target))
        settings = dataclasses.replace(load_settings(dict(os.environ, SBF_DATA_DIR=str(root / "data"))),
                                       data_dir=Path("data"))
        invoker = DbtInvoker(settings)
        project = invoker.parse()
        yield invoker, project


def _built(invoker, select, exclude=()) -> set[str]:
    """The models and seeds a `dbt build` of a promotion (phase models) builds."""
    if not select:
        return set()
    return set(invoker.list_nodes(select=select, exclude=[*PER_CHUNK_EXCLUDE, *exclude], resource_types=["model", "seed"]))


TICKER_DATASETS = {"company-profile", "historical-price-eod-full", "income-statement", "dividends",
                   "technicals-historical-price-eod-dividend-adjusted"}
LISTS = ["stock-list", "cryptocurrency-list", "treasury-rates", "market-risk-premium", "market-sector-pe"]

# name: (pending silver, pending gold, later, all tables exist, silver, gold, standalone), models only new
PROMOTIONS = {
    "ticker chunk": (["historical-price-eod-full", "income-statement", "company-profile", "dividends"], [],
                     set(), True, True, True, False, set()),
    "global stage, ticker datasets to come": (LISTS, [], TICKER_DATASETS, True, True, True, True, set()),
    "first run's global stage": (LISTS, [], TICKER_DATASETS, False, True, True, True, set()),
    "gold only (--no-silver)": ([], ["income-statement", "company-profile"], set(), True, False, True, False, set()),
    "silver only (--no-gold)": (["income-statement", "stock-list"], [], set(), True, True, False, False, set()),
    # fct_daily_prices reads the crypto, forex and commodity lists (it leaves their symbols to their own
    # facts) without declaring them: lineage now rebuilds it (an incremental build of no new rows) and
    # what is built from it when those lists change; the declarations did not
    "instrument lists alone": (["cryptocurrency-list", "forex-list"], [], set(), True, True, True, False,
                               {"fct_daily_prices", "fct_price_features"}),
}


@pytest.mark.parametrize("name", list(PROMOTIONS))
def test_a_promotion_builds_what_the_manifest_walk_built(dbt, name):
    invoker, project = dbt
    pending_silver, pending_gold, later, exist, silver, gold, standalone, only_new = PROMOTIONS[name]
    every_table = set(invoker.list_nodes(select=["config.schema:silver", "config.schema:gold"]))
    existing = every_table if exist else set()

    selection, missing = promotion_selection(project, pending_silver, pending_gold, existing, silver, gold, standalone)
    waiting = invoker.list_nodes(select=waiting_selectors(later), exclude=missing) if gold and later else []
    new = _built(invoker, selection, waiting)
    old = _built(invoker, _old_selection(_old_graph(invoker._manifest), pending_silver, pending_gold, later,
                                         existing, silver, gold, standalone))

    assert old, "the oracle selected nothing: the scenario tests nothing"
    assert (new - old, old - new) == (only_new, set())
    # the new selection is written in dbt's syntax, from the datasets' sources
    for dataset in pending_silver:
        assert any(s.startswith(f"source:bronze.{bronze_source_table(dataset)}+") for s in selection)

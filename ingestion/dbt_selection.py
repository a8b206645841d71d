"""What `sbf run` asks dbt to build, in dbt's own selector syntax.

Bronze is the dbt source `bronze`, one table per catalogue dataset (generated from the catalogue:
ingestion/codegen/bronze_sources.py), and every silver model reads its dataset's table. So "what a
dataset's new files touch" is `source:bronze.<table>+`: its silver model and everything built from
it, which dbt resolves from the graph; nothing here walks the manifest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BRONZE_SOURCE = "bronze"
#: dbt tag of the models `sbf run` builds once, after the last chunk, instead of per chunk: those that
#: compare all companies at once, so a rebuild per chunk would redo the whole table for nothing.
END_OF_RUN_TAG = "end_of_run"
#: what a promotion never builds: views need no rebuild when data arrives, snapshots record the state
#: at the end of a run (a run fetches each identity once), and `end_of_run` models compare all
#: companies at once (the moat score); all wait for the end of the run, with what is built from them
PER_CHUNK_EXCLUDE = ("config.materialized:view", "resource_type:snapshot+", f"tag:{END_OF_RUN_TAG}+")
#: what the end of the run builds below the roots of what the run loaded (the complement of PER_CHUNK_EXCLUDE)
FINISH_KINDS = ("resource_type:snapshot+", "config.materialized:view", f"tag:{END_OF_RUN_TAG}+")

#: the pipeline's ledger (dbt source `ops`, written by the ingestor and the stamps)
OPS_SOURCE = "ops"
#: dbt tag of the tests that check the whole ledger (unique file ids, the gold stamps' consistency):
#: every promotion stamps the ledger, so they run once, at the end of a run
LEDGER_TAG = "ledger"
#: The tests a promotion leaves to the run's first promotion and to the end of the run, because they
#: read a whole table (or the ledger) whatever the promotion loaded: a table's relationships can break
#: where nothing changed (a dim lost a key), has_ingestion_rows reconciles the ledger, and so on.
#: Every other data test reads, under var sbf_tested_since, only what the rows loaded since can break
#: (macros/get_where_subquery.sql): a row-level test those rows, a uniqueness test over the unique_key
#: those rows too, one over other columns the stored rows sharing a new row's values. So uniqueness
#: runs in every promotion, behind the fetching: left to the end of a run from empty, it read every
#: row the run loaded after the last fetch (5.8 s of a 5,000-ticker run's tail).
#: tests/unit/test_dbt_selection.py checks that every generic test of the project is on one list or
#: the other.
WHOLE_TABLE_TESTS = tuple(f"test_name:{name}" for name in (
    "relationships", "has_ingestion_rows", "agrees_with_silver",
    "figure_equals", "history_is_contiguous", "latest_files_without_drift",
)) + ("test_type:singular",)


def bronze_source_table(dataset: str) -> str:
    """The table of source `bronze` for a catalogue dataset: its name in snake_case
    (income-statement -> income_statement); the dataset's discriminators are files of the same table."""
    return dataset.replace("-", "_")


def bronze_selector(dataset: str) -> str:
    """dbt's selector of a dataset's bronze source table."""
    return f"source:{BRONZE_SOURCE}.{bronze_source_table(dataset)}"


#: gold models (not the silver tables, nor the snapshots, whose schema is `snapshots`)
GOLD = "config.schema:gold"
#: YAML selectors of dbt_project/selectors.yml that `sbf run` lists once per parse
SILVER_FROM_BRONZE = "silver_from_bronze"
GOLD_PER_CHUNK = "gold_per_chunk"
GOLD_WITHOUT_BRONZE = "gold_without_bronze"
AT_END_OF_RUN = "at_end_of_run"


@dataclass(frozen=True)
class ProjectNodes:
    """What `sbf run` needs to know of the dbt project, listed with dbt's own selectors
    (dbt_project/selectors.yml) once per parse."""

    bronze_tables: frozenset[str]  # the tables of source bronze (one per catalogue dataset)
    silver_models: list[str]  # selector silver_from_bronze
    gold_per_chunk: list[str]  # selector gold_per_chunk
    gold_without_bronze: list[str]  # selector gold_without_bronze
    at_end_of_run: list[str]  # selector at_end_of_run (models and snapshots)


def promotion_selection(project: ProjectNodes, pending_silver: list[str], pending_gold: list[str],
                        existing: set[str], silver: bool, gold: bool, standalone: bool) -> tuple[list[str], list[str]]:
    """The selectors of one promotion, and the models among them that do not exist yet.
    (The roots the end of the run builds below are those of `loaded_roots`.)

    What the datasets' new rows touch (dataset_selectors), plus every silver model and per-chunk gold
    table not built yet (`existing`: the tables and views of schemas silver and gold): a model needs
    all its parents to exist, even those with nothing to load, so e.g. the moat can read the risk
    premiums of a run that fetched none. With `standalone` (once per run) the gold built from no
    dataset (dim_date) and its seeds."""
    select = dataset_selectors(pending_silver if silver else [], pending_gold, gold)
    missing: list[str] = []
    if silver:
        missing += [m for m in project.silver_models if m not in existing]
    if gold:
        missing += [m for m in project.gold_per_chunk if m not in existing]
        if standalone:
            select += [f"+{name}" for name in project.gold_without_bronze]
    return sorted(set(select + missing)), missing


def dataset_selectors(pending_silver: list[str], pending_gold: list[str], gold: bool) -> list[str]:
    """The selectors of what a promotion's datasets touch.

    pending_silver: datasets with bronze files silver has not loaded (empty when silver is off);
    pending_gold: datasets whose silver rows gold has not consumed (ignored when gold is off).
    A dataset with new files selects its silver model and, with gold, everything built from it
    (`source:bronze.x+`; views, snapshots and end_of_run models wait for the end of the run, see
    DbtInvoker.build); one whose files silver already loaded selects only the gold part."""
    select = [f"{bronze_selector(d)}+" if gold else f"{bronze_selector(d)}+1" for d in sorted(set(pending_silver))]
    if gold:
        select += [f"{bronze_selector(d)}+,{GOLD}" for d in sorted(set(pending_gold) - set(pending_silver))]
    return select


def loaded_roots(project: ProjectNodes, pending_silver: list[str], pending_gold: list[str], silver: bool,
                 gold: bool, standalone: bool) -> set[str]:
    """Where what a promotion loads enters the graph: the bronze tables of its datasets and the gold
    built from no dataset (dim_date). The end of the run builds the views, snapshots and end_of_run
    models below these (finish_selection); the models a promotion creates only because they did
    not exist hold no new rows, so what hangs below them is built only if it does not exist."""
    roots = {root_of(selector) for selector in dataset_selectors(pending_silver if silver else [], pending_gold, gold)}
    if gold and standalone:
        roots.update(project.gold_without_bronze)
    return roots


def finish_selection(project: ProjectNodes, roots: set[str], existing: set[str]) -> list[str]:
    """The end of the run's selectors: the views, snapshots and end_of_run models below the roots of
    what the run loaded, and those that do not exist yet (`existing`: tables and views of schemas
    silver, gold and snapshots). A few selectors per root, not per model: dbt's cost of resolving a
    selection grows with the number of selectors."""
    select = [f"{root}+,{kind}" for root in sorted(roots) for kind in FINISH_KINDS]
    return select + [name for name in project.at_end_of_run if name not in existing]


def untested(tests: dict[str, set[str]], built: dict[str, int], passed: dict[str, int]) -> list[str]:
    """The tests (unique ids) no promotion has passed since the last build of a node each reads.

    `tests`: test -> the nodes it reads; `built`: node -> the number of the last promotion that built
    it; `passed`: test -> the number of the last promotion in which it passed."""
    return sorted(test for test, parents in tests.items()
                  if passed.get(test, -1) < max((built.get(parent, 0) for parent in parents), default=0))


def waiting_selectors(later: set[str]) -> list[str]:
    """What waits for datasets still to be fetched later in this run: everything built from them
    (dim_instrument waits for the company profiles of the ticker chunks)."""
    return [f"{bronze_selector(d)}+" for d in sorted(later)]


def root_of(selector: str) -> str:
    """The node or source a selector starts from: `source:bronze.x+,config.schema:gold` -> `source:bronze.x`,
    `+dim_date` -> `dim_date`. The end of the run builds the views, snapshots and end_of_run models below it."""
    return re.sub(r"^\d*\+|\+\d*$", "", selector.split(",")[0])

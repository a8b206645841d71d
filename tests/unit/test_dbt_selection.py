"""The selectors of a promotion, as strings in dbt's syntax (what dbt resolves them to is checked
against the real project in tests/e2e/test_dbt_selection.py)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingestion.dbt_selection import (
    WHOLE_TABLE_TESTS,
    ProjectNodes,
    dataset_selectors,
    finish_selection,
    loaded_roots,
    promotion_selection,
    root_of,
    untested,
    waiting_selectors,
)

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"

PROJECT = ProjectNodes(
    bronze_tables=frozenset({"income_statement", "stock_list"}),
    silver_models=["income_statement", "stock_list"],
    gold_per_chunk=["dim_date", "dim_instrument", "fct_fundamentals_annual"],
    gold_without_bronze=["dim_date"],
    at_end_of_run=["dim_company", "fct_moat_annual", "snap_instrument"],
)


def test_new_files_select_the_source_and_everything_below_it():
    assert dataset_selectors(["income-statement", "stock-list"], [], gold=True) == [
        "source:bronze.income_statement+", "source:bronze.stock_list+"]


def test_without_gold_only_the_silver_model_below_the_source():
    assert dataset_selectors(["income-statement"], ["stock-list"], gold=False) == ["source:bronze.income_statement+1"]


def test_silver_already_loaded_selects_only_the_gold_below():
    assert dataset_selectors(["stock-list"], ["income-statement", "stock-list"], gold=True) == [
        "source:bronze.stock_list+", "source:bronze.income_statement+,config.schema:gold"]


def test_missing_models_and_standalone_gold_are_added():
    existing = {"income_statement", "dim_instrument"}
    selection, missing = promotion_selection(PROJECT, ["income-statement"], [], existing, silver=True, gold=True,
                                             standalone=True)
    assert missing == ["stock_list", "dim_date", "fct_fundamentals_annual"]
    assert selection == sorted(["source:bronze.income_statement+", "stock_list", "dim_date", "fct_fundamentals_annual",
                                "+dim_date"])
    selection, missing = promotion_selection(PROJECT, ["income-statement"], [], existing, silver=True, gold=False,
                                             standalone=True)
    assert (selection, missing) == (["source:bronze.income_statement+1", "stock_list"], ["stock_list"])


def test_waiting_and_roots():
    assert waiting_selectors({"company-profile"}) == ["source:bronze.company_profile+"]
    assert root_of("source:bronze.fred_dgs10+,config.schema:gold") == "source:bronze.fred_dgs10"
    assert root_of("source:bronze.fred_dgs10+1") == "source:bronze.fred_dgs10"
    assert root_of("source:bronze.fred_dgs10+") == "source:bronze.fred_dgs10"
    assert root_of("+dim_date") == "dim_date"
    assert root_of("dim_instrument") == "dim_instrument"


def test_the_end_of_the_run_builds_below_what_was_loaded_and_what_does_not_exist():
    roots = loaded_roots(PROJECT, ["income-statement"], ["stock-list"], silver=True, gold=True, standalone=True)
    assert roots == {"source:bronze.income_statement", "source:bronze.stock_list", "dim_date"}
    # created only because they did not exist (no new rows): not roots
    assert loaded_roots(PROJECT, [], [], silver=True, gold=True, standalone=False) == set()
    select = finish_selection(PROJECT, {"source:bronze.stock_list"}, existing={"dim_company", "snap_instrument"})
    assert select == ["source:bronze.stock_list+,resource_type:snapshot+",
                      "source:bronze.stock_list+,config.materialized:view",
                      "source:bronze.stock_list+,tag:end_of_run+",
                      "fct_moat_annual"]
    assert finish_selection(PROJECT, {"dim_date"}, existing=set(PROJECT.at_end_of_run)) == [
        "dim_date+,resource_type:snapshot+", "dim_date+,config.materialized:view", "dim_date+,tag:end_of_run+"]


def test_the_end_of_the_run_tests_what_changed_since_it_was_last_tested():
    tests = {
        "test.p.not_null_fct_daily_prices_symbol": {"model.p.fct_daily_prices"},
        "test.p.relationships_fct_daily_prices_symbol": {"model.p.fct_daily_prices", "model.p.dim_instrument"},
        "test.p.not_null_dim_instrument_symbol": {"model.p.dim_instrument"},
        "test.p.source_unique_ops_file_ingestions_file_id": set(),
    }
    built = {"model.p.dim_instrument": 1, "model.p.fct_daily_prices": 3}
    passed = {"test.p.not_null_fct_daily_prices_symbol": 3,  # after the last build of its model
              "test.p.relationships_fct_daily_prices_symbol": 1,  # before fct_daily_prices changed
              "test.p.not_null_dim_instrument_symbol": 1}
    assert untested(tests, built, passed) == ["test.p.relationships_fct_daily_prices_symbol",
                                              "test.p.source_unique_ops_file_ingestions_file_id"]
    assert untested(tests, built, {}) == sorted(tests)


def _scoped_test_names() -> set[str]:
    """The generic tests macros/get_where_subquery.sql scopes to the new rows (its two lists)."""
    macro = (DBT_PROJECT / "macros" / "get_where_subquery.sql").read_text()
    names: set[str] = set()
    for variable in ("row_tests", "key_tests"):
        listed = re.search(r"set " + variable + r" = \[(.*?)\]", macro, re.S)
        assert listed, f"macros/get_where_subquery.sql: no list {variable}"
        names |= set(re.findall(r"'(\w+)'", listed.group(1)))
    return names


def _generic_test_names() -> set[str]:
    """Every generic test the project's YAML applies (built-in or its own)."""
    names: set[str] = set()

    def visit(entries):
        for entry in entries or []:
            names.add(entry if isinstance(entry, str) else next(iter(entry)))

    for path in (DBT_PROJECT / "models").rglob("*.yml"):
        document = yaml.safe_load(path.read_text()) or {}
        for node in document.get("models", []) + document.get("snapshots", []) + document.get("seeds", []):
            visit(node.get("data_tests"))
            for column in node.get("columns") or []:
                visit(column.get("data_tests"))
        for source in document.get("sources", []):
            for table in source.get("tables") or []:
                visit(table.get("data_tests"))
                for column in table.get("columns") or []:
                    visit(column.get("data_tests"))
    return {name.split(".")[-1] for name in names}


def test_every_generic_test_is_either_scoped_to_new_rows_or_left_to_whole_table_runs():
    """A promotion runs the scoped tests of what it builds (row-level and uniqueness) and leaves the others
    to the run's first promotion and its end (WHOLE_TABLE_TESTS): a new generic test must be put on one
    side."""
    whole = {selector.split(":", 1)[1] for selector in WHOLE_TABLE_TESTS if selector.startswith("test_name:")}
    scoped = _scoped_test_names()
    used = _generic_test_names()
    assert used, "no generic test found in the project's YAML"
    assert sorted(used - whole - scoped) == [], "generic tests on neither list (dbt_selection.WHOLE_TABLE_TESTS)"
    assert sorted(whole & scoped) == [], "generic tests on both lists"

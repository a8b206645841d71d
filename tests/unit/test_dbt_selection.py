"""The selectors of a promotion, as strings in dbt's syntax (what dbt resolves them to is checked
against the real project in tests/e2e/test_dbt_selection.py)."""

from __future__ import annotations

from ingestion.dbt_selection import (
    ProjectNodes,
    dataset_selectors,
    promotion_selection,
    root_of,
    waiting_selectors,
)

PROJECT = ProjectNodes(
    bronze_tables=frozenset({"income_statement", "stock_list"}),
    silver_models=["income_statement", "stock_list"],
    gold_per_chunk=["dim_date", "dim_instrument", "fct_fundamentals_annual"],
    gold_without_bronze=["dim_date"],
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

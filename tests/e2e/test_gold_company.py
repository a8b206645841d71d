"""Gold for the company side datasets end to end: growth series, TTM metrics and scores, owner earnings,
enterprise values, revenue segments, statement filings, employees, executives and their pay, peers, notes
and ETF holdings, from the demo API through bronze and silver into gold, over two days.

Day 1 (the trading day before day 2, `sbf run --as-of`): three companies (AAPL, JPM, MSFT) and two
ETFs (SPY, QQQ), then `dbt build` of the twelve models. Day 2 (the last trading day up to today): the
TTM key metrics, the scores (both move with the price) and the enterprise values (the same figures
again) are fetched again, the TTM ratios are not, and the ETF holdings a week later (their cadence);
then an incremental `dbt build`. Expected values are read from the bronze files or silver here, in
Python.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import duckdb
import pytest

from sbf_calendar import last_trading_day_on_or_before

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

COMPANIES = "AAPL,JPM,MSFT"
ETFS = "SPY,QQQ"
#: The two days' runs: the last two trading days up to today. The demo dates an ETF's holdings and the
#: TTM figures by the session they are as of, so a run on a weekend or a holiday answers what the
#: session before it did: two calendar days in a row would be one session on Saturdays and Sundays.
DAY_2 = last_trading_day_on_or_before(date.today())
DAY_1 = last_trading_day_on_or_before(DAY_2 - timedelta(days=1))
#: dataset -> the gold table that stamps its files
GOLD = {
    "income-statement-growth": "fct_financial_growth",
    "balance-sheet-statement-growth": "fct_financial_growth",
    "cashflow-statement-growth": "fct_financial_growth",
    "financial-statement-growth": "fct_financial_growth",
    "key-metrics-ttm": "fct_ttm_metrics",
    "ratios-ttm": "fct_ttm_metrics",
    "financial-scores": "fct_ttm_metrics",
    "owner-earnings": "fct_owner_earnings",
    "enterprise-values": "fct_enterprise_values",
    "revenue-product-segmentation": "fct_revenue_segments",
    "revenue-geographic-segmentation": "fct_revenue_segments",
    "latest-financial-statements": "fct_statement_filings",
    "company-employees": "fct_company_employees",
    "company-compensation": "fct_executive_compensation",
    "company-officers": "fct_company_officers",
    "company-peers": "bridge_company_peers",
    "company-notes": "dim_company_notes",
    "etf-holdings": "bridge_etf_holdings",
}
MODELS = sorted(set(GOLD.values()))
COMPANY_DATASETS = ",".join(d for d in GOLD if d != "etf-holdings")
#: refetched on day 2: the ratios are not (as when their request failed or was deferred), the enterprise
#: values answer the same figures again
DAILY = "key-metrics-ttm,financial-scores,enterprise-values"
BUILD = ["build", "--select", *(f"+{m}" for m in MODELS), "--indirect-selection", "cautious"]


def _fetch(ws: Workspace, day: date, tickers: str, datasets: str) -> None:
    ws.sbf("run", "--no-silver", "--no-gold", "--as-of", day.isoformat(), "--tickers", tickers, "--datasets", datasets)


def _loaded_at(ws: Workspace) -> dict[str, dict[tuple, object]]:
    """Per model: each row's values -> its gold_loaded_at (None for the wide fact, which has none)."""
    out = {}
    for model in MODELS:
        if model == "fct_financial_growth":
            out[model] = {row: None for row in ws.query(f"select * from gold.{model}")}
            continue
        result = ws.query(f"select * exclude (gold_loaded_at), gold_loaded_at from gold.{model}")
        out[model] = {tuple(row[:-1]): row[-1] for row in result}
    return out


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("company"))
    _fetch(ws, DAY_1, COMPANIES, COMPANY_DATASETS)
    _fetch(ws, DAY_1, ETFS, "etf-holdings")
    first = ws.dbt(*BUILD)
    before = _loaded_at(ws)
    # Day 2: the daily datasets are due again; the ETF holdings were last fetched a week ago.
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update ops.file_ingestions set as_of_date = as_of_date - 7 where dataset = 'etf-holdings'")
    finally:
        con.close()
    _fetch(ws, DAY_2, COMPANIES, DAILY)
    _fetch(ws, DAY_2, ETFS, "etf-holdings")
    second = ws.dbt(*BUILD)
    return {"ws": ws, "builds": [first, second], "before": before}


def bronze_files(ws: Workspace, dataset: str) -> list[tuple[str, date, str, list[dict]]]:
    """(file_id, as_of_date, ticker, payload) of the promotable files of a dataset, oldest first."""
    rows = ws.query("select file_id, as_of_date, ticker, bronze_filename from ops.file_ingestions "
                    "where dataset = ? and bronze_can_promote order by file_id", [dataset])
    return [(f, d, t, json.loads((ws.data_dir / name).read_text())["payload"]) for f, d, t, name in rows]


def as_dicts(ws: Workspace, sql: str) -> list[dict]:
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        result = con.execute(sql)
        names = [d[0] for d in result.description]
        return [dict(zip(names, row)) for row in result.fetchall()]
    finally:
        con.close()


# ------------------------------------------------------------------------------------ every dataset


def test_builds_pass_without_warnings(company):
    for build in company["builds"]:
        assert "ERROR=0" in build.stdout and "WARN=0" in build.stdout, build.stdout[-3000:]
        for test in ("has_ingestion_rows_fct_ttm_metrics", "agrees_with_silver_fct_revenue_segments",
                     "agrees_with_silver_bridge_etf_holdings"):
            assert any(test in line and "PASS" in line for line in build.stdout.splitlines()), test


@pytest.mark.parametrize("dataset", sorted(GOLD))
def test_every_promotable_file_is_stamped_by_its_gold_model(company, dataset):
    ws = company["ws"]
    stamps = ws.query("select gold_tablename, gold_object_type, count(*), count(*) filter (where gold_ingest_end_time "
                      "< silver_ingest_end_time) from ops.file_ingestions where dataset = ? and bronze_can_promote "
                      "group by all", [dataset])
    kind = "dim" if GOLD[dataset].startswith(("dim_", "bridge_")) else "fact"
    assert len(stamps) == 1 and stamps[0][:2] == (f"gold.{GOLD[dataset]}", kind) and stamps[0][3] == 0, stamps
    assert stamps[0][2] >= (1 if dataset == "latest-financial-statements" else 2), stamps  # a file per ticker


def test_both_days_were_fetched(company):
    ws = company["ws"]
    days = dict(ws.query("select dataset, count(distinct as_of_date) from ops.file_ingestions "
                         "where bronze_can_promote group by dataset"))
    assert {d for d, n in days.items() if n == 2} == set(DAILY.split(",")) | {"etf-holdings"}


# ------------------------------------------------------------------------------- figures vs silver


def test_growth_rates_are_silver_growth_rows_at_the_fundamentals_grain(company):
    ws = company["ws"]
    gold = {(r["symbol"], r["fiscal_year"], r["period"]): r for r in as_dicts(ws, "select * from gold.fct_financial_growth")}
    checked = 0
    for table, gold_column, silver_column in [
        ("income_statement_growth", "growth_revenue", "growth_revenue"),
        ("balance_sheet_statement_growth", "balance_sheet_growth_inventory", "growth_inventory"),
        ("cashflow_statement_growth", "cash_flow_growth_net_income", "growth_net_income"),
        ("financial_statement_growth", "ten_y_revenue_growth_per_share", "ten_y_revenue_growth_per_share"),
    ]:
        for symbol, fiscal_year, period, value in ws.query(
                f"select symbol, fiscal_year, period, {silver_column} from silver.{table}"):
            assert gold[(symbol, fiscal_year, period)][gold_column] == value, (table, symbol, fiscal_year, period)
            checked += 1
    assert {p for _, _, p in gold} == {"FY", "Q1", "Q2", "Q3", "Q4"} and checked == 4 * len(gold)


def test_ttm_metrics_keep_each_days_figures_and_carry_unchanged_ones_forward(company):
    ws = company["ws"]
    rows = {(r["symbol"], r["as_of_date"]): r for r in as_dicts(ws, "select * from gold.fct_ttm_metrics")}
    assert set(rows) == {(s, d) for s in COMPANIES.split(",") for d in (DAY_1, DAY_2)}
    for file_id, day, ticker, payload in bronze_files(ws, "key-metrics-ttm"):
        (bronze,) = payload
        row = rows[(ticker, day)]
        assert row["key_metrics_ttm_file_id"] == file_id
        assert row["market_cap"] == bronze["marketCap"] and row["ev_to_ebitda_ttm"] == bronze["evToEBITDATTM"]
    for file_id, day, ticker, payload in bronze_files(ws, "financial-scores"):
        (bronze,) = payload
        assert rows[(ticker, day)]["altman_z_score"] == bronze["altmanZScore"]
        assert rows[(ticker, day)]["scores_market_cap"] == bronze["marketCap"]
    # no ratios were fetched on day 2: the day-2 row carries day 1's, with day 1's file as lineage
    ratios = {t: (f, p[0]) for f, d, t, p in bronze_files(ws, "ratios-ttm") if d == DAY_1}
    assert len(ratios) == 3 == len(bronze_files(ws, "ratios-ttm"))
    for symbol in COMPANIES.split(","):
        day_1_file, day_1_ratios = ratios[symbol]
        for day in (DAY_1, DAY_2):
            assert rows[(symbol, day)]["ratios_ttm_file_id"] == day_1_file
            assert rows[(symbol, day)]["ratios_current_ratio_ttm"] == day_1_ratios["currentRatioTTM"]
        assert rows[(symbol, DAY_1)]["market_cap"] != rows[(symbol, DAY_2)]["market_cap"]


def test_revenue_segments_are_silver_with_shares_adding_up(company):
    ws = company["ws"]
    gold = {(r["symbol"], r["date"], r["segment_type"], r["segment"]): r
            for r in as_dicts(ws, "select * from gold.fct_revenue_segments")}
    expected = {}
    for table, kind in [("revenue_product_segmentation", "product"), ("revenue_geographic_segmentation", "geography")]:
        for symbol, day, segment, revenue in ws.query(f"select symbol, date, segment, revenue from silver.{table}"):
            expected[(symbol, day, kind, segment)] = revenue
    assert set(gold) == set(expected) and {k[2] for k in gold} == {"product", "geography"}
    totals: dict[tuple, float] = {}
    for key, row in gold.items():
        assert row["revenue"] == expected[key], key
        totals[key[:3]] = totals.get(key[:3], 0.0) + row["revenue_share"]
    assert all(math.isclose(total, 1.0) for total in totals.values()), totals


def test_etf_holdings_bridge_has_each_holdings_date_with_bronze_weights(company):
    ws = company["ws"]
    gold = {(r["etf_symbol"], r["holding_symbol"], r["as_of_date"]): r
            for r in as_dicts(ws, "select * from gold.bridge_etf_holdings")}
    expected = {}
    for _, _, _, payload in bronze_files(ws, "etf-holdings"):
        for holding in payload:
            expected[(holding["symbol"], holding["asset"], date.fromisoformat(holding["updatedAt"][:10]))] = holding
    assert set(gold) == set(expected)
    assert {d for _, _, d in gold} == {DAY_1, DAY_2} and {e for e, _, _ in gold} == set(ETFS.split(","))
    for key, holding in expected.items():
        assert gold[key]["weight_percentage"] == holding["weightPercentage"], key
        assert gold[key]["weight"] == pytest.approx(holding["weightPercentage"] / 100)
        assert gold[key]["shares"] == holding["sharesNumber"], key


def test_company_facts_and_bridges_are_their_silver_rows(company):
    ws = company["ws"]
    pairs = [
        ("fct_owner_earnings", "symbol, date, owners_earnings", "owner_earnings", "symbol, date, owners_earnings"),
        ("fct_enterprise_values", "symbol, date, enterprise_value", "enterprise_values", "symbol, date, enterprise_value"),
        ("fct_statement_filings", "symbol, date, period, added_at", "latest_financial_statements",
         "symbol, date, period, date_added"),
        ("fct_company_employees", "symbol, period_of_report, employee_count", "company_employees",
         "symbol, period_of_report, employee_count"),
        ("fct_executive_compensation", "symbol, year, name_and_position, total", "company_compensation",
         "symbol, year, name_and_position, total"),
        ("fct_company_officers", "symbol, name, title, pay", "company_officers", "symbol, name, title, pay"),
        ("bridge_company_peers", "symbol, peer_symbol", "company_peers", "symbol, peer"),
        ("dim_company_notes", "symbol, title, exchange", "company_notes", "symbol, title, exchange"),
    ]
    for model, gold_columns, silver, silver_columns in pairs:
        gold_rows = sorted(ws.query(f"select {gold_columns} from gold.{model}"))
        assert gold_rows and gold_rows == sorted(ws.query(f"select {silver_columns} from silver.{silver}")), model
    for model in ("dim_company_notes", "bridge_company_peers", "fct_company_officers", "fct_company_employees"):
        assert {s for (s,) in ws.query(f"select distinct symbol from gold.{model}")} == set(COMPANIES.split(",")), model


# ---------------------------------------------------------------------------------- the increment


def test_the_second_build_only_added_the_new_days_rows(company):
    ws, before = company["ws"], company["before"]
    after = _loaded_at(ws)
    for model in MODELS:
        kept = {key: at for key, at in after[model].items() if key in before[model]}
        # every row of day 1 is still there, unchanged, with the load time of the first build
        assert kept == before[model], model
        new = set(after[model]) - set(before[model])
        if model == "fct_ttm_metrics":
            assert {key[1] for key in new} == {DAY_2} and len(new) == 3, model
        elif model == "bridge_etf_holdings":
            assert {key[2] for key in new} == {DAY_2} and new, model
        else:
            assert new == set(), model  # nothing of it fetched on day 2, or the same figures again


def test_full_refresh_keeps_the_ttm_history(company):
    ws = company["ws"]
    rows = ws.query("select * from gold.fct_ttm_metrics order by all")
    ws.dbt("run", "--select", "fct_ttm_metrics", "--full-refresh")
    assert ws.query("select * exclude (gold_loaded_at) from gold.fct_ttm_metrics order by all") == [
        r[:-1] for r in rows]
    assert ws.scalar("select count(distinct as_of_date) from gold.fct_ttm_metrics") == 2

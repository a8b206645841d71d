"""The wide fundamentals facts end to end: bronze statements -> silver -> one gold row per period.

Three tickers (AAPL, JPM: a bank, MSFT) fetched from the demo API: their per-ticker income statements,
balance sheets, key metrics and ratios, plus every bulk statement CSV (the whole demo universe, the
run year only). The cash flows come later: AAPL's and JPM's in a second ingest before the first
build, MSFT's only after it, so MSFT's periods first have no cash flow and then gain one. Between the
two builds FMP also "restates" AAPL's latest annual balance sheet and JPM's latest quarterly income
statement (newer bronze files, made as the fetcher makes them).

The expected facts are computed here from the bronze files alone, with plain Python: silver's rule
(per key the latest version that changed something) and the facts' rule (per statement and period
the latest file wins, per-ticker and bulk alike; a name shared by two statements is bare in the first
and prefixed in the others). Nothing is shared with the SQL.
"""

from __future__ import annotations

import json
import math
import re
import time
from datetime import date, datetime

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings

from .conftest import Workspace, make_workspace, restate_latest_file

pytestmark = pytest.mark.e2e

TICKERS = "AAPL,JPM,MSFT"
BULK = ("income-statement-bulk-annual,balance-sheet-bulk-annual,cashflow-bulk-annual,income-statement-bulk-quarter,"
        "balance-sheet-bulk-quarter,cashflow-bulk-quarter,key-metrics-bulk-annual,key-metrics-bulk-quarter,"
        "ratios-bulk-annual")
FIRST = "income-statement,balance-sheet-statement,key-metrics,metric-ratios," + BULK
MODELS = ["fct_fundamentals_annual", "fct_fundamentals_quarterly", "fct_key_metrics"]
BUILD = ["build", "--select", *(f"+{m}" for m in MODELS), "--indirect-selection", "cautious"]
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
HEADER = ("symbol", "date", "period", "fiscalYear", "reportedCurrency", "cik", "filingDate", "acceptedDate")
GOODWILL_DELTA = 1_000_000

# (lineage name, prefix, [(dataset, kind)]); kind: ticker = per-ticker (every period), annual / quarter = bulk
FUNDAMENTALS = [
    ("income", "", [("income-statement", "ticker"), ("income-statement-bulk-annual", "annual"),
                    ("income-statement-bulk-quarter", "quarter")]),
    ("balance_sheet", "balance_sheet_", [("balance-sheet-statement", "ticker"), ("balance-sheet-bulk-annual", "annual"),
                                         ("balance-sheet-bulk-quarter", "quarter")]),
    ("cash_flow", "cash_flow_", [("cashflow-statement", "ticker"), ("cashflow-bulk-annual", "annual"),
                                 ("cashflow-bulk-quarter", "quarter")]),
]
KEY_METRICS = [
    ("key_metrics", "", [("key-metrics", "ticker"), ("key-metrics-bulk-annual", "annual"),
                         ("key-metrics-bulk-quarter", "quarter")]),
    ("ratios", "ratios_", [("metric-ratios", "ticker"), ("ratios-bulk-annual", "annual")]),
]
# silver's one rename that is not plain camelCase -> snake_case (FMP's typo)
RENAMED = {"researchAndDevelopementToRevenue": "research_and_development_to_revenue", "acceptedDate": "accepted_at"}


def snake(field: str) -> str:
    return RENAMED.get(field) or re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", field).lower()


# ------------------------------------------------------------------------------------ bronze side

def bronze_rows(ws: Workspace, dataset: str) -> list[tuple[datetime, str, dict]]:
    """(requested_at, file_id, row) of every row of every promotable file of a dataset, oldest file first."""
    out = []
    for (filename,) in ws.query("select bronze_filename from ops.file_ingestions "
                                "where dataset = ? and bronze_can_promote", [dataset]):
        document = json.loads((ws.data_dir / filename).read_text())
        envelope = document["envelope"]
        requested = datetime.fromisoformat(envelope["requested_at"])
        out += [(requested, envelope["file_id"], row) for row in document["payload"]]
    return sorted(out, key=lambda r: (r[0], r[1]))


def silver_versions(ws: Workspace, dataset: str, kind: str) -> list[tuple[datetime, str, dict]]:
    """What silver keeps of a dataset: per key, the latest version that changed something, with the
    file (and request time) that first carried that version."""
    current: dict[tuple, tuple[datetime, str, dict]] = {}
    for requested, file_id, row in bronze_rows(ws, dataset):
        key = (row["symbol"], row["date"], row["period"]) if kind == "ticker" else (
            (row["symbol"], str(row["fiscalYear"])) if kind == "annual" else (row["symbol"], str(row["fiscalYear"]), row["period"]))
        if key not in current or current[key][2] != row:
            current[key] = (requested, file_id, row)
    return list(current.values())


def expected_facts(ws: Workspace, parts, periods) -> tuple[dict[tuple, dict], dict[str, str]]:
    """The expected wide rows by (symbol, fiscal_year, period), and the expected name of every field."""
    chosen: dict[str, dict[tuple, tuple]] = {}
    fields: dict[str, list[str]] = {}
    for name, _, sources in parts:
        best: dict[tuple, tuple] = {}
        for dataset, kind in sources:
            for requested, file_id, row in silver_versions(ws, dataset, kind):
                period = "FY" if kind == "annual" else row["period"]
                if period not in periods or row.get("fiscalYear") in (None, ""):
                    continue
                key = (row["symbol"], int(row["fiscalYear"]), period)
                if key not in best or (requested, file_id) > best[key][:2]:
                    best[key] = (requested, file_id, row)
                fields.setdefault(name, [])
                fields[name] += [f for f in row if f not in HEADER and f not in fields[name]]
        chosen[name] = best
    counts: dict[str, int] = {}
    for name in fields:
        for f in fields[name]:
            counts[f] = counts.get(f, 0) + 1
    column_of = {}
    for index, (name, prefix, _) in enumerate(parts):
        for f in fields.get(name, []):
            column_of[f"{name}.{f}"] = snake(f) if index == 0 or counts[f] == 1 else prefix + snake(f)
    rows: dict[tuple, dict] = {}
    for key in sorted({k for best in chosen.values() for k in best}):
        row: dict = {}
        for name, _, _ in parts:  # each header field from the first statement that has a value for it
            if key in chosen[name]:
                values = chosen[name][key][2]
                for f in HEADER[1:]:
                    if f in values and f not in ("period", "fiscalYear") and row.get(snake(f)) in (None, "", "null"):
                        row[snake(f)] = values[f]
        for name, _, _ in parts:
            if key in chosen[name]:
                _, file_id, values = chosen[name][key]
                row.update({column_of[f"{name}.{f}"]: v for f, v in values.items() if f not in HEADER})
                row[f"{name}_file_id"] = file_id
            else:
                row[f"{name}_file_id"] = None
        rows[key] = row
    return rows, column_of


def same(gold, raw) -> bool:
    if raw is None or raw == "" or raw == "null":
        return gold is None
    if gold is None:
        return False
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        return math.isclose(float(gold), float(raw), rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(gold, (date, datetime)):
        return str(gold) == str(raw)
    return gold == raw


def gold_rows(ws: Workspace, model: str) -> dict[tuple, dict]:
    con = duckdb.connect(str(ws.warehouse), read_only=True)
    try:
        cur = con.execute(f"select * from gold.{model}")
        names = [d[0] for d in cur.description]
        return {(r["symbol"], r["fiscal_year"], r["period"]): r for r in (dict(zip(names, t)) for t in cur.fetchall())}
    finally:
        con.close()


def assert_rows_match(ws: Workspace, model: str, parts, periods) -> dict[tuple, dict]:
    expected, column_of = expected_facts(ws, parts, periods)
    got = gold_rows(ws, model)
    assert set(got) == set(expected) and expected, (model, set(got) ^ set(expected))
    missing = set(column_of.values()) - set(next(iter(got.values())))
    assert not missing, f"{model} lacks columns for bronze fields: {missing}"
    for key, want in expected.items():
        for column, raw in want.items():
            assert same(got[key][column], raw), (model, key, column, got[key][column], raw)
        # a statement the period lacks leaves its columns NULL
        for name, _, _ in parts:
            if want[f"{name}_file_id"] is None:
                own = [c for f, c in column_of.items() if f.startswith(name + ".")]
                assert all(got[key][c] is None for c in own), (model, key, name)
    return got


# ------------------------------------------------------------------------------------ restatements

def newest(payload: list[dict], periods) -> dict:
    return max((r for r in payload if r["period"] in periods), key=lambda r: r["date"])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    # the bulk endpoints need a plan that allows them (with a key, sbf assumes the smallest plan)
    ws = make_workspace(tmp_path_factory.mktemp("fundamentals"), FMP_API_KEY="demo-key", FMP_PLAN="ultimate")
    timings: dict[str, float] = {}
    started = time.monotonic()
    with DemoApiServer(DemoSettings()) as server:
        ws.env["FMP_BASE_URL"] = server.base_url
        ws.sbf("ingest", "--tickers", TICKERS, "--datasets", FIRST)
        ws.sbf("ingest", "--tickers", "AAPL,JPM", "--datasets", "cashflow-statement")
        timings["ingest"] = time.monotonic() - started
        first = ws.dbt(*BUILD)
        timings["first build"] = time.monotonic() - started - timings["ingest"]
        before = {m: gold_rows(ws, m) for m in MODELS}
        stamped_before = dict(ws.query("select file_id, gold_ingest_end_time from ops.file_ingestions "
                                       "where gold_ingest_end_time is not null"))
        time.sleep(1.1)  # restatements are requested strictly later than the originals, at second resolution too
        changed: dict = {}

        def more_goodwill(payload):
            row = newest(payload, ("FY",))
            changed["balance"] = (row["symbol"], int(row["fiscalYear"]), "FY", row["goodwill"])
            row["goodwill"] += GOODWILL_DELTA

        def more_revenue(payload):
            row = newest(payload, QUARTERS)
            changed["income"] = (row["symbol"], int(row["fiscalYear"]), row["period"], row["revenue"])
            row["revenue"] += 1

        balance_file = restate_latest_file(ws, "balance-sheet-statement", "FY", "AAPL", more_goodwill)
        income_file = restate_latest_file(ws, "income-statement", "quarter", "JPM", more_revenue)
        ws.sbf("ingest", "--tickers", "MSFT", "--datasets", "cashflow-statement")  # a statement arriving late
    # A row no new file touches, tampered with in gold: an incremental build leaves it as it is.
    untouched = min(k for k in before["fct_fundamentals_annual"] if k[0] == "JPM")
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update gold.fct_fundamentals_annual set revenue = -1 where symbol = ? and fiscal_year = ? "
                    "and period = ?", list(untouched))
    finally:
        con.close()
    started = time.monotonic()
    second = ws.dbt(*BUILD)
    timings["second build"] = time.monotonic() - started
    print("timings (s):", {k: round(v, 1) for k, v in timings.items()})
    tampered = ws.scalar("select revenue from gold.fct_fundamentals_annual where symbol = ? and fiscal_year = ? "
                         "and period = ?", list(untouched))
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update gold.fct_fundamentals_annual set revenue = ? where symbol = ? and fiscal_year = ? "
                    "and period = ?", [before["fct_fundamentals_annual"][untouched]["revenue"], *untouched])
    finally:
        con.close()
    return {"ws": ws, "first": first, "second": second, "before": before, "stamped_before": stamped_before,
            "changed": changed, "balance_file": balance_file, "income_file": income_file, "tampered": tampered}


# ------------------------------------------------------------------------------------ tests

def test_every_wide_row_equals_its_statements(built):
    ws = built["ws"]
    annual = assert_rows_match(ws, "fct_fundamentals_annual", FUNDAMENTALS, ("FY",))
    quarterly = assert_rows_match(ws, "fct_fundamentals_quarterly", FUNDAMENTALS, QUARTERS)
    # the demo universe's other companies come from the bulk files only, with every statement
    bulk_only = [k for k in quarterly if k[0] not in TICKERS.split(",")]
    assert bulk_only and all(quarterly[k]["cash_flow_file_id"] for k in bulk_only)
    assert {k[0] for k in annual} >= set(TICKERS.split(","))


def test_key_metrics_rows_equal_the_metrics_and_ratios(built):
    ws = built["ws"]
    rows = assert_rows_match(ws, "fct_key_metrics", KEY_METRICS, ("FY",) + QUARTERS)
    # no quarterly ratios bulk: the bulk-only quarters have metrics and NULL ratios
    assert any(r["ratios_file_id"] is None and r["key_metrics_file_id"] for r in rows.values())
    assert {r["period"] for r in rows.values()} == {"FY", *QUARTERS}


def test_column_names_follow_the_contract(built):
    ws = built["ws"]
    columns = {m: [r[0] for r in ws.query(
        "select column_name from information_schema.columns where table_schema = 'gold' and table_name = ? "
        "order by ordinal_position", [m])] for m in MODELS}
    for model in MODELS[:2]:
        cols = columns[model]
        assert cols[:8] == ["symbol", "fiscal_year", "period", "date", "reported_currency", "cik", "filing_date",
                            "accepted_at"]
        assert {"net_income", "cash_flow_net_income", "depreciation_and_amortization",
                "cash_flow_depreciation_and_amortization", "balance_sheet_inventory", "cash_flow_inventory",
                "total_assets", "free_cash_flow", "income_file_id", "income_created_file_id",
                "balance_sheet_file_id", "cash_flow_file_id"} <= set(cols)
        assert "inventory" not in cols and "file_id" not in cols
    assert {"current_ratio", "ratios_current_ratio", "return_on_invested_capital", "gross_profit_margin",
            "key_metrics_file_id", "ratios_file_id"} <= set(columns["fct_key_metrics"])


def test_late_statement_and_restatements_update_rows_incrementally(built):
    ws, before, changed = built["ws"], built["before"], built["changed"]
    annual, quarterly = gold_rows(ws, "fct_fundamentals_annual"), gold_rows(ws, "fct_fundamentals_quarterly")
    # the restated balance sheet: goodwill moved, its file is the row's balance sheet lineage; rest unchanged
    key, goodwill = changed["balance"][:3], changed["balance"][3]
    row = annual[key]
    assert row["goodwill"] == goodwill + GOODWILL_DELTA
    assert row["balance_sheet_file_id"] == built["balance_file"]["file_id"]
    assert row["balance_sheet_created_file_id"] == before["fct_fundamentals_annual"][key]["balance_sheet_created_file_id"]
    assert {c: v for c, v in row.items() if c not in ("goodwill", "balance_sheet_file_id")} == {
        c: v for c, v in before["fct_fundamentals_annual"][key].items() if c not in ("goodwill", "balance_sheet_file_id")}
    # the restated quarterly income statement
    key, revenue = changed["income"][:3], changed["income"][3]
    assert quarterly[key]["revenue"] == revenue + 1
    assert quarterly[key]["income_file_id"] == built["income_file"]["file_id"]
    # MSFT's cash flows arrived after the first build: its periods gained them (bulk had only the run year)
    msft_before = [k for k, r in before["fct_fundamentals_quarterly"].items() if k[0] == "MSFT"]
    assert msft_before and sum(before["fct_fundamentals_quarterly"][k]["cash_flow_file_id"] is None for k in msft_before) > 0
    assert all(quarterly[k]["cash_flow_file_id"] is not None for k in msft_before)
    # incremental: the row no new file touched was not rebuilt (it kept the value written into gold)
    assert built["tampered"] == -1
    # the restated files were consumed (updated one row each), earlier files were not stamped again
    stamps = {f: ws.query("select gold_tablename, gold_rows_created, gold_rows_updated from ops.file_ingestions "
                          "where file_id = ?", [f])[0] for f in (built["balance_file"]["file_id"], built["income_file"]["file_id"])}
    assert stamps == {built["balance_file"]["file_id"]: ("gold.fct_fundamentals_annual", 0, 1),
                      built["income_file"]["file_id"]: ("gold.fct_fundamentals_quarterly", 0, 1)}
    again = dict(ws.query("select file_id, gold_ingest_end_time from ops.file_ingestions where file_id in "
                          f"({', '.join('?' for _ in built['stamped_before'])})", list(built["stamped_before"])))
    assert again == built["stamped_before"]


EXPECTED_TABLE = {
    ("income-statement", "FY"): "fct_fundamentals_annual", ("income-statement", "quarter"): "fct_fundamentals_quarterly",
    ("balance-sheet-statement", "FY"): "fct_fundamentals_annual",
    ("balance-sheet-statement", "quarter"): "fct_fundamentals_quarterly",
    ("cashflow-statement", "FY"): "fct_fundamentals_annual", ("cashflow-statement", "quarter"): "fct_fundamentals_quarterly",
    ("key-metrics", "FY"): "fct_key_metrics", ("key-metrics", "quarter"): "fct_key_metrics",
    ("metric-ratios", "FY"): "fct_key_metrics", ("metric-ratios", "quarter"): "fct_key_metrics",
}


def test_ops_gold_columns_are_stamped_per_dataset_and_discriminator(built):
    ws = built["ws"]
    lineage = {"income": "income_file_id", "balance": "balance_sheet_file_id", "cashflow": "cash_flow_file_id",
               "key-metrics": "key_metrics_file_id", "metric-ratios": "ratios_file_id", "ratios": "ratios_file_id"}
    files = ws.query("select file_id, dataset, discriminator, gold_tablename, gold_object_type, gold_rows_created, "
                     "gold_rows_updated, gold_ingest_end_time from ops.file_ingestions where bronze_can_promote")
    assert len(files) > 30
    gold = {m: gold_rows(ws, m) for m in MODELS}
    for file_id, dataset, discriminator, table, kind, created, updated, end in files:
        # a file's counts are the rows it set when gold consumed it (a later file may have taken some over)
        rows = built["before"] if file_id in built["stamped_before"] else gold
        if "bulk" in dataset:
            model = ("fct_key_metrics" if dataset.startswith(("key", "ratios")) else
                     "fct_fundamentals_annual" if dataset.endswith("annual") else "fct_fundamentals_quarterly")
        else:
            model = EXPECTED_TABLE[(dataset, discriminator)]
        assert (table, kind) == (f"gold.{model}", "fact") and end is not None, (dataset, discriminator, table)
        column = next(c for prefix, c in lineage.items() if dataset.startswith(prefix))
        carried = sum(r[column] == file_id for r in rows[model].values())
        assert created + updated == carried, (dataset, file_id, created, updated, carried)


def test_balance_sheet_identity_holds_and_the_test_catches_a_broken_row(built):
    ws = built["ws"]
    for proc in (built["first"], built["second"]):
        lines = [line for line in proc.stdout.splitlines() if "balance_sheet_balances" in line]
        assert len([line for line in lines if " PASS " in line]) == 2, lines
        assert not any("WARN" in line for line in lines), lines
    # the bank reports zeros in some lines, and still balances
    jpm = [r for r in gold_rows(ws, "fct_fundamentals_annual").values() if r["symbol"] == "JPM"]
    assert jpm and all(r["balance_sheet_inventory"] == 0 and r["total_assets"] > 0 for r in jpm)
    # one row 0.5 % off (within the 1 % tolerance) and one 5 % off: exactly one warning; then put them back
    keys = sorted(gold_rows(ws, "fct_fundamentals_annual"))[:2]
    original = {key: gold_rows(ws, "fct_fundamentals_annual")[key]["total_assets"] for key in keys}
    update = ("update gold.fct_fundamentals_annual set total_assets = ? "
              "where symbol = ? and fiscal_year = ? and period = ?")
    con = duckdb.connect(str(ws.warehouse))
    try:
        for key, factor in zip(keys, (1.005, 1.05)):
            con.execute(update, [original[key] * factor, *key])
    finally:
        con.close()
    try:
        proc = ws.dbt("test", "--select", "fct_fundamentals_annual,test_name:balance_sheet_balances")
    finally:
        con = duckdb.connect(str(ws.warehouse))
        try:
            for key in keys:
                con.execute(update, [original[key], *key])
        finally:
            con.close()
    assert re.search(r"Warning in test balance_sheet_balances_fct_fundamentals_annual\S*", proc.stdout), proc.stdout
    assert "Got 1 result, configured to warn if != 0" in proc.stdout, proc.stdout

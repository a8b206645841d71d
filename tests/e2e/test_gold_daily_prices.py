"""gold.fct_daily_prices end to end: three price bases side by side, merged incrementally.

Two real ingests of the three daily-price datasets from the demo API (the first server pretends
"today" is 40 days ago, so an ex-dividend day falls between them and re-adjusts the whole
dividend-adjusted history), two real `dbt build`s, and the fact compared row by row with the bronze
payloads read in Python.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import duckdb
import pytest

from ingestion.demo_api import DemoApiServer, DemoSettings

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

SPLIT_ADJUSTED = "historical-price-eod-full"
DIVIDEND_ADJUSTED = "technicals-historical-price-eod-dividend-adjusted"
AS_TRADED = "technicals-historical-price-eod-non-split-adjusted"
PRICE_DATASETS = (SPLIT_ADJUSTED, DIVIDEND_ADJUSTED, AS_TRADED)
#: AAPL pays dividends and split in 2020; AMZN split in 2022 and pays none.
TICKERS = "AAPL,AMZN"
FIRST_AS_OF = date.today() - timedelta(days=40)
#: a month before AMZN's split (the demo's splits are fixed dates)
HISTORY_START = date(2022, 5, 1)


def build_prices(ws: Workspace) -> None:
    ws.dbt("build", "--select", "+fct_daily_prices", "+dim_instrument", "--indirect-selection", "cautious")


@pytest.fixture(scope="module")
def prices(tmp_path_factory) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("daily_prices"), FMP_API_KEY="demo-key",
                        SBF_START_DATE=HISTORY_START.isoformat())
    datasets = ",".join(("stock-list", "company-profile", *PRICE_DATASETS))
    with DemoApiServer(DemoSettings(as_of=FIRST_AS_OF)) as first:
        ws.env["FMP_BASE_URL"] = first.base_url
        ws.sbf("ingest", "--datasets", datasets, "--tickers", TICKERS)
    build_prices(ws)
    first_rows = fact_rows(ws)
    # The next run, 40 days on: the price identities are due again and the API has 40 more days.
    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute("update ops.file_ingestions set as_of_date = as_of_date - 40 where dataset in (?, ?, ?)",
                    list(PRICE_DATASETS))
    finally:
        con.close()
    with DemoApiServer(DemoSettings()) as second:
        ws.env["FMP_BASE_URL"] = second.base_url
        ws.sbf("ingest", "--datasets", ",".join(PRICE_DATASETS), "--tickers", TICKERS)
    build_prices(ws)
    return {"ws": ws, "first": first_rows, "second": fact_rows(ws)}


def fact_rows(ws: Workspace) -> dict[tuple[str, str], dict]:
    columns = [
        "symbol", "date", "close", "volume", "dividend_adjusted_close", "as_traded_close", "as_traded_volume",
        "file_id", "dividend_adjusted_file_id", "as_traded_file_id", "gold_loaded_at",
    ]
    rows = ws.query(f"select {', '.join(columns)} from gold.fct_daily_prices")
    return {(row[0], str(row[1])): dict(zip(columns, row)) for row in rows}


def bronze_bars(ws: Workspace, dataset: str) -> dict[tuple[str, str], tuple[dict, str]]:
    """(symbol, date) -> (bar, file_id) from the dataset's bronze files: the latest file that changed
    the bar wins (re-asked days with the same values keep the file that set them, as in silver)."""
    files = ws.query(
        "select file_id, bronze_filename from ops.file_ingestions "
        "where dataset = ? and bronze_can_promote order by bronze_ingest_start_time", [dataset])
    bars: dict[tuple[str, str], tuple[dict, str]] = {}
    for file_id, relpath in files:
        document = json.loads((ws.data_dir / relpath).read_text())
        for bar in document["payload"]:
            key = (bar["symbol"], bar["date"])
            if key not in bars or bars[key][0] != bar:
                bars[key] = (bar, file_id)
    return bars


def test_each_basis_equals_its_bronze_bars(prices):
    ws: Workspace = prices["ws"]
    rows = prices["second"]
    split = bronze_bars(ws, SPLIT_ADJUSTED)
    dividend = bronze_bars(ws, DIVIDEND_ADJUSTED)
    traded = bronze_bars(ws, AS_TRADED)
    assert set(rows) == set(split) | set(dividend) | set(traded)
    for key, row in rows.items():
        bar, file_id = split[key]
        assert (row["close"], row["volume"], row["file_id"]) == (bar["close"], bar["volume"], file_id), key
        bar, file_id = dividend[key]
        assert (row["dividend_adjusted_close"], row["dividend_adjusted_file_id"]) == (bar["adjClose"], file_id), key
        bar, file_id = traded[key]
        assert (row["as_traded_close"], row["as_traded_volume"], row["as_traded_file_id"]) == (
            bar["adjClose"], bar["volume"], file_id), key


def test_the_bases_differ_where_splits_and_dividends_say(prices):
    rows = prices["second"].values()
    # AMZN: 20-for-1 on 2022-06-06, no dividend; AAPL: dividends (its 2020 split is before the history).
    amzn_before = [r for r in rows if r["symbol"] == "AMZN" and r["date"] < date(2022, 6, 6)]
    amzn_after = [r for r in rows if r["symbol"] == "AMZN" and r["date"] >= date(2022, 6, 6)]
    assert amzn_before and amzn_after
    assert all(r["as_traded_close"] == pytest.approx(20 * r["close"], rel=1e-3) for r in amzn_before)
    assert all(r["as_traded_close"] == pytest.approx(r["close"], rel=1e-3) for r in amzn_after)
    assert all(r["dividend_adjusted_close"] == pytest.approx(r["close"], rel=1e-3) for r in amzn_before + amzn_after)
    aapl = sorted((r for r in rows if r["symbol"] == "AAPL"), key=lambda r: r["date"])
    assert aapl[0]["dividend_adjusted_close"] < aapl[0]["close"] * 0.99  # years of dividends back
    assert aapl[-1]["dividend_adjusted_close"] == pytest.approx(aapl[-1]["close"], rel=1e-6)


def test_second_build_merges_new_days_and_readjusted_history(prices):
    ws: Workspace = prices["ws"]
    first, second = prices["first"], prices["second"]
    new = set(second) - set(first)
    assert new and all(second[k]["gold_loaded_at"] > max(r["gold_loaded_at"] for r in first.values()) for k in new)
    # The ex-dividend day between the two runs re-adjusted all of AAPL's dividend-adjusted history:
    # those rows were rewritten (new lineage) but their split-adjusted values, and so the load time the
    # price features recompute from, stayed.
    # The second run re-asked the last days of each adjusted series and saw exactly one changed:
    # AAPL's dividend-adjusted prices, which it then fetched again in full.
    assert ws.query("select histories_refetched from ops.runs order by started_at") == [(0,), (1,)]
    refetched = ws.query(
        "select ticker, min(bronze_from_date) from ops.file_ingestions where dataset = ? and run_id = "
        "(select max(run_id) from ops.runs) group by ticker order by ticker", [DIVIDEND_ADJUSTED])
    first_day = {symbol: min(r["date"] for r in first.values() if r["symbol"] == symbol) for symbol in ("AAPL", "AMZN")}
    (aapl, aapl_from), (amzn, amzn_from) = refetched
    assert (aapl, aapl_from) == ("AAPL", first_day["AAPL"])
    assert amzn == "AMZN" and amzn_from > first_day["AMZN"] and amzn_from >= FIRST_AS_OF - timedelta(days=7)
    readjusted = [k for k in first if k[0] == "AAPL"
                  and second[k]["dividend_adjusted_close"] != first[k]["dividend_adjusted_close"]]
    assert len(readjusted) == sum(1 for k in first if k[0] == "AAPL")
    for key in readjusted:
        assert second[key]["dividend_adjusted_file_id"] != first[key]["dividend_adjusted_file_id"], key
        assert (second[key]["close"], second[key]["gold_loaded_at"]) == (first[key]["close"], first[key]["gold_loaded_at"]), key
    # Every promoted price file of the three datasets is stamped by the fact, with the rows it carries.
    stamps = ws.query(
        "select dataset, gold_tablename, sum(gold_rows_created + gold_rows_updated) from ops.file_ingestions "
        "where bronze_can_promote and dataset in (?, ?, ?) group by all", list(PRICE_DATASETS))
    column = {SPLIT_ADJUSTED: "file_id", DIVIDEND_ADJUSTED: "dividend_adjusted_file_id", AS_TRADED: "as_traded_file_id"}
    assert {(d, t) for d, t, _ in stamps} == {(d, "gold.fct_daily_prices") for d in PRICE_DATASETS}
    for dataset, _, stamped in stamps:
        # rows carrying each file when it was stamped: the latest files carry all the current rows
        latest = ws.scalar(
            f"select count(*) from gold.fct_daily_prices where {column[dataset]} in "
            "(select file_id from ops.file_ingestions where dataset = ? and run_id = "
            " (select max(run_id) from ops.file_ingestions where dataset = ?))", [dataset, dataset])
        assert stamped >= latest > 0, dataset


def test_has_ingestion_rows_catches_unstamped_files_and_lineage(prices, tmp_path):
    """On a copy of the warehouse: a promoted file gold did not stamp, and a row naming a file the fact
    never stamped, each fail the fact's has_ingestion_rows test with the culprit named."""
    ws: Workspace = prices["ws"]
    copy = make_workspace(tmp_path, FMP_API_KEY="demo-key")
    copy.data_dir.mkdir(parents=True)
    shutil.copy(ws.warehouse, copy.warehouse)
    unstamped = copy.scalar(
        "select min(file_id) from ops.file_ingestions where dataset = ? and bronze_can_promote", [AS_TRADED])
    foreign = copy.scalar("select min(file_id) from ops.file_ingestions where dataset = 'company-profile'")
    con = duckdb.connect(str(copy.warehouse))
    try:
        con.execute("update ops.file_ingestions set gold_tablename = null where file_id = ?", [unstamped])
        con.execute("update gold.fct_daily_prices set dividend_adjusted_file_id = ? "
                    "where (symbol, date) in (select symbol, min(date) from gold.fct_daily_prices group by symbol)",
                    [foreign])
    finally:
        con.close()
    result = copy.dbt("test", "--select", "has_ingestion_rows_fct_daily_prices_", "--store-failures", check=False)
    assert result.returncode != 0
    failures = copy.query("select failure, dataset, file_id from dbt_test__audit.has_ingestion_rows_fct_daily_prices_")
    assert ("file promoted to silver but not stamped by gold.fct_daily_prices", AS_TRADED, unstamped) in failures
    assert (f"row lineage dividend_adjusted_file_id is not a file of {DIVIDEND_ADJUSTED} stamped by "
            "gold.fct_daily_prices", DIVIDEND_ADJUSTED, foreign) in failures
    # dbt's own summary names only the test: the reason (model, dataset, counts) is on the console too.
    assert (f"has_ingestion_rows FAIL gold.fct_daily_prices: file promoted to silver but not stamped by "
            f"gold.fct_daily_prices | dataset {AS_TRADED} |") in result.stdout
    assert f"dataset {DIVIDEND_ADJUSTED} | 1 file(s), e.g. {foreign}" in result.stdout


def test_has_ingestion_rows_fails_for_rows_without_ingestion_rows_and_fetched_datasets_without_rows(prices, tmp_path):
    """On a copy of the warehouse: gold rows whose dataset has no ingestion rows at all (its ops rows
    deleted), and a fetched dataset (promotable files) of which gold holds no row, each fail the test;
    dbt's console output names the model, the dataset and the counts."""
    ws: Workspace = prices["ws"]
    copy = make_workspace(tmp_path, FMP_API_KEY="demo-key")
    copy.data_dir.mkdir(parents=True)
    shutil.copy(ws.warehouse, copy.warehouse)
    promotable = copy.scalar("select count(*) from ops.file_ingestions where dataset = ? and bronze_can_promote",
                             [AS_TRADED])
    stamped = copy.scalar("select count(*) from ops.file_ingestions where dataset = ? and gold_tablename = "
                          "'gold.fct_daily_prices'", [AS_TRADED])
    split_files = copy.scalar("select count(distinct file_id) from gold.fct_daily_prices")
    con = duckdb.connect(str(copy.warehouse))
    try:
        con.execute("delete from ops.file_ingestions where dataset = ?", [SPLIT_ADJUSTED])
        con.execute("update gold.fct_daily_prices set as_traded_file_id = null")
    finally:
        con.close()
    result = copy.dbt("test", "--select", "has_ingestion_rows_fct_daily_prices_", check=False)
    assert result.returncode != 0 and "has_ingestion_rows_fct_daily_prices_" in result.stdout
    out = result.stdout
    assert (f"has_ingestion_rows FAIL gold.fct_daily_prices: declared dataset has promotable files but no row in "
            f"gold.fct_daily_prices | dataset {AS_TRADED} | {promotable} promotable file(s), {stamped} stamped by "
            "gold.fct_daily_prices, 0 row(s) of it in gold.fct_daily_prices") in out
    assert (f"has_ingestion_rows FAIL gold.fct_daily_prices: row lineage file_id is not a file of {SPLIT_ADJUSTED} "
            f"stamped by gold.fct_daily_prices | dataset {SPLIT_ADJUSTED} | {split_files} file(s), e.g. ") in out


def test_prices_only_and_basic_plan_warehouses_build(tmp_path):
    """A partial warehouse is no failure: `make build` (migrate + dbt build) passes after a prices-only
    ingest, and after a basic-plan one (FMP_PLAN=basic plans only the basic plan's datasets)."""
    prices_only = make_workspace(tmp_path / "prices_only", SBF_START_DATE=HISTORY_START.isoformat())
    prices_only.sbf("ingest", "--datasets", f"stock-list,{SPLIT_ADJUSTED}", "--tickers", TICKERS)
    basic = make_workspace(tmp_path / "basic", FMP_PLAN="basic", SBF_START_DATE=HISTORY_START.isoformat())
    basic.sbf("ingest", "--tickers", TICKERS)
    assert basic.scalar("select count(distinct dataset) from ops.file_ingestions where bronze_can_promote") > 2
    for ws in (prices_only, basic):
        ws.sbf("db", "migrate")
        built = ws.dbt("build", check=False)
        assert built.returncode == 0, built.stdout[-6000:]
        assert "has_ingestion_rows FAIL" not in built.stdout
    assert prices_only.scalar("select count(*) from gold.fct_daily_prices") > 0

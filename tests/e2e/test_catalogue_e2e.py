"""The whole catalogue end to end on the demo API: `sbf ingest --ticker-limit 2` (no key: the
built-in demo API, FMP plan ultimate, FRED included; the first two tickers of every universe) ->
bronze + ops -> `dbt build --select silver`.

Per dataset: the distinct keys of every promotable bronze row (after de-duplication, computed here
in Python from the bronze files and each model's column list in dbt's manifest) are exactly the
keys of the silver table; ops stamps add up; every file has its drift row; every silver column is
typed and documented. A field renamed in a bronze file shows up as drift and as a dbt warning.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from ingestion.catalogue import load_catalogue

from .conftest import Workspace, make_workspace

pytestmark = pytest.mark.e2e

CATALOGUE = load_catalogue()
#: the first 2 tickers of every universe (stocks, ETFs, crypto and FX pairs, commodities, exchanges)
TICKER_LIMIT = "2"
#: about two and a half 80-day windows of treasury and economic series, a few months of prices
HISTORY_DAYS = 200


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("catalogue")
    ws = make_workspace(root, SBF_START_DATE=(date.today() - timedelta(days=HISTORY_DAYS)).isoformat())
    ingest = ws.sbf("ingest", "--ticker-limit", TICKER_LIMIT)
    build = ws.dbt("build", "--select", "silver")
    manifest = json.loads((root / "dbt_target" / "manifest.json").read_text())
    models = {
        node["config"]["meta"]["dataset"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("meta", {}).get("dataset")
    }
    return {"ws": ws, "ingest": ingest, "build": build, "manifest": manifest, "models": models,
            "counts": silver_counts(ws)}


def silver_counts(ws: Workspace) -> dict[str, int]:
    tables = sorted({s.silver_model for s in CATALOGUE}) + ["bronze_field_drift"]
    return {t: ws.scalar(f"select count(*) from silver.{t}") for t in tables}


def promotable_files(ws: Workspace) -> list[tuple]:
    return ws.query(
        "select file_id, dataset, ticker, cast(as_of_date as varchar), bronze_filename "
        "from ops.file_ingestions where bronze_can_promote order by file_id"
    )


def _normal(value, type_: str) -> str | None:
    """A key value as silver's `cast(<typed key> as varchar)` prints it."""
    if value is None or str(value).strip() == "":
        return None
    if type_ == "date":
        return str(value).strip()[:10]
    if type_ == "integer":
        return str(int(float(value)))
    return str(value).strip()


def bronze_keys(ws: Workspace, models: dict) -> dict[str, set[tuple]]:
    """Per dataset, the distinct silver keys its promotable bronze rows carry."""
    keys: dict[str, set[tuple]] = defaultdict(set)
    for _, dataset, ticker, as_of, filename in promotable_files(ws):
        meta = models[dataset]["config"]["meta"]
        unique_key = models[dataset]["config"]["unique_key"]
        source = {column: (field, type_) for field, column, type_ in reversed(meta["columns"])}
        payload = json.loads((ws.data_dir / filename).read_text())["payload"]
        for row in payload[meta["rows_path"]] if meta.get("rows_path") else payload:
            # a {segment: revenue} object becomes one silver row per segment
            expanded = [{**row, "segment": name} for name in row["data"]] if "segment" in unique_key else [row]
            for item in expanded:
                values = []
                for column in unique_key:
                    field, type_ = source.get(column, (column, "varchar"))
                    raw = {"@ticker": ticker, "@as_of_date": as_of}.get(field, item.get(field))
                    values.append(_normal(raw, type_))
                assert None not in values, f"{dataset}: a bronze row without key {unique_key}: {item}"
                keys[dataset].add(tuple(values))
    return keys


# --------------------------------------------------------------------------------- bronze


def test_every_catalogue_identity_was_fetched_without_error(built):
    ws = built["ws"]
    fetched = {(d, disc) for d, disc in ws.query("select distinct dataset, discriminator from ops.file_ingestions")}
    missing = sorted(s.name for s in CATALOGUE if (s.dataset, s.discriminator) not in fetched)
    assert missing == [], f"catalogue identities with no ops row: {missing}"
    errors = ws.query("select dataset, discriminator, ticker, bronze_error from ops.file_ingestions "
                      "where bronze_error is not null")
    assert errors == []
    promoted = {d for (d,) in ws.query("select distinct dataset from ops.file_ingestions where bronze_can_promote")}
    # a day-snapshot endpoint is legitimately empty on a day without a session
    may_be_empty = {"eod-bulk-price", "market-sector-performance", "market-industry-performance",
                    "market-sector-pe", "market-industry-pe"}
    assert {s.dataset for s in CATALOGUE} - promoted <= may_be_empty


# ---------------------------------------------------------------------------------- silver


def test_bronze_rows_equal_silver_rows_after_deduplication(built):
    ws, models = built["ws"], built["models"]
    expected = bronze_keys(ws, models)
    for spec in {s.dataset: s for s in CATALOGUE}.values():
        keys = models[spec.dataset]["config"]["unique_key"]
        columns = ", ".join(f'cast("{k}" as varchar)' for k in keys)
        in_silver = set(ws.query(f"select {columns} from silver.{spec.silver_model}"))
        assert in_silver == expected.get(spec.dataset, set()), (
            f"silver.{spec.silver_model}: {len(in_silver)} keys, bronze has {len(expected.get(spec.dataset, ()))}"
        )


def test_ops_silver_stamps_add_up(built):
    ws, counts = built["ws"], built["counts"]
    assert ws.scalar("select count(*) from ops.file_ingestions where bronze_can_promote "
                     "and (silver_ingest_end_time is null or silver_tablename is null)") == 0
    assert ws.scalar("select coalesce(sum(silver_rows_failed), 0) from ops.file_ingestions") == 0
    for spec in {s.dataset: s for s in CATALOGUE}.values():
        created, tables = ws.query(
            "select coalesce(sum(silver_rows_created), 0), list(distinct silver_tablename) "
            "from ops.file_ingestions where dataset = ? and bronze_can_promote", [spec.dataset])[0]
        assert created == counts[spec.silver_model], spec.dataset
        assert tables in (None, [f"silver.{spec.silver_model}"]), spec.dataset  # None: no file


def test_silver_columns_are_typed_and_documented(built):
    ws, manifest = built["ws"], built["manifest"]
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["schema"] != "silver":
            continue
        actual = [c for (c,) in ws.query(
            "select column_name from information_schema.columns where table_schema = 'silver' "
            "and table_name = ? order by ordinal_position", [node["name"]])]
        assert node["description"].strip(), node["name"]
        assert list(node["columns"]) == actual, f"{node['name']}: documented columns differ from the table"
        undocumented = [c for c, spec in node["columns"].items() if not spec["description"].strip()]
        assert undocumented == [], f"{node['name']}: no description for {undocumented}"
    types = dict(ws.query("select table_name || '.' || column_name, data_type from information_schema.columns "
                          "where table_schema = 'silver'"))
    assert types["fred_dgs10.value"] == "DOUBLE" and types["fred_dgs10.date"] == "DATE"
    assert types["key_metrics.research_and_development_to_revenue"] == "DOUBLE"
    assert types["company_peers.market_cap"] == "DOUBLE" and types["etf_holdings.as_of_date"] == "DATE"
    # bulk datasets have exactly their per-ticker twin's columns and types
    for bulk, twin in [("income_statement_bulk_annual", "income_statement"),
                       ("balance_sheet_bulk_quarter", "balance_sheet_statement"),
                       ("cashflow_bulk_annual", "cashflow_statement"), ("key_metrics_bulk_quarter", "key_metrics"),
                       ("ratios_bulk_annual", "metric_ratios"), ("company_profile_bulk", "company_profile")]:
        shape = {k.split(".", 1)[1]: v for k, v in types.items() if k.startswith(twin + ".")}
        assert {k.split(".", 1)[1]: v for k, v in types.items() if k.startswith(bulk + ".")} == shape, bulk


def test_fmp_and_fred_quirks_are_handled(built):
    ws = built["ws"]
    # FRED's "." is NULL, not a failed row
    assert ws.scalar("select count(*) from silver.fred_dgs10 where value is null") > 0
    assert ws.scalar("select count(*) from silver.fred_usrecm where value not in (0, 1)") == 0
    # the string "null" cik is NULL (BTG comes with the bulk profiles)
    assert ws.scalar("select count(*) from silver.company_profile_bulk where cik is null") == 1
    assert ws.scalar("select count(*) from silver.company_profile_bulk where cik = 'null'") == 0
    # rows without a symbol take the request's ticker
    requested = {t for (t,) in ws.query("select ticker from ops.file_ingestions where dataset = 'company-officers'")}
    assert {s for (s,) in ws.query("select distinct symbol from silver.company_officers")} == requested
    assert ws.scalar("select count(*) from silver.company_peers where symbol = peer") == 0
    # a string number, a whole float sent as an integer, a typo in the contract
    assert ws.scalar("select count(*) from silver.company_profile where full_time_employees is null") == 0
    assert ws.scalar("select count(*) from silver.key_metrics where research_and_development_to_revenue is null") == 0
    assert ws.scalar("select count(*) from silver.income_statement_bulk_annual where fiscal_year is null") == 0


# ------------------------------------------------------------------------------- drift


def test_every_promotable_file_has_a_clean_drift_row(built):
    ws = built["ws"]
    files = {f for f, *_ in promotable_files(ws)}
    drift = ws.query("select file_id, missing_fields, unmapped_fields, rows_checked from silver.bronze_field_drift")
    assert {f for f, *_ in drift} == files
    assert [(f, m, u) for f, m, u, _ in drift if m or u] == []
    assert all(n > 0 for *_, n in drift)


def test_second_ingest_and_build_change_nothing(built):
    ws = built["ws"]
    ws.sbf("ingest", "--ticker-limit", TICKER_LIMIT)
    assert ws.scalar("select requests from ops.runs order by started_at desc limit 1") == 0
    ws.dbt("build", "--select", "silver")
    assert silver_counts(ws) == built["counts"]


def test_a_renamed_field_is_recorded_as_drift_and_warned(built):
    """Simulate FMP renaming marketCap: a copy of a market-cap file with the field renamed."""
    ws = built["ws"]
    file_id, filename = ws.query(
        "select file_id, bronze_filename from ops.file_ingestions "
        "where dataset = 'historical-market-capitalization' and bronze_can_promote limit 1")[0]
    document = json.loads((ws.data_dir / filename).read_text())
    document["payload"] = [{("mktCap" if k == "marketCap" else k): v for k, v in row.items()}
                           for row in document["payload"]]
    drifted_id = "99991231T000000000000Z-drift000"
    drifted_name = str(Path(filename).with_name(f"{drifted_id}.json"))
    (ws.data_dir / drifted_name).write_text(json.dumps(document))
    import duckdb  # the warehouse is not held by anyone between commands

    con = duckdb.connect(str(ws.warehouse))
    try:
        con.execute(
            "insert into ops.file_ingestions select * replace (? as file_id, ? as bronze_filename, "
            "null as silver_tablename, null as silver_ingest_start_time, null as silver_ingest_end_time) "
            "from ops.file_ingestions where file_id = ?", [drifted_id, drifted_name, file_id])
    finally:
        con.close()
    build = ws.dbt("build", "--select", "bronze_field_drift")
    missing, unmapped = ws.query("select missing_fields, unmapped_fields from silver.bronze_field_drift "
                                 "where file_id = ?", [drifted_id])[0]
    assert missing == ["marketCap"] and unmapped == ["mktCap"]
    assert "WARN" in build.stdout and "latest_files_without_drift" in build.stdout
    shutil.rmtree(ws.data_dir / Path(drifted_name).parent, ignore_errors=True)


# ------------------------------------------------------------------------------ universes


def test_universe_datasets_fetch_their_own_universe(built):
    ws = built["ws"]
    for spec in CATALOGUE:
        if spec.universe is None:
            continue
        dataset, field = spec.universe
        source = next(s for s in CATALOGUE if s.dataset == dataset)
        universe = {v for (v,) in ws.query(f'select distinct "{field}" from silver.{source.silver_model}')}
        tickers = {t for (t,) in ws.query("select distinct ticker from ops.file_ingestions where dataset = ?",
                                          [spec.dataset])}
        assert tickers and tickers <= universe, f"{spec.name} fetched {sorted(tickers)}, not its universe"
        assert ws.scalar("select count(*) from ops.file_ingestions where dataset = ? and bronze_can_promote",
                         [spec.dataset]) > 0, spec.name

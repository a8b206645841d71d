"""The same dbt project on DuckDB and on Spark + Iceberg, from the same bronze: the gold tables agree.

`make test-spark` runs this file (it is not collected by `make test`: its name is not test_*.py).
One run, for real, on loopback:

  1. one Spark Thrift server started (local[2], driver 2g, 2 shuffle partitions; stopped at the
     end, failures included) while `sbf ingest` fills a fresh data dir from the demo API (every
     dataset, the first SBF_SPARK_TICKER_LIMIT tickers of each universe, SBF_SPARK_HISTORY_DAYS
     of history), and the ledger exported (`sbf db export-ledger`);
  2. the DuckDB build (`dbt build`, target dev, without the data tests: `make test` runs them)
     of every gold model and what it is built from, beside step 3 (the Spark side reads only the
     bronze files and the export);
  3. the ledger merged into Iceberg (`dbt run-operation sync_ops_ledger`), and the same models
     built on Spark (`dbt build --target spark`, without the data tests);
  4. every gold model of the manifest and silver.bronze_field_drift compared (row counts,
     per-column checksums: tests/spark/parity.py), and the silver/gold stamps of every ledger row.

Figures (wall times, models built) go to tests/artifacts/spark/parity.json and are printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from . import parity
from .thrift_server import ThriftServer

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DBT_PROJECT = REPO / "dbt_project"
ARTIFACTS = REPO / "tests" / "artifacts" / "spark"
#: every gold model, its ancestors (silver models, seeds, snapshots) and descendants (the instrument
#: snapshot), and the bronze drift check: the whole project
SELECTION = ["--select", "+path:models/gold+", "bronze_field_drift"]
WITHOUT_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
#: tables compared besides the gold models of the manifest: (schema, table, grain key)
EXTRA_TABLES = [("silver", "bronze_field_drift", ["file_id"])]
TICKER_LIMIT = os.environ.get("SBF_SPARK_TICKER_LIMIT", "3")
HISTORY_DAYS = int(os.environ.get("SBF_SPARK_HISTORY_DAYS", "730"))


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    print(f"[{time.monotonic() - started:6.1f} s] {' '.join(cmd[:6])}{' ...' if len(cmd) > 6 else ''} -> {proc.returncode}",
          flush=True)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout[-8000:]}"
                             f"\n--- stderr\n{proc.stderr[-4000:]}")
    return proc


def run_results(target_dir: Path) -> list[dict]:
    return json.loads((target_dir / "run_results.json").read_text())["results"]


_OUTCOME: dict = {}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """The two builds and their comparison, once: a failure is not retried for the next test."""
    if "error" in _OUTCOME:
        pytest.fail(f"the builds failed (see the first error): {_OUTCOME['error']}")
    if "result" not in _OUTCOME:
        try:
            _OUTCOME["result"] = build_and_compare(tmp_path_factory)
        except BaseException as exc:
            _OUTCOME["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
            raise
    return _OUTCOME["result"]


def build_and_compare(tmp_path_factory) -> dict:
    root = Path(os.environ.get("SBF_SPARK_WORK_DIR") or tmp_path_factory.mktemp("spark_parity"))
    data_dir = root / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FMP_", "SBF_", "DBT_"))}
    env.update(SBF_DATA_DIR=str(data_dir), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
               SBF_START_DATE=(date.today() - timedelta(days=HISTORY_DAYS)).isoformat(),
               DBT_LOG_PATH=str(root / "dbt_logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    duck_env = dict(env, DBT_TARGET_PATH=str(root / "target_duckdb"), DBT_LOG_PATH=str(root / "dbt_logs_duckdb"))
    spark_env = dict(env, DBT_TARGET_PATH=str(root / "target_spark"), DBT_LOG_PATH=str(root / "dbt_logs_spark"))
    figures: dict = {"ticker_limit": int(TICKER_LIMIT), "history_days": HISTORY_DAYS, "seconds": {}}
    started = time.monotonic()

    def step(name: str, fn):
        t = time.monotonic()
        result = fn()
        figures["seconds"][name] = round(time.monotonic() - t, 1)
        return result

    server = ThriftServer(root / "spark")
    pool = ThreadPoolExecutor(max_workers=2)
    # the JVM starts while the demo is ingested
    starting = pool.submit(step, "spark_start", server.start)
    duck_build = None
    try:
        step("ingest", lambda: run([sys.executable, "-m", "ingestion", "ingest", "--ticker-limit", TICKER_LIMIT],
                                    env, REPO))
        export = root / "export" / "file_ingestions.parquet"
        step("export_ledger", lambda: run(
            [sys.executable, "-m", "ingestion", "db", "export-ledger", "--to", str(export)], env, REPO))
        # The reference build, without its data tests (`make test` runs them; the comparison needs
        # the tables), runs beside the Spark side, which reads only the bronze files and the export.
        duck_build = pool.submit(step, "duckdb_build", lambda: run(
            [str(BIN / "dbt"), "build", *SELECTION, *WITHOUT_TESTS], duck_env, DBT_PROJECT))
        starting.result()
        (root / "spark" / "server.pid").write_text(str(server.process.pid))
        spark_env["SBF_SPARK_PORT"] = str(server.port)
        step("spark_sync_ledger", lambda: run(
            [str(BIN / "dbt"), "run-operation", "sync_ops_ledger", "--target", "spark",
             "--args", json.dumps({"path": str(export)})], spark_env, DBT_PROJECT))
        step("spark_build", lambda: run(
            [str(BIN / "dbt"), "build", "--target", "spark", *SELECTION, *WITHOUT_TESTS], spark_env, DBT_PROJECT,
            timeout=2400))
        duck_build.result()
        spark_results = run_results(root / "target_spark")
        manifest = json.loads((root / "target_spark" / "manifest.json").read_text())
        gold = parity.gold_models(manifest)

        from pyhive import hive

        spark = hive.connect(host="127.0.0.1", port=server.port, username="dbt").cursor()
        duck = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)

        def spark_rows(sql: str) -> list[tuple]:
            spark.execute(sql)
            return spark.fetchall()

        def compare():
            reports = []
            tables = [("gold", table, key) for table, key in gold.items()] + EXTRA_TABLES
            for schema, table, key in tables:
                duck_columns = duck.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position", [schema, table]).fetchall()
                if not duck_columns:
                    reports.append(parity.TableReport(table, differences=[f"{table}: no {schema}.{table} on DuckDB"]))
                    continue
                try:
                    spark_columns = [r[0] for r in spark_rows(f"describe {schema}.{table}")
                                     if r[0] and not r[0].startswith("#")]
                except Exception as exc:  # a model that failed on Spark: listed, not fatal to the others
                    reports.append(parity.TableReport(table, differences=[f"{table}: not readable on Spark: {exc}"]))
                    continue
                reports.append(parity.compare_table(
                    table, key, duck_columns, spark_columns,
                    lambda sql: duck.execute(sql).fetchone(), lambda sql: spark_rows(sql)[0], schema=schema))
            ledger = parity.compare_ledgers(
                duck.execute(parity.ledger_sql(lambda c: f'"{c}"', lambda e: f"cast({e} as varchar)")).fetchall(),
                spark_rows(parity.ledger_sql(lambda c: f"`{c}`", lambda e: f"cast({e} as string)")))
            return reports, ledger

        reports, ledger_diffs = step("compare", compare)
        duck.close()
    finally:
        # a server still starting is waited for (then stopped), a DuckDB build still running too
        wait([f for f in (starting, duck_build) if f is not None])
        step("spark_stop", server.stop)
        pool.shutdown()

    figures["seconds"]["total"] = round(time.monotonic() - started, 1)
    built: dict[str, int] = {}
    for result in spark_results:
        kind = result["unique_id"].split(".")[0]
        built[kind] = built.get(kind, 0) + (result["status"] in ("success", "pass"))
    figures["spark_nodes_built"] = built
    figures["spark_node_seconds"] = round(sum(r["execution_time"] for r in spark_results), 1)
    figures["gold_tables"] = {r.table: {"rows": r.rows, "columns_compared": r.columns_compared,
                                        "skipped": r.skipped, "differences": len(r.differences)} for r in reports}
    figures["ledger_rows_compared"] = len(duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
                                          .execute("select file_id from ops.file_ingestions").fetchall())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "parity.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2), flush=True)
    return {"results": spark_results, "gold": gold, "reports": reports, "ledger": ledger_diffs}


def test_every_gold_model_is_built_on_spark(builds):
    # exposures only document their dependencies: dbt reports them as no-op
    failed = [f"{r['unique_id']}: {r['status']} {(r.get('message') or '')[:300]}"
              for r in builds["results"] if r["status"] not in ("success", "pass")
              and not (r["unique_id"].startswith("exposure.") and r["status"] == "no-op")]
    assert not failed, "nodes that did not build on Spark:\n" + "\n".join(failed)
    built = {r["unique_id"].split(".")[-1] for r in builds["results"]}
    assert set(builds["gold"]) <= built, f"gold models not built on Spark: {sorted(set(builds['gold']) - built)}"
    assert len(builds["gold"]) >= 20, f"only {len(builds['gold'])} gold models found in the manifest"


def test_gold_tables_match_duckdb(builds):
    lines = []
    for report in builds["reports"]:
        lines += report.differences
    compared = ", ".join(f"{r.table} ({r.rows} rows, {r.columns_compared} columns)" for r in builds["reports"])
    print(f"compared {len(builds['reports'])} gold tables: {compared}")
    assert not lines, f"{len(lines)} difference(s) between the DuckDB and the Spark gold:\n" + "\n".join(lines)


def test_ledger_stamps_match_duckdb(builds):
    diffs = builds["ledger"]
    assert not diffs, f"{len(diffs)} difference(s) in ops.file_ingestions:\n" + "\n".join(diffs[:200])

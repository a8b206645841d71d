"""The ledger's ingestor-owned columns as a Parquet file, for the dbt `spark` target.

On Spark, ops.file_ingestions is an Iceberg table of its own. The ingestor keeps writing the DuckDB
ledger (it decides what is due from it: watermarks, budgets, cadence); before a Spark build, this
export carries its rows to where Spark can read them, and the dbt operation `sync_ops_ledger` merges
them into the Iceberg ledger. The silver_* and gold_* columns are not exported: on the Spark side
they are written by the Spark build's own post-hooks, never by the DuckDB build's.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from ingestion.errors import SbfError

#: columns stamped by dbt (each target stamps its own copy of the ledger)
DBT_OWNED_PREFIXES = ("silver_", "gold_")
LEDGER = "ops.file_ingestions"


def ingestor_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(column, DuckDB type) of the ledger's ingestor-owned columns, in table order."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'ops' and table_name = 'file_ingestions' order by ordinal_position"
    ).fetchall()
    if not rows:
        raise SbfError(f"the warehouse has no {LEDGER}: run `sbf db migrate` first")
    return [(name, dtype) for name, dtype in rows if not name.startswith(DBT_OWNED_PREFIXES)]


def export_ledger(con: duckdb.DuckDBPyConnection, target: Path) -> int:
    """Write the ingestor-owned columns of every ledger row to `target` (Parquet), atomically
    (a temporary name renamed into place). JSON columns become text. Returns the number of rows."""
    columns = ingestor_columns(con)
    select = ", ".join(
        f'cast("{name}" as varchar) as "{name}"' if dtype.upper() == "JSON" else f'"{name}"' for name, dtype in columns
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    quoted = str(partial).replace("'", "''")
    try:
        con.execute(f"copy (select {select} from {LEDGER} order by file_id) to '{quoted}' (format parquet)")
    except duckdb.IOException as exc:
        raise SbfError(f"cannot write the ledger export {target}: {exc}") from None
    os.replace(partial, target)
    return con.execute(f"select count(*) from {LEDGER}").fetchone()[0]

"""Compare the gold tables (and the ops stamps) of two builds of the same bronze: DuckDB and Spark.

Every gold model of the dbt manifest (and silver.bronze_field_drift) is compared: row counts, the
column sets, and per column a few checksums computed in SQL by each engine the same way (so they scale with the tables, not with this
process):

    count      non-NULL values (exact)
    sum, min, max, sum of |x|    numbers (timestamps as epoch seconds)
    weighted   sum over rows of w(row key) * v, where w is the first 32 bits of md5(the row's grain
               key as text) / 2^32 and v is the number, or the first 32 bits of md5(the value as
               text) for text, dates, times and lists of text (joined with '|'): a value moved
               to another row changes it
    md5 sum    (text) sum of the first 32 bits of md5(value)

Integers, text, dates and booleans must match exactly; floating-point checksums within a relative
1e-9 of the column's sum of |x| (the engines add in different orders, and their pow/ln differ in
the last bits). Columns holding the build's own clock (see BUILD_TIME_COLUMNS) are not compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable

#: Columns whose value is the time the build ran (dbt's run_started_at, the snapshot's clock): they
#: differ between any two builds, whatever the engine. A gold model that adds one names it
#: `*_loaded_at` (or adds it here).
BUILD_TIME_COLUMNS = ("snapshotted_at", "checked_at")
BUILD_TIME_SUFFIX = "_loaded_at"
RELATIVE_TOLERANCE = 1e-9

NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
           "UBIGINT", "FLOAT", "DOUBLE", "REAL")
EXACT_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT")


def is_build_time(column: str) -> bool:
    return column in BUILD_TIME_COLUMNS or column.endswith(BUILD_TIME_SUFFIX)


def kind_of(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    if t.startswith("DECIMAL") or t in NUMERIC:
        return "integer" if t in EXACT_NUMERIC else "float"
    if t.startswith("TIMESTAMP"):
        return "timestamp"
    if t == "BOOLEAN":
        return "boolean"
    if t in ("VARCHAR", "DATE", "TIME"):
        return "text"
    if t == "VARCHAR[]":
        return "text_list"
    return "unsupported"


@dataclass
class Dialect:
    """How one engine spells the checksum expressions."""

    name: str
    as_text: Callable[[str], str]
    list_text: Callable[[str], str]       # a list of text as one text, elements joined with '|'
    md5_32: Callable[[str], str]          # first 32 bits of md5(text expression) as a bigint
    epoch: Callable[[str], str]           # a timestamp as epoch seconds (double)
    quote: Callable[[str], str]


DUCKDB = Dialect(
    name="duckdb",
    as_text=lambda e: f"cast({e} as varchar)",
    list_text=lambda e: f"array_to_string({e}, '|')",
    md5_32=lambda e: f"cast(('0x' || substr(md5({e}), 1, 8)) as bigint)",
    epoch=lambda e: f"epoch({e})",
    quote=lambda c: f'"{c}"',
)
SPARK = Dialect(
    name="spark",
    as_text=lambda e: f"cast({e} as string)",
    list_text=lambda e: f"array_join({e}, '|')",
    md5_32=lambda e: f"cast(conv(substr(md5({e}), 1, 8), 16, 10) as bigint)",
    epoch=lambda e: f"cast({e} as double)",
    quote=lambda c: f"`{c}`",
)


@dataclass
class Column:
    name: str
    kind: str


def checksum_sql(d: Dialect, relation: str, columns: list[Column], key: list[str]) -> tuple[str, list[str]]:
    """The one query computing every checksum of a table, and the labels of its result columns."""
    if key:
        key_text = "concat_ws('|', " + ", ".join(d.as_text(d.quote(k)) for k in key) + ")"
        weight = f"({d.md5_32(key_text)} / 4294967296.0)"
    else:
        weight = "1.0"
    exprs, labels = ["count(*)"], ["rows"]
    for c in columns:
        q = d.quote(c.name)
        if c.kind in ("integer", "float", "timestamp"):
            v = d.epoch(q) if c.kind == "timestamp" else f"cast({q} as double)"
            parts = {"count": f"count({q})", "sum": f"sum({v})", "min": f"min({v})", "max": f"max({v})",
                     "abs": f"sum(abs({v}))", "weighted": f"sum({weight} * {v})"}
            if c.kind == "integer":
                parts["sum"] = f"sum(cast({q} as bigint))"
        elif c.kind == "boolean":
            parts = {"count": f"count({q})", "true": f"sum(case when {q} then 1 else 0 end)",
                     "weighted": f"sum(case when {q} then {weight} else 0 end)"}
        else:
            h = d.md5_32(d.list_text(q) if c.kind == "text_list" else d.as_text(q))
            parts = {"count": f"count({q})", "md5": f"sum({h})", "weighted": f"sum({weight} * {h})"}
        for label, expr in parts.items():
            exprs.append(expr)
            labels.append(f"{c.name}.{label}")
    return f"select {', '.join(exprs)} from {relation}", labels


def _close(a, b, scale: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(scale), abs(a), abs(b))


def compare_checksums(table: str, columns: list[Column], labels: list[str], reference: tuple,
                      other: tuple) -> list[str]:
    """Differences between two rows of checksums (DuckDB first), as readable lines."""
    ref, oth = dict(zip(labels, reference)), dict(zip(labels, other))
    diffs = []
    if ref["rows"] != oth["rows"]:
        diffs.append(f"{table}: {ref['rows']} row(s) on DuckDB, {oth['rows']} on Spark")
    kinds = {c.name: c.kind for c in columns}
    for label in labels[1:]:
        column, measure = label.rsplit(".", 1)
        a, b = ref[label], oth[label]
        if kinds[column] in ("float", "timestamp") and measure in ("sum", "min", "max", "abs", "weighted"):
            scale = abs(float(ref.get(f"{column}.abs") or 0)) + abs(float(oth.get(f"{column}.abs") or 0))
            same = _close(a, b, scale)
        elif measure == "weighted":
            # sums of fractions: exact in value, not in the last bits of their addition order
            same = _close(a, b, 0.0)
        else:
            same = (a is None and b is None) or (a is not None and b is not None and int(a) == int(b))
        if not same:
            diffs.append(f"{table}.{column} ({kinds[column]}): {measure} {a!r} on DuckDB, {b!r} on Spark")
    return diffs


@dataclass
class TableReport:
    table: str
    rows: int | None = None
    columns_compared: int = 0
    skipped: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


def compare_table(table: str, key: list[str], duck_columns: list[tuple[str, str]], spark_columns: Iterable[str],
                  duck_query: Callable[[str], tuple], spark_query: Callable[[str], tuple],
                  schema: str = "gold", other_dialect: Dialect = SPARK) -> TableReport:
    """Compare <schema>.<table> on both engines. duck_columns: (name, DuckDB type) in table order.
    other_dialect: how spark_query's engine spells the checksums (DuckDB's in the unit tests)."""
    report = TableReport(table)
    spark_names = {c.lower() for c in spark_columns}
    duck_names = {n.lower() for n, _ in duck_columns}
    for missing in sorted(duck_names - spark_names):
        report.differences.append(f"{table}.{missing}: column missing on Spark")
    for extra in sorted(spark_names - duck_names):
        report.differences.append(f"{table}.{extra}: column only on Spark")
    columns = []
    for name, dtype in duck_columns:
        if name.lower() not in spark_names:
            continue
        if is_build_time(name):
            report.skipped.append(f"{name} (the build's clock)")
            continue
        kind = kind_of(dtype)
        if kind == "unsupported":
            report.differences.append(f"{table}.{name}: type {dtype} has no checksum here (add one to parity.py)")
            continue
        columns.append(Column(name, kind))
    key = [k for k in key if k.lower() in spark_names and k.lower() in duck_names]
    duck_sql, labels = checksum_sql(DUCKDB, f"{schema}.{table}", columns, key)
    spark_sql, _ = checksum_sql(other_dialect, f"{schema}.{table}", columns, key)
    reference, other = duck_query(duck_sql), spark_query(spark_sql)
    report.rows = reference[0]
    report.columns_compared = len(columns)
    report.differences += compare_checksums(table, columns, labels, reference, other)
    return report


# ------------------------------------------------------------------ the dbt manifest

def gold_models(manifest: dict) -> dict[str, list[str]]:
    """Every gold model of the project (schema gold, not ephemeral) -> its grain key: config
    unique_key, else the columns of its unique / unique_combination_of_columns test, else []."""
    models: dict[str, dict] = {}
    for node_id, node in manifest["nodes"].items():
        if (node["resource_type"] == "model" and node["config"].get("schema") == "gold"
                and node["config"].get("materialized") != "ephemeral"):
            models[node_id] = node
    keys: dict[str, list[str]] = {}
    for node_id, node in models.items():
        unique_key = node["config"].get("unique_key")
        keys[node_id] = [unique_key] if isinstance(unique_key, str) else list(unique_key or [])
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("attached_node") not in models:
            continue
        if keys[node["attached_node"]]:
            continue
        meta = node.get("test_metadata") or {}
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "unique_combination_of_columns":
            keys[node["attached_node"]] = list(kwargs.get("combination_of_columns") or [])
        elif meta.get("name") == "unique" and kwargs.get("column_name"):
            keys[node["attached_node"]] = [kwargs["column_name"]]
    return {models[node_id]["alias"] or models[node_id]["name"]: key for node_id, key in sorted(keys.items())}


# ------------------------------------------------------------------ the ops ledger

#: what the silver and gold post-hooks write and both builds must agree on, per file
LEDGER_STAMPS = ("silver_tablename", "silver_rows_created", "silver_rows_updated", "silver_rows_failed",
                 "silver_errors", "silver_from_date", "silver_to_date", "gold_object_type", "gold_tablename",
                 "gold_rows_created", "gold_rows_updated", "gold_errors")
#: clocks: compared as set / not set only
LEDGER_CLOCKS = ("silver_ingest_end_time", "gold_ingest_end_time")


def ledger_sql(quote: Callable[[str], str], as_text: Callable[[str], str]) -> str:
    columns = ", ".join([as_text(quote(c)) for c in LEDGER_STAMPS] +
                        [f"{quote(c)} is not null" for c in LEDGER_CLOCKS])
    return f"select file_id, {columns} from ops.file_ingestions"


def compare_ledgers(reference: list[tuple], other: list[tuple]) -> list[str]:
    names = LEDGER_STAMPS + tuple(f"{c} is set" for c in LEDGER_CLOCKS)
    ref = {row[0]: row[1:] for row in reference}
    oth = {row[0]: row[1:] for row in other}
    diffs = [f"ops.file_ingestions: file {f} only in the DuckDB ledger" for f in sorted(ref.keys() - oth.keys())]
    diffs += [f"ops.file_ingestions: file {f} only in the Spark ledger" for f in sorted(oth.keys() - ref.keys())]
    for file_id in sorted(ref.keys() & oth.keys()):
        for name, a, b in zip(names, ref[file_id], oth[file_id]):
            if _normal(a) != _normal(b):
                diffs.append(f"ops.file_ingestions[{file_id}].{name}: {a!r} on DuckDB, {b!r} on Spark")
    return diffs


def _normal(value):
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value

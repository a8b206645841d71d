"""The peer of the scale bench: the same price files loaded with dlt's arrow path into DuckDB.

    python tests/bench/scale_dlt.py FILES_JSON DATABASE PIPELINES_DIR

Each bronze file is read with pyarrow.json (an explicit schema: the envelope's requested_at and the
payload rows with their types), its rows flattened into one arrow table per file, and the tables
handed to dlt as one resource: write_disposition="merge" with primary key (symbol, date), newest
requested_at winning (dlt's dedup_sort hint). Arrow tables skip dlt's row-by-row normalisation and
are written as parquet and loaded by the duckdb destination: the fast path dlt documents for
arrow/pandas data. Telemetry is off. Prints one JSON line: seconds reading, seconds in dlt, rows.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

import dlt  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.json as pj  # noqa: E402

ROW = pa.struct([("symbol", pa.string()), ("date", pa.string()), ("open", pa.float64()), ("high", pa.float64()),
                 ("low", pa.float64()), ("close", pa.float64()), ("volume", pa.int64()), ("change", pa.float64()),
                 ("changePercent", pa.float64()), ("vwap", pa.float64())])
SCHEMA = pa.schema([("envelope", pa.struct([("requested_at", pa.string())])), ("payload", pa.list_(ROW))])


def read_file(path: str) -> pa.Table:
    """One bronze file (a single, pretty-printed JSON object) as a table of its typed payload rows."""
    size = os.path.getsize(path)
    document = pj.read_json(
        path,
        read_options=pj.ReadOptions(block_size=max(size + 1024, 1 << 20)),
        parse_options=pj.ParseOptions(explicit_schema=SCHEMA, newlines_in_values=True,
                                      unexpected_field_behavior="ignore"),
    )
    payload = document.column("payload").combine_chunks()
    rows = pc.list_flatten(payload)
    parents = pc.list_parent_indices(payload)
    requested = pc.cast(pc.struct_field(document.column("envelope").combine_chunks(), "requested_at"),
                        pa.timestamp("us", tz="UTC"))
    columns = {name: rows.field(name) for name in ROW.names}
    columns["date"] = pc.cast(pc.utf8_slice_codeunits(columns["date"], 0, 10), pa.date32())
    columns["requested_at"] = pc.take(requested, parents)
    return pa.table(columns)


def main() -> int:
    files_json, database, pipelines_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    paths = json.loads(open(files_json).read())
    timings = {"read_seconds": 0.0}

    @dlt.resource(name="historical_price_eod_full", write_disposition="merge", primary_key=["symbol", "date"],
                  columns={"requested_at": {"dedup_sort": "desc"}})
    def prices():
        for path in paths:
            started = time.perf_counter()
            table = read_file(path)
            timings["read_seconds"] += time.perf_counter() - started
            yield table

    pipeline = dlt.pipeline(pipeline_name="sbf_bench_scale", destination=dlt.destinations.duckdb(database),
                            dataset_name="silver", pipelines_dir=pipelines_dir)
    started = time.perf_counter()
    pipeline.run(prices())
    total = time.perf_counter() - started
    with pipeline.sql_client() as client:
        rows = client.execute_sql("select count(*) from historical_price_eod_full")[0][0]
    print(json.dumps({"read_seconds": round(timings["read_seconds"], 3), "run_seconds": round(total, 3),
                      "rows": rows, "files": len(paths), "dlt": dlt.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The DuckDB floor of the scale bench: the price files into one typed, de-duplicated table with a
single statement, in a fresh process, into a new database file.

    python tests/bench/scale_floor.py FILES_JSON DATABASE

FILES_JSON is a JSON list of bronze file paths (the price files the pipeline promoted). The
statement reads them with read_json and an explicit column list (every field as text, as silver
does), casts each column, keeps one row per (symbol, date) from the newest file (ordered by the
envelope's requested_at as a timestamp), and creates the table. Prints one JSON line: the
statement's seconds, the rows, the files.
"""

from __future__ import annotations

import json
import sys
import time

import duckdb

FIELDS = ["symbol", "date", "open", "high", "low", "close", "volume", "change", "changePercent", "vwap"]
TYPES = {"open": "double", "high": "double", "low": "double", "close": "double", "volume": "bigint",
         "change": "double", "changePercent": "double", "vwap": "double"}


def floor_sql(paths: list[str]) -> str:
    files = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    row_type = "STRUCT(" + ", ".join(f'"{f}" VARCHAR' for f in FIELDS) + ")[]"
    casts = ",\n        ".join(f'try_cast(nullif(trim(r."{f}"), \'\') as {t}) as "{f}"' for f, t in TYPES.items())
    return f"""
create table prices as
select * from (
    select
        nullif(trim(r.symbol), '') as symbol,
        try_cast(left(r.date, 10) as date) as date,
        {casts},
        requested_at
    from (
        select cast(envelope.requested_at as timestamptz) as requested_at, unnest(payload) as r
        from read_json([{files}], format = 'auto', maximum_object_size = 268435456,
                       columns = {{'envelope': 'STRUCT(requested_at VARCHAR)', 'payload': '{row_type}'}})
    )
)
where symbol is not null and date is not null
qualify row_number() over (partition by symbol, date order by requested_at desc) = 1
"""


def main() -> int:
    files_json, database = sys.argv[1], sys.argv[2]
    paths = json.loads(open(files_json).read())
    con = duckdb.connect(database)
    started = time.perf_counter()
    con.execute(floor_sql(paths))
    seconds = time.perf_counter() - started
    rows = con.execute("select count(*) from prices").fetchone()[0]
    con.close()
    print(json.dumps({"statement_seconds": round(seconds, 3), "rows": rows, "files": len(paths)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

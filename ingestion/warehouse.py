"""Opening the DuckDB warehouse, with a clear message when another process holds its lock."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from ingestion.errors import SbfError, WarehouseLockedError

_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a held lock becomes WarehouseLockedError naming the holder."""
    if read_only and not path.exists():
        raise SbfError(f"no warehouse at {path}: run `make ingest` (or `sbf ingest`) first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" not in message.lower():
            raise
        match = _HOLDER.search(message)
        holder = f"{match.group(1)} (PID {match.group(2)})" if match else "another process"
        raise WarehouseLockedError(
            f"the warehouse {path} is in use by {holder}; wait for it to finish (or close it) and try again"
        ) from None

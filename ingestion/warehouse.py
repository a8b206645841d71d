"""Opening the DuckDB warehouse, with a clear message when another process holds its lock."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from ingestion.errors import SbfError, WarehouseLockedError

_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (created with its ops schema when missing); a held lock becomes
    WarehouseLockedError naming the holder."""
    if read_only and not path.exists():
        raise SbfError(f"no warehouse at {path}: run `make ingest` (or `sbf ingest`) first")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not read_only and not path.exists():
        create(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise locked_error(path, exc) from None


def create(path: Path) -> int:
    """Create the warehouse with its ops schema, all at once: built under a temporary name and linked
    into place, so that a process killed meanwhile leaves no warehouse rather than one without ops
    (which every reader would trip on). Returns how many migrations it applied (0: another process
    created it first)."""
    from ingestion.migrations import migrate  # migrations know nothing of this module; imported late

    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_creations(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.creating")
    con = duckdb.connect(str(partial))
    try:
        applied = migrate(con)
        con.execute("checkpoint")
    finally:
        con.close()
    try:
        os.link(partial, path)  # never replaces a warehouse another process created meanwhile
    except FileExistsError:
        applied = []
    finally:
        partial.unlink()
    return len(applied)


def _remove_abandoned_creations(path: Path) -> None:
    """The partial warehouses of creators that were killed (their pid is gone, or is this process)."""
    for leftover in path.parent.glob(f".{path.name}.*.creating*"):
        pid = leftover.name[len(path.name) + 2:].split(".")[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def attach_read_only(con: duckdb.DuckDBPyConnection, path: Path, alias: str) -> None:
    """ATTACH the warehouse read-only to another connection (e.g. an in-memory one that writes elsewhere)."""
    if not path.exists():
        raise SbfError(f"no warehouse at {path}: run `make ingest` (or `sbf ingest`) first")
    try:
        con.execute(f"attach '{path}' as {alias} (read_only)")
    except duckdb.IOException as exc:
        raise locked_error(path, exc) from None


def locked_error(path: Path, exc: duckdb.IOException) -> Exception:
    """DuckDB's `Conflicting lock` IOException as WarehouseLockedError naming the holder (other errors as they are)."""
    message = str(exc)
    if "lock" not in message.lower():
        return exc
    match = _HOLDER.search(message)
    holder = describe_holder(match.group(1), int(match.group(2))) if match else "another process"
    return WarehouseLockedError(
        f"the warehouse {path} is in use by {holder}; wait for it to finish (or close it) and try again",
        holder=holder,
    )


_MAX_COMMAND_CHARS = 120


def describe_holder(program: str, pid: int, proc: Path = Path("/proc")) -> str:
    """The process holding the lock as a user knows it: `sbf run ...` rather than the Python that runs it.

    DuckDB names the holder's executable (for sbf or dbt, the Python interpreter); its command line
    (/proc/<pid>/cmdline on Linux) says which command it is. Falls back to the executable.
    """
    try:
        argv = [a for a in (proc / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0") if a]
    except OSError:
        argv = []
    command = command_name(argv) if argv else None
    if not command:
        return f"{program} (PID {pid})"
    if len(command) > _MAX_COMMAND_CHARS:
        command = command[: _MAX_COMMAND_CHARS - 3] + "..."
    return f"`{command}` (PID {pid})"


def command_name(argv: list[str]) -> str:
    """`sbf run --tickers AAPL` for `python -m ingestion run ...` or `.venv/bin/sbf run ...`; dbt likewise;
    any other program by its name and arguments."""
    args = list(argv)
    if Path(args[0]).name.startswith("python") and len(args) > 1:
        args = args[1:]
        if args[0] == "-m" and len(args) > 1:
            module = args[1]
            args = ["sbf" if module == "ingestion" else module, *args[2:]]
    name = Path(args[0]).name
    return " ".join([name, *args[1:]])

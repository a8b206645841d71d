"""Reconcile bronze files and ops rows after a crash (`sbf doctor`, and the start of every run).

The ingestor writes a file (temp + rename) before its ops row, so a crash can leave
- a temporary file (never visible as bronze): removed;
- a complete file whose row was not yet written: adopted, its row rebuilt from the file's envelope;
- a run still marked 'running': marked 'interrupted'.
A row whose file is missing cannot come from a crash (rows follow files); it is reported and, with
repair, taken out of promotion with an error that names the file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from ingestion import bronze, ops
from ingestion.catalogue import DatasetSpec, load_catalogue
from ingestion.fetched import FetchedPayload

log = logging.getLogger(__name__)


@dataclass
class DoctorReport:
    temp_files: list[str] = field(default_factory=list)
    orphan_files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    unreadable_files: list[str] = field(default_factory=list)
    interrupted_runs: list[str] = field(default_factory=list)
    repaired: bool = False

    @property
    def clean(self) -> bool:
        return not (self.temp_files or self.orphan_files or self.missing_files or self.unreadable_files
                    or self.interrupted_runs)

    def summary(self) -> str:
        return (f"{len(self.orphan_files)} file(s) without an ops row, {len(self.missing_files)} ops row(s) "
                f"without a file, {len(self.temp_files)} temporary file(s), {len(self.unreadable_files)} "
                f"unreadable file(s), {len(self.interrupted_runs)} interrupted run(s)")


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """(bronze files, temporary files) relative to the data dir's parent of `root`."""
    files, temps = [], []
    if not root.exists():
        return files, temps
    base = root.parent
    for directory, _, names in os.walk(root):
        for name in names:
            rel = (Path(directory) / name).relative_to(base).as_posix()
            if name.startswith(".") and name.endswith(".tmp"):
                temps.append(rel)
            elif name.endswith(".json") and not name.startswith("."):
                files.append(rel)
    return files, temps


def reconcile(con: duckdb.DuckDBPyConnection, data_dir: Path, repair: bool) -> DoctorReport:
    report = DoctorReport(repaired=repair)
    files, temps = _walk(data_dir / "bronze")
    report.temp_files = sorted(temps)
    recorded = {row[0] for row in con.execute(
        "select bronze_filename from ops.file_ingestions where bronze_filename is not null").fetchall()}
    on_disk = set(files)
    report.orphan_files = sorted(on_disk - recorded)
    report.missing_files = sorted(
        r[0] for r in con.execute(
            "select bronze_filename from ops.file_ingestions where bronze_filename is not null "
            "and (bronze_error is null or bronze_error not like 'bronze file missing%')"
        ).fetchall()
        if r[0] not in on_disk
    )
    report.interrupted_runs = [r[0] for r in con.execute("select run_id from ops.runs where status = 'running'").fetchall()]
    if not repair:
        return report
    for rel in report.temp_files:
        (data_dir / rel).unlink(missing_ok=True)
    specs = {(s.dataset, s.discriminator): s for s in load_catalogue()}
    adopted = []
    for rel in report.orphan_files:
        row = adopt(data_dir / rel, rel, specs)
        if row is None:
            report.unreadable_files.append(rel)
        else:
            adopted.append(row)
    if adopted:
        ops.insert_file_rows(con, adopted)
    for rel in report.missing_files:
        con.execute(
            "update ops.file_ingestions set bronze_can_promote = false, bronze_error = ? where bronze_filename = ?",
            [f"bronze file missing: {rel}", rel],
        )
    if report.interrupted_runs:
        con.execute(
            "update ops.runs set status = 'interrupted', error = coalesce(error, 'the process ended before the run "
            "finished (killed or crashed)') where status = 'running'"
        )
    return report


def adopt(path: Path, rel: str, specs: dict[tuple[str, str], DatasetSpec]) -> dict[str, Any] | None:
    """The ops row of a bronze file, rebuilt from its envelope and payload (None: not one of ours)."""
    try:
        document = json.loads(path.read_bytes())
        envelope = document["envelope"]
        spec = specs[(envelope["dataset"], envelope.get("discriminator", ""))]
        ended = datetime.fromisoformat(envelope["requested_at"])  # the real end was lost with the crash
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("cannot adopt %s: not a readable bronze file of a catalogue dataset", rel)
        return None
    if "payload" in document:
        body = json.dumps(document["payload"]).encode()
    else:
        body = str(document.get("payload_text", "")).encode()
    # Rows and dates are re-derived from the payload; the verdict recorded in the envelope stands.
    verdict = bronze.classify(FetchedPayload(200, body), spec)
    return ops.file_row(envelope, rel, path.stat().st_size, verdict, ended)

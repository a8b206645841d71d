"""Bronze: one immutable JSON file per API response, written atomically, with its request envelope.

File layout (relative to the data dir):
    bronze/<domain>/<dataset>/[<discriminator>/][<ticker>/]<file_id>.json

File content (one JSON object):
    {"envelope": {file_id, run_id, source, domain, dataset, discriminator, ticker, endpoint,
                  params (no key), http_status, attempts, requested_at, elapsed_ms, as_of_date,
                  content_type, payload_sha256, payload_bytes, error},
     "payload": <the response body exactly as received, when it is JSON>}
    or "payload_text": "<the body as a string>" when the body is not JSON (kept for inspection).

The response bytes are spliced in as received (no re-serialisation: ~1 ms a file instead of ~30 ms),
so payload_sha256 is the hash of what the server sent.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ingestion.catalogue import DatasetSpec
from ingestion.fetched import FetchedPayload

ERROR_SNIPPET_CHARS = 300


def new_file_id(now: datetime | None = None) -> str:
    """Sortable and unique: UTC time to the microsecond plus 32 random bits."""
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}"


def bronze_relpath(spec: DatasetSpec, ticker: str, file_id: str) -> Path:
    parts = ["bronze", spec.domain, spec.dataset]
    if spec.discriminator:
        parts.append(spec.discriminator)
    if ticker:
        parts.append(ticker)
    return Path(*parts, f"{file_id}.json")


@dataclass(frozen=True)
class Classification:
    """What a response means for the pipeline, and the payload bytes to keep in bronze."""

    rows: int
    from_date: date | None
    to_date: date | None
    error: str | None
    parsed_json: bool
    payload: bytes = b""
    end_of_parts: bool = False  # a paginated endpoint's "no such part": the last page was the previous one
    typical_gap_days: float | None = None  # median spacing of the row dates (1 daily, ~30 monthly); None: < 2 dates

    @property
    def can_promote(self) -> bool:
        return self.error is None and self.rows > 0

    @property
    def empty(self) -> bool:
        return self.error is None and self.rows == 0


# FMP answers a bulk `part` past the last one with this 400: the previous part was the last.
_END_OF_PARTS = "Invalid or missing query parameter - part"


def _snippet(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    return " ".join(text.split())[:ERROR_SNIPPET_CHARS]


def _row_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def csv_rows(body: bytes) -> list[dict[str, str | None]]:
    """A CSV body as rows of strings (empty cells become null), for the same silver reader as JSON."""
    text = body.decode("utf-8-sig", errors="replace")
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def classify(result: FetchedPayload, spec: DatasetSpec, part: int | None = None) -> Classification:
    """Success (rows > 0), empty success ([]), or an error with a message naming what was wrong.

    `payload` is what bronze keeps: the body as received, except that a CSV body (bulk endpoints)
    is kept as a JSON array of string rows so that every bronze file reads the same way.
    """
    body = result.body
    if result.transport_error is not None:
        return Classification(0, None, None, result.transport_error, False, body)
    try:
        document = json.loads(body)
        parsed = True
    except (ValueError, UnicodeDecodeError):
        document, parsed = None, False
    if part and result.status == 400 and _END_OF_PARTS in body.decode("utf-8", errors="replace"):
        return Classification(0, None, None, None, parsed, body, end_of_parts=True)
    if result.status != 200:
        return Classification(0, None, None, f"HTTP {result.status}: {_snippet(body)}", parsed, body)
    if isinstance(document, dict) and ("Error Message" in document or "error" in document or "error_message" in document):
        message = document.get("Error Message", document.get("error", document.get("error_message")))
        return Classification(0, None, None, f"error body: {message}", True, body)
    if spec.format == "csv" and not parsed:
        try:
            document = csv_rows(body)
        except csv.Error as exc:
            return Classification(0, None, None, f"body is not valid CSV: {exc}", False, body)
        body, parsed = json.dumps(document, separators=(",", ":")).encode(), True
    if not parsed:
        return Classification(0, None, None, f"body is not JSON: {_snippet(body)}", False, body)
    rows = document
    if spec.rows_path:
        if not isinstance(document, dict) or not isinstance(document.get(spec.rows_path), list):
            return Classification(0, None, None, f"expected an object with a {spec.rows_path!r} list", True, body)
        rows = document[spec.rows_path]
    if not isinstance(rows, list):
        return Classification(0, None, None, f"expected a JSON array, got {type(rows).__name__}", True, body)
    if not rows:
        return Classification(0, None, None, None, True, body)
    if not all(isinstance(row, dict) for row in rows):
        return Classification(0, None, None, "expected an array of objects", True, body)
    if not spec.row_date_field:
        return Classification(len(rows), None, None, None, True, body)
    dates = []
    for index, row in enumerate(rows):
        row_date = _row_date(row.get(spec.row_date_field))
        if row_date is None:
            return Classification(
                len(rows), None, None,
                f"row {index} has no valid {spec.row_date_field!r} (got {row.get(spec.row_date_field)!r})", True, body,
            )
        dates.append(row_date)
    distinct = sorted(set(dates))
    gaps = sorted((b - a).days for a, b in zip(distinct, distinct[1:]))
    typical_gap = float(gaps[len(gaps) // 2]) if gaps else None
    return Classification(len(rows), min(dates), max(dates), None, True, body, typical_gap_days=typical_gap)


def render_file(envelope: dict[str, Any], body: bytes, body_is_json: bool) -> bytes:
    head = b'{"envelope": ' + json.dumps(envelope, sort_keys=True).encode()
    if body_is_json:
        return head + b', "payload": ' + body + b"}\n"
    text = body.decode("utf-8", errors="replace")
    return head + b', "payload_text": ' + json.dumps(text).encode() + b"}\n"


def read_payload_rows(path: Path, spec: DatasetSpec) -> list[Any]:
    """The rows of a JSON bronze file written by render_file (ValueError when it holds none)."""
    document = json.loads(path.read_bytes())
    return payload_rows(document.get("payload") if isinstance(document, dict) else None, spec, str(path))


def payload_rows(payload: Any, spec: DatasetSpec, origin: str) -> list[Any]:
    """The rows list of a parsed JSON payload (under spec.rows_path when the body is an object)."""
    if spec.rows_path and isinstance(payload, dict):
        payload = payload.get(spec.rows_path)
    if not isinstance(payload, list):
        raise ValueError(f"{origin}: no list of rows in its payload")
    return payload


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, fsync, then rename: readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def payload_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()

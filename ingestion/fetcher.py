"""Fetch: planned requests -> HTTP -> one bronze file and one ops row per response."""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterator

from ingestion import bronze, ops, restatements
from ingestion.config import Settings
from ingestion.errors import SbfError
from ingestion.fmp import AUTH, PLAN, PLAN_SYMBOL, QUOTA, RATE_LIMIT, UNREACHABLE, FmpClient, refusal_kind
from ingestion.plan import PlannedRequest, render_params, split_window
from ingestion.ratelimit import QuotaExhausted
from ingestion.redact import without_keys

log = logging.getLogger(__name__)

FETCH_WORKERS = 8  # concurrency hides latency; the rate limiter, not the pool, sets the pace
OPS_FLUSH_EVERY = 50
MAX_PARTS = 1000  # a paginated endpoint that never signals its end is a bug, not a reason to loop forever
ROW_CAP = 5000  # FMP's silent cap on daily series: beyond it, the oldest rows are dropped
TRUNCATION_GRACE_DAYS = 7  # weekends and holidays explain a first row a few days after `from`


class BronzeWriteError(SbfError):
    """A bronze file could not be written: the run stops (nothing is recorded without its file)."""


class AuthRejected(SbfError):
    """The API refused the key (invalid, suspended, legacy endpoint): the run stops at once."""


class ApiUnreachable(SbfError):
    """The API's host cannot be reached (no network, DNS failure, connection refused): the run stops."""


class FetchControl:
    """Shared by the fetch threads: datasets this plan cannot fetch, and why the run must stop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.unavailable: dict[str, str] = {}  # dataset name -> the refusal
        self.stop_kind: str | None = None  # AUTH, QUOTA or UNREACHABLE
        self.stop_message: str | None = None

    def stop(self, kind: str, message: str) -> None:
        with self._lock:
            if self.stop_kind is None:
                self.stop_kind, self.stop_message = kind, message

    def block(self, dataset: str, message: str) -> None:
        with self._lock:
            self.unavailable.setdefault(dataset, message)

    def allows(self, dataset: str) -> bool:
        return self.stop_kind is None and dataset not in self.unavailable


@dataclass(frozen=True)
class SourceClient:
    client: FmpClient
    api_key: str


@dataclass
class FetchTally:
    """Counts of one fetch stage (added to the run's counts)."""

    requests: int = 0
    calls: int = 0  # HTTP attempts that reached the API (got a response), retries included
    ok: int = 0
    empty: int = 0
    failed: int = 0
    truncated: int = 0
    not_made: int = 0  # requests skipped because the run is stopping or the plan refused the dataset
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    datasets_with_new_files: set[str] = field(default_factory=set)
    rewritten_histories: int = 0  # identities whose past changed (split, dividend): refetched in full


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Fetcher:
    """Fetches planned requests concurrently; writes each response atomically, then its ops row."""

    def __init__(self, settings: Settings, clients: dict[str, SourceClient], run_id: str, as_of: date) -> None:
        self.settings = settings
        self.clients = clients
        self.run_id = run_id
        self.as_of = as_of
        self._secrets = [c.api_key for c in clients.values() if c.api_key]
        self.control = FetchControl()
        self.workers = FETCH_WORKERS
        self._rewritten = 0
        self._rewritten_lock = threading.Lock()

    def fetch(
        self,
        record: Callable[[list[dict[str, Any]]], None],
        requests: list[PlannedRequest],
        on_file: Callable[[dict[str, Any]], None] | None = None,
    ) -> FetchTally:
        """Fetch `requests`; `record` writes (or holds) the ops rows of the files, in batches."""
        tally = FetchTally()
        started = time.perf_counter()
        pending: list[dict[str, Any]] = []
        self._rewritten = 0  # one Fetcher serves every stage of a run: count this stage's only
        try:
            for rows in self._fetch_all(requests):
                if not rows:
                    tally.not_made += 1
                for row in rows:
                    pending.append(row)
                    _count(tally, row)
                    if on_file:
                        on_file(row)
                if len(pending) >= OPS_FLUSH_EVERY:
                    record(pending)
                    pending = []
        finally:
            # Files already on disk get their rows even when the stage stops early.
            if pending:
                record(pending)
            tally.seconds = time.perf_counter() - started
            tally.rewritten_histories = self._rewritten
        return tally

    def _fetch_all(self, requests: list[PlannedRequest]) -> Iterator[list[dict[str, Any]]]:
        """Results in plan order; on any failure, queued requests are cancelled, not sent."""
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="fetch")
        try:
            futures = [pool.submit(self._fetch_request, r) for r in requests]
            for future in futures:
                yield future.result()
        except BaseException:
            self.control.stop("error", "the fetch stage failed")
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch_request(self, request: PlannedRequest) -> list[dict[str, Any]]:
        """One planned request: a single response, or every page of a paginated endpoint.

        Nothing is sent once the run must stop, or for a dataset this plan has refused.
        """
        if not self.control.allows(request.spec.name):
            return []
        if not request.spec.paginated:
            row, verdict = self._fetch_once(request, request.params)
            if row is None:
                return []
            if request.baseline and verdict.can_promote:
                return [row, *self._refetch_if_rewritten(request, verdict)]
            return [row]
        rows = []
        for part in range(MAX_PARTS):
            params = {k: v.replace("{part}", str(part)) for k, v in request.params.items()}
            row, verdict = self._fetch_once(request, params, part)
            if row is None:
                return rows
            rows.append(row)
            if verdict.end_of_parts or not verdict.can_promote or not self.control.allows(request.spec.name):
                return rows
        raise SbfError(f"{request.label}: no end of parts after {MAX_PARTS} pages")

    def _refetch_if_rewritten(self, request: PlannedRequest, verdict: bronze.Classification) -> list[dict[str, Any]]:
        """The request re-asked days already held (a history-rewriting dataset): when one of them
        changed, a split or dividend rewrote the past, so the whole history is fetched again and the
        newer files restate every row in silver. Returns the extra files' ops rows."""
        spec = request.spec
        try:
            held = bronze.read_payload_rows(self.settings.data_dir / str(request.baseline), spec)
            fetched = bronze.payload_rows(json.loads(verdict.payload), spec, request.label)
            change = restatements.first_rewritten_row(held, fetched, spec.row_date_field)
        except (OSError, ValueError) as exc:
            # Without the held values there is no telling: refetching is the safe answer.
            change = f"cannot compare with {request.baseline} ({exc})"
            log.warning("%s: %s", request.label, change)
        if change is None:
            return []
        windows = split_window(self.settings.start_date, self.as_of, spec.window_days)
        log.info("%s: history rewritten since the last fetch (%s): refetching %s..%s in %d request(s)",
                 request.label, change, windows[0][0], windows[-1][1], len(windows))
        with self._rewritten_lock:
            self._rewritten += 1
        rows = []
        for window_from, window_to in windows:
            if not self.control.allows(spec.name):
                break
            params = render_params(spec, request.ticker, window_from, window_to, self.as_of)
            row, _ = self._fetch_once(PlannedRequest(spec, request.ticker, params, window_from, window_to), params)
            if row is None:
                break
            rows.append(row)
        return rows

    def _fetch_once(
        self, request: PlannedRequest, params: dict[str, str], part: int | None = None
    ) -> tuple[dict[str, Any], bronze.Classification]:
        spec = request.spec
        source = self.clients[spec.source]
        file_id = bronze.new_file_id()
        started_at = _utcnow()
        try:
            result = source.client.get(spec.path, params)
        except QuotaExhausted as exc:  # our own budget, before any call: nothing to record
            self.control.stop(QUOTA, str(exc))
            return None, None  # type: ignore[return-value]
        verdict = bronze.classify(result.payload, spec, part)
        if result.unreachable:
            # The next requests would fail the same way: stop (this one is still recorded as a failure).
            self.control.stop(UNREACHABLE, result.unreachable)
        self._react(request, result.status, result.body)
        payload = verdict.payload
        for secret in self._secrets:  # a server that echoes the key must not get it into bronze
            payload = payload.replace(secret.encode(), b"***")
        relpath = bronze.bronze_relpath(spec, request.ticker, file_id)
        digest = bronze.payload_digest(payload)
        stored_params = without_keys(params)
        truncated = _truncated(request, verdict)
        envelope = {
            "file_id": file_id, "run_id": self.run_id, "source": spec.source, "domain": spec.domain,
            "dataset": spec.dataset, "discriminator": spec.discriminator, "ticker": request.ticker,
            "endpoint": spec.path, "params": stored_params, "http_status": result.status, "attempts": result.attempts,
            "calls": result.api_calls,
            "requested_at": started_at.isoformat(), "elapsed_ms": result.elapsed_ms, "as_of_date": self.as_of.isoformat(),
            "content_type": result.content_type, "payload_format": spec.format, "payload_sha256": digest,
            "payload_bytes": len(payload), "received_sha256": bronze.payload_digest(result.body),
            "error": verdict.error, "truncated": truncated,
        }
        content = bronze.render_file(envelope, payload, verdict.parsed_json)
        target = self.settings.data_dir / relpath
        try:
            bronze.write_atomically(target, content)
        except OSError as exc:
            raise BronzeWriteError(
                f"cannot write bronze file {target} ({spec.name} {request.ticker}): {exc.strerror or exc}"
            ) from None
        row = ops.file_row(envelope, relpath.as_posix(), len(content), verdict, _utcnow())
        return row, verdict


    def _react(self, request: PlannedRequest, status: int | None, body: bytes) -> None:
        """Refusals change what the rest of the run does (the response itself is recorded as usual)."""
        kind = refusal_kind(status, body)
        if kind is None or kind == PLAN_SYMBOL:
            return  # PLAN_SYMBOL: only this symbol is refused; the dataset goes on for the others
        snippet = " ".join(body[:300].decode("utf-8", errors="replace").split())
        if kind == AUTH:
            self.control.stop(AUTH, f"the API refused the key (HTTP {status}: {snippet}); check FMP_API_KEY "
                                    f"(and that the endpoint is on the stable API). No further calls were made")
        elif kind == PLAN:
            self.control.block(request.spec.name, f"HTTP {status}: {snippet}")
            log.warning("%s is not available on this plan (%s): its remaining requests are skipped this run",
                        request.spec.name, snippet)
        elif kind in (QUOTA, RATE_LIMIT):
            # RATE_LIMIT here means the client's retries were exhausted: treat it as the quota.
            self.control.stop(QUOTA, f"the API's limit was reached (HTTP {status}: {snippet}); "
                                     "the next run resumes where this one stopped")


def _truncated(request: PlannedRequest, verdict: bronze.Classification) -> bool:
    """Did the server return less history than asked for? (FMP drops the oldest rows silently.)"""
    if not verdict.can_promote or request.from_date is None or verdict.from_date is None:
        return False
    # A monthly or quarterly series starts up to a period after `from` by nature, a daily one a few
    # days; one row alone says nothing about its spacing.
    late_start = verdict.typical_gap_days is not None and (verdict.from_date - request.from_date).days > max(
        TRUNCATION_GRACE_DAYS, 3 * verdict.typical_gap_days)
    return late_start or verdict.rows >= ROW_CAP


def _count(tally: FetchTally, row: dict[str, Any]) -> None:
    tally.requests += 1
    tally.calls += row["calls"]
    if row["bronze_error"]:
        tally.failed += 1
        tally.errors.append(f"{row['dataset']} {row['discriminator']} {row['ticker']}: {row['bronze_error']}".replace("  ", " "))
        # An unreachable host stops the run with one line saying so: not one more per request in flight.
        unreachable = row["http_status"] is None and str(row["bronze_error"]).startswith("cannot reach ")
        log.log(logging.DEBUG if unreachable else logging.WARNING,"%s %s %s: %s", row["dataset"], row["discriminator"], row["ticker"], row["bronze_error"])
    elif row["bronze_rows"] == 0:
        tally.empty += 1
    else:
        tally.ok += 1
        tally.datasets_with_new_files.add(row["dataset"])
    if row["bronze_truncated"]:
        tally.truncated += 1
        log.warning("%s %s: response starts at %s, later than the requested from (truncated?)",
                    row["dataset"], row["ticker"], row["bronze_from_date"])

"""The ingest stage: plan -> fetch -> bronze file -> ops row, for one run."""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import duckdb

from ingestion import bronze, ops
from ingestion.catalogue import DatasetSpec, load_catalogue, select_datasets
from ingestion.config import Settings
from ingestion.errors import SbfError
from ingestion.fmp import FmpClient
from ingestion.migrations import migrate
from ingestion.plan import PlannedRequest, plan_requests
from ingestion.redact import redact, without_keys
from ingestion.tickers import ticker_problem
from ingestion.warehouse import connect

log = logging.getLogger(__name__)

UNIVERSE_DATASET = "stock-list"
FETCH_WORKERS = 4
OPS_FLUSH_EVERY = 50


class BronzeWriteError(SbfError):
    """A bronze file could not be written: the run stops (nothing is recorded without its file)."""


@dataclass(frozen=True)
class IngestOptions:
    tickers: list[str] | None = None
    ticker_limit: int | None = None
    datasets: list[str] | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class IngestResult:
    run_id: str
    status: str
    counts: ops.RunCounts
    elapsed_seconds: float


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Ingestor:
    """Fetches what is due and records every response as a bronze file plus its ops row."""

    def __init__(self, settings: Settings, client: FmpClient, api_key: str) -> None:
        self.settings = settings
        self.client = client
        self._secrets = [api_key]

    def run(self, options: IngestOptions) -> IngestResult:
        started = time.perf_counter()
        as_of = options.as_of or date.today()
        specs = select_datasets(load_catalogue(), options.datasets)
        run_id = bronze.new_file_id()
        counts = ops.RunCounts()
        con = connect(self.settings.warehouse_path)
        try:
            migrate(con)
            ops.start_run(con, run_id, "ingest", _arguments(options), as_of, _utcnow())
            status, error = "success", None
            try:
                self._ingest(con, run_id, as_of, specs, options, counts)
                if counts.files_failed:
                    status = "partial"
            except Exception as exc:
                status, error = "failed", redact(str(exc), self._secrets)
                raise
            finally:
                elapsed = round(time.perf_counter() - started, 3)
                ops.finish_run(con, run_id, status, counts, _utcnow(), elapsed, error)
                log.info("Ingestion complete. run_id=%s | elapsed_seconds=%.3f", run_id, elapsed)
        finally:
            con.close()
        return IngestResult(run_id, status, counts, elapsed)

    def _ingest(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        as_of: date,
        specs: list[DatasetSpec],
        options: IngestOptions,
        counts: ops.RunCounts,
    ) -> None:
        global_specs = [s for s in specs if not s.per_ticker]
        ticker_specs = [s for s in specs if s.per_ticker]
        # Global datasets first: the universe may come from the stock list fetched just now.
        self._fetch_plan(con, run_id, as_of, global_specs, [], counts)
        if not ticker_specs:
            return
        tickers = options.tickers if options.tickers is not None else self._universe(con)
        if options.ticker_limit is not None:
            tickers = tickers[: options.ticker_limit]
        log.info("universe: %d tickers", len(tickers))
        self._fetch_plan(con, run_id, as_of, ticker_specs, tickers, counts)

    def _fetch_plan(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        as_of: date,
        specs: list[DatasetSpec],
        tickers: list[str],
        counts: ops.RunCounts,
    ) -> None:
        if not specs:
            return
        plan = plan_requests(specs, tickers, ops.identity_states(con), as_of, self.settings.start_date)
        counts.skipped_too_soon += plan.too_soon
        for skip in plan.skipped:
            log.debug("skip %s %s: %s (next due %s)", skip.spec.name, skip.ticker, skip.reason, skip.next_due)
        log.info("%d requests due, %d skipped", len(plan.requests), len(plan.skipped))
        pending: list[dict[str, Any]] = []
        try:
            for row in self._fetch_all(plan.requests, run_id, as_of):
                pending.append(row)
                counts.requests += 1
                if row["bronze_error"]:
                    counts.files_failed += 1
                    counts.errors.append(f"{row['dataset']} {row['ticker']}: {row['bronze_error']}")
                    log.warning("%s %s %s: %s", row["dataset"], row["discriminator"], row["ticker"], row["bronze_error"])
                elif row["bronze_rows"] == 0:
                    counts.files_empty += 1
                else:
                    counts.files_ok += 1
                if len(pending) >= OPS_FLUSH_EVERY:
                    ops.insert_file_rows(con, pending)
                    pending.clear()
        finally:
            # Files already on disk get their rows even when the run stops early.
            if pending:
                ops.insert_file_rows(con, pending)

    def _fetch_all(self, requests: list[PlannedRequest], run_id: str, as_of: date) -> Iterator[dict[str, Any]]:
        with ThreadPoolExecutor(max_workers=FETCH_WORKERS, thread_name_prefix="fetch") as pool:
            yield from pool.map(lambda r: self._fetch_one(r, run_id, as_of), requests)

    def _fetch_one(self, request: PlannedRequest, run_id: str, as_of: date) -> dict[str, Any]:
        spec = request.spec
        file_id = bronze.new_file_id()
        started_at = _utcnow()
        result = self.client.get(spec.path, request.params)
        body = result.body
        for secret in self._secrets:  # a server that echoes the key must not get it into bronze
            body = body.replace(secret.encode(), b"***")
        verdict = bronze.classify(result, spec)
        relpath = bronze.bronze_relpath(spec, request.ticker, file_id)
        digest = bronze.payload_digest(body)
        params = without_keys(request.params)
        envelope = {
            "file_id": file_id, "run_id": run_id, "source": spec.source, "domain": spec.domain,
            "dataset": spec.dataset, "discriminator": spec.discriminator, "ticker": request.ticker,
            "endpoint": spec.path, "params": params, "http_status": result.status, "attempts": result.attempts,
            "requested_at": started_at.isoformat(), "elapsed_ms": result.elapsed_ms, "as_of_date": as_of.isoformat(),
            "content_type": result.content_type, "payload_sha256": digest, "payload_bytes": len(body),
            "error": verdict.error,
        }
        content = bronze.render_file(envelope, body, verdict.parsed_json)
        try:
            bronze.write_atomically(self.settings.data_dir / relpath, content)
        except OSError as exc:
            raise BronzeWriteError(
                f"cannot write bronze file {self.settings.data_dir / relpath} ({spec.name} {request.ticker}): "
                f"{exc.strerror or exc}"
            ) from None
        return {
            "file_id": file_id, "run_id": run_id, "domain": spec.domain, "source": spec.source,
            "dataset": spec.dataset, "discriminator": spec.discriminator, "ticker": request.ticker,
            "as_of_date": as_of, "endpoint": spec.path, "request_params": params, "http_status": result.status,
            "attempts": result.attempts, "elapsed_ms": result.elapsed_ms, "bronze_filename": relpath.as_posix(),
            "bronze_payload_hash": digest, "bronze_bytes": len(content), "bronze_rows": verdict.rows,
            "bronze_from_date": verdict.from_date, "bronze_to_date": verdict.to_date,
            "bronze_error": verdict.error, "bronze_ingest_start_time": started_at,
            "bronze_ingest_end_time": _utcnow(), "bronze_can_promote": verdict.can_promote,
        }

    def _universe(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """Tickers from the newest successful stock-list file in bronze."""
        relpath = ops.latest_promotable_file(con, UNIVERSE_DATASET)
        if relpath is None:
            raise SbfError(
                f"no ticker universe yet: no successful {UNIVERSE_DATASET} file in bronze. "
                f"Fetch it (include {UNIVERSE_DATASET} in --datasets) or pass --tickers"
            )
        return universe_from_file(self.settings.data_dir / relpath)


def universe_from_file(path: Path) -> list[str]:
    document = json.loads(path.read_bytes())
    symbols = [str(row.get("symbol", "")) for row in document.get("payload") or []]
    good = [s for s in symbols if ticker_problem(s) is None]
    rejected = [s for s in symbols if ticker_problem(s) is not None]
    if rejected:
        log.warning("universe: %d symbols in %s are not usable tickers and were left out (e.g. %r)",
                    len(rejected), path.name, rejected[:3])
    return list(dict.fromkeys(good))


def _arguments(options: IngestOptions) -> dict[str, Any]:
    return {
        "tickers": options.tickers, "ticker_limit": options.ticker_limit, "datasets": options.datasets,
        "as_of": options.as_of.isoformat() if options.as_of else None,
    }



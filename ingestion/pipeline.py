"""The orchestrated pipeline: non-ticker datasets first (bronze -> silver -> gold), then the ticker
datasets in chunks of tickers.

Fetching and promotion overlap: while one promotion (a dbt build of the models the new files touch)
runs in the background, the next chunks are fetched; when it ends, the next promotion takes whatever
has been fetched meanwhile (see ingestion/promotion.py). `sbf ingest` is the same pipeline with
silver and gold switched off.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

import duckdb

from ingestion import bronze, ops
from ingestion.catalogue import DatasetSpec, load_catalogue, select_datasets
from ingestion.config import Settings
from ingestion.dbt_runner import BuildOutcome, DbtInvoker
from ingestion.dbt_selection import (
    ProjectNodes,
    bronze_source_table,
    finish_selection,
    loaded_roots,
    promotion_selection,
    untested,
    waiting_selectors,
)
from ingestion.errors import SbfError, UsageError
from ingestion.fetcher import ApiUnreachable, AuthRejected, Fetcher, FetchTally, SourceClient
from ingestion.fmp import AUTH, UNREACHABLE
from ingestion.migrations import migrate
from ingestion.plan import Budget, Plan, PlannedRequest, daily_budget, fit_budget, gap_planned, plan_requests
from ingestion.progress import Progress
from ingestion.promotion import LedgerGate, Promoter
from ingestion.reconcile import reconcile
from ingestion.snapshot import RunProgress, publish_quietly
from ingestion.redact import redact
from ingestion.tickers import ticker_problem
from ingestion.warehouse import connect

log = logging.getLogger(__name__)

UNIVERSE_DATASET = "stock-list"


@dataclass(frozen=True)
class RunOptions:
    """The switches of `sbf run` (and `sbf ingest`, which is bronze only)."""

    bronze: bool = True
    silver: bool = True
    gold: bool = True
    non_ticker: bool = True
    ticker: bool = True
    tickers: list[str] | None = None
    ticker_limit: int | None = None
    datasets: list[str] | None = None
    chunk_size: int = 10
    as_of: date | None = None
    from_date: date | None = None
    dry_run: bool = False
    command: str = "run"

    def arguments(self) -> dict[str, Any]:
        values = {k: getattr(self, k) for k in self.__dataclass_fields__}
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@dataclass
class RunReport:
    run_id: str
    status: str = "running"
    counts: ops.RunCounts = field(default_factory=ops.RunCounts)
    elapsed_seconds: float = 0.0
    fetch_seconds: float = 0.0
    dbt_seconds: float = 0.0
    dbt_invocations: int = 0
    dbt_tail_seconds: float = 0.0  # dbt time after the last fetch: what overlapping could not hide
    promotions: int = 0
    chunks: int = 0
    chunks_total: int | None = None
    silver_rows: int = 0
    gold_rows: int = 0
    files_truncated: int = 0
    histories_refetched: int = 0
    calls: int = 0
    skipped_unavailable: int = 0
    unavailable: dict[str, str] = field(default_factory=dict)
    stop_reason: str | None = None
    deferred: int = 0  # requests left to later days by the daily budget (not a failure)
    budget: Budget | None = None  # the daily budget at the start of the run (None: no daily quota)

    @property
    def deferral(self) -> str | None:
        """The one line that says what a daily budget left to later days, and why."""
        if not self.deferred or self.budget is None:
            return None
        return (f"deferred {self.deferred} request(s) to later days: daily budget {self.budget.calls_per_day}, "
                f"{self.budget.used_today + self.calls} used today ({self.calls} by this run)")

    @property
    def calls_per_minute(self) -> float | None:
        return round(self.calls / self.fetch_seconds * 60, 1) if self.fetch_seconds > 0 and self.calls else None


@dataclass
class DryRunPlan:
    """What a run would do: every request due and every one skipped, with its reason."""

    as_of: date
    due: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # due, but left to later days by the daily budget
    budget: Budget | None = None


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def validate_options(options: RunOptions, today: date) -> date:
    """Check the dates and switches before anything is written; return the run's as-of date."""
    as_of = options.as_of or today
    if options.from_date and options.from_date > as_of:
        raise UsageError(f"--from {options.from_date} is after the run date {as_of}")
    if options.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    return as_of


class Pipeline:
    def __init__(
        self,
        settings: Settings,
        clients: dict[str, SourceClient],
        progress: Progress | None = None,
        sources: set[str] | None = None,
    ) -> None:
        """`sources`: the APIs this run can reach (default: those with a client; a dry run has none)."""
        self.settings = settings
        self.clients = clients
        self.sources = set(clients) if sources is None else sources
        self.progress = progress or Progress(False)
        self._secrets = [c.api_key for c in clients.values()]
        self._standalone_built = False
        # What this run built and tested, for the end of the run: node -> the number of the last
        # promotion that built it, test -> the number of the last promotion in which it passed (the
        # end tests what has changed since), and the roots of what it loaded (its views, snapshots
        # and end_of_run models hang from these).
        self._built: dict[str, int] = {}
        self._passed: dict[str, int] = {}
        self._builds = 0  # dbt builds of this run so far (promotions, then the end of the run)
        self._roots: set[str] = set()
        self._finished_early: set[str] = set()  # views, snapshots, end_of_run models built before the end
        self._ticker_datasets: set[str] = set()  # the ticker datasets this run fetches after the global stage
        # perf_counter() when this run fetched its last (set by the fetching thread): from then a
        # promotion leaves to the end of the run what it would otherwise finish early, to overlap the
        # fetching, and the dbt time after it is the run's tail
        self._fetching_over_at: float | None = None
        self._project: ProjectNodes | None = None
        self._states: dict = {}
        self._progress: RunProgress | None = None
        self._tested_since: datetime | None = None  # the data tests check rows loaded since (ops.untested_since)

    # ---- datasets -------------------------------------------------------------------------
    def _datasets(self, options: RunOptions) -> tuple[list[DatasetSpec], list[str]]:
        """The catalogue entries this run may fetch, and why the others are excluded."""
        chosen = select_datasets(load_catalogue(), options.datasets)
        usable, excluded = [], []
        for spec in chosen:
            if self.settings.fmp_plan not in spec.plans and spec.source == "fmp":
                excluded.append(f"{spec.name}: needs FMP plan {'/'.join(spec.plans)} (FMP_PLAN={self.settings.fmp_plan})")
            elif spec.source not in self.sources:
                excluded.append(f"{spec.name}: no {spec.source.upper()} API key (set {spec.source.upper()}_API_KEY)")
            else:
                usable.append(spec)
        return usable, excluded

    # ---- dry run --------------------------------------------------------------------------
    def dry_run(self, options: RunOptions, today: date | None = None, budget: Budget | None = None) -> DryRunPlan:
        """`budget`: the daily budget a run would have now (None: no daily quota)."""
        as_of = validate_options(options, today or date.today())
        specs, excluded = self._datasets(options)
        result = DryRunPlan(as_of, excluded=excluded, budget=budget)
        states: dict = {}
        con = None
        if self.settings.warehouse_path.exists():
            con = connect(self.settings.warehouse_path, read_only=True)
            states = ops.identity_states(con, sorted({s.dataset for s in specs}), _ranged(specs))
        try:
            parts: list[tuple[list[DatasetSpec], list[str]]] = []
            if options.non_ticker:
                parts.append(([s for s in specs if not s.per_ticker], []))
            if options.ticker:
                ticker_specs = [s for s in specs if s.per_ticker]
                try:
                    latest = (lambda dataset: ops.latest_promotable_file(con, dataset)) if con is not None else None
                    parts += self._ticker_groups(latest, ticker_specs, options) if ticker_specs else []
                except SbfError:
                    result.notes.append("ticker universe unknown until stock-list is fetched: ticker datasets not shown")
            planned: list[PlannedRequest] = []
            for part_specs, tickers in parts:
                plan = plan_requests(part_specs, tickers, states, as_of, self.settings.start_date, options.from_date)
                planned += plan.requests
                result.skipped += [
                    f"{s.spec.name} {s.ticker}".strip() + f": {s.reason}" + (f" (next due {s.next_due})" if s.reason == "too soon" else "")
                    for s in plan.skipped
                ]
            allocation = fit_budget(planned, budget, _named(options))
            result.due = [_describe_request(r) for r in allocation.today]
            result.deferred = [_describe_request(r) for r in allocation.deferred]
        finally:
            if con is not None:
                con.close()
        if not options.bronze:
            result.notes.append("--no-bronze: nothing is fetched; pending bronze files are promoted")
        return result

    # ---- run ------------------------------------------------------------------------------
    def run(self, options: RunOptions, today: date | None = None) -> RunReport:
        as_of = validate_options(options, today or date.today())
        specs, excluded = self._datasets(options)
        for line in excluded:
            log.info("excluded %s", line)
        started = time.perf_counter()
        started_at = _utcnow()
        report = RunReport(run_id=bronze.new_file_id(started_at))
        con = connect(self.settings.warehouse_path)
        try:
            migrate(con)
            # We hold the write lock: anything a killed or failed run left half-done can be settled now.
            # The check walks all of bronze and reads the whole ledger, so it runs only when an earlier
            # run did not end cleanly (`sbf doctor` checks everything on demand).
            unclean = ops.unclean_runs(con)
            if unclean:
                doctor = reconcile(con, self.settings.data_dir, repair=True)
                if not doctor.clean:
                    log.warning("recovered from an earlier interruption (%s): %s", ", ".join(unclean[:3]),
                                doctor.summary())
            ops.start_run(con, report.run_id, options.command, options.arguments(), as_of, started_at)
            # The run's data tests check the rows loaded since this moment (this run's, and those of any
            # run since the last one whose tests passed): their cost follows the new rows, not the tables.
            self._tested_since = ops.untested_since(con)
            # Readers (sbf runs, sbf ui) read the ops snapshot while we hold the lock: start, promotions, end.
            self._progress = RunProgress(report.run_id, started_at, options.command)
            publish_quietly(con, self.settings.data_dir, self._progress, "start")
            error = None
            try:
                self._run(con, options, as_of, specs, report)
                # Work a daily budget leaves to later days is not a failure: the run succeeded at what fitted.
                report.status = "partial" if report.counts.files_failed or report.stop_reason else "success"
            except BaseException as exc:
                report.status = "failed"
                error = redact(str(exc) or type(exc).__name__, self._secrets)
                raise
            finally:
                report.elapsed_seconds = round(time.perf_counter() - started, 3)
                report.silver_rows, report.gold_rows = ops.rows_promoted_since(con, started_at)
                ops.finish_run(con, report.run_id, report.status, report.counts, _utcnow(), report.elapsed_seconds,
                               error, stage_figures(report))
                publish_quietly(con, self.settings.data_dir, None, "end")
                log.info("Ingestion complete. run_id=%s | elapsed_seconds=%.3f", report.run_id, report.elapsed_seconds)
        finally:
            con.close()
        log.info("Orchestration complete. Elapsed time: %s", _hms(report.elapsed_seconds))
        return report

    def _run(self, con: duckdb.DuckDBPyConnection, options: RunOptions, as_of: date,
             specs: list[DatasetSpec], report: RunReport) -> None:
        fetcher = Fetcher(self.settings, self.clients, report.run_id, as_of)
        dbt = DbtInvoker(self.settings) if (options.silver or options.gold) else None
        # Watermarks and last fetches of the identities in scope, read once: a run fetches each
        # identity once, so the ledger is not re-aggregated per chunk.
        self._states = ops.identity_states(con, sorted({s.dataset for s in specs}), _ranged(specs))
        report.budget = self._budget()
        gate = LedgerGate(con)
        promote_con = con.cursor()  # the promotion thread's own connection to the warehouse
        # The snapshot is published on the promotion thread, so through that thread's connection: a
        # DuckDB connection must not be shared between threads.
        promoter = Promoter(gate, after=lambda: self._publish_progress(promote_con, report))
        global_specs = [s for s in specs if not s.per_ticker]
        ticker_specs = [s for s in specs if s.per_ticker]
        try:
            if dbt is not None:
                # dbt's import and parse (seconds; ~30 s after a project change) overlap the first fetches.
                promoter.start(lambda: self._parse(dbt), "parse")
            self._run_stages(con, gate, promoter, promote_con, fetcher, dbt, global_specs, ticker_specs, as_of,
                             options, report)
            # the tail starts when fetching ended, before the promotions still to come (_drain)
            fetched_all = self._fetching_over_at if self._fetching_over_at is not None else time.perf_counter()
            promoter.wait()
            if dbt is not None and self._built:
                self._finish(promote_con, dbt, options)
            report.dbt_tail_seconds = round(time.perf_counter() - fetched_all, 3)
        finally:
            promoter.drain()
            gate.close()
            promote_con.close()
            report.promotions = max(0, promoter.jobs - (1 if dbt is not None else 0))
            if dbt is not None:
                report.dbt_seconds = round(dbt.stats.seconds, 3)
                report.dbt_invocations = dbt.stats.invocations

    def _publish_progress(self, con, report: RunReport) -> None:
        progress = self._progress
        if progress is not None:
            progress.chunks_done, progress.chunks_total = report.chunks, report.chunks_total
            publish_quietly(con, self.settings.data_dir, progress, "promotion")

    def _parse(self, dbt: DbtInvoker) -> None:
        if self._project is None:
            self._project = dbt.parse()

    def _run_stages(self, con, gate: LedgerGate, promoter: Promoter, promote_con, fetcher: Fetcher,
                    dbt: DbtInvoker | None, global_specs: list[DatasetSpec], ticker_specs: list[DatasetSpec],
                    as_of: date, options: RunOptions, report: RunReport) -> None:
        queue = PromotionQueue(
            promoter, lambda specs, later: (lambda: self._promote(promote_con, dbt, specs, options, report, later))
        ) if dbt is not None else None
        if not options.bronze:
            # A replay fetches nothing: one promotion of whatever bronze is pending (whoever
            # fetched it) for the datasets in scope; no stages or chunks to keep apart.
            in_scope = (global_specs if options.non_ticker else []) + (ticker_specs if options.ticker else [])
            if queue:
                queue.add(in_scope)
                self._drain(queue)
            return
        ticker_part = bool(options.ticker and ticker_specs)
        if options.non_ticker and global_specs:
            log.info("non-ticker datasets: %d", len(global_specs))
            # What the user named among the ticker datasets comes before the global back-fill: plan it
            # now (when its tickers are known) so that the global stage leaves it its share of the budget.
            ahead = self._ticker_requests_ahead(gate, ticker_specs, as_of, options) if ticker_part else []
            self._bronze(gate, fetcher, global_specs, [], as_of, options, report, "non-ticker", ahead)
            if queue:
                # Gold models that also need ticker datasets wait for the chunks, unless this promotion
                # ends up sharing a batch with them.
                later = {s.dataset for s in ticker_specs} if ticker_part and not report.stop_reason else set()
                self._ticker_datasets = later
                queue.add(global_specs, later)
                queue.offer()
            if report.stop_reason:
                if queue:
                    self._drain(queue)
                return
        if ticker_part:
            self._ticker_part(con, gate, queue, fetcher, ticker_specs, as_of, options, report)
        if queue:
            self._drain(queue)

    def _drain(self, queue: "PromotionQueue") -> None:
        """The fetching is over: promote what it left and wait."""
        self._fetching_over_at = time.perf_counter()
        queue.drain()

    def _ticker_part(self, con, gate: LedgerGate, queue: "PromotionQueue | None", fetcher: Fetcher,
                     specs: list[DatasetSpec], as_of: date, options: RunOptions, report: RunReport) -> None:
        chunks: list[tuple[list[DatasetSpec], list[str]]] = []
        for group_specs, tickers in self._ticker_groups(gate.latest_promotable_file, specs, options):
            chunks += [(group_specs, tickers[i : i + options.chunk_size])
                       for i in range(0, len(tickers), options.chunk_size)]
        total = sum(len(t) for _, t in chunks)
        report.chunks_total = len(chunks)
        # `sbf ingest` does not chunk (its chunk size is "all"): say so rather than print that size.
        size = f" of up to {options.chunk_size}" if options.chunk_size < total else ""
        log.info("ticker datasets: %d, %d ticker(s) in %d chunk(s)%s", len(specs), total, len(chunks), size)
        with self.progress.bar(len(chunks), "chunks") as advance:
            for index, (chunk_specs, chunk) in enumerate(chunks, start=1):
                label = f"chunk {index}/{len(chunks)} [{chunk[0]}..{chunk[-1]}]"
                chunk_started = time.perf_counter()
                log.info("%s: start (%d tickers)", label, len(chunk))
                tally = self._bronze(gate, fetcher, chunk_specs, chunk, as_of, options, report, label)
                report.chunks += 1
                if queue:
                    queue.add(chunk_specs)
                    queue.offer()  # only if the last promotion has ended: fetching never waits for dbt
                log.info("%s: finish | files ok %d, empty %d, failed %d | %.1fs", label, tally.ok, tally.empty,
                         tally.failed, time.perf_counter() - chunk_started)
                advance()
                if report.stop_reason:
                    break

    def _ticker_groups(self, latest_file: Callable[[str], str | None] | None, specs: list[DatasetSpec],
                       options: RunOptions) -> list[tuple[list[DatasetSpec], list[str]]]:
        """Ticker datasets grouped by the universe they iterate over: the stock list, or another global
        dataset's field (crypto pairs, exchanges...). --tickers replaces every universe.
        `latest_file(dataset)`: the newest promotable bronze file of a dataset (None: no warehouse yet)."""
        groups: dict[tuple[str, str], list[DatasetSpec]] = {}
        for spec in specs:
            groups.setdefault(spec.universe or (UNIVERSE_DATASET, "symbol"), []).append(spec)
        result = []
        for (dataset, field_name), group_specs in groups.items():
            tickers = self._tickers(latest_file, options, dataset, field_name)
            if tickers is None and dataset == UNIVERSE_DATASET:
                raise SbfError(
                    f"no ticker universe yet: no successful {UNIVERSE_DATASET} file in bronze. "
                    f"Fetch it (include {UNIVERSE_DATASET} in --datasets) or pass --tickers"
                )
            if tickers is None:
                log.warning("no successful %s file yet: %s skipped (fetch %s first)", dataset,
                            ", ".join(s.name for s in group_specs), dataset)
                continue
            result.append((group_specs, tickers))
        return result

    def _budget(self) -> Budget | None:
        """Today's daily budget as the FMP client's limiter counts it (None: no daily quota)."""
        client = self.clients.get("fmp")
        limiter = getattr(client.client, "limiter", None) if client is not None else None
        if limiter is None or limiter.calls_per_day is None:
            return None
        return daily_budget(limiter.calls_per_day, limiter.used)

    def _ticker_requests_ahead(self, gate: LedgerGate, specs: list[DatasetSpec], as_of: date,
                               options: RunOptions) -> list[PlannedRequest]:
        """The ticker requests this run will make after the global stage, when a daily budget makes them
        matter and they can be known now: named tickers (or a --ticker-limit of a known universe)."""
        if self._budget() is None or (options.tickers is None and options.ticker_limit is None):
            return []
        try:
            groups = self._ticker_groups(gate.latest_promotable_file, specs, options)
        except SbfError:
            return []  # no universe yet: the global stage fetches it
        requests: list[PlannedRequest] = []
        for group_specs, tickers in groups:
            requests += plan_requests(group_specs, tickers, self._states, as_of, self.settings.start_date,
                                      options.from_date).requests
        return requests

    def _bronze(self, gate: LedgerGate, fetcher: Fetcher, specs: list[DatasetSpec], tickers: list[str],
                as_of: date, options: RunOptions, report: RunReport, label: str,
                ahead: list[PlannedRequest] | None = None) -> FetchTally:
        """Plan, fit the daily budget, fetch. `ahead`: requests later stages will make, which the budget
        must weigh against these (they are not fetched here)."""
        plan: Plan = plan_requests(specs, tickers, self._states, as_of, self.settings.start_date,
                                   options.from_date)
        report.counts.skipped_too_soon += plan.too_soon
        for skip in plan.skipped:
            log.debug("skip %s %s: %s (next due %s)", skip.spec.name, skip.ticker, skip.reason, skip.next_due)
        mine = len(plan.requests)
        allocation = fit_budget(plan.requests + (ahead or []), self._budget(), _named(options))
        own = {id(r) for r in plan.requests}
        requests = [r for r in allocation.today if id(r) in own]
        deferred = mine - len(requests)
        report.deferred += deferred
        log.info("%s: %d requests due, %d skipped (%d too soon)%s", label, mine, len(plan.skipped), plan.too_soon,
                 f", {deferred} left to later days by the daily budget" if deferred else "")
        with self.progress.bar(len(requests), f"{label} fetch") as advance:
            tally = fetcher.fetch(gate.record, requests, on_file=lambda _row: advance())
        counts = report.counts
        counts.requests += tally.requests
        counts.files_ok += tally.ok
        counts.files_empty += tally.empty
        counts.files_failed += tally.failed
        counts.errors += tally.errors
        report.files_truncated += tally.truncated
        report.histories_refetched += tally.rewritten_histories
        report.fetch_seconds = round(report.fetch_seconds + tally.seconds, 3)
        report.calls += tally.calls
        report.skipped_unavailable += tally.not_made
        report.unavailable.update(fetcher.control.unavailable)
        if tally.requests:
            log.info("%s: %d files from %d calls in %.1fs (%.0f calls/min)", label, tally.requests, tally.calls,
                     tally.seconds, tally.calls / tally.seconds * 60 if tally.seconds else 0)
        if fetcher.control.stop_kind == AUTH:
            raise AuthRejected(fetcher.control.stop_message or "the API refused the key")
        if fetcher.control.stop_kind == UNREACHABLE:
            raise ApiUnreachable(fetcher.control.stop_message or "cannot reach the API")
        if fetcher.control.stop_kind is not None:
            report.stop_reason = fetcher.control.stop_message
            log.warning("stopping: %s", report.stop_reason)
        return tally

    def _promote(self, con, dbt: DbtInvoker, specs: list[DatasetSpec], options: RunOptions, report: RunReport,
                 later: set[str] | None = None) -> None:
        """dbt build of only the models these datasets affect, in dbt's selector syntax: for a dataset
        with new bronze files `source:bronze.<table>+` (its silver model and everything built from it),
        for one whose silver rows gold has not consumed yet only the gold part.

        What is built from a dataset still to come later in this run (`later`) waits for it:
        dim_instrument (the instrument lists + company-profile) is built with the ticker chunks, not
        before. Runs on the promotion thread, with its own connection `con`.
        """
        self._parse(dbt)
        project = self._project
        assert project is not None
        datasets = sorted({s.dataset for s in specs})
        pending_silver = ops.datasets_pending_silver(con, datasets) if options.silver else []
        unknown = [d for d in pending_silver if bronze_source_table(d) not in project.bronze_tables]
        if unknown:
            raise SbfError(f"no table of dbt source bronze for dataset(s) {', '.join(unknown)} "
                           "(dbt_project/models/silver/_bronze__sources.yml: run `make generate`)")
        pending_gold = ops.datasets_pending_gold(con, datasets) if options.gold else []
        existing = self._existing(con, "silver", "gold")
        standalone = not self._standalone_built
        selection, missing = promotion_selection(project, pending_silver, pending_gold, existing, options.silver,
                                                 options.gold, standalone=standalone)
        self._standalone_built = self._standalone_built or options.gold
        # What hangs from a later dataset waits, unless it does not exist yet (its children need it).
        exclude = dbt.list_nodes(select=waiting_selectors(later), exclude=missing) if options.gold and later else []
        # The promotion tests what it builds, while the next chunks are fetched: the row-level tests
        # read only the rows it loads; the tests that read whole tables run in the run's first
        # promotion (which creates what does not exist yet) and at the end of the run, once.
        first = self._builds == 0
        since = self._tested_since if first else _utcnow()
        self._record(dbt.build(selection, phase="models", exclude=exclude, rows_since=since,
                               tests="all" if first else "rows"))
        self._roots |= loaded_roots(project, pending_silver, pending_gold, options.silver, options.gold, standalone)
        # What the end of the run would build below the global datasets and below none of the ticker
        # datasets still to come is final once the global datasets are promoted (whether or not the
        # first chunks share their promotion): built now, while fetching goes on, and left out of the
        # end of the run. Once nothing is being fetched, there is nothing to overlap: the end of the
        # run builds it with the rest, in one dbt invocation instead of two.
        global_datasets = [d for d in datasets if d not in self._ticker_datasets]
        if options.gold and self._ticker_datasets and global_datasets and self._fetching_over_at is None:
            global_roots = loaded_roots(project, [d for d in pending_silver if d in global_datasets],
                                        [d for d in pending_gold if d in global_datasets], options.silver,
                                        options.gold, standalone)
            if global_roots:
                # with what does not exist yet: a snapshot not below the roots may be read by a node below
                existing_finish = self._existing(con, "silver", "gold", "snapshots")
                early = dbt.build(finish_selection(project, global_roots, existing_finish),
                                  phase="finish", exclude=waiting_selectors(self._ticker_datasets),
                                  rows_since=since, tests="all")
                self._record(early)
                self._finished_early |= {node.split(".")[-1] for node in early.built}

    def _record(self, outcome: BuildOutcome) -> None:
        self._builds += 1
        self._built.update(dict.fromkeys(outcome.built, self._builds))
        self._passed.update(dict.fromkeys(outcome.tests, self._builds))

    def _finish(self, con, dbt: DbtInvoker, options: RunOptions) -> None:
        """Once per run, after the last chunk: the views, snapshots and `end_of_run` models below what
        the run loaded (per chunk these would cost more than the models themselves: dbt's cost is per
        node, not per row), then the data tests no promotion has passed since what they read last
        changed (those reading whole tables or several tables built apart, the ledger checks)."""
        if options.gold:
            existing = self._existing(con, "silver", "gold", "snapshots")
            assert self._project is not None
            finish = finish_selection(self._project, self._roots, existing)
            # built once per run, so with all their tests (but the ledger checks, made last)
            self._record(dbt.build(finish, phase="finish", exclude=sorted(self._finished_early),
                                   rows_since=self._tested_since, tests="all"))
        remaining = untested(dbt.tests_of(sorted(self._built)), self._built, self._passed)
        if remaining:
            # unique ids test.<project>.<name>[.<hash>]: selected by name
            dbt.build([test.split(".")[2] for test in remaining], phase="tests", rows_since=self._tested_since)

    def _existing(self, con, *schemas: str) -> set[str]:
        """Tables and views of these warehouse schemas."""
        marks = ", ".join("?" for _ in schemas)
        return {r[0] for r in con.execute(
            f"select table_name from information_schema.tables where table_schema in ({marks})", list(schemas)
        ).fetchall()}

    # ---- universe -------------------------------------------------------------------------
    def _tickers(self, latest_file: Callable[[str], str | None] | None, options: RunOptions,
                 dataset: str = UNIVERSE_DATASET,
                 field_name: str = "symbol") -> list[str] | None:
        """--tickers, or the values of `field_name` in the newest successful file of `dataset`."""
        if options.tickers is not None:
            tickers = options.tickers
        else:
            relpath = latest_file(dataset) if latest_file is not None else None
            if relpath is None:
                return None
            tickers = universe_from_file(self.settings.data_dir / relpath, field_name)
        return tickers[: options.ticker_limit] if options.ticker_limit else tickers


class PromotionQueue:
    """Datasets fetched and not yet handed to a promotion. `offer` starts a promotion of all of them
    only when the promoter is idle, so fetching never waits for dbt; `drain` promotes the rest and
    waits (the end of a stage or of the run)."""

    def __init__(self, promoter: Promoter,
                 make_job: Callable[[list[DatasetSpec], set[str] | None], Callable[[], None]]) -> None:
        self._promoter = promoter
        self._make_job = make_job
        self._specs: list[DatasetSpec] = []
        self._later: set[str] | None = None

    def add(self, specs: list[DatasetSpec], later: set[str] | None = None) -> None:
        """`later`: datasets still to be fetched by this run, whose gold models must wait for them;
        a batch that holds some of them (ticker chunks) has nothing to wait for."""
        self._later = later if not self._specs else None
        self._specs += [s for s in specs if s not in self._specs]

    def offer(self) -> None:
        self._promoter.raise_if_failed()
        if self._specs and not self._promoter.busy:
            self._start()

    def drain(self) -> None:
        self._promoter.wait()
        if self._specs:
            self._start()
            self._promoter.wait()

    def _start(self) -> None:
        specs, later = self._specs, self._later
        self._specs, self._later = [], None
        self._promoter.start(self._make_job(specs, later), f"{len(specs)} dataset(s)")


def universe_from_file(path: Path, field_name: str = "symbol") -> list[str]:
    document = json.loads(path.read_bytes())
    values = [str(row.get(field_name) or "") for row in document.get("payload") or [] if isinstance(row, dict)]
    good = [v for v in values if ticker_problem(v) is None]
    rejected = [v for v in values if ticker_problem(v) is not None]
    if rejected:
        log.warning("universe: %d values of %s in %s are not usable tickers and were left out (e.g. %r)",
                    len(rejected), field_name, path.name, rejected[:3])
    return list(dict.fromkeys(good))


def stage_figures(report: RunReport) -> dict[str, Any]:
    return {
        "silver_rows": report.silver_rows, "gold_rows": report.gold_rows, "files_truncated": report.files_truncated,
        "fetch_seconds": report.fetch_seconds, "dbt_seconds": report.dbt_seconds, "chunks": report.chunks,
        "calls": report.calls, "calls_per_minute": report.calls_per_minute,
        "skipped_unavailable": report.skipped_unavailable,
        "unavailable_datasets": "; ".join(f"{k}: {v}" for k, v in sorted(report.unavailable.items())) or None,
        "stop_reason": report.stop_reason,
        "histories_refetched": report.histories_refetched,
        "promotions": report.promotions, "dbt_tail_seconds": report.dbt_tail_seconds,
        "requests_deferred": report.deferred, "deferral": report.deferral,
    }


def _ranged(specs: list[DatasetSpec]) -> list[str]:
    """The datasets whose answered ranges the plan reads (windowed global series)."""
    return sorted({s.dataset for s in specs if gap_planned(s)})


def _named(options: RunOptions) -> Callable[[PlannedRequest], bool]:
    """What the user named comes first within a daily budget: every dataset of --datasets, the ticker
    datasets of --tickers."""
    if options.datasets is not None:
        return lambda _request: True
    if options.tickers is not None:
        return lambda request: request.spec.per_ticker
    return lambda _request: False


def _describe_request(request) -> str:
    window = f" {request.params.get('from', '')}..{request.params.get('to', '')}" if request.from_date else ""
    return f"{request.spec.name} {request.ticker}".strip() + window


def _hms(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:d}:{minutes:02d}:{secs:06.3f}"

"""The `sbf` command line: a click group over the ingestion modules (the only place that prints)."""

from __future__ import annotations

import contextlib
import logging
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import click
import duckdb

from ingestion import __version__
from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.config import Settings, load_settings
from ingestion.datadir import claim_data_dir
from ingestion.errors import SbfError, UsageError, WarehouseLockedError
from ingestion.fetcher import SourceClient
from ingestion import ops
from ingestion.fmp import FmpClient, RetryPolicy
from ingestion.plan import Budget, daily_budget
from ingestion.ratelimit import PLAN_CALLS_PER_DAY, RateLimiter, limiter_for
from ingestion.reconcile import reconcile
from ingestion.ledger_export import export_ledger
from ingestion.migrations import migrate
from ingestion.pipeline import Pipeline, RunOptions, RunReport, validate_options
from ingestion.progress import Progress
from ingestion.redact import RedactingFilter
from ingestion.snapshot import info as snapshot_info, open_snapshot, publish_from_warehouse, snapshot_path
from ingestion.summaries import (Table, catalogue_table, dataset_coverage, dataset_coverage_snapshot, dataset_rollup,
                                 list_runs, list_runs_snapshot, show_run, show_run_snapshot)
from ingestion.tickers import parse_tickers
from ingestion.warehouse import connect
from ingestion.warehouse import create as create_warehouse

log = logging.getLogger("sbf")
_secrets: list[str] = []


def _log_to_file(settings: Settings) -> None:
    """Writing commands also log to <data dir>/logs/sbf.log (keys masked, like the terminal)."""
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logs / "sbf.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(_secrets))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)


def _configure_logging(verbose: bool, secrets: list[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    handler.addFilter(RedactingFilter(secrets))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _secrets[:] = secrets
    for noisy in ("urllib3", "requests"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class SbfGroup(click.Group):
    """Turns expected failures into one clear line and the right exit code, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SbfError as exc:
            click.echo(f"sbf: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # the data dir cannot be written, the disk is full...
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"sbf: error: {exc.strerror or exc}{where}", err=True)
            ctx.exit(1)


@click.group(cls=SbfGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sbf")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """SBFoundation: FMP market data -> bronze files -> DuckDB (silver and gold built by dbt)."""
    try:
        settings = load_settings()
    except UsageError as exc:
        click.echo(f"sbf: error: {exc}", err=True)
        ctx.exit(exc.exit_code)
    _configure_logging(verbose, [k for k in (settings.api_key, settings.fred_api_key) if k])
    ctx.obj = settings


def _used_today(settings: Settings, source: str, as_of: date) -> int:
    """What earlier runs spent of today's budget: calls since midnight UTC, or, for a run that pretends
    to be on another day (--as-of), the calls of the runs dated that day (a rehearsal of later days
    spends its own day's budget, not the real one's)."""
    if not settings.warehouse_path.exists():
        return 0
    con = connect(settings.warehouse_path, read_only=True)
    try:
        if as_of != date.today():
            return ops.calls_on(con, source, as_of)
        midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        return ops.calls_today(con, source, midnight)
    except duckdb.CatalogException:
        return 0  # ops not created yet
    finally:
        con.close()


def _limiter(settings: Settings, source: str, as_of: date) -> RateLimiter:
    """The source's budget; a daily budget counts what earlier runs spent today (UTC)."""
    used = 0
    if settings.fmp_plan in PLAN_CALLS_PER_DAY and source == "fmp" and not settings.demo_mode:
        used = _used_today(settings, source, as_of)
    return limiter_for(source, settings.fmp_plan, settings.calls_per_minute, used, settings.demo_mode)


def _budget(settings: Settings, as_of: date) -> Budget | None:
    """The daily budget a run would have now (for the dry run; a run reads it from its limiter)."""
    limiter = _limiter(settings, "fmp", as_of)
    return daily_budget(limiter.calls_per_day, limiter.used) if limiter.calls_per_day is not None else None


@contextlib.contextmanager
def _api_clients(settings: Settings, as_of: date) -> Iterator[dict[str, SourceClient]]:
    """Clients per source: the real APIs when FMP_API_KEY is set, else the built-in demo API started here."""
    with contextlib.ExitStack() as stack:
        if settings.api_key:
            urls = {"fmp": (settings.fmp_base_url, settings.api_key, "apikey")}
            if settings.fred_api_key:
                urls["fred"] = (settings.fred_base_url, settings.fred_api_key, "api_key")
        else:
            from ingestion.demo_api import DEMO_API_KEY, DemoApiServer, DemoSettings

            server = stack.enter_context(DemoApiServer(DemoSettings(as_of=as_of)))
            log.info("No FMP_API_KEY set: using the built-in demo API at %s (synthetic data)", server.base_url)
            root = server.base_url.rsplit("/", 1)[0]
            urls = {"fmp": (server.base_url, DEMO_API_KEY, "apikey"), "fred": (f"{root}/fred", DEMO_API_KEY, "api_key")}
        clients = {}
        for source, (url, key, key_param) in urls.items():
            # On the free plan "Limit Reach" is the daily quota: waiting does not help, stopping does.
            daily = source == "fmp" and settings.fmp_plan == "basic" and settings.calls_per_minute is None
            retry = RetryPolicy(rate_limit_attempts=1) if daily else RetryPolicy()
            client = FmpClient(url, key, key_param=key_param, limiter=_limiter(settings, source, as_of), retry=retry,
                               timeout_s=settings.http_timeout_s)
            clients[source] = SourceClient(stack.enter_context(client), key)
        yield clients


def _sources(settings: Settings) -> set[str]:
    """The APIs a run can reach: FRED needs its own key, except on the demo API (which serves both)."""
    return {"fmp", "fred"} if settings.demo_mode or settings.fred_api_key else {"fmp"}


def _csv(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        option = param.opts[0] if param.opts else str(param.name)
        raise UsageError(f"{option} {value!r} is not a date (expected YYYY-MM-DD)") from None


def _execute(settings: Settings, options: RunOptions) -> RunReport:
    """Validate everything first (bad input writes nothing), then run the pipeline."""
    as_of = validate_options(options, date.today())
    select_datasets(load_catalogue(), options.datasets)
    if options.bronze or not settings.warehouse_path.exists():
        claim_data_dir(settings.data_dir, settings.demo_mode)
    _log_to_file(settings)
    # Another process holding the warehouse is told at once, before the demo API or a client starts.
    connect(settings.warehouse_path).close()
    with _api_clients(settings, as_of) as clients:
        report = Pipeline(settings, clients, Progress()).run(options)
    _warn_empty_tickers(settings, report.run_id)
    return report


def _warn_empty_tickers(settings: Settings, run_id: str) -> None:
    """A run can end 'success' with nothing but `[]`: FMP's answer for a symbol it does not know. Say so."""
    con = connect(settings.warehouse_path, read_only=True)
    try:
        empty = ops.tickers_only_empty(con, run_id)
    finally:
        con.close()
    if empty:
        shown = ", ".join(empty[:20]) + (f" and {len(empty) - 20} more" if len(empty) > 20 else "")
        log.warning("no data for %d ticker(s): %s (every response was empty: unknown to the API, or nothing in "
                    "the dates asked for?)", len(empty), shown)


def _echo_report(report: RunReport) -> None:
    c = report.counts
    click.echo(
        f"run {report.run_id}: {report.status} | requests {c.requests} | files ok {c.files_ok}, empty {c.files_empty}, "
        f"failed {c.files_failed}, truncated {report.files_truncated}"
        + (f", histories refetched {report.histories_refetched}" if report.histories_refetched else "")
        + f" | skipped too soon {c.skipped_too_soon} | "
        f"silver rows {report.silver_rows}, gold rows {report.gold_rows} | fetch {report.fetch_seconds:.1f}s, "
        f"dbt {report.dbt_seconds:.1f}s in {report.dbt_invocations} invocation(s)"
        + (f" ({report.promotions} promotion(s); {report.dbt_tail_seconds:.1f}s after the last fetch)"
           if report.promotions else "")
        + f" | total {report.elapsed_seconds:.1f}s"
        + (f" | {report.calls_per_minute:.0f} calls/min sustained" if report.calls_per_minute else "")
    )
    if report.deferral:
        click.echo(f"  {report.deferral}")
    for dataset, why in sorted(report.unavailable.items()):
        click.echo(f"  unavailable on this plan: {dataset} ({why})", err=True)
    if report.stop_reason:
        click.echo(f"  stopped early: {report.stop_reason}", err=True)
    for line in c.errors[:20]:
        click.echo(f"  error: {line}", err=True)
    if report.status != "success":
        sys.exit(1)


ticker_options = [
    click.option("--tickers", help="Comma-separated tickers (default: the stock-list universe)."),
    click.option("--ticker-limit", type=click.IntRange(min=1), help="Only the first N tickers of the universe."),
    click.option("--datasets", help="Comma-separated datasets (name or name/discriminator); default: all."),
]


def _with(options):
    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@cli.command()
@_with(ticker_options)
@click.pass_obj
def ingest(settings: Settings, tickers: str | None, ticker_limit: int | None, datasets: str | None) -> None:
    """Fetch what is due into bronze files and record one ops row per file (bronze only)."""
    options = RunOptions(
        silver=False, gold=False, tickers=parse_tickers(tickers) if tickers is not None else None,
        ticker_limit=ticker_limit, datasets=_csv(datasets), chunk_size=10**9, command="ingest",
    )
    _echo_report(_execute(settings, options))


@cli.command()
@click.option("--bronze/--no-bronze", default=True, show_default=True, help="Fetch what is due.")
@click.option("--silver/--no-silver", default=True, show_default=True, help="Promote pending bronze to silver.")
@click.option("--gold/--no-gold", default=True, show_default=True, help="Build the gold models downstream.")
@click.option("--non-ticker/--no-non-ticker", default=True, show_default=True, help="Global datasets (run first).")
@click.option("--ticker/--no-ticker", default=True, show_default=True, help="Per-ticker datasets (in chunks).")
@_with(ticker_options)
@click.option("--chunk-size", type=click.IntRange(min=1), default=10, show_default=True, help="Tickers per chunk.")
@click.option("--as-of", callback=_date, help="The run's 'today' (YYYY-MM-DD; default: today).")
@click.option("--from", "from_date", callback=_date, help="Backfill dated datasets from this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Print the plan (every request due or skipped, and why); change nothing.")
@click.pass_obj
def run(settings: Settings, bronze: bool, silver: bool, gold: bool, non_ticker: bool, ticker: bool,
        tickers: str | None, ticker_limit: int | None, datasets: str | None, chunk_size: int,
        as_of: date | None, from_date: date | None, dry_run: bool) -> None:
    """The orchestrated pipeline: non-ticker datasets (bronze -> silver -> gold), then ticker chunks."""
    options = RunOptions(
        bronze=bronze, silver=silver, gold=gold, non_ticker=non_ticker, ticker=ticker,
        tickers=parse_tickers(tickers) if tickers is not None else None, ticker_limit=ticker_limit,
        datasets=_csv(datasets), chunk_size=chunk_size, as_of=as_of, from_date=from_date, dry_run=dry_run,
    )
    if not dry_run:
        _echo_report(_execute(settings, options))
        return
    validate_options(options, date.today())
    select_datasets(load_catalogue(), options.datasets)
    as_of = options.as_of or date.today()
    plan = Pipeline(settings, {}, sources=_sources(settings)).dry_run(options, budget=_budget(settings, as_of))
    budget = f" ({plan.budget.describe()})" if plan.budget is not None else ""
    click.echo(f"dry run for {plan.as_of}: {len(plan.due)} request(s) due today, {len(plan.deferred)} deferred to "
               f"later days{budget}, {len(plan.skipped)} skipped, {len(plan.excluded)} dataset(s) excluded")
    for line in plan.due:
        click.echo(f"  due      {line}")
    for line in plan.deferred:
        click.echo(f"  defer    {line}: daily budget")
    for line in plan.skipped:
        click.echo(f"  skip     {line}")
    for line in plan.excluded:
        click.echo(f"  exclude  {line}")
    for line in plan.notes:
        click.echo(f"  note     {line}")


def _print_table(table: Table, empty: str = "(none)") -> None:
    if not table.rows:
        click.echo(f"  {empty}")
        return
    cells = [[("" if v is None else str(v)) for v in row] for row in table.rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(table.headers)]
    click.echo("  " + "  ".join(h.ljust(w) for h, w in zip(table.headers, widths)).rstrip())
    for row in cells:
        click.echo("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


@contextlib.contextmanager
def _reader(settings: Settings) -> Iterator[tuple[Any, bool]]:
    """Summaries open the warehouse read-only. While a run (or anything else) holds it, they read the
    ops snapshot the run publishes (ingestion/snapshot.py) and say how old it is. Yields
    (connection, from_snapshot)."""
    try:
        con, from_snapshot = connect(settings.warehouse_path, read_only=True), False
    except WarehouseLockedError as exc:
        con = open_snapshot(settings.data_dir)
        if con is None:
            raise
        found = snapshot_info(con, snapshot_path(settings.data_dir))
        doing = "a run is in progress" if found.run_id else "it is busy"
        click.echo(f"sbf: the warehouse is in use by {exc.holder} ({doing}): showing the ops {found.describe()}",
                   err=True)
        from_snapshot = True
    try:
        yield con, from_snapshot
    finally:
        con.close()


@cli.group(invoke_without_command=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.pass_context
def runs(ctx: click.Context, limit: int) -> None:
    """The latest runs, one line each (`sbf runs show RUN_ID` for one run)."""
    if ctx.invoked_subcommand is None:
        with _reader(ctx.obj) as (con, from_snapshot):
            _print_table((list_runs_snapshot if from_snapshot else list_runs)(con, limit), "no runs yet")


@runs.command("show")
@click.argument("run_id")
@click.pass_obj
def runs_show(settings: Settings, run_id: str) -> None:
    """One run: its bronze, silver and gold sections and its errors."""
    with _reader(settings) as (con, from_snapshot):
        detail = (show_run_snapshot if from_snapshot else show_run)(con, run_id)
    r = detail.run
    click.echo(f"run {r['run_id']} ({r['command']}): {r['status']} | as of {r['as_of_date']} | started {r['started_at']} "
               f"| {r['elapsed_seconds'] or 0:.1f}s (fetch {r.get('fetch_seconds') or 0:.1f}s, dbt {r.get('dbt_seconds') or 0:.1f}s)")
    click.echo(f"arguments: {r['arguments']}")
    if r.get("error"):
        click.echo(f"error: {r['error']}")
    for title, table in (("bronze", detail.bronze), ("silver", detail.silver), ("gold", detail.gold), ("errors", detail.errors)):
        click.echo(f"{title}:")
        _print_table(table)


@cli.command()
@click.option("--catalogue", "show_catalogue", is_flag=True, help="List the catalogue instead of what was fetched.")
@click.option("--as-of", callback=_date, help="Date for 'next due' (default: today).")
@click.option("--ticker", help="Per-ticker detail of this ticker.")
@click.option("--dataset", "dataset_name", help="Per-ticker detail of this dataset (name or name/discriminator).")
@click.pass_obj
def datasets(settings: Settings, show_catalogue: bool, as_of: date | None, ticker: str | None,
             dataset_name: str | None) -> None:
    """One line per dataset (tickers, dates, files, errors, last success, next due, missing trading days);
    --ticker / --dataset show the per-ticker detail."""
    specs = load_catalogue()
    if show_catalogue:
        _print_table(catalogue_table(specs))
        return
    if dataset_name:
        select_datasets(specs, [dataset_name])  # an unknown name is a usage error with suggestions
    with _reader(settings) as (con, from_snapshot):
        coverage = dataset_coverage_snapshot if from_snapshot else dataset_coverage
        detail = coverage(con, specs, as_of or date.today(), ticker=ticker.upper() if ticker else None,
                          dataset=dataset_name)
    if ticker or dataset_name:
        _print_table(detail, "nothing fetched for that")
    else:
        _print_table(dataset_rollup(detail), "nothing fetched yet")


@cli.command()
@click.option("--repair", is_flag=True, help="Fix what is found (adopt orphan files, remove temp files, close runs).")
@click.pass_obj
def doctor(settings: Settings, repair: bool) -> None:
    """Reconcile bronze files and ops rows: files without rows, rows without files, leftovers of a crash."""
    con = connect(settings.warehouse_path, read_only=not repair) if settings.warehouse_path.exists() else None
    if con is None:
        raise SbfError(f"no warehouse at {settings.warehouse_path}: nothing to check")
    try:
        if repair:
            migrate(con)
        found = reconcile(con, settings.data_dir, repair=repair)
    finally:
        con.close()
    click.echo(("repaired: " if repair else "found: ") + found.summary())
    for title, items in (("file without an ops row", found.orphan_files), ("ops row without its file", found.missing_files),
                         ("temporary file", found.temp_files), ("unreadable file", found.unreadable_files),
                         ("interrupted run", found.interrupted_runs)):
        for item in items[:50]:
            click.echo(f"  {title}: {item}")
    if not found.clean and not repair:
        click.echo("run `sbf doctor --repair` to fix these")
        sys.exit(1)


@cli.command("snapshot")
@click.pass_obj
def snapshot_cmd(settings: Settings) -> None:
    """Publish the ops snapshot (what the dashboard reads) from the warehouse now, e.g. after `make build`."""
    path = publish_from_warehouse(settings.warehouse_path, settings.data_dir)
    click.echo(f"ops snapshot published: {path}")


@cli.command()
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--headless/--browser", default=True, show_default=True, help="Do not open a browser tab.")
def ui(port: int, headless: bool) -> None:
    """The ops dashboard (Streamlit) on http://127.0.0.1:PORT: runs, run detail, datasets, diagnostics.

    It reads only the ops snapshot, never the warehouse, so it never blocks a run; a fresh snapshot
    is published at start when no run holds the warehouse."""
    from ingestion.ui.server import serve

    sys.exit(serve(port, headless))


@cli.group()
def db() -> None:
    """Warehouse maintenance."""


@db.command("migrate")
@click.pass_obj
def db_migrate(settings: Settings) -> None:
    """Apply pending ops migrations (db/migrations) to the warehouse."""
    created = 0 if settings.warehouse_path.exists() else create_warehouse(settings.warehouse_path)
    con = connect(settings.warehouse_path)
    try:
        applied = len(migrate(con)) + created
    finally:
        con.close()
    click.echo(f"{applied} migration(s) applied to {settings.warehouse_path}" if applied else "warehouse is up to date")


@db.command("export-ledger")
@click.option("--to", "target", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The Parquet file to write (e.g. where the Spark cluster reads it).")
@click.pass_obj
def db_export_ledger(settings: Settings, target: Path) -> None:
    """Export ops.file_ingestions (without the silver_/gold_ columns) as Parquet for the dbt spark target.

    Then `dbt run-operation sync_ops_ledger --target spark --args '{path: <file>}'` merges it into the
    Iceberg ledger (README: Running on Spark)."""
    con = connect(settings.warehouse_path, read_only=True)
    try:
        rows = export_ledger(con, target)
    finally:
        con.close()
    click.echo(f"{rows} ledger row(s) written to {target}")


@cli.command("demo-api")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--as-of", callback=_date, help="Serve data up to this date (default: today).")
def demo_api(host: str, port: int, as_of: date | None) -> None:
    """Serve the offline FMP-compatible demo API (Ctrl-C to stop)."""
    from ingestion.demo_api import DemoApiServer, DemoSettings

    server = DemoApiServer(DemoSettings(as_of=as_of) if as_of else DemoSettings(), host=host, port=port)
    click.echo(f"demo API on http://{host}:{port}/stable (any apikey accepted; Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

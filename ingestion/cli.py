"""The `sbf` command line: a click group over the ingestion modules."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Iterator

import click

from ingestion import __version__
from ingestion.catalogue import load_catalogue, select_datasets
from ingestion.config import Settings, load_settings
from ingestion.datadir import claim_data_dir
from ingestion.errors import SbfError
from ingestion.fmp import FmpClient
from ingestion.migrations import migrate
from ingestion.pipeline import IngestOptions, Ingestor
from ingestion.redact import RedactingFilter
from ingestion.tickers import parse_tickers
from ingestion.warehouse import connect

log = logging.getLogger("sbf")


def _configure_logging(verbose: bool, secrets: list[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
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


@click.group(cls=SbfGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sbf")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """SBFoundation: FMP market data -> bronze files -> DuckDB (silver and gold built by dbt)."""
    settings = load_settings()
    _configure_logging(verbose, [settings.api_key] if settings.api_key else [])
    ctx.obj = settings


@contextlib.contextmanager
def _api_client(settings: Settings) -> Iterator[tuple[FmpClient, str]]:
    """A client (and its key) for the real API, or for the built-in demo API started here when no key is set."""
    if settings.api_key:
        with FmpClient(settings.fmp_base_url, settings.api_key) as client:
            yield client, settings.api_key
        return
    from ingestion.demo_api import DEMO_API_KEY, DemoApiServer, DemoSettings

    with DemoApiServer(DemoSettings()) as server:
        log.info("No FMP_API_KEY set: using the built-in demo API at %s (synthetic data)", server.base_url)
        with FmpClient(server.base_url, DEMO_API_KEY) as client:
            yield client, DEMO_API_KEY


def _csv(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@cli.command()
@click.option("--tickers", help="Comma-separated tickers (default: the stock-list universe).")
@click.option("--ticker-limit", type=click.IntRange(min=1), help="Use only the first N tickers of the universe.")
@click.option("--datasets", help="Comma-separated datasets (name or name/discriminator); default: all.")
@click.pass_obj
def ingest(settings: Settings, tickers: str | None, ticker_limit: int | None, datasets: str | None) -> None:
    """Fetch what is due into bronze files and record one ops row per file."""
    options = IngestOptions(
        tickers=parse_tickers(tickers) if tickers is not None else None,
        ticker_limit=ticker_limit,
        datasets=_csv(datasets),
    )
    # Validate dataset names before touching the data dir: bad input writes nothing.
    select_datasets(load_catalogue(), options.datasets)
    claim_data_dir(settings.data_dir, settings.demo_mode)
    with _api_client(settings) as (client, key):
        result = Ingestor(settings, client, key).run(options)
    counts = result.counts
    click.echo(
        f"run {result.run_id}: {result.status} | requests {counts.requests} | files ok {counts.files_ok}, "
        f"empty {counts.files_empty}, failed {counts.files_failed} | skipped too soon {counts.skipped_too_soon} "
        f"| {result.elapsed_seconds:.1f}s"
    )
    if result.status != "success":
        for line in counts.errors[:20]:
            click.echo(f"  error: {line}", err=True)
        sys.exit(1)


@cli.group()
def db() -> None:
    """Warehouse maintenance."""


@db.command("migrate")
@click.pass_obj
def db_migrate(settings: Settings) -> None:
    """Apply pending ops migrations (db/migrations) to the warehouse."""
    con = connect(settings.warehouse_path)
    try:
        applied = migrate(con)
    finally:
        con.close()
    click.echo(f"{len(applied)} migration(s) applied to {settings.warehouse_path}" if applied else "warehouse is up to date")


@cli.command("demo-api")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Serve data up to this date (default: today).")
def demo_api(host: str, port: int, as_of) -> None:
    """Serve the offline FMP-compatible demo API (Ctrl-C to stop)."""
    from ingestion.demo_api import DemoApiServer, DemoSettings

    settings = DemoSettings(as_of=as_of.date()) if as_of else DemoSettings()
    server = DemoApiServer(settings, host=host, port=port)
    click.echo(f"demo API on http://{host}:{port}/stable (any apikey accepted; Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

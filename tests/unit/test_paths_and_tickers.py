from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingestion.bronze import bronze_relpath, new_file_id
from ingestion.catalogue import load_catalogue
from ingestion.errors import UsageError
from ingestion.tickers import parse_tickers


def spec(name):
    return next(s for s in load_catalogue() if s.name == name)


def test_bronze_layout_with_and_without_discriminator_and_ticker():
    assert bronze_relpath(spec("stock-list"), "", "F1") == Path("bronze/market/stock-list/F1.json")
    assert bronze_relpath(spec("historical-price-eod-full"), "AAPL", "F2") == Path(
        "bronze/technicals/historical-price-eod-full/AAPL/F2.json"
    )
    assert bronze_relpath(spec("income-statement/quarter"), "MSFT", "F3") == Path(
        "bronze/fundamentals/income-statement/quarter/MSFT/F3.json"
    )


def test_file_ids_sort_by_time_and_are_unique():
    early = new_file_id(datetime(2026, 1, 1, tzinfo=timezone.utc))
    late = new_file_id(datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert early < late
    assert len({new_file_id() for _ in range(1000)}) == 1000


def test_tickers_are_normalised_and_deduplicated():
    assert parse_tickers(" aapl, MSFT,AAPL ,brk-b") == ["AAPL", "MSFT", "BRK-B"]


@pytest.mark.parametrize("raw", ["", "AAPL,,MSFT", "../etc", "A/B", "A\\B", "X" * 21, "AA PL", "A..B"])
def test_bad_tickers_are_usage_errors_naming_the_ticker(raw):
    with pytest.raises(UsageError, match="--tickers: ticker"):
        parse_tickers(raw)


def test_every_bronze_folder_follows_the_domain_layout():
    """bronze/<domain>/<dataset>/[<discriminator>/][<ticker>/]<file_id>.json with a subject domain:
    no top-level annual/ or quarter/ folder, no FRED series under eod/."""
    from ingestion.bronze import bronze_relpath
    from ingestion.catalogue import DOMAINS, load_catalogue

    for spec in load_catalogue():
        ticker = "AAPL" if spec.per_ticker else ""
        parts = bronze_relpath(spec, ticker, "F").parts
        expected = ("bronze", spec.domain, spec.dataset, *([spec.discriminator] if spec.discriminator else []),
                    *([ticker] if ticker else []), "F.json")
        assert parts == expected and spec.domain in DOMAINS, spec.name
    by_name = {s.name: s for s in load_catalogue()}
    assert by_name["fred-dgs10"].domain == "economics"
    assert by_name["income-statement-bulk-quarter/Q1"].domain == "fundamentals"
    assert by_name["ratios-bulk-annual"].domain == "fundamentals"


def test_a_domain_outside_the_layout_is_a_catalogue_error():
    import pytest

    from ingestion.catalogue import parse_catalogue
    from ingestion.errors import CatalogueError

    entry = {"dataset": "x", "domain": "annual", "source": "fmp", "path": "x", "scope": "global", "params": {},
             "cadence_days": 1, "keys": ["symbol"], "silver_model": "x"}
    with pytest.raises(CatalogueError, match="field 'domain' must be one of market, company"):
        parse_catalogue({"datasets": [entry]})

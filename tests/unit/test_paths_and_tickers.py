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

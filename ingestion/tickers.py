"""Ticker validation: a ticker becomes part of a file path, so it is checked before any use."""

from __future__ import annotations

import re

from ingestion.errors import UsageError

MAX_TICKER_LENGTH = 20
# FMP symbols: letters, digits and . - ^ = (BRK-B, ^GSPC, 600519.SS, EURUSD=X); never a path separator.
_TICKER = re.compile(r"^[A-Z0-9^][A-Z0-9.\-^=]*$")


def ticker_problem(ticker: str) -> str | None:
    """Why `ticker` is unusable, or None when it is fine."""
    if not ticker:
        return "is empty"
    if len(ticker) > MAX_TICKER_LENGTH:
        return f"is longer than {MAX_TICKER_LENGTH} characters"
    if "/" in ticker or "\\" in ticker or ".." in ticker:
        return "contains a path separator or '..'"
    if not _TICKER.match(ticker):
        return "may only contain letters, digits and . - ^ ="
    return None


def parse_tickers(raw: str) -> list[str]:
    """Parse --tickers 'AAPL,msft': upper-cased, de-duplicated, order kept; a bad ticker is a UsageError."""
    tickers: list[str] = []
    for part in raw.split(","):
        ticker = part.strip().upper()
        problem = ticker_problem(ticker)
        if problem:
            raise UsageError(f"--tickers: ticker {part.strip()!r} {problem}")
        if ticker not in tickers:
            tickers.append(ticker)
    return tickers

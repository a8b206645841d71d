"""Query-parameter parsing with FMP's notion of what is invalid."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"\d+")
_Q_DIGITS = re.compile(r"q\d+")


class QueryError(ValueError):
    """A parameter FMP would reject with HTTP 400 (`Query Error: ... - <name>`)."""

    def __init__(self, parameter: str) -> None:
        super().__init__(parameter)
        self.parameter = parameter


class Period(Enum):
    ANNUAL = "FY"
    QUARTER = "quarter"
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"


def required_symbol(query: dict[str, str]) -> str:
    symbol = query.get("symbol", "").strip()
    if not symbol:
        raise QueryError("symbol")
    return symbol


def optional_date(query: dict[str, str], name: str) -> date | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    # fromisoformat alone would also take "20240102" or week dates; FMP wants YYYY-MM-DD.
    if not _DATE.fullmatch(raw):
        raise QueryError(name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise QueryError(name) from None


def optional_limit(query: dict[str, str]) -> int | None:
    raw = query.get("limit", "").strip()
    if not raw:
        return None
    if not _INTEGER.fullmatch(raw):
        raise QueryError("limit")
    return int(raw)


def statement_period(query: dict[str, str]) -> Period:
    raw = query.get("period", "").strip().lower()
    if raw in ("", "annual", "fy"):
        return Period.ANNUAL
    if raw == "quarter":
        return Period.QUARTER
    if raw in ("q1", "q2", "q3", "q4"):
        return Period(raw.upper())
    if _Q_DIGITS.fullmatch(raw):
        raise QueryError("period")  # looks like a quarter but is not one (Q9)
    return Period.ANNUAL  # FMP silently falls back to annual for anything else

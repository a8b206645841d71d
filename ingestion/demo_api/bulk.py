"""Bulk endpoints (`*-bulk`): the whole universe in one CSV body, as FMP sends it.

Every cell is quoted, a header row names FMP's fields, null is an empty cell, whole floats
are written as integers and booleans as true/false. `profile-bulk` is paged with `part`
(0, 1, ...); the part after the last answers 400 `Query Error: ... - part`, FMP's end signal.
Statements, key metrics and ratios take `year` and `period` (annual or Q1..Q4; "quarter"
is refused); `eod-bulk` takes `date`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from . import adjusted, fundamentals, prices
from .encoding import number_text
from .params import QueryError
from .profiles import PROFILE_FIELDS, build_profile
from .responses import Response
from .statements import FIELDS as INCOME_FIELDS
from .universe import COMPANIES

CSV_CONTENT_TYPE = "text/csv"
#: Companies per profile-bulk part (FMP's parts are much larger; the universe is small).
PROFILE_PART_SIZE = 10
EOD_BULK_FIELDS: tuple[str, ...] = ("symbol", "date", "open", "low", "high", "close", "adjClose", "volume")

BULK_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "income-statement-bulk": ("income-statement", INCOME_FIELDS),
    "balance-sheet-statement-bulk": (
        "balance-sheet-statement", ("date", "symbol", "reportedCurrency", "cik", "filingDate", "acceptedDate",
                                    "fiscalYear", "period") + fundamentals.BALANCE_FIELDS),
    "cash-flow-statement-bulk": (
        "cash-flow-statement", ("date", "symbol", "reportedCurrency", "cik", "filingDate", "acceptedDate",
                                "fiscalYear", "period") + fundamentals.CASH_FLOW_FIELDS),
    "key-metrics-bulk": ("key-metrics", fundamentals.METRIC_HEADER + fundamentals.KEY_METRIC_FIELDS),
    "ratios-bulk": ("ratios", fundamentals.METRIC_HEADER + fundamentals.RATIO_FIELDS),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def csv_response(fields: Sequence[str], rows: Iterable[dict[str, Any]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return Response(200, CSV_CONTENT_TYPE, buffer.getvalue().encode("utf-8"))


def _bulk_period(query: dict[str, str]) -> str:
    raw = query.get("period", "").strip()
    if raw.lower() in ("annual", "fy"):
        return "FY"
    if raw.upper() in ("Q1", "Q2", "Q3", "Q4"):
        return raw.upper()
    raise QueryError("period")  # includes "quarter": bulk wants annual or Q1..Q4


def _year(query: dict[str, str]) -> int:
    raw = query.get("year", "").strip()
    if not raw.isdigit() or len(raw) != 4:
        raise QueryError("year")
    return int(raw)


def statements_bulk(route: str, query: dict[str, str], history_start: date, as_of: date) -> Response:
    kind, fields = BULK_KINDS[route]
    year = _year(query)
    period = _bulk_period(query)
    rows = []
    for company in COMPANIES:
        for report in fundamentals.filed_reports(kind, company, history_start, as_of):
            if report.fiscal_year == year and report.period == period:
                rows.append(report.row)
    return csv_response(fields, rows)


def profile_bulk(query: dict[str, str], history_start: date, as_of: date) -> Response:
    raw = query.get("part", "").strip()
    if not raw.isdigit():
        raise QueryError("part")
    part = int(raw)
    chunk = COMPANIES[part * PROFILE_PART_SIZE:(part + 1) * PROFILE_PART_SIZE]
    if not chunk:
        raise QueryError("part")  # past the last part: FMP's end-of-parts signal
    rows = []
    for company in chunk:
        series = prices.price_series(company, history_start, as_of)
        profile = build_profile(company, series, as_of)
        if profile is None:
            continue
        # bulk rows carry the reporting currency, so it is not always USD (as on FMP)
        rows.append({**profile, "currency": company.reported_currency})
    return csv_response(PROFILE_FIELDS, rows)


def eod_bulk(query: dict[str, str], history_start: date, as_of: date) -> Response:
    raw = query.get("date", "").strip()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise QueryError("date") from None
    rows = []
    if day <= as_of:
        for company in COMPANIES:
            series = prices.price_series(company, history_start, as_of)
            index = adjusted.bar_index(series, day)
            if index is None:
                continue
            bar = series.prices[index]
            rows.append({
                "symbol": company.symbol, "date": bar["date"], "open": bar["open"], "low": bar["low"],
                "high": bar["high"], "close": bar["close"],
                "adjClose": adjusted.dividend_adjusted_close(series, index, as_of), "volume": bar["volume"],
            })
    return csv_response(EOD_BULK_FIELDS, rows)

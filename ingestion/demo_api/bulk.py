"""Bulk endpoints (`*-bulk`): the whole universe in one CSV body, as FMP sends it.

Every cell is quoted, a header row names the dataset's fields (the catalogue's, in its order),
null is an empty cell, whole floats
are written as integers and booleans as true/false. `profile-bulk` is paged with `part`
(0, 1, ...); the part after the last answers 400 `Query Error: ... - part`, FMP's end signal.
Statements, key metrics and ratios take `year` and `period` (annual or Q1..Q4; "quarter"
is refused); `eod-bulk` takes `date`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from . import adjusted, fundamentals, prices
from .encoding import number_text
from .fields import Dataset
from .params import QueryError
from .profiles import build_profile
from .responses import Response
from .universe import COMPANIES

CSV_CONTENT_TYPE = "text/csv"
#: Companies per profile-bulk part (FMP's parts are much larger; the universe is small).
PROFILE_PART_SIZE = 10
EOD_BULK = Dataset("eod-bulk-price")
PROFILE_BULK = Dataset("company-profile-bulk")


def _annual_and_quarter(stem: str, quarter: str | None = None) -> dict[str, Dataset]:
    return {"annual": Dataset(f"{stem}-annual"), "quarter": Dataset(quarter or f"{stem}-quarter")}


#: route -> (statement kind whose values it lists, the catalogue dataset of its annual and of its
#: Q1..Q4 answers)
BULK_KINDS: dict[str, tuple[str, dict[str, Dataset]]] = {
    "income-statement-bulk": ("income-statement", _annual_and_quarter("income-statement-bulk")),
    "balance-sheet-statement-bulk": ("balance-sheet-statement", _annual_and_quarter("balance-sheet-bulk")),
    "cash-flow-statement-bulk": ("cash-flow-statement", _annual_and_quarter("cashflow-bulk")),
    "key-metrics-bulk": ("key-metrics", _annual_and_quarter("key-metrics-bulk")),
    # the catalogue fetches ratios-bulk for fiscal years only; FMP's quarter answers look the same
    "ratios-bulk": ("ratios", _annual_and_quarter("ratios-bulk", quarter="ratios-bulk-annual")),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def csv_response(dataset: Dataset, rows: Iterable[dict[str, Any]]) -> Response:
    """The CSV body of `dataset` for these rows of values (each must value every catalogue field)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(dataset.fields)
    for row in rows:
        writer.writerow([_cell(value) for value in dataset.row(row).values()])
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
    kind, datasets = BULK_KINDS[route]
    year = _year(query)
    period = _bulk_period(query)
    dataset = datasets["annual" if period == "FY" else "quarter"]
    rows = []
    for company in COMPANIES:
        for report in fundamentals.filed_reports(kind, company, history_start, as_of):
            if report.fiscal_year == year and report.period == period:
                rows.append(report.row)
    return csv_response(dataset, rows)


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
    return csv_response(PROFILE_BULK, rows)


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
    return csv_response(EOD_BULK, rows)

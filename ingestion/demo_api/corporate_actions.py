"""Per-company events: dividends, splits and earnings, FMP-shaped, nulls included.

They are built from the same facts as the other routes, so a user can reconcile them:
- dividends: the ex-dividend days and amounts that scale the dividend-adjusted prices
  (`adjusted.dividend_events`, `adjusted.dividend_per_share`); `adjDividend` is in today's
  (split-adjusted) shares, `dividend` in the shares of the day, as FMP reports them;
- splits: `adjusted.SPLITS`, the ratios between the as-traded and split-adjusted prices;
- earnings: one row per fiscal quarter, dated the day its statement was filed, with the
  statement's eps and revenue as actuals; quarters not filed by as_of are listed ahead with
  every figure null, as FMP lists upcoming announcements.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sbf_calendar import first_trading_day_on_or_after

from . import adjusted, prices
from .fields import Dataset
from .seeding import rng_for
from .statements import StatementRow, fiscal_year_rows, first_fiscal_year
from .universe import Company

DIVIDENDS = Dataset("dividends")
SPLITS = Dataset("splits")
EARNINGS = Dataset("earnings")
#: T+1 settlement (US, from 2024-05-28): the record date is the ex-date; before, the next session.
_T_PLUS_ONE = date(2024, 5, 28)
#: How many upcoming (not yet filed) quarters the earnings route lists.
UPCOMING_QUARTERS = 3


# -------------------------------------------------------------------------------- dividends


def dividends(company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """Every ex-dividend day of the price history up to as_of, newest first."""
    series = prices.price_series(company, history_start, as_of)
    amount = adjusted.dividend_per_share(company)
    rows = []
    for index in reversed(adjusted.dividend_events(series, as_of)):
        ex_day = series.dates[index]
        previous_close = series.prices[index - 1]["close"]
        rng = rng_for(company.symbol, "dividend", ex_day.isoformat())
        known = rng.random() >= 0.15  # FMP often has no record, payment or declaration date
        record = ex_day if ex_day >= _T_PLUS_ONE else first_trading_day_on_or_after(ex_day + timedelta(days=1))
        rows.append({
            "symbol": company.symbol,
            "date": ex_day.isoformat(),
            "recordDate": record.isoformat() if known else None,
            "paymentDate": first_trading_day_on_or_after(ex_day + timedelta(days=rng.randint(14, 30))).isoformat()
            if known else None,
            "declarationDate": (ex_day - timedelta(days=rng.randint(14, 35))).isoformat() if known else None,
            "adjDividend": amount,
            "dividend": round(amount * adjusted.split_factor(company.symbol, ex_day), 6),
            # FMP's yield: the annualised dividend over the price, in percent
            "yield": round(amount * 4 / previous_close * 100, 6),
            "frequency": "Quarterly",
        })
    return DIVIDENDS.rows(rows)


# ----------------------------------------------------------------------------------- splits


def splits(company: Company, as_of: date) -> list[dict[str, Any]]:
    return SPLITS.rows([
        {"symbol": s.symbol, "date": s.date.isoformat(), "numerator": s.numerator, "denominator": s.denominator}
        for s in adjusted.splits_of(company.symbol, as_of)
    ])


# --------------------------------------------------------------------------------- earnings


def earnings(company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """Fiscal quarters announced by as_of (actuals and estimates), plus the next few, newest first."""
    past: list[StatementRow] = []
    upcoming: list[StatementRow] = []
    for fiscal_year in range(first_fiscal_year(company, history_start), as_of.year + 3):
        for report in fiscal_year_rows(company, fiscal_year):
            if report.period == "FY":
                continue  # the annual report is the Q4 announcement
            (upcoming if report.filing_date > as_of else past).append(report)
    rows = [_announced(company, report, as_of) for report in past]
    rows += [_upcoming(company, report) for report in upcoming[:UPCOMING_QUARTERS]]
    rows.sort(key=lambda r: r["date"], reverse=True)
    return EARNINGS.rows(rows)


def _announced(company: Company, report: StatementRow, as_of: date) -> dict[str, Any]:
    eps, revenue = report.row["eps"], report.row["revenue"]
    rng = rng_for(company.symbol, "earnings", report.row["fiscalYear"], report.period)
    # analysts slightly under-estimate on average; now and then FMP has no consensus
    eps_estimate = None if rng.random() < 0.08 else round(eps - abs(eps) * rng.gauss(0.03, 0.06), 2)
    revenue_estimate = None if rng.random() < 0.08 else float(round(revenue * (1 - rng.gauss(0.01, 0.02))))
    updated = min(as_of, report.filing_date + timedelta(days=rng.randint(0, 3)))
    return {
        "symbol": company.symbol,
        "date": report.filing_date.isoformat(),
        "epsActual": eps,
        "epsEstimated": eps_estimate,
        "revenueActual": revenue,
        "revenueEstimated": revenue_estimate,
        "lastUpdated": updated.isoformat(),
    }


def _upcoming(company: Company, report: StatementRow) -> dict[str, Any]:
    return {
        "symbol": company.symbol,
        "date": report.filing_date.isoformat(),
        "epsActual": None,
        "epsEstimated": None,
        "revenueActual": None,
        "revenueEstimated": None,
        "lastUpdated": None,
    }

"""Synthetic income statements (their fields and order: the catalogue's income-statement).

Every fiscal quarter is drawn from its own seeded stream (ticker, fiscal year,
quarter), so a period's numbers never depend on `as_of` or on the price history.
FY rows are the sums of their four quarters; all amounts are integers and the usual
identities hold exactly (grossProfit = revenue - costOfRevenue, and so on).
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sbf_calendar import first_trading_day_on_or_after
from .encoding import encode_element
from .fields import Dataset
from .prices import shares_outstanding
from .seeding import rng_for
from .universe import Company

#: Growth of the synthetic revenue is measured from here.
_GROWTH_ORIGIN = date(2018, 1, 1)

INCOME_STATEMENT = Dataset("income-statement")


@dataclass(frozen=True)
class StatementRow:
    """One reported period: every value the demo computes for it, by FMP field name (`row`, which
    the other statements and metrics are computed from), and the text served for it (`text`: the
    catalogue's income-statement fields, in its order)."""

    period_end: date
    filing_date: date
    period: str  # "Q1".."Q4" or "FY"
    row: dict[str, Any]
    text: str


@dataclass(frozen=True)
class _Traits:
    """Company-wide constants of the statement model (drawn once per ticker)."""

    seasonality: tuple[float, float, float, float]
    interest_income_ratio: float
    interest_expense_ratio: float
    depreciation_ratio: float
    selling_share: float  # part of SG&A that is selling and marketing
    dilution: float


@lru_cache(maxsize=None)
def _traits(symbol: str) -> _Traits:
    rng = rng_for(symbol, "income-traits")
    raw = [1 + rng.uniform(-0.08, 0.08) for _ in range(4)]
    mean = sum(raw) / 4
    return _Traits(
        seasonality=tuple(x / mean for x in raw),  # type: ignore[arg-type]
        interest_income_ratio=rng.uniform(0.002, 0.02),
        interest_expense_ratio=rng.uniform(0.003, 0.025),
        depreciation_ratio=rng.uniform(0.02, 0.08),
        selling_share=rng.uniform(0.3, 0.6),
        dilution=rng.uniform(0.003, 0.015),
    )


def quarter_end(fiscal_year: int, quarter: int, fiscal_year_end_month: int) -> date:
    """Last day of fiscal quarter `quarter` (1-4) of the fiscal year named `fiscal_year`."""
    # Months counted from year 0 so that going back across January is plain arithmetic.
    month_index = fiscal_year * 12 + (fiscal_year_end_month - 1) - 3 * (4 - quarter)
    year, month0 = divmod(month_index, 12)
    return date(year, month0 + 1, std_calendar.monthrange(year, month0 + 1)[1])


def _filing(company: Company, fiscal_year: int, quarter: int, period_end: date) -> tuple[date, str]:
    rng = rng_for(company.symbol, "filing", fiscal_year, quarter)
    # 10-Qs come out about a month after the quarter, the 10-K (Q4 and FY) later.
    lag = rng.randint(30, 45) if quarter < 4 else rng.randint(45, 60)
    filed = first_trading_day_on_or_after(period_end + timedelta(days=lag))
    hour, minute, second = rng.randint(6, 20), rng.randint(0, 59), rng.randint(0, 59)
    accepted = f"{filed.isoformat()} {hour:02d}:{minute:02d}:{second:02d}"
    return filed, accepted


def _quarter_amounts(company: Company, fiscal_year: int, quarter: int, period_end: date) -> dict[str, int]:
    model = company.model
    traits = _traits(company.symbol)
    rng = rng_for(company.symbol, "income", fiscal_year, quarter)
    years = (period_end - _GROWTH_ORIGIN).days / 365.25

    revenue = round(
        model.revenue_b * 1e9 / 4 * (1 + model.revenue_growth) ** years
        * traits.seasonality[quarter - 1] * (1 + rng.gauss(0.0, 0.025))
    )
    if model.gross_margin >= 1.0:
        cost_of_revenue = 0  # FMP reports 0 for "not reported" (banks, networks)
    else:
        margin = min(0.95, max(0.02, model.gross_margin + rng.gauss(0.0, 0.01)))
        cost_of_revenue = round(revenue * (1 - margin))
    gross_profit = revenue - cost_of_revenue
    research = round(revenue * model.rd_ratio * (1 + rng.gauss(0.0, 0.03)))
    sga_ratio = max(0.02, model.sga_ratio + model.sga_drift * years)
    sga = round(revenue * sga_ratio * (1 + rng.gauss(0.0, 0.03)))
    selling = round(sga * traits.selling_share)
    general = sga - selling
    other_expenses = round(revenue * rng.uniform(0.0, 0.004))
    operating_expenses = research + sga + other_expenses
    cost_and_expenses = cost_of_revenue + operating_expenses
    operating_income = revenue - cost_and_expenses

    interest_income = round(revenue * traits.interest_income_ratio * (1 + rng.gauss(0.0, 0.05)))
    interest_expense = round(revenue * traits.interest_expense_ratio * (1 + rng.gauss(0.0, 0.05)))
    net_interest = interest_income - interest_expense
    non_operating = round(revenue * rng.gauss(0.0, 0.004))
    total_other = net_interest + non_operating
    income_before_tax = operating_income + total_other
    if income_before_tax > 0:
        tax = round(income_before_tax * rng.uniform(0.14, 0.22))
    else:
        tax = round(-income_before_tax * 0.01)  # loss-makers still pay some foreign/state tax
    continuing = income_before_tax - tax
    discontinued = 0
    other_adjustments = 0
    net_income = continuing + discontinued + other_adjustments
    deductions = 0
    depreciation = round(revenue * traits.depreciation_ratio * (1 + rng.gauss(0.0, 0.03)))
    ebit = income_before_tax + interest_expense

    return {
        "revenue": revenue,
        "costOfRevenue": cost_of_revenue,
        "grossProfit": gross_profit,
        "researchAndDevelopmentExpenses": research,
        "generalAndAdministrativeExpenses": general,
        "sellingAndMarketingExpenses": selling,
        "sellingGeneralAndAdministrativeExpenses": sga,
        "otherExpenses": other_expenses,
        "operatingExpenses": operating_expenses,
        "costAndExpenses": cost_and_expenses,
        "netInterestIncome": net_interest,
        "interestIncome": interest_income,
        "interestExpense": interest_expense,
        "depreciationAndAmortization": depreciation,
        "ebitda": ebit + depreciation,
        "ebit": ebit,
        "nonOperatingIncomeExcludingInterest": non_operating,
        "operatingIncome": operating_income,
        "totalOtherIncomeExpensesNet": total_other,
        "incomeBeforeTax": income_before_tax,
        "incomeTaxExpense": tax,
        "netIncomeFromContinuingOperations": continuing,
        "netIncomeFromDiscontinuedOperations": discontinued,
        "otherAdjustmentsToNetIncome": other_adjustments,
        "netIncome": net_income,
        "netIncomeDeductions": deductions,
        "bottomLineNetIncome": net_income - deductions,
    }


def _row(company: Company, period_end: date, filing: tuple[date, str], fiscal_year: int, period: str,
         amounts: dict[str, int], shares: int, diluted: int) -> StatementRow:
    row: dict[str, Any] = {
        "date": period_end.isoformat(),
        "symbol": company.symbol,
        "reportedCurrency": company.reported_currency,
        "cik": company.cik,
        "filingDate": filing[0].isoformat(),
        "acceptedDate": filing[1],
        "fiscalYear": str(fiscal_year),  # a string on the stable API
        "period": period,
    }
    row.update(amounts)
    row["eps"] = round(amounts["netIncome"] / shares, 2)
    row["epsDiluted"] = round(amounts["netIncome"] / diluted, 2)
    row["weightedAverageShsOut"] = shares
    row["weightedAverageShsOutDil"] = diluted
    return StatementRow(period_end, filing[0], period, row, encode_element(INCOME_STATEMENT.row(row)))


@lru_cache(maxsize=4096)
def fiscal_year_rows(company: Company, fiscal_year: int) -> tuple[StatementRow, ...]:
    """Q1, Q2, Q3, Q4 and FY rows of one fiscal year (regardless of filing dates)."""
    dilution = _traits(company.symbol).dilution
    rows: list[StatementRow] = []
    totals: dict[str, int] = {}
    share_counts: list[int] = []
    diluted_counts: list[int] = []
    filing: tuple[date, str] = (date.min, "")
    period_end = date.min
    for quarter in (1, 2, 3, 4):
        period_end = quarter_end(fiscal_year, quarter, company.fiscal_year_end_month)
        filing = _filing(company, fiscal_year, quarter, period_end)
        amounts = _quarter_amounts(company, fiscal_year, quarter, period_end)
        shares = shares_outstanding(company, period_end)
        diluted = round(shares * (1 + dilution))
        for name, value in amounts.items():
            totals[name] = totals.get(name, 0) + value
        share_counts.append(shares)
        diluted_counts.append(diluted)
        rows.append(_row(company, period_end, filing, fiscal_year, f"Q{quarter}", amounts, shares, diluted))
    # The FY row shares the Q4 period end and 10-K filing, like FMP's.
    rows.append(_row(company, period_end, filing, fiscal_year, "FY", totals,
                     round(sum(share_counts) / 4), round(sum(diluted_counts) / 4)))
    return tuple(rows)


def first_fiscal_year(company: Company, history_start: date) -> int:
    """The first fiscal year that ends on or after the start of the demo history."""
    fiscal_year = history_start.year
    while quarter_end(fiscal_year - 1, 4, company.fiscal_year_end_month) >= history_start:
        fiscal_year -= 1
    return fiscal_year


def filed_statements(company: Company, history_start: date, as_of: date) -> list[StatementRow]:
    """Every period filed on or before `as_of`, newest period end first (FY before its Q4)."""
    rows = [
        row
        for fiscal_year in range(first_fiscal_year(company, history_start), as_of.year + 2)
        for row in fiscal_year_rows(company, fiscal_year)
        if row.filing_date <= as_of
    ]
    rows.reverse()  # generated oldest first, FY after its Q4
    return rows

"""Synthetic balance sheets, cash flows and everything FMP derives from statements.

Built on the income statements of `statements.py`: every fiscal quarter of a company gets a
balance sheet (closed form per quarter, so it never depends on `as_of`) and a cash flow
statement that reconciles with the change in cash between two balance sheets. Key metrics,
ratios, growth rates, owner earnings, enterprise values and scores are then computed from
the three statements (plus the market cap at the period end), so the numbers agree with
each other the way FMP's do. The formulas are keyed by FMP's field names, typos included
(`researchAndDevelopementToRevenue`, `ebitgrowth`, `bookValueperShareGrowth`); which of them a row
carries, and in which order, is the catalogue's (fields.py).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .encoding import encode_element
from .fields import Dataset
from .prices import price_series, shares_outstanding
from .seeding import rng_for
from .statements import StatementRow, first_fiscal_year, fiscal_year_rows
from .universe import Company

# -------------------------------------------------------------------------------- datasets

#: The catalogue dataset each statement kind (FMP route) serves.
DATASETS: dict[str, Dataset] = {
    "income-statement": Dataset("income-statement"),
    "balance-sheet-statement": Dataset("balance-sheet-statement"),
    "cash-flow-statement": Dataset("cashflow-statement"),
    "key-metrics": Dataset("key-metrics"),
    "ratios": Dataset("metric-ratios"),
    "income-statement-growth": Dataset("income-statement-growth"),
    "balance-sheet-statement-growth": Dataset("balance-sheet-statement-growth"),
    "cash-flow-statement-growth": Dataset("cashflow-statement-growth"),
    "financial-growth": Dataset("financial-statement-growth"),
    "owner-earnings": Dataset("owner-earnings"),
    "enterprise-values": Dataset("enterprise-values"),
}
KEY_METRICS_TTM = Dataset("key-metrics-ttm")
RATIOS_TTM = Dataset("ratios-ttm")
FINANCIAL_SCORES = Dataset("financial-scores")
SEGMENTATION = {"product": Dataset("revenue-product-segmentation"),
                "geographic": Dataset("revenue-geographic-segmentation")}

#: The header every statement-like row repeats is its period's income statement's (values only:
#: which of them a row carries is the catalogue's).
_HEADER_FROM_INCOME: tuple[str, ...] = (
    "date", "symbol", "reportedCurrency", "cik", "filingDate", "acceptedDate", "fiscalYear", "period",
)

#: income-statement-growth: growth field -> the income field it is the growth of (FMP's names do
#: not follow one rule; @grossProfitRatio is grossProfit / revenue).
INCOME_GROWTH_SOURCES: dict[str, str] = {
    "growthRevenue": "revenue", "growthCostOfRevenue": "costOfRevenue", "growthGrossProfit": "grossProfit",
    "growthGrossProfitRatio": "@grossProfitRatio",
    "growthResearchAndDevelopmentExpenses": "researchAndDevelopmentExpenses",
    "growthGeneralAndAdministrativeExpenses": "generalAndAdministrativeExpenses",
    "growthSellingAndMarketingExpenses": "sellingAndMarketingExpenses", "growthOtherExpenses": "otherExpenses",
    "growthOperatingExpenses": "operatingExpenses", "growthCostAndExpenses": "costAndExpenses",
    "growthInterestIncome": "interestIncome", "growthInterestExpense": "interestExpense",
    "growthDepreciationAndAmortization": "depreciationAndAmortization", "growthEBITDA": "ebitda",
    "growthOperatingIncome": "operatingIncome", "growthIncomeBeforeTax": "incomeBeforeTax",
    "growthIncomeTaxExpense": "incomeTaxExpense", "growthNetIncome": "netIncome", "growthEPS": "eps",
    "growthEPSDiluted": "epsDiluted", "growthWeightedAverageShsOut": "weightedAverageShsOut",
    "growthWeightedAverageShsOutDil": "weightedAverageShsOutDil", "growthEBIT": "ebit",
    "growthNonOperatingIncomeExcludingInterest": "nonOperatingIncomeExcludingInterest",
    "growthNetInterestIncome": "netInterestIncome", "growthTotalOtherIncomeExpensesNet": "totalOtherIncomeExpensesNet",
    "growthNetIncomeFromContinuingOperations": "netIncomeFromContinuingOperations",
    "growthOtherAdjustmentsToNetIncome": "otherAdjustmentsToNetIncome",
    "growthNetIncomeDeductions": "netIncomeDeductions",
}


def _growth_sources(amounts: dict[str, Any]) -> dict[str, str]:
    """Balance sheet and cash flow growth: growth<Field> for every field (FMP leaves some out: the
    catalogue lists the ones it sends)."""
    return {"growth" + f[0].upper() + f[1:]: f for f in amounts}

# ------------------------------------------------------------------------------ helpers


def _div(numerator: float, denominator: float) -> float:
    """FMP reports 0 where a ratio has no denominator."""
    return numerator / denominator if denominator else 0.0


def _growth(now: float, before: float) -> float:
    return (now - before) / abs(before) if before else 0.0


def _is_bank(company: Company) -> bool:
    return company.industry.startswith("Banks")


def _previous(fiscal_year: int, quarter: int) -> tuple[int, int]:
    return (fiscal_year, quarter - 1) if quarter > 1 else (fiscal_year - 1, 4)


def _income(company: Company, fiscal_year: int, quarter: int) -> dict[str, Any]:
    """Income row of a fiscal quarter (1-4) or of the year (quarter 0 = FY)."""
    rows = fiscal_year_rows(company, fiscal_year)
    return rows[4 if quarter == 0 else quarter - 1].row


@dataclass(frozen=True)
class _BalanceTraits:
    assets_to_revenue: float
    cash: float
    short_investments: float
    receivable_days: float
    inventory_days: float
    payable_days: float
    ppe: float
    goodwill: float
    intangibles: float
    long_investments: float
    short_debt: float
    long_debt: float
    deferred_revenue: float
    other_current_liabilities: float
    paid_in: float
    sbc: float
    capex: float


@lru_cache(maxsize=None)
def _balance_traits(company: Company) -> _BalanceTraits:
    rng = rng_for(company.symbol, "balance-traits")
    bank = _is_bank(company)
    return _BalanceTraits(
        assets_to_revenue=rng.uniform(28, 36) if bank else rng.uniform(0.12, 0.35),
        cash=rng.uniform(0.05, 0.09) if bank else rng.uniform(0.03, 0.1),
        short_investments=rng.uniform(0.02, 0.1),
        receivable_days=0.0 if bank else rng.uniform(20, 70),
        inventory_days=0.0 if bank or company.model.gross_margin >= 1.0 else rng.uniform(8, 90),
        payable_days=rng.uniform(30, 110),
        ppe=rng.uniform(0.02, 0.05) if bank else rng.uniform(0.1, 0.45),
        goodwill=rng.uniform(0.0, 0.15),
        intangibles=rng.uniform(0.0, 0.06),
        long_investments=rng.uniform(0.2, 0.4) if bank else rng.uniform(0.0, 0.25),
        short_debt=rng.uniform(0.01, 0.05),
        long_debt=rng.uniform(0.08, 0.14) if bank else rng.uniform(0.05, 0.3),
        deferred_revenue=0.0 if bank else rng.uniform(0.0, 0.05),
        other_current_liabilities=rng.uniform(0.58, 0.64) if bank else rng.uniform(0.03, 0.08),
        paid_in=rng.uniform(0.05, 0.4),
        sbc=rng.uniform(0.002, 0.06),
        capex=rng.uniform(0.02, 0.12),
    )


# --------------------------------------------------------------------------- balance sheet


@lru_cache(maxsize=None)
def balance_amounts(company: Company, fiscal_year: int, quarter: int) -> dict[str, int]:
    """The balance sheet at the end of a fiscal quarter (1-4), FMP's stable fields and identities."""
    traits = _balance_traits(company)
    income = _income(company, fiscal_year, quarter)
    rng = rng_for(company.symbol, "balance", fiscal_year, quarter)
    revenue = income["revenue"]
    annual = 4 * revenue

    scale = annual * (traits.assets_to_revenue if _is_bank(company) else 4 * traits.assets_to_revenue)
    cash = round(scale * traits.cash * (1 + rng.gauss(0.0, 0.08)))
    short_investments = round(scale * traits.short_investments * (1 + rng.gauss(0.0, 0.08)))
    receivables = round(revenue * traits.receivable_days / 91 * (1 + rng.gauss(0.0, 0.05)))
    other_receivables = round(receivables * 0.12)
    inventory = round(income["costOfRevenue"] * traits.inventory_days / 91 * (1 + rng.gauss(0.0, 0.05)))
    prepaids = 0  # FMP folds prepaids into other current assets for most filers
    other_current = round(scale * 0.02 * (1 + rng.gauss(0.0, 0.05)))
    current = cash + short_investments + receivables + other_receivables + inventory + prepaids + other_current
    ppe = round(scale * traits.ppe * (1 + rng.gauss(0.0, 0.02)))
    goodwill = round(scale * traits.goodwill)
    intangibles = round(scale * traits.intangibles * (1 + rng.gauss(0.0, 0.03)))
    long_investments = round(scale * traits.long_investments * (1 + rng.gauss(0.0, 0.05)))
    tax_assets = round(scale * 0.01)
    other_non_current = round(scale * 0.04 * (1 + rng.gauss(0.0, 0.05)))
    non_current = ppe + goodwill + intangibles + long_investments + tax_assets + other_non_current
    total_assets = current + non_current

    cost_base = income["costOfRevenue"] or income["operatingExpenses"]
    payables = round(cost_base * traits.payable_days / 91 * (1 + rng.gauss(0.0, 0.05)))
    other_payables = round(payables * 0.08)
    accrued = round(total_assets * 0.03)
    short_debt = round(total_assets * traits.short_debt * (1 + rng.gauss(0.0, 0.1)))
    lease_current = round(total_assets * 0.003)
    tax_payables = round(total_assets * 0.005)
    deferred_revenue = round(total_assets * traits.deferred_revenue)
    other_current_liabilities = round(total_assets * traits.other_current_liabilities * (1 + rng.gauss(0.0, 0.02)))
    current_liabilities = (payables + other_payables + accrued + short_debt + lease_current + tax_payables
                           + deferred_revenue + other_current_liabilities)
    long_debt = round(total_assets * traits.long_debt * (1 + rng.gauss(0.0, 0.03)))
    lease_non_current = round(total_assets * 0.02)
    deferred_revenue_nc = round(total_assets * traits.deferred_revenue * 0.2)
    deferred_tax = round(total_assets * 0.01)
    other_non_current_liabilities = round(total_assets * 0.04)
    non_current_liabilities = (long_debt + lease_non_current + deferred_revenue_nc + deferred_tax
                               + other_non_current_liabilities)
    total_liabilities = current_liabilities + non_current_liabilities
    total_equity = total_assets - total_liabilities
    minority = round(max(total_equity, 0) * 0.004)
    stockholders = total_equity - minority
    common_stock = round(shares_outstanding(company, income_date(income)) * 0.01)
    paid_in = round(abs(stockholders) * traits.paid_in)
    aoci = round(-abs(stockholders) * 0.02 * (1 + rng.gauss(0.0, 0.2)))
    treasury = 0
    preferred = 0
    other_equity = 0
    retained = stockholders - common_stock - paid_in - aoci - treasury - preferred - other_equity
    total_debt = short_debt + long_debt + lease_current + lease_non_current
    return {
        "cashAndCashEquivalents": cash,
        "shortTermInvestments": short_investments,
        "cashAndShortTermInvestments": cash + short_investments,
        "netReceivables": receivables + other_receivables,
        "accountsReceivables": receivables,
        "otherReceivables": other_receivables,
        "inventory": inventory,
        "prepaids": prepaids,
        "otherCurrentAssets": other_current,
        "totalCurrentAssets": current,
        "propertyPlantEquipmentNet": ppe,
        "goodwill": goodwill,
        "intangibleAssets": intangibles,
        "goodwillAndIntangibleAssets": goodwill + intangibles,
        "longTermInvestments": long_investments,
        "taxAssets": tax_assets,
        "otherNonCurrentAssets": other_non_current,
        "totalNonCurrentAssets": non_current,
        "otherAssets": 0,
        "totalAssets": total_assets,
        "totalPayables": payables + other_payables,
        "accountPayables": payables,
        "otherPayables": other_payables,
        "accruedExpenses": accrued,
        "shortTermDebt": short_debt,
        "capitalLeaseObligationsCurrent": lease_current,
        "taxPayables": tax_payables,
        "deferredRevenue": deferred_revenue,
        "otherCurrentLiabilities": other_current_liabilities,
        "totalCurrentLiabilities": current_liabilities,
        "longTermDebt": long_debt,
        "capitalLeaseObligationsNonCurrent": lease_non_current,
        "deferredRevenueNonCurrent": deferred_revenue_nc,
        "deferredTaxLiabilitiesNonCurrent": deferred_tax,
        "otherNonCurrentLiabilities": other_non_current_liabilities,
        "totalNonCurrentLiabilities": non_current_liabilities,
        "otherLiabilities": 0,
        "capitalLeaseObligations": lease_current + lease_non_current,
        "totalLiabilities": total_liabilities,
        "treasuryStock": treasury,
        "preferredStock": preferred,
        "commonStock": common_stock,
        "retainedEarnings": retained,
        "additionalPaidInCapital": paid_in,
        "accumulatedOtherComprehensiveIncomeLoss": aoci,
        "otherTotalStockholdersEquity": other_equity,
        "totalStockholdersEquity": stockholders,
        "totalEquity": total_equity,
        "minorityInterest": minority,
        "totalLiabilitiesAndTotalEquity": total_assets,
        "totalInvestments": short_investments + long_investments,
        "totalDebt": total_debt,
        "netDebt": total_debt - cash,
    }


def income_date(income: dict[str, Any]) -> date:
    return date.fromisoformat(income["date"])


def _balance(company: Company, fiscal_year: int, quarter: int) -> dict[str, int]:
    """Balance sheet of a quarter, or (quarter 0) of the year: the fourth quarter's."""
    return balance_amounts(company, fiscal_year, 4 if quarter == 0 else quarter)


# ------------------------------------------------------------------------------- cash flow


@lru_cache(maxsize=None)
def _quarter_cash_flow(company: Company, fiscal_year: int, quarter: int) -> dict[str, int]:
    traits = _balance_traits(company)
    income = _income(company, fiscal_year, quarter)
    now = balance_amounts(company, fiscal_year, quarter)
    before = balance_amounts(company, *_previous(fiscal_year, quarter))
    rng = rng_for(company.symbol, "cash-flow", fiscal_year, quarter)
    revenue = income["revenue"]

    receivables = -(now["accountsReceivables"] - before["accountsReceivables"])
    inventory = -(now["inventory"] - before["inventory"])
    payables = now["accountPayables"] - before["accountPayables"]
    other_wc = round(revenue * rng.gauss(0.0, 0.004))
    working_capital = receivables + inventory + payables + other_wc
    deferred_tax = round(income["incomeTaxExpense"] * rng.uniform(-0.05, 0.08))
    sbc = round(revenue * traits.sbc)
    other_non_cash = round(revenue * rng.gauss(0.0, 0.003))
    operating = (income["netIncome"] + income["depreciationAndAmortization"] + deferred_tax + sbc
                 + working_capital + other_non_cash)

    capex = -round(revenue * traits.capex * (1 + rng.gauss(0.0, 0.08)))
    acquisitions = -round(revenue * rng.uniform(0.0, 0.03)) if rng.random() < 0.3 else 0
    purchases = -round(revenue * rng.uniform(0.02, 0.1))
    sales = round(revenue * rng.uniform(0.02, 0.1))
    other_investing = round(revenue * rng.gauss(0.0, 0.002))
    investing = capex + acquisitions + purchases + sales + other_investing

    short_debt = now["shortTermDebt"] - before["shortTermDebt"]
    long_debt = now["longTermDebt"] - before["longTermDebt"]
    shares = shares_outstanding(company, income_date(income))
    dividends = -round(company.last_dividend / 4 * shares)
    repurchased = -round(revenue * -company.model.share_trend * 3) if company.model.share_trend < 0 else 0
    issued = round(revenue * 0.002)
    forex = round(revenue * rng.gauss(0.0, 0.001)) if company.reported_currency != "USD" or company.is_adr else 0
    change = now["cashAndCashEquivalents"] - before["cashAndCashEquivalents"]
    other_financing = change - operating - investing - (short_debt + long_debt) - (issued + repurchased) - dividends - forex
    financing = short_debt + long_debt + issued + repurchased + dividends + other_financing
    return {
        "netIncome": income["netIncome"],
        "depreciationAndAmortization": income["depreciationAndAmortization"],
        "deferredIncomeTax": deferred_tax,
        "stockBasedCompensation": sbc,
        "changeInWorkingCapital": working_capital,
        "accountsReceivables": receivables,
        "inventory": inventory,
        "accountsPayables": payables,
        "otherWorkingCapital": other_wc,
        "otherNonCashItems": other_non_cash,
        "netCashProvidedByOperatingActivities": operating,
        "investmentsInPropertyPlantAndEquipment": capex,
        "acquisitionsNet": acquisitions,
        "purchasesOfInvestments": purchases,
        "salesMaturitiesOfInvestments": sales,
        "otherInvestingActivities": other_investing,
        "netCashProvidedByInvestingActivities": investing,
        "netDebtIssuance": short_debt + long_debt,
        "longTermNetDebtIssuance": long_debt,
        "shortTermNetDebtIssuance": short_debt,
        "netStockIssuance": issued + repurchased,
        "netCommonStockIssuance": issued + repurchased,
        "commonStockIssuance": issued,
        "commonStockRepurchased": repurchased,
        "netPreferredStockIssuance": 0,
        "netDividendsPaid": dividends,
        "commonDividendsPaid": dividends,
        "preferredDividendsPaid": 0,
        "otherFinancingActivities": other_financing,
        "netCashProvidedByFinancingActivities": financing,
        "effectOfForexChangesOnCash": forex,
        "netChangeInCash": change,
        "cashAtEndOfPeriod": now["cashAndCashEquivalents"],
        "cashAtBeginningOfPeriod": before["cashAndCashEquivalents"],
        "operatingCashFlow": operating,
        "capitalExpenditure": capex,
        "freeCashFlow": operating + capex,
        "incomeTaxesPaid": round(income["incomeTaxExpense"] * 0.92),
        "interestPaid": round(income["interestExpense"] * 0.95),
    }


def cash_flow_amounts(company: Company, fiscal_year: int, quarter: int) -> dict[str, int]:
    """Cash flow of a fiscal quarter (1-4), or (0) of the year: the sum of its quarters."""
    if quarter:
        return _quarter_cash_flow(company, fiscal_year, quarter)
    quarters = [_quarter_cash_flow(company, fiscal_year, q) for q in (1, 2, 3, 4)]
    total = {name: sum(q[name] for q in quarters) for name in quarters[0]}
    total["cashAtBeginningOfPeriod"] = quarters[0]["cashAtBeginningOfPeriod"]
    total["cashAtEndOfPeriod"] = quarters[3]["cashAtEndOfPeriod"]
    return total


# ---------------------------------------------------------------------- metrics and ratios


@lru_cache(maxsize=64)
def _bars(company: Company, history_start: date, as_of: date) -> tuple[list[date], list[float]]:
    series = price_series(company, history_start, as_of)
    count = bisect_right(series.dates, as_of)
    return series.dates[:count], [row["close"] for row in series.prices[:count]]


def close_on(company: Company, day: date, history_start: date, as_of: date) -> float:
    """Close of the last session on or before `day` (the first session when `day` precedes it)."""
    dates, closes = _bars(company, history_start, as_of)
    if not dates:
        return company.model.start_price
    index = max(0, bisect_right(dates, day) - 1)
    return closes[index]


@dataclass(frozen=True)
class _Period:
    """The three statements of one reporting period (a quarter, a fiscal year or a TTM)."""

    income: dict[str, Any]
    balance: dict[str, int]
    previous_balance: dict[str, int]
    cash: dict[str, int]
    days: float
    price: float
    shares: int

    @property
    def market_cap(self) -> float:
        return round(self.price * 100) * self.shares / 100


def _period(company: Company, fiscal_year: int, quarter: int, history_start: date, as_of: date) -> _Period:
    income = _income(company, fiscal_year, quarter)
    end = income_date(income)
    previous = _balance(company, fiscal_year - 1, 0) if quarter == 0 else balance_amounts(company, *_previous(fiscal_year, quarter))
    return _Period(
        income=income,
        balance=_balance(company, fiscal_year, quarter),
        previous_balance=previous,
        cash=cash_flow_amounts(company, fiscal_year, quarter),
        days=365.0 if quarter == 0 else 91.25,
        price=close_on(company, end, history_start, as_of),
        shares=shares_outstanding(company, end),
    )


def _metrics(p: _Period) -> dict[str, float]:
    i, b, c, pb = p.income, p.balance, p.cash, p.previous_balance
    market_cap = p.market_cap
    ev = market_cap + b["totalDebt"] - b["cashAndCashEquivalents"]
    ebt, ebit = i["incomeBeforeTax"], i["ebit"]
    tax_rate = _div(i["incomeTaxExpense"], ebt)
    invested = b["totalDebt"] + b["totalStockholdersEquity"] - b["cashAndCashEquivalents"]
    eps, bvps = i["eps"], _div(b["totalStockholdersEquity"], p.shares)
    dso = _div(b["accountsReceivables"], i["revenue"]) * p.days
    cost = i["costOfRevenue"]
    dpo = _div(b["accountPayables"], cost) * p.days
    dio = _div(b["inventory"], cost) * p.days
    return {
        "marketCap": market_cap,
        "enterpriseValue": ev,
        "evToSales": _div(ev, i["revenue"]),
        "evToOperatingCashFlow": _div(ev, c["operatingCashFlow"]),
        "evToFreeCashFlow": _div(ev, c["freeCashFlow"]),
        "evToEBITDA": _div(ev, i["ebitda"]),
        "netDebtToEBITDA": _div(b["netDebt"], i["ebitda"]),
        "currentRatio": _div(b["totalCurrentAssets"], b["totalCurrentLiabilities"]),
        "incomeQuality": _div(c["operatingCashFlow"], i["netIncome"]),
        "grahamNumber": math.sqrt(22.5 * eps * bvps) if eps > 0 and bvps > 0 else 0.0,
        "grahamNetNet": _div(b["totalCurrentAssets"] - b["totalLiabilities"], p.shares),
        "taxBurden": _div(i["netIncome"], ebt),
        "interestBurden": _div(ebt, ebit),
        "workingCapital": b["totalCurrentAssets"] - b["totalCurrentLiabilities"],
        "investedCapital": invested,
        "returnOnAssets": _div(i["netIncome"], b["totalAssets"]),
        "operatingReturnOnAssets": _div(i["operatingIncome"], b["totalAssets"]),
        "returnOnTangibleAssets": _div(i["netIncome"], b["totalAssets"] - b["goodwillAndIntangibleAssets"]),
        "returnOnEquity": _div(i["netIncome"], b["totalStockholdersEquity"]),
        "returnOnInvestedCapital": _div(ebit * (1 - tax_rate), invested),
        "returnOnCapitalEmployed": _div(ebit, b["totalAssets"] - b["totalCurrentLiabilities"]),
        "earningsYield": _div(i["netIncome"], market_cap),
        "freeCashFlowYield": _div(c["freeCashFlow"], market_cap),
        "capexToOperatingCashFlow": _div(c["capitalExpenditure"], c["operatingCashFlow"]),
        "capexToDepreciation": _div(c["capitalExpenditure"], i["depreciationAndAmortization"]),
        "capexToRevenue": _div(c["capitalExpenditure"], i["revenue"]),
        "salesGeneralAndAdministrativeToRevenue": _div(i["sellingGeneralAndAdministrativeExpenses"], i["revenue"]),
        "researchAndDevelopementToRevenue": _div(i["researchAndDevelopmentExpenses"], i["revenue"]),
        "stockBasedCompensationToRevenue": _div(c["stockBasedCompensation"], i["revenue"]),
        "intangiblesToTotalAssets": _div(b["goodwillAndIntangibleAssets"], b["totalAssets"]),
        "averageReceivables": (b["accountsReceivables"] + pb["accountsReceivables"]) / 2,
        "averagePayables": (b["accountPayables"] + pb["accountPayables"]) / 2,
        "averageInventory": (b["inventory"] + pb["inventory"]) / 2,
        "daysOfSalesOutstanding": dso,
        "daysOfPayablesOutstanding": dpo,
        "daysOfInventoryOutstanding": dio,
        "operatingCycle": dso + dio,
        "cashConversionCycle": dso + dio - dpo,
        "freeCashFlowToEquity": c["freeCashFlow"] + c["netDebtIssuance"],
        "freeCashFlowToFirm": c["freeCashFlow"] + i["interestExpense"] * (1 - tax_rate),
        "tangibleAssetValue": b["totalAssets"] - b["goodwillAndIntangibleAssets"] - b["totalLiabilities"],
        "netCurrentAssetValue": b["totalCurrentAssets"] - b["totalLiabilities"],
    }


def _ratios(p: _Period, eps_growth: float) -> dict[str, float]:
    i, b, c = p.income, p.balance, p.cash
    revenue, shares, market_cap = i["revenue"], p.shares, p.market_cap
    ev = market_cap + b["totalDebt"] - b["cashAndCashEquivalents"]
    pe = _div(p.price, i["eps"])
    dividends = -c["netDividendsPaid"]
    equity = b["totalStockholdersEquity"]
    capital = b["totalDebt"] + equity
    return {
        "grossProfitMargin": _div(i["grossProfit"], revenue),
        "ebitMargin": _div(i["ebit"], revenue),
        "ebitdaMargin": _div(i["ebitda"], revenue),
        "operatingProfitMargin": _div(i["operatingIncome"], revenue),
        "pretaxProfitMargin": _div(i["incomeBeforeTax"], revenue),
        "continuousOperationsProfitMargin": _div(i["netIncomeFromContinuingOperations"], revenue),
        "netProfitMargin": _div(i["netIncome"], revenue),
        "bottomLineProfitMargin": _div(i["bottomLineNetIncome"], revenue),
        "receivablesTurnover": _div(revenue, b["accountsReceivables"]),
        "payablesTurnover": _div(i["costOfRevenue"], b["accountPayables"]),
        "inventoryTurnover": _div(i["costOfRevenue"], b["inventory"]),
        "fixedAssetTurnover": _div(revenue, b["propertyPlantEquipmentNet"]),
        "assetTurnover": _div(revenue, b["totalAssets"]),
        "currentRatio": _div(b["totalCurrentAssets"], b["totalCurrentLiabilities"]),
        "quickRatio": _div(b["cashAndShortTermInvestments"] + b["netReceivables"], b["totalCurrentLiabilities"]),
        "solvencyRatio": _div(i["netIncome"] + i["depreciationAndAmortization"], b["totalLiabilities"]),
        "cashRatio": _div(b["cashAndCashEquivalents"], b["totalCurrentLiabilities"]),
        "priceToEarningsRatio": pe,
        "priceToEarningsGrowthRatio": _div(pe, eps_growth * 100),
        "forwardPriceToEarningsGrowthRatio": _div(pe, eps_growth * 100) * 0.9,
        "priceToBookRatio": _div(market_cap, equity),
        "priceToSalesRatio": _div(market_cap, revenue),
        "priceToFreeCashFlowRatio": _div(market_cap, c["freeCashFlow"]),
        "priceToOperatingCashFlowRatio": _div(market_cap, c["operatingCashFlow"]),
        "debtToAssetsRatio": _div(b["totalDebt"], b["totalAssets"]),
        "debtToEquityRatio": _div(b["totalDebt"], equity),
        "debtToCapitalRatio": _div(b["totalDebt"], capital),
        "longTermDebtToCapitalRatio": _div(b["longTermDebt"], b["longTermDebt"] + equity),
        "financialLeverageRatio": _div(b["totalAssets"], equity),
        "workingCapitalTurnoverRatio": _div(revenue, b["totalCurrentAssets"] - b["totalCurrentLiabilities"]),
        "operatingCashFlowRatio": _div(c["operatingCashFlow"], b["totalCurrentLiabilities"]),
        "operatingCashFlowSalesRatio": _div(c["operatingCashFlow"], revenue),
        "freeCashFlowOperatingCashFlowRatio": _div(c["freeCashFlow"], c["operatingCashFlow"]),
        "debtServiceCoverageRatio": _div(i["operatingIncome"], b["shortTermDebt"] + i["interestExpense"]),
        "interestCoverageRatio": _div(i["operatingIncome"], i["interestExpense"]),
        "shortTermOperatingCashFlowCoverageRatio": _div(c["operatingCashFlow"], b["shortTermDebt"]),
        "operatingCashFlowCoverageRatio": _div(c["operatingCashFlow"], b["totalDebt"]),
        "capitalExpenditureCoverageRatio": _div(c["operatingCashFlow"], -c["capitalExpenditure"]),
        "dividendPaidAndCapexCoverageRatio": _div(c["operatingCashFlow"], dividends - c["capitalExpenditure"]),
        "dividendPayoutRatio": _div(dividends, i["netIncome"]),
        "dividendYield": _div(dividends, market_cap),
        "dividendYieldPercentage": 100 * _div(dividends, market_cap),
        "revenuePerShare": _div(revenue, shares),
        "netIncomePerShare": _div(i["netIncome"], shares),
        "interestDebtPerShare": _div(i["interestExpense"] + b["totalDebt"], shares),
        "cashPerShare": _div(b["cashAndShortTermInvestments"], shares),
        "bookValuePerShare": _div(equity, shares),
        "tangibleBookValuePerShare": _div(equity - b["goodwillAndIntangibleAssets"], shares),
        "shareholdersEquityPerShare": _div(equity, shares),
        "operatingCashFlowPerShare": _div(c["operatingCashFlow"], shares),
        "capexPerShare": _div(c["capitalExpenditure"], shares),
        "freeCashFlowPerShare": _div(c["freeCashFlow"], shares),
        "netIncomePerEBT": _div(i["netIncome"], i["incomeBeforeTax"]),
        "ebtPerEbit": _div(i["incomeBeforeTax"], i["ebit"]),
        "priceToFairValue": _div(market_cap, equity),
        "debtToMarketCap": _div(b["totalDebt"], market_cap),
        "effectiveTaxRate": _div(i["incomeTaxExpense"], i["incomeBeforeTax"]),
        "enterpriseValueMultiple": _div(ev, i["ebitda"]),
        "dividendPerShare": _div(dividends, shares),
    }


# ------------------------------------------------------------------------------ row kinds


def _header(income: dict[str, Any]) -> dict[str, Any]:
    return {name: income[name] for name in _HEADER_FROM_INCOME}


def _growth_row(now: dict[str, Any], before: dict[str, Any], sources: dict[str, str]) -> dict[str, float]:
    out = {}
    for name, source in sources.items():
        if source == "@grossProfitRatio":
            out[name] = _growth(_div(now["grossProfit"], now["revenue"]), _div(before["grossProfit"], before["revenue"]))
        else:
            out[name] = _growth(now[source], before[source])
    return out


def _per_share(company: Company, fiscal_year: int, years_back: int, value: Callable[[int], float]) -> float:
    """Compound annual growth per share over `years_back` fiscal years (0 when either end is <= 0)."""
    now, then = value(fiscal_year), value(fiscal_year - years_back)
    if now <= 0 or then <= 0:
        return 0.0
    return (now / then) ** (1 / years_back) - 1


def _financial_growth(company: Company, fiscal_year: int, quarter: int) -> dict[str, float]:
    prev_year, prev_quarter = (fiscal_year - 1, 0) if quarter == 0 else _previous(fiscal_year, quarter)
    i, ip = _income(company, fiscal_year, quarter), _income(company, prev_year, prev_quarter)
    b, bp = _balance(company, fiscal_year, quarter), _balance(company, prev_year, prev_quarter)
    c, cp = cash_flow_amounts(company, fiscal_year, quarter), cash_flow_amounts(company, prev_year, prev_quarter)

    def shares(year: int) -> float:
        return _income(company, year, 0)["weightedAverageShsOut"]

    def revenue_ps(year: int) -> float:
        return _income(company, year, 0)["revenue"] / shares(year)

    def ocf_ps(year: int) -> float:
        return cash_flow_amounts(company, year, 0)["operatingCashFlow"] / shares(year)

    def ni_ps(year: int) -> float:
        return _income(company, year, 0)["netIncome"] / shares(year)

    def equity_ps(year: int) -> float:
        return _balance(company, year, 0)["totalStockholdersEquity"] / shares(year)

    def dividend_ps(year: int) -> float:
        return -cash_flow_amounts(company, year, 0)["netDividendsPaid"] / shares(year)

    def bottom_ps(year: int) -> float:
        return _income(company, year, 0)["bottomLineNetIncome"] / shares(year)

    out: dict[str, float] = {
        "revenueGrowth": _growth(i["revenue"], ip["revenue"]),
        "grossProfitGrowth": _growth(i["grossProfit"], ip["grossProfit"]),
        "ebitgrowth": _growth(i["ebit"], ip["ebit"]),
        "operatingIncomeGrowth": _growth(i["operatingIncome"], ip["operatingIncome"]),
        "netIncomeGrowth": _growth(i["netIncome"], ip["netIncome"]),
        "epsgrowth": _growth(i["eps"], ip["eps"]),
        "epsdilutedGrowth": _growth(i["epsDiluted"], ip["epsDiluted"]),
        "weightedAverageSharesGrowth": _growth(i["weightedAverageShsOut"], ip["weightedAverageShsOut"]),
        "weightedAverageSharesDilutedGrowth": _growth(i["weightedAverageShsOutDil"], ip["weightedAverageShsOutDil"]),
        "dividendsPerShareGrowth": _growth(-c["netDividendsPaid"] / i["weightedAverageShsOut"],
                                           -cp["netDividendsPaid"] / ip["weightedAverageShsOut"]),
        "operatingCashFlowGrowth": _growth(c["operatingCashFlow"], cp["operatingCashFlow"]),
        "receivablesGrowth": _growth(b["netReceivables"], bp["netReceivables"]),
        "inventoryGrowth": _growth(b["inventory"], bp["inventory"]),
        "assetGrowth": _growth(b["totalAssets"], bp["totalAssets"]),
        "bookValueperShareGrowth": _growth(b["totalStockholdersEquity"] / i["weightedAverageShsOut"],
                                           bp["totalStockholdersEquity"] / ip["weightedAverageShsOut"]),
        "debtGrowth": _growth(b["totalDebt"], bp["totalDebt"]),
        "rdexpenseGrowth": _growth(i["researchAndDevelopmentExpenses"], ip["researchAndDevelopmentExpenses"]),
        "sgaexpensesGrowth": _growth(i["sellingGeneralAndAdministrativeExpenses"],
                                     ip["sellingGeneralAndAdministrativeExpenses"]),
        "freeCashFlowGrowth": _growth(c["freeCashFlow"], cp["freeCashFlow"]),
    }
    year = fiscal_year if quarter == 0 else fiscal_year - 1  # multi-year rates use completed fiscal years
    for label, value in (("RevenueGrowthPerShare", revenue_ps), ("OperatingCFGrowthPerShare", ocf_ps),
                         ("NetIncomeGrowthPerShare", ni_ps), ("ShareholdersEquityGrowthPerShare", equity_ps),
                         ("DividendperShareGrowthPerShare", dividend_ps)):
        for prefix, years in (("tenY", 10), ("fiveY", 5), ("threeY", 3)):
            out[prefix + label] = _per_share(company, year, years, value)
    out["ebitdaGrowth"] = _growth(i["ebitda"], ip["ebitda"])
    out["growthCapitalExpenditure"] = _growth(c["capitalExpenditure"], cp["capitalExpenditure"])
    for prefix, years in (("tenY", 10), ("fiveY", 5), ("threeY", 3)):
        out[prefix + "BottomLineNetIncomeGrowthPerShare"] = _per_share(company, year, years, bottom_ps)
    return out


def build_row(kind: str, company: Company, fiscal_year: int, quarter: int, history_start: date,
              as_of: date) -> dict[str, Any]:
    """The values of a `kind` row for a fiscal quarter (1-4) or year (0), by FMP field name (the
    row served is DATASETS[kind].row of them)."""
    income = _income(company, fiscal_year, quarter)
    prev_year, prev_quarter = (fiscal_year - 1, 0) if quarter == 0 else _previous(fiscal_year, quarter)
    if kind == "income-statement":
        return dict(income)
    if kind == "balance-sheet-statement":
        return {**_header(income), **_balance(company, fiscal_year, quarter)}
    if kind == "cash-flow-statement":
        return {**_header(income), **cash_flow_amounts(company, fiscal_year, quarter)}
    if kind in ("key-metrics", "ratios"):
        period = _period(company, fiscal_year, quarter, history_start, as_of)
        values: dict[str, Any]
        if kind == "key-metrics":
            values = _metrics(period)
        else:
            values = _ratios(period, _growth(income["eps"], _income(company, prev_year, prev_quarter)["eps"]))
        return {**_header(income), **values}
    if kind.endswith("-growth") and kind != "financial-growth":
        if kind == "income-statement-growth":
            now, before = income, _income(company, prev_year, prev_quarter)
            sources = INCOME_GROWTH_SOURCES
        elif kind == "balance-sheet-statement-growth":
            now, before = _balance(company, fiscal_year, quarter), _balance(company, prev_year, prev_quarter)
            sources = _growth_sources(now)
        else:
            now = cash_flow_amounts(company, fiscal_year, quarter)
            before = cash_flow_amounts(company, prev_year, prev_quarter)
            sources = _growth_sources(now)
        return {**_header(income), **_growth_row(now, before, sources)}
    if kind == "financial-growth":
        return {**_header(income), **_financial_growth(company, fiscal_year, quarter)}
    if kind == "owner-earnings":
        cash = cash_flow_amounts(company, fiscal_year, quarter)
        balance, before = _balance(company, fiscal_year, quarter), _balance(company, prev_year, prev_quarter)
        average_ppe = (balance["propertyPlantEquipmentNet"] + before["propertyPlantEquipmentNet"]) / 2
        maintenance = -min(-cash["capitalExpenditure"], round(income["depreciationAndAmortization"] * 0.9))
        growth_capex = cash["capitalExpenditure"] - maintenance
        owners = (income["netIncome"] + income["depreciationAndAmortization"] + cash["deferredIncomeTax"]
                  + cash["changeInWorkingCapital"] + maintenance)
        return {
            "symbol": company.symbol, "reportedCurrency": income["reportedCurrency"],
            "fiscalYear": income["fiscalYear"], "period": income["period"], "date": income["date"],
            "averagePPE": round(_div(average_ppe, income["revenue"]), 4), "maintenanceCapex": maintenance,
            "ownersEarnings": owners, "growthCapex": growth_capex,
            "ownersEarningsPerShare": round(_div(owners, income["weightedAverageShsOut"]), 2),
        }
    if kind == "enterprise-values":
        period = _period(company, fiscal_year, quarter, history_start, as_of)
        balance = period.balance
        return {
            "symbol": company.symbol, "date": income["date"], "stockPrice": period.price,
            "numberOfShares": period.shares, "marketCapitalization": period.market_cap,
            "minusCashAndCashEquivalents": balance["cashAndCashEquivalents"], "addTotalDebt": balance["totalDebt"],
            "enterpriseValue": period.market_cap - balance["cashAndCashEquivalents"] + balance["totalDebt"],
        }
    raise ValueError(f"unknown statement kind {kind!r}")


@dataclass(frozen=True)
class Report:
    """One period of a statement kind: its values (`row`, by FMP field name), the text served for it
    (`text`: the catalogue's fields of the kind's dataset) and what the routes filter on."""

    fiscal_year: int
    period: str  # FY or Q1..Q4
    period_end: date
    filing_date: date
    row: dict[str, Any]
    text: str


@lru_cache(maxsize=8192)
def year_reports(kind: str, company: Company, fiscal_year: int, history_start: date, as_of_bucket: date) -> tuple[Report, ...]:
    """Q1..Q4 and FY reports of one fiscal year. `as_of_bucket` only matters for price-based kinds."""
    base: tuple[StatementRow, ...] = fiscal_year_rows(company, fiscal_year)
    out = []
    for quarter, statement in zip((1, 2, 3, 4, 0), base):
        row = build_row(kind, company, fiscal_year, quarter, history_start, as_of_bucket)
        out.append(Report(fiscal_year, statement.period, statement.period_end, statement.filing_date, row,
                          encode_element(DATASETS[kind].row(row))))
    return tuple(out)


PRICE_BASED = frozenset({"key-metrics", "ratios", "enterprise-values"})


def filed_reports(kind: str, company: Company, history_start: date, as_of: date) -> list[Report]:
    """Every report of `kind` filed on or before `as_of`, newest period end first (FY before its Q4)."""
    # Price-based kinds need the bars up to the period end only; any as_of past the last
    # period end gives the same rows, so they are cached per as_of (cheap: one dict lookup).
    bucket = as_of if kind in PRICE_BASED else date.min
    rows = [
        report
        for fiscal_year in range(first_fiscal_year(company, history_start), as_of.year + 2)
        for report in year_reports(kind, company, fiscal_year, history_start, bucket)
        if report.filing_date <= as_of
    ]
    rows.reverse()
    return rows


# ---------------------------------------------------------------------------------- TTM


def _ttm_period(company: Company, history_start: date, as_of: date) -> _Period | None:
    filed = [r for r in filed_reports("income-statement", company, history_start, as_of) if r.period != "FY"][:4]
    if len(filed) < 4:
        return None
    quarters = [(r.fiscal_year, int(r.period[1])) for r in filed]
    incomes = [_income(company, fy, q) for fy, q in quarters]
    cashes = [cash_flow_amounts(company, fy, q) for fy, q in quarters]
    income: dict[str, Any] = dict(incomes[0])
    for name, value in incomes[0].items():
        if isinstance(value, int) and not isinstance(value, bool) and name not in ("weightedAverageShsOut", "weightedAverageShsOutDil"):
            income[name] = sum(row[name] for row in incomes)
    income["eps"] = round(_div(income["netIncome"], incomes[0]["weightedAverageShsOut"]), 2)
    cash = {name: sum(row[name] for row in cashes) for name in cashes[0]}
    newest = quarters[0]
    return _Period(
        income=income,
        balance=balance_amounts(company, *newest),
        previous_balance=balance_amounts(company, *quarters[3]),
        cash=cash,
        days=365.0,
        price=close_on(company, as_of, history_start, as_of),
        shares=shares_outstanding(company, as_of),
    )


def ttm_row(kind: str, company: Company, history_start: date, as_of: date) -> dict[str, Any] | None:
    period = _ttm_period(company, history_start, as_of)
    if period is None:
        return None
    # the *-ttm endpoints suffix every metric with TTM, except key-metrics-ttm's marketCap
    if kind == "key-metrics-ttm":
        metrics = _metrics(period)
        return KEY_METRICS_TTM.row({"symbol": company.symbol, "marketCap": metrics["marketCap"],
                                    **{f + "TTM": value for f, value in metrics.items()}})
    ratios = _ratios(period, 0.0)
    return RATIOS_TTM.row({"symbol": company.symbol, **{f + "TTM": value for f, value in ratios.items()}})


def financial_scores(company: Company, history_start: date, as_of: date) -> dict[str, Any] | None:
    period = _ttm_period(company, history_start, as_of)
    if period is None:
        return None
    i, b = period.income, period.balance
    working_capital = b["totalCurrentAssets"] - b["totalCurrentLiabilities"]
    assets = b["totalAssets"]
    altman = (1.2 * _div(working_capital, assets) + 1.4 * _div(b["retainedEarnings"], assets)
              + 3.3 * _div(i["ebit"], assets) + 0.6 * _div(period.market_cap, b["totalLiabilities"])
              + 1.0 * _div(i["revenue"], assets))
    rng = rng_for(company.symbol, "piotroski", as_of.year, (as_of.month - 1) // 3)
    piotroski = max(0, min(9, (5 if i["netIncome"] > 0 else 2) + rng.randint(-1, 3)))
    return FINANCIAL_SCORES.row({
        "symbol": company.symbol, "reportedCurrency": i["reportedCurrency"], "altmanZScore": altman,
        "piotroskiScore": piotroski, "workingCapital": working_capital, "totalAssets": assets,
        "retainedEarnings": b["retainedEarnings"], "ebit": i["ebit"], "marketCap": period.market_cap,
        "totalLiabilities": b["totalLiabilities"], "revenue": i["revenue"],
    })


# --------------------------------------------------------------------------- segmentation

_PRODUCT_SEGMENTS: dict[str, tuple[str, ...]] = {
    "Technology": ("Products", "Services", "Licensing"),
    "Communication Services": ("Advertising", "Subscriptions", "Other Bets"),
    "Consumer Cyclical": ("Online Stores", "Third-Party Seller Services", "Subscription Services"),
    "Consumer Defensive": ("Beverages", "Convenient Foods"),
    "Financial Services": ("Net Interest Income", "Noninterest Revenue"),
    "Healthcare": ("Pharmaceutical", "Medical Devices", "Consumer Health"),
    "Energy": ("Upstream", "Energy Products", "Chemical Products"),
    "Industrials": ("Construction Industries", "Resource Industries", "Energy & Transportation"),
    "Basic Materials": ("Gold", "Other Metals"),
}
_GEOGRAPHIC_SEGMENTS = ("Americas Segment", "Europe Segment", "Greater China Segment", "Rest of Asia Pacific")


def segmentation_rows(kind: str, company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """Annual revenue split by product or by region (structure=flat), newest first."""
    names = (_PRODUCT_SEGMENTS.get(company.sector, ("Products", "Services")) if kind == "product"
             else _GEOGRAPHIC_SEGMENTS)
    out = []
    for report in filed_reports("income-statement", company, history_start, as_of):
        if report.period != "FY":
            continue
        rng = rng_for(company.symbol, "segments", kind, report.fiscal_year)
        weights = [rng.uniform(0.5, 3.0) for _ in names]
        total = report.row["revenue"]
        amounts = [round(total * w / sum(weights)) for w in weights]
        amounts[0] += total - sum(amounts)  # segments add up to revenue exactly
        out.append(SEGMENTATION[kind].row({
            "symbol": company.symbol,
            "fiscalYear": report.fiscal_year,  # an integer here, unlike the statements
            "period": "FY",
            "reportedCurrency": None,  # FMP leaves it null on segmentation rows
            "date": report.row["date"],
            "data": dict(zip(names, amounts)),
        }))
    return out

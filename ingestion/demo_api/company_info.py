"""Per-company side endpoints: notes, executives, executive compensation, peers, employee
counts and share float. Deterministic per (company, as_of); values keyed by FMP's field names,
nulls included, each row carrying the catalogue's fields of its dataset.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any

from sbf_calendar import first_trading_day_on_or_after

from . import prices
from .fields import Dataset
from .seeding import rng_for
from .statements import filed_statements
from .universe import COMPANIES, Company

NOTES = Dataset("company-notes")
OFFICERS = Dataset("company-officers")
COMPENSATION = Dataset("company-compensation")
PEERS = Dataset("company-peers")
EMPLOYEES = Dataset("company-employees")
SHARES_FLOAT = Dataset("company-shares-float")

# ------------------------------------------------------------------------------- notes


def company_notes(company: Company) -> list[dict[str, Any]]:
    """Listed debt securities of the company (none for most small caps)."""
    rng = rng_for(company.symbol, "notes")
    count = 0 if company.model.revenue_b < 10 else rng.randint(1, 5)
    rows = []
    for _ in range(count):
        coupon = rng.choice(("0.875", "1.375", "2.400", "3.000", "3.450", "4.375", "4.650", "5.250"))
        year = rng.randint(2026, 2062)
        rows.append({
            "cik": company.cik,
            "symbol": company.symbol,
            "title": f"{coupon}% Notes due {year}",
            "exchange": company.exchange,
        })
    # a title is unique per company, as FMP lists each note once
    unique = {row["title"]: row for row in rows}
    return NOTES.rows(sorted(unique.values(), key=lambda r: r["title"]))


# -------------------------------------------------------------------------- executives

_FIRST = ("Jeffrey", "Sarah", "Luca", "Amy", "Kevan", "Deirdre", "Katherine", "Michael", "Jennifer", "Robert",
          "Priya", "Daniel", "Laura", "Thomas", "Mei", "Carlos", "Anne", "Rajesh", "Julia", "Marcus")
_LAST = ("Williams", "O'Brien", "Maestri", "Adams", "Parekh", "Chen", "Garcia", "Novak", "Okafor", "Schmidt",
         "Tanaka", "Rossi", "Dubois", "Khan", "Larsen", "Moreau", "Silva", "Weber", "Yamamoto", "Fischer")
_TITLES = ("Chief Financial Officer", "Chief Operating Officer", "General Counsel & Secretary",
           "Senior Vice President of Human Resources", "Chief Technology Officer", "Principal Accounting Officer")


def _officers(company: Company) -> list[dict[str, Any]]:
    rng = rng_for(company.symbol, "officers")
    titles = ["Chief Executive Officer & Director"] + rng.sample(_TITLES, 4)
    rows = []
    for index, title in enumerate(titles):
        name = company.ceo if index == 0 else f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        rows.append({
            "name": name,
            "title": title,
            "gender": None if index == 0 else rng.choice(("male", "female")),  # FMP leaves some null
            "yearBorn": rng.randint(1955, 1982) if rng.random() < 0.7 else None,
            "base": round(rng.uniform(0.6, 1.6) * (1.5 if index == 0 else 1.0), 2),  # $M salary
        })
    return rows


def key_executives(company: Company) -> list[dict[str, Any]]:
    out = []
    for index, officer in enumerate(_officers(company)):
        paid = index < 4  # only the named executive officers have a reported pay
        out.append({
            "title": officer["title"],
            "name": officer["name"],
            "pay": round(officer["base"] * 1_000_000 * (8 if index == 0 else 3)) if paid else None,
            "currencyPay": "USD",
            "gender": officer["gender"],
            "yearBorn": officer["yearBorn"],
            "titleSince": None,  # FMP always sends null here
        })
    return OFFICERS.rows(out)


def executive_compensation(company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """One row per named executive and fiscal year, from proxy statements filed by as_of."""
    rows = []
    officers = _officers(company)[:4]
    for year in range(history_start.year, as_of.year + 1):
        rng = rng_for(company.symbol, "proxy", year)
        filed = first_trading_day_on_or_after(date(year + 1, 3, 1) + timedelta(days=rng.randint(0, 45)))
        if filed > as_of:
            continue
        accession = f"{int(company.cik) if company.cik.isdigit() else 0:010d}{year % 100 + 1:02d}{rng.randint(1, 99999):06d}"
        for officer in officers:
            salary = round(officer["base"] * 1_000_000 * (1.03 ** (year - 2018)))
            bonus = 0 if rng.random() < 0.6 else round(salary * rng.uniform(0.1, 0.5))
            stock = round(salary * rng.uniform(3, 18))
            option = 0 if rng.random() < 0.8 else round(salary * rng.uniform(0.5, 2))
            incentive = round(salary * rng.uniform(0.5, 3))
            other = round(rng.uniform(10_000, 900_000))
            rows.append({
                "cik": company.cik,
                "symbol": company.symbol,
                "companyName": company.company_name,
                "filingDate": filed.isoformat(),
                "acceptedDate": f"{filed.isoformat()} {rng.randint(6, 20):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                "nameAndPosition": f"{officer['name']} {officer['title']}",
                "year": year,
                "salary": salary,
                "bonus": bonus,
                "stockAward": stock,
                "optionAward": option,
                "incentivePlanCompensation": incentive,
                "allOtherCompensation": other,
                "total": salary + bonus + stock + option + incentive + other,
                "link": f"https://www.sec.gov/Archives/edgar/data/{company.cik.lstrip('0') or '0'}/{accession}-index.htm",
            })
    rows.sort(key=lambda r: (-r["year"], r["nameAndPosition"]))
    return COMPENSATION.rows(rows)


# ------------------------------------------------------------------------------- peers


def _latest_bar(company: Company, history_start: date, as_of: date) -> tuple[float, float] | None:
    series = prices.price_series(company, history_start, as_of)
    index = bisect_right(series.dates, as_of) - 1
    if index < 0:
        return None
    return series.prices[index]["close"], series.market_caps[index]["marketCap"]


def stock_peers(company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """Companies of the same sector (the requested symbol itself is not listed)."""
    rows = []
    for peer in COMPANIES:
        if peer.symbol == company.symbol or peer.sector != company.sector:
            continue
        bar = _latest_bar(peer, history_start, as_of)
        if bar is None:
            continue
        rows.append({"symbol": peer.symbol, "companyName": peer.company_name, "price": bar[0],
                     "mktCap": round(bar[1])})  # FMP spells it mktCap here, and rounds it
    rows.sort(key=lambda r: -r["mktCap"])
    return PEERS.rows(rows)


# ---------------------------------------------------------------------- employee count

_FORM = {"SHEL": "20-F", "IMO": "10-K", "BTG": "40-F"}


def employee_counts(company: Company, history_start: date, as_of: date) -> list[dict[str, Any]]:
    """One row per annual report filed by as_of, newest first."""
    rows = []
    latest_year = None
    for report in filed_statements(company, history_start, as_of):
        if report.period != "FY":
            continue
        fiscal_year = int(report.row["fiscalYear"])
        latest_year = latest_year or fiscal_year
        count = round(company.employees * (0.97 ** (latest_year - fiscal_year))
                      * (1 + rng_for(company.symbol, "employees", fiscal_year).uniform(-0.02, 0.02)))
        rows.append({
            "symbol": company.symbol,
            "cik": company.cik,
            "acceptanceTime": report.row["acceptedDate"],
            "periodOfReport": report.row["date"],
            "companyName": company.company_name,
            "formType": _FORM.get(company.symbol, "10-K"),
            "filingDate": report.row["filingDate"],
            "employeeCount": count,
            "source": f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={company.cik}&type=10-K",
        })
    return EMPLOYEES.rows(rows)


# --------------------------------------------------------------------------- share float


def shares_float(company: Company, history_start: date, as_of: date) -> dict[str, Any] | None:
    series = prices.price_series(company, history_start, as_of)
    index = bisect_right(series.dates, as_of) - 1
    if index < 0:
        return None
    day = series.dates[index]
    outstanding = prices.shares_outstanding(company, day)
    rng = rng_for(company.symbol, "float", day.isoformat())
    free = round(rng.uniform(0.86, 0.999) * 100, 2)
    return SHARES_FLOAT.row({
        "symbol": company.symbol,
        "date": f"{day.isoformat()} {rng.randint(16, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "freeFloat": free,
        "floatShares": round(outstanding * free / 100),
        "outstandingShares": outstanding,
        "source": f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={company.cik}",
    })

"""The demo universe: 25 companies with descriptive facts and synthetic-model knobs.

Names, sectors and exchanges follow the real companies so the demo looks familiar, but
every number the API serves (prices, shares, statements) is synthetic. The model knobs
sit next to each company so that one table says everything about it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Model:
    """Knobs of the synthetic generators for one company (all values are plausible, not real)."""

    start_price: float  # price on the first day of its history
    drift: float  # expected annual log-return of the random walk
    volatility: float  # annualised volatility of daily returns
    shares_m: float  # shares outstanding at the start of 2018, millions
    share_trend: float  # yearly relative change of the share count (<0 = buybacks)
    revenue_b: float  # annual revenue in 2018, billions of the reported currency
    revenue_growth: float  # yearly revenue growth
    gross_margin: float  # 1.0 = no cost of revenue reported (banks, networks)
    rd_ratio: float  # R&D / revenue
    sga_ratio: float  # SG&A / revenue in 2018
    sga_drift: float = 0.0  # yearly change of sga_ratio (lets a loss-maker turn profitable)


@dataclass(frozen=True)
class Company:
    """Descriptive facts as FMP's profile reports them."""

    symbol: str
    company_name: str
    exchange: str  # short code: NASDAQ, NYSE, AMEX
    sector: str
    industry: str
    country: str
    cik: str  # 10-char zero-padded, or the string "null" (an FMP quirk)
    cusip: str
    ceo: str
    website: str
    description: str
    ipo_date: date
    employees: int
    fiscal_year_end_month: int
    phone: str
    address: str
    city: str
    state: str | None
    zip: str
    beta: float
    last_dividend: float
    model: Model
    currency: str = "USD"  # trading currency of the listing
    reported_currency: str = "USD"  # currency of the financial statements
    isin_country: str = "US"
    is_adr: bool = False

    @property
    def exchange_full_name(self) -> str:
        return EXCHANGE_FULL_NAMES[self.exchange]

    @property
    def isin(self) -> str:
        return isin_from_cusip(self.isin_country, self.cusip)


EXCHANGE_FULL_NAMES: dict[str, str] = {
    "NASDAQ": "NASDAQ Global Select",
    "NYSE": "New York Stock Exchange",
    "AMEX": "American Stock Exchange",
}


def isin_from_cusip(country: str, cusip: str) -> str:
    """Build an ISIN (country + CUSIP + Luhn check digit) so identifiers are well-formed."""
    body = country + cusip
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    # Luhn over the expanded digit string, doubling from the rightmost digit.
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return body + str((10 - total % 10) % 10)


def _c(**kwargs: object) -> Company:
    return Company(**kwargs)  # type: ignore[arg-type]


COMPANIES: tuple[Company, ...] = (
    _c(symbol="AAPL", company_name="Apple Inc.", exchange="NASDAQ", sector="Technology",
       industry="Consumer Electronics", country="US", cik="0000320193", cusip="037833100",
       ceo="Timothy D. Cook", website="https://www.apple.com",
       description="Designs and sells smartphones, personal computers, tablets, wearables and "
                   "related services through its own stores, online and third-party resellers.",
       ipo_date=date(1980, 12, 12), employees=164000, fiscal_year_end_month=9,
       phone="(408) 996-1010", address="One Apple Park Way", city="Cupertino", state="CA",
       zip="95014", beta=1.24, last_dividend=1.04,
       model=Model(43.0, 0.14, 0.30, 20000, -0.035, 265, 0.07, 0.40, 0.06, 0.065)),
    _c(symbol="MSFT", company_name="Microsoft Corporation", exchange="NASDAQ", sector="Technology",
       industry="Software - Infrastructure", country="US", cik="0000789019", cusip="594918104",
       ceo="Satya Nadella", website="https://www.microsoft.com",
       description="Develops operating systems, productivity software and cloud computing services, "
                   "and sells devices and gaming products.",
       ipo_date=date(1986, 3, 13), employees=228000, fiscal_year_end_month=6,
       phone="(425) 882-8080", address="One Microsoft Way", city="Redmond", state="WA",
       zip="98052", beta=1.06, last_dividend=3.32,
       model=Model(86.0, 0.15, 0.27, 7700, -0.008, 110, 0.13, 0.67, 0.13, 0.20)),
    _c(symbol="AMZN", company_name="Amazon.com, Inc.", exchange="NASDAQ", sector="Consumer Cyclical",
       industry="Specialty Retail", country="US", cik="0001018724", cusip="023135106",
       ceo="Andrew R. Jassy", website="https://www.amazon.com",
       description="Runs online retail marketplaces, a subscription programme, advertising services "
                   "and a large cloud computing business.",
       ipo_date=date(1997, 5, 15), employees=1556000, fiscal_year_end_month=12,
       phone="(206) 266-1000", address="410 Terry Avenue North", city="Seattle", state="WA",
       zip="98109-5210", beta=1.31, last_dividend=0.0,
       model=Model(59.0, 0.12, 0.33, 9700, 0.01, 233, 0.15, 0.42, 0.12, 0.24)),
    _c(symbol="GOOGL", company_name="Alphabet Inc.", exchange="NASDAQ", sector="Communication Services",
       industry="Internet Content & Information", country="US", cik="0001652044", cusip="02079K305",
       ceo="Sundar Pichai", website="https://abc.xyz",
       description="Operates a web search engine, a video platform, advertising networks, a mobile "
                   "operating system and cloud services.",
       ipo_date=date(2004, 8, 19), employees=183323, fiscal_year_end_month=12,
       phone="(650) 253-0000", address="1600 Amphitheatre Parkway", city="Mountain View", state="CA",
       zip="94043", beta=1.0, last_dividend=0.84,
       model=Model(53.0, 0.14, 0.29, 13900, -0.02, 137, 0.15, 0.56, 0.15, 0.17)),
    _c(symbol="META", company_name="Meta Platforms, Inc.", exchange="NASDAQ", sector="Communication Services",
       industry="Internet Content & Information", country="US", cik="0001326801", cusip="30303M102",
       ceo="Mark Elliot Zuckerberg", website="https://investor.atmeta.com",
       description="Runs social networking and messaging applications funded by advertising, and "
                   "builds virtual and augmented reality hardware.",
       ipo_date=date(2012, 5, 18), employees=74067, fiscal_year_end_month=12,
       phone="(650) 543-4800", address="1 Meta Way", city="Menlo Park", state="CA",
       zip="94025", beta=1.21, last_dividend=2.1,
       model=Model(181.0, 0.12, 0.38, 2900, -0.015, 56, 0.17, 0.81, 0.19, 0.22)),
    _c(symbol="AMD", company_name="Advanced Micro Devices, Inc.", exchange="NASDAQ", sector="Technology",
       industry="Semiconductors", country="US", cik="0000002488", cusip="007903107",
       ceo="Lisa T. Su", website="https://www.amd.com",
       description="Designs microprocessors, graphics processors and adaptive chips for computers, "
                   "data centres, game consoles and embedded systems.",
       ipo_date=date(1972, 9, 27), employees=28000, fiscal_year_end_month=12,
       phone="(408) 749-4000", address="2485 Augustine Drive", city="Santa Clara", state="CA",
       zip="95054", beta=1.65, last_dividend=0.0,
       model=Model(10.98, 0.22, 0.50, 970, 0.03, 6.5, 0.22, 0.45, 0.21, 0.14)),
    _c(symbol="TSLA", company_name="Tesla, Inc.", exchange="NASDAQ", sector="Consumer Cyclical",
       industry="Auto - Manufacturers", country="US", cik="0001318605", cusip="88160R101",
       ceo="Elon R. Musk", website="https://www.tesla.com",
       description="Designs and manufactures electric vehicles and sells energy generation and "
                   "storage systems.",
       ipo_date=date(2010, 6, 29), employees=125665, fiscal_year_end_month=12,
       phone="(512) 516-8177", address="1 Tesla Road", city="Austin", state="TX",
       zip="78725", beta=2.3, last_dividend=0.0,
       model=Model(21.0, 0.25, 0.55, 2550, 0.02, 21.5, 0.30, 0.19, 0.07, 0.13, -0.008)),
    _c(symbol="NFLX", company_name="Netflix, Inc.", exchange="NASDAQ", sector="Communication Services",
       industry="Entertainment", country="US", cik="0001065280", cusip="64110L106",
       ceo="Theodore A. Sarandos", website="https://www.netflix.com",
       description="Provides a subscription streaming service of films and series, many of them "
                   "produced by the company.",
       ipo_date=date(2002, 5, 23), employees=14000, fiscal_year_end_month=12,
       phone="(408) 540-3700", address="121 Albright Way", city="Los Gatos", state="CA",
       zip="95032", beta=1.27, last_dividend=0.0,
       model=Model(201.0, 0.15, 0.42, 433, 0.005, 15.8, 0.14, 0.37, 0.08, 0.17)),
    _c(symbol="PEP", company_name="PepsiCo, Inc.", exchange="NASDAQ", sector="Consumer Defensive",
       industry="Beverages - Non-Alcoholic", country="US", cik="0000077476", cusip="713448108",
       ceo="Ramon L. Laguarta", website="https://www.pepsico.com",
       description="Makes and distributes beverages and convenient snack foods worldwide.",
       ipo_date=date(1972, 6, 1), employees=318000, fiscal_year_end_month=12,
       phone="(914) 253-2000", address="700 Anderson Hill Road", city="Purchase", state="NY",
       zip="10577", beta=0.45, last_dividend=5.69,
       model=Model(119.0, 0.05, 0.17, 1420, -0.005, 64.7, 0.05, 0.55, 0.0, 0.40)),
    _c(symbol="JPM", company_name="JPMorgan Chase & Co.", exchange="NYSE", sector="Financial Services",
       industry="Banks - Diversified", country="US", cik="0000019617", cusip="46625H100",
       ceo="James Dimon", website="https://www.jpmorganchase.com",
       description="Provides consumer and commercial banking, investment banking, asset management "
                   "and payment services.",
       ipo_date=date(1980, 3, 17), employees=317233, fiscal_year_end_month=12,
       phone="(212) 270-6000", address="270 Park Avenue", city="New York", state="NY",
       zip="10017", beta=1.1, last_dividend=6.0,
       model=Model(107.0, 0.11, 0.26, 3450, -0.03, 109, 0.07, 1.0, 0.0, 0.58)),
    _c(symbol="BAC", company_name="Bank of America Corporation", exchange="NYSE", sector="Financial Services",
       industry="Banks - Diversified", country="US", cik="0000070858", cusip="060505104",
       ceo="Brian Thomas Moynihan", website="https://www.bankofamerica.com",
       description="Offers retail banking, wealth management, corporate lending and global markets "
                   "services.",
       ipo_date=date(1973, 2, 21), employees=213000, fiscal_year_end_month=12,
       phone="(704) 386-5681", address="100 North Tryon Street", city="Charlotte", state="NC",
       zip="28255", beta=1.3, last_dividend=1.08,
       model=Model(29.9, 0.07, 0.30, 10300, -0.025, 91, 0.04, 1.0, 0.0, 0.62)),
    _c(symbol="MA", company_name="Mastercard Incorporated", exchange="NYSE", sector="Financial Services",
       industry="Financial - Credit Services", country="US", cik="0001141391", cusip="57636Q104",
       ceo="Michael Miebach", website="https://www.mastercard.com",
       description="Operates a global payments network connecting consumers, merchants, issuers and "
                   "acquirers.",
       ipo_date=date(2006, 5, 25), employees=35300, fiscal_year_end_month=12,
       phone="(914) 249-2000", address="2000 Purchase Street", city="Purchase", state="NY",
       zip="10577", beta=1.05, last_dividend=3.04,
       model=Model(153.0, 0.13, 0.25, 1060, -0.015, 15.0, 0.12, 1.0, 0.0, 0.43)),
    _c(symbol="JNJ", company_name="Johnson & Johnson", exchange="NYSE", sector="Healthcare",
       industry="Drug Manufacturers - General", country="US", cik="0000200406", cusip="478160104",
       ceo="Joaquin Duato", website="https://www.jnj.com",
       description="Researches, develops and sells pharmaceutical products and medical devices.",
       ipo_date=date(1962, 1, 2), employees=138100, fiscal_year_end_month=12,
       phone="(732) 524-0400", address="One Johnson & Johnson Plaza", city="New Brunswick", state="NJ",
       zip="08933", beta=0.52, last_dividend=5.2,
       model=Model(139.0, 0.04, 0.18, 2680, -0.004, 81.6, 0.03, 0.67, 0.13, 0.28)),
    _c(symbol="PFE", company_name="Pfizer Inc.", exchange="NYSE", sector="Healthcare",
       industry="Drug Manufacturers - General", country="US", cik="0000078003", cusip="717081103",
       ceo="Albert Bourla", website="https://www.pfizer.com",
       description="Discovers, develops and manufactures medicines and vaccines.",
       ipo_date=date(1972, 6, 1), employees=81000, fiscal_year_end_month=12,
       phone="(212) 733-2323", address="66 Hudson Boulevard East", city="New York", state="NY",
       zip="10001-2192", beta=0.58, last_dividend=1.72,
       model=Model(36.0, -0.02, 0.24, 5950, 0.003, 53.6, 0.02, 0.70, 0.16, 0.25)),
    _c(symbol="UNH", company_name="UnitedHealth Group Incorporated", exchange="NYSE", sector="Healthcare",
       industry="Medical - Healthcare Plans", country="US", cik="0000731766", cusip="91324P102",
       ceo="Stephen J. Hemsley", website="https://www.unitedhealthgroup.com",
       description="Provides health insurance plans and health care services, pharmacy benefits and "
                   "data analytics.",
       ipo_date=date(1984, 10, 17), employees=400000, fiscal_year_end_month=12,
       phone="(952) 936-1300", address="9900 Bren Road East", city="Minnetonka", state="MN",
       zip="55343", beta=0.6, last_dividend=8.84,
       model=Model(222.0, 0.08, 0.28, 970, -0.006, 226, 0.10, 0.24, 0.0, 0.16)),
    _c(symbol="XOM", company_name="Exxon Mobil Corporation", exchange="NYSE", sector="Energy",
       industry="Oil & Gas Integrated", country="US", cik="0000034088", cusip="30231G102",
       ceo="Darren W. Woods", website="https://corporate.exxonmobil.com",
       description="Explores for and produces crude oil and natural gas, and refines and markets "
                   "fuels, lubricants and chemicals.",
       ipo_date=date(1970, 1, 2), employees=61000, fiscal_year_end_month=12,
       phone="(972) 940-6000", address="22777 Springwoods Village Parkway", city="Spring", state="TX",
       zip="77389-1425", beta=0.85, last_dividend=3.96,
       model=Model(85.0, 0.05, 0.28, 4240, 0.01, 290, 0.02, 0.28, 0.0, 0.17)),
    _c(symbol="CVX", company_name="Chevron Corporation", exchange="NYSE", sector="Energy",
       industry="Oil & Gas Integrated", country="US", cik="0000093410", cusip="166764100",
       ceo="Michael K. Wirth", website="https://www.chevron.com",
       description="Produces oil and natural gas and runs refining, marketing and chemicals "
                   "operations.",
       ipo_date=date(1970, 1, 2), employees=45298, fiscal_year_end_month=12,
       phone="(832) 854-1000", address="1400 Smith Street", city="Houston", state="TX",
       zip="77002", beta=0.9, last_dividend=6.84,
       model=Model(127.0, 0.04, 0.28, 1900, -0.01, 166, 0.02, 0.32, 0.0, 0.20)),
    _c(symbol="KO", company_name="The Coca-Cola Company", exchange="NYSE", sector="Consumer Defensive",
       industry="Beverages - Non-Alcoholic", country="US", cik="0000021344", cusip="191216100",
       ceo="James Robert B. Quincey", website="https://www.coca-colacompany.com",
       description="Makes beverage concentrates and syrups and sells finished drinks through "
                   "bottling partners.",
       ipo_date=date(1962, 1, 2), employees=69700, fiscal_year_end_month=12,
       phone="(404) 676-2121", address="One Coca-Cola Plaza", city="Atlanta", state="GA",
       zip="30313", beta=0.46, last_dividend=2.04,
       model=Model(46.0, 0.05, 0.16, 4260, 0.0, 31.9, 0.04, 0.60, 0.0, 0.31)),
    _c(symbol="CAT", company_name="Caterpillar Inc.", exchange="NYSE", sector="Industrials",
       industry="Agricultural - Machinery", country="US", cik="0000018230", cusip="149123101",
       ceo="Joseph E. Creed", website="https://www.caterpillar.com",
       description="Manufactures construction and mining equipment, engines and turbines, and "
                   "offers financing for them.",
       ipo_date=date(1962, 1, 2), employees=112900, fiscal_year_end_month=12,
       phone="(972) 891-7700", address="5205 North O'Connor Boulevard", city="Irving", state="TX",
       zip="75039", beta=1.12, last_dividend=6.04,
       model=Model(158.0, 0.10, 0.29, 598, -0.02, 54.7, 0.04, 0.31, 0.04, 0.11)),
    _c(symbol="MCD", company_name="McDonald's Corporation", exchange="NYSE", sector="Consumer Cyclical",
       industry="Restaurants", country="US", cik="0000063908", cusip="580135101",
       ceo="Christopher J. Kempczinski", website="https://corporate.mcdonalds.com",
       description="Operates and franchises quick-service restaurants around the world.",
       ipo_date=date(1966, 7, 5), employees=150000, fiscal_year_end_month=12,
       phone="(630) 623-3000", address="110 North Carpenter Street", city="Chicago", state="IL",
       zip="60607", beta=0.63, last_dividend=7.08,
       model=Model(172.0, 0.07, 0.18, 800, -0.015, 21.0, 0.03, 0.55, 0.0, 0.10)),
    _c(symbol="IBM", company_name="International Business Machines Corporation", exchange="NYSE",
       sector="Technology", industry="Information Technology Services", country="US",
       cik="0000051143", cusip="459200101", ceo="Arvind Krishna", website="https://www.ibm.com",
       description="Sells hybrid cloud software, consulting services and enterprise computing "
                   "infrastructure.",
       ipo_date=date(1962, 1, 2), employees=270300, fiscal_year_end_month=12,
       phone="(914) 499-1900", address="One New Orchard Road", city="Armonk", state="NY",
       zip="10504", beta=0.7, last_dividend=6.72,
       model=Model(154.0, 0.03, 0.22, 920, 0.005, 79.6, -0.02, 0.54, 0.09, 0.28)),
    _c(symbol="UBER", company_name="Uber Technologies, Inc.", exchange="NYSE", sector="Technology",
       industry="Software - Application", country="US", cik="0001543151", cusip="90353T100",
       ceo="Dara Khosrowshahi", website="https://www.uber.com",
       description="Runs a mobility and delivery platform matching riders, eaters and shippers "
                   "with independent drivers and couriers.",
       ipo_date=date(2019, 5, 10), employees=31100, fiscal_year_end_month=12,
       phone="(415) 612-8582", address="1725 3rd Street", city="San Francisco", state="CA",
       zip="94158", beta=1.4, last_dividend=0.0,
       model=Model(42.0, 0.10, 0.45, 1700, 0.03, 11.3, 0.22, 0.45, 0.12, 0.50, -0.045)),
    _c(symbol="SHEL", company_name="Shell plc", exchange="NYSE", sector="Energy",
       industry="Oil & Gas Integrated", country="GB", cik="0001306965", cusip="780259305",
       ceo="Wael Sawan", website="https://www.shell.com",
       description="Explores for, produces and trades oil and gas, and supplies fuels, chemicals "
                   "and low-carbon energy.",
       ipo_date=date(1995, 3, 30), employees=96000, fiscal_year_end_month=12,
       phone="44 20 7934 1234", address="Shell Centre", city="London", state=None,
       zip="SE1 7NA", beta=0.55, last_dividend=2.86, is_adr=True,
       model=Model(66.0, 0.03, 0.27, 4200, -0.03, 388, 0.0, 0.22, 0.005, 0.11)),
    _c(symbol="IMO", company_name="Imperial Oil Limited", exchange="AMEX", sector="Energy",
       industry="Oil & Gas Integrated", country="CA", cik="0000049938", cusip="453038408",
       ceo="John R. Whelan", website="https://www.imperialoil.ca",
       description="Produces crude oil and natural gas in Canada and refines and markets petroleum "
                   "products and chemicals.",
       ipo_date=date(1980, 3, 17), employees=5300, fiscal_year_end_month=12,
       phone="(800) 567-3776", address="505 Quarry Park Boulevard S.E.", city="Calgary", state="AB",
       zip="T2C 5N1", beta=1.1, last_dividend=2.4, reported_currency="CAD", isin_country="CA",
       model=Model(31.0, 0.08, 0.30, 820, -0.06, 34.0, 0.03, 0.20, 0.0, 0.10)),
    _c(symbol="BTG", company_name="B2Gold Corp.", exchange="AMEX", sector="Basic Materials",
       industry="Gold", country="CA", cik="null", cusip="11777Q209",
       ceo="Clive T. Johnson", website="https://www.b2gold.com",
       description="Operates gold mines in Africa and the Americas and develops new mining "
                   "projects.",
       ipo_date=date(2007, 6, 25), employees=4700, fiscal_year_end_month=12,
       phone="(604) 681-8371", address="595 Burrard Street", city="Vancouver", state="BC",
       zip="V7X 1L7", beta=0.65, last_dividend=0.08, isin_country="CA",
       model=Model(2.9, 0.02, 0.45, 990, 0.04, 1.2, 0.07, 0.50, 0.0, 0.12)),
)

def synthetic_companies(count: int) -> tuple[Company, ...]:
    """`count` extra made-up companies (SYN001, SYN002...) for scale benchmarks, derived from the 25.

    Set by the environment (SBF_DEMO_EXTRA_TICKERS) because the universe is fixed when the demo is
    imported; tests and the default demo never set it.
    """
    extra = []
    for index in range(1, count + 1):
        template = COMPANIES[index % len(COMPANIES)]
        model = template.model
        extra.append(Company(**{
            **template.__dict__,
            "symbol": f"SYN{index:03d}",
            "company_name": f"Synthetic Company {index:03d} Inc.",
            "cik": f"{9000000000 + index:010d}",
            "cusip": f"S{index:07d}0",
            "model": Model(**{**model.__dict__, "start_price": round(model.start_price * (0.5 + (index % 7) / 7), 2),
                              "drift": model.drift + ((index % 5) - 2) / 100}),
        }))
    return tuple(extra)


COMPANIES = COMPANIES + synthetic_companies(int(os.environ.get("SBF_DEMO_EXTRA_TICKERS", "0") or 0))

_BY_SYMBOL: dict[str, Company] = {company.symbol: company for company in COMPANIES}


def find_company(symbol: str) -> Company | None:
    """The company for a symbol (case-insensitive, like FMP), or None when unknown."""
    return _BY_SYMBOL.get(symbol.strip().upper())


def all_symbols() -> list[str]:
    return sorted(_BY_SYMBOL)

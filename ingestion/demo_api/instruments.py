"""Non-company instruments of the demo: ETFs, indexes, cryptocurrencies, currency pairs and
commodities, with daily bars on `historical-price-eod/full`.

Calendars follow the markets: crypto trades every day (FMP's crypto history includes
weekends), FX every weekday, the rest on NYSE trading days. A bar depends only on
(symbol, date): each series is generated once from a fixed origin and cached.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sbf_calendar import is_trading_day

from .encoding import encode_element
from .fields import Dataset
from .seeding import rng_for

#: The catalogue dataset of each kind's bars (all on historical-price-eod/full; ETFs and indexes
#: are no dataset of their own: they answer in the route's shape).
BAR_DATASETS: dict[str, Dataset] = {
    "crypto": Dataset("crypto-price-eod"),
    "forex": Dataset("fx-price-eod"),
    "commodity": Dataset("commodities-price-eod"),
    "etf": Dataset("historical-price-eod-full"),
    "index": Dataset("historical-price-eod-full"),
}
#: Every instrument series starts here (before any sensible SBF_START_DATE).
ORIGIN = date(2010, 1, 4)


@dataclass(frozen=True)
class Instrument:
    symbol: str
    name: str
    kind: str  # crypto | forex | commodity | etf | index
    start_price: float
    volatility: float  # annualised
    drift: float = 0.0
    volume: float = 1e6  # typical daily volume
    decimals: int = 2
    exchange: str = ""
    currency: str = "USD"
    extra: tuple[tuple[str, Any], ...] = ()

    def field(self, name: str) -> Any:
        return dict(self.extra).get(name)


def _i(symbol: str, name: str, kind: str, price: float, vol: float, **kw: Any) -> Instrument:
    return Instrument(symbol, name, kind, price, vol, **kw)


CRYPTOS: tuple[Instrument, ...] = (
    _i("BTCUSD", "Bitcoin USD", "crypto", 350.0, 0.65, drift=0.45, volume=3e10,
       extra=(("icoDate", None), ("circulatingSupply", 19_790_000), ("totalSupply", 21_000_000))),
    _i("ETHUSD", "Ethereum USD", "crypto", 1.2, 0.8, drift=0.55, volume=1.5e10,
       extra=(("icoDate", "2014-07-22"), ("circulatingSupply", 120_420_000), ("totalSupply", None))),
    _i("SOLUSD", "Solana USD", "crypto", 0.9, 1.0, drift=0.5, volume=3e9, decimals=4,
       extra=(("icoDate", "2020-03-16"), ("circulatingSupply", 476_000_000), ("totalSupply", 590_000_000))),
    _i("DOGEUSD", "Dogecoin USD", "crypto", 0.0002, 1.1, drift=0.45, volume=1e9, decimals=6,
       extra=(("icoDate", None), ("circulatingSupply", 146_000_000_000), ("totalSupply", None))),
    # Supply beyond int64: FMP sends the integer as is (the silver column is a double).
    _i("BABYDOGEUSD", "Baby Doge Coin USD", "crypto", 0.000000002, 1.3, volume=2e7, decimals=12,
       extra=(("icoDate", "2021-06-01"), ("circulatingSupply", 170_000_000_000_000_000_000),
              ("totalSupply", 420_000_000_000_000_000_000))),
)
FOREX: tuple[Instrument, ...] = (
    _i("EURUSD", "EUR/USD", "forex", 1.44, 0.08, volume=2e5, decimals=5,
       extra=(("fromCurrency", "EUR"), ("toCurrency", "USD"), ("fromName", "Euro"), ("toName", "US Dollar"))),
    _i("GBPUSD", "GBP/USD", "forex", 1.61, 0.09, volume=1.5e5, decimals=5,
       extra=(("fromCurrency", "GBP"), ("toCurrency", "USD"), ("fromName", "British Pound"),
              ("toName", "US Dollar"))),
    _i("USDJPY", "USD/JPY", "forex", 92.5, 0.09, drift=0.03, volume=1.8e5, decimals=3, currency="JPY",
       extra=(("fromCurrency", "USD"), ("toCurrency", "JPY"), ("fromName", "US Dollar"),
              ("toName", "Japanese Yen"))),
    _i("USDCAD", "USD/CAD", "forex", 1.05, 0.07, volume=9e4, decimals=5, currency="CAD",
       extra=(("fromCurrency", "USD"), ("toCurrency", "CAD"), ("fromName", "US Dollar"),
              ("toName", "Canadian Dollar"))),
    _i("AUDUSD", "AUD/USD", "forex", 0.9, 0.1, volume=8e4, decimals=5,
       extra=(("fromCurrency", "AUD"), ("toCurrency", "USD"), ("fromName", "Australian Dollar"),
              ("toName", "US Dollar"))),
)
COMMODITIES: tuple[Instrument, ...] = (
    _i("GCUSD", "Gold Futures", "commodity", 1120.0, 0.15, drift=0.06, volume=2e5, exchange="COMEX",
       extra=(("tradeMonth", "Dec"),)),
    _i("SIUSD", "Silver Futures", "commodity", 17.5, 0.28, drift=0.05, volume=6e4, decimals=3, exchange="COMEX",
       extra=(("tradeMonth", "Dec"),)),
    _i("CLUSD", "Crude Oil", "commodity", 81.0, 0.38, volume=3e5, exchange="NYMEX", extra=(("tradeMonth", "Jan"),)),
    _i("NGUSD", "Natural Gas", "commodity", 5.8, 0.55, volume=1.5e5, decimals=3, exchange="NYMEX",
       extra=(("tradeMonth", "Jan"),)),
    # FMP leaves exchange empty for some contracts, and quotes grains in US cents (USX).
    _i("ZCUSX", "Corn Futures", "commodity", 415.0, 0.25, volume=1e5, currency="USX",
       extra=(("tradeMonth", "Mar"),)),
)
ETFS: tuple[Instrument, ...] = (
    _i("SPY", "SPDR S&P 500 ETF Trust", "etf", 113.0, 0.17, drift=0.1, volume=8e7, exchange="AMEX"),
    _i("QQQ", "Invesco QQQ Trust, Series 1", "etf", 46.0, 0.22, drift=0.15, volume=4e7, exchange="NASDAQ"),
    _i("DIA", "SPDR Dow Jones Industrial Average ETF Trust", "etf", 104.0, 0.16, drift=0.09, volume=3e6,
       exchange="AMEX"),
    _i("XLE", "Energy Select Sector SPDR Fund", "etf", 57.0, 0.3, drift=0.03, volume=2e7, exchange="AMEX"),
    _i("XLF", "Financial Select Sector SPDR Fund", "etf", 14.3, 0.25, drift=0.08, volume=4e7, exchange="AMEX"),
)
INDEXES: tuple[Instrument, ...] = (
    _i("^GSPC", "S&P 500", "index", 1132.0, 0.17, drift=0.1, volume=3e9, exchange="SNP"),
    _i("^NDX", "NASDAQ 100", "index", 1886.0, 0.22, drift=0.15, volume=2e9, exchange="NASDAQ"),
    _i("^DJI", "Dow Jones Industrial Average", "index", 10583.0, 0.16, drift=0.09, volume=3e8, exchange="DJI"),
    _i("^RUT", "Russell 2000", "index", 640.0, 0.22, drift=0.07, volume=1e9, exchange="RUSSELL"),
)
ALL: tuple[Instrument, ...] = CRYPTOS + FOREX + COMMODITIES + ETFS + INDEXES
_BY_SYMBOL = {instrument.symbol: instrument for instrument in ALL}


def find_instrument(symbol: str) -> Instrument | None:
    return _BY_SYMBOL.get(symbol.strip().upper())


def _open_on(instrument: Instrument, day: date) -> bool:
    if instrument.kind == "crypto":
        return True
    if instrument.kind == "forex":
        return day.weekday() < 5
    return is_trading_day(day)


class InstrumentSeries:
    """The cached daily bars of one instrument (oldest first), grown on demand."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.dates: list[date] = []
        self.texts: list[str] = []
        self._until = ORIGIN - timedelta(days=1)
        self._rng = rng_for(instrument.symbol, "instrument-prices")
        self._close = instrument.start_price
        self._lock = threading.Lock()

    def extend_to(self, end: date) -> None:
        if end <= self._until:
            return
        with self._lock:
            day = self._until + timedelta(days=1)
            while day <= end:
                if _open_on(self.instrument, day):
                    self._append(day)
                day += timedelta(days=1)
            self._until = max(self._until, end)

    def _append(self, day: date) -> None:
        ins, rng = self.instrument, self._rng
        periods = 365 if ins.kind == "crypto" else 252
        sigma = ins.volatility / math.sqrt(periods)
        mu = ins.drift / periods - sigma * sigma / 2
        open_ = self._close * math.exp(rng.gauss(0.0, 0.3 * sigma))
        close = open_ * math.exp(rng.gauss(mu, 0.95 * sigma))
        high = max(open_, close) * (1 + abs(rng.gauss(0.0, 0.5 * sigma)))
        low = min(open_, close) * (1 - abs(rng.gauss(0.0, 0.5 * sigma)))
        digits = ins.decimals
        o, h, lo, c = (round(x, digits) for x in (open_, high, low, close))
        h, lo = max(h, o, c), min(lo, o, c)
        self._close = close
        volume = int(ins.volume * math.exp(rng.gauss(0.0, 0.3)))
        row = {
            "symbol": ins.symbol,
            "date": day.isoformat(),
            "open": o,
            "high": h,
            "low": lo,
            "close": c,
            "volume": volume,
            "change": round(c - o, digits),
            "changePercent": round((c - o) / o * 100, 5) if o else 0,
            "vwap": round((o + h + lo + c) / 4, digits),
        }
        self.dates.append(day)
        self.texts.append(encode_element(BAR_DATASETS[ins.kind].row(row)))

    def elements(self, start: date, end: date, max_rows: int) -> list[str]:
        """Encoded bars dated in [start, end], newest first, at most the newest `max_rows`."""
        count = len(self.dates)
        lo = bisect_left(self.dates, start, 0, count)
        hi = bisect_right(self.dates, end, 0, count)
        lo = max(lo, hi - max_rows)
        return [self.texts[i] for i in range(hi - 1, lo - 1, -1)]


_registry: dict[str, InstrumentSeries] = {}
_registry_lock = threading.Lock()


def instrument_series(instrument: Instrument, until: date) -> InstrumentSeries:
    with _registry_lock:
        series = _registry.setdefault(instrument.symbol, InstrumentSeries(instrument))
    series.extend_to(until)
    return series

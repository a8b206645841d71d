"""Fault injection for the demo API: FMP's refusals and failures on demand
(invalid key, plan refusals, rate and bandwidth limits, error bodies, 5xx, timeouts).

Tests and benchmarks switch these on through DemoSettings; `sbf demo-api` exposes them as options.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass

from .responses import Response

JSON = "application/json; charset=utf-8"


def _error(message: str) -> bytes:
    return ('{\n  "Error Message": "' + message + '"\n}').encode()


LIMIT_REACH = _error(
    "Limit Reach . Please upgrade your plan or visit our documentation for more details at "
    "https://site.financialmodelingprep.com/"
)
BANDWIDTH = _error(
    "Bandwidth Limit Reach . Please upgrade your plan or visit our documentation for more details at "
    "https://site.financialmodelingprep.com/"
)

# kind -> the response FMP sends for it
CANNED: dict[str, Response] = {
    "server_error": Response(500, "text/html", b"<html><body><h1>500 Internal Server Error</h1></body></html>"),
    "bad_gateway": Response(502, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    "invalid_key": Response(401, JSON, _error(
        "Invalid API KEY. Feel free to create a Free API Key or visit "
        "https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more information.")),
    "legacy": Response(403, JSON, _error(
        "Legacy Endpoint : Due to Legacy endpoints being no longer supported - This endpoint is only available "
        "for legacy users who have valid subscriptions prior August 31, 2025.")),
    "suspended": Response(403, JSON, _error("Account suspended. Please contact info@financialmodelingprep.com more details.")),
    "exclusive": Response(402, JSON, _error(
        "Exclusive Endpoint : This endpoint is not available under your current subscription agreement, please "
        "visit our subscription page to upgrade your plan or contact us at "
        "https://site.financialmodelingprep.com/developer/docs/pricing")),
    "restricted": Response(402, JSON, b"Restricted Endpoint: This endpoint is not available under your current "
                                      b"subscription please visit our subscription page to upgrade your plan"),
    "premium_symbol": Response(402, JSON, b"Premium Query Parameter: 'Special Endpoint : This value set for 'symbol' "
                                          b"is not available under your current subscription please visit our "
                                          b"subscription page to upgrade your plan'"),
    "premium_limit": Response(402, JSON, b"Premium Query Parameter: 'Special Endpoint : This value set for 'limit' "
                                         b"is not available under your current subscription'"),
    "limit_reach_429": Response(429, JSON, LIMIT_REACH),
    "limit_reach_200": Response(200, JSON, LIMIT_REACH),
    "bandwidth": Response(429, JSON, BANDWIDTH),
    "error_body": Response(200, JSON, _error("Something went wrong on our side")),
    "plain_text": Response(200, JSON, b"Invalid name"),
    "malformed": Response(200, JSON, b'[\n  {\n    "symbol": "AAPL",\n    "date": "2024-01-0'),
    "timeout": Response(200, JSON, b"[]"),  # served only after the client has given up
}
FAULT_KINDS = frozenset(CANNED)


@dataclass(frozen=True)
class Fault:
    """Answer `kind` instead of the real response, for requests matching `path` and `symbol`.

    path         route suffix such as 'historical-price-eod/full' ('' = every route)
    symbol       only for this symbol ('' = any)
    probability  chance per matching request (seeded: runs are repeatable)
    first_n      only the first N matching requests (0 = all), e.g. one 503 then success
    """

    kind: str
    path: str = ""
    symbol: str = ""
    probability: float = 1.0
    first_n: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (known: {', '.join(sorted(FAULT_KINDS))})")
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError(f"fault probability must be within [0, 1], got {self.probability}")


class FaultInjector:
    """Per-server state: the rate-limit window, the daily count, the seeded dice."""

    def __init__(self, settings) -> None:  # settings: DemoSettings (not imported: avoids a cycle)
        self.settings = settings
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self._served = 0
        self._matches: dict[int, int] = {}
        self._random = random.Random(settings.seed)
        self.rejected_429 = 0

    def check(self, path: str, query: dict[str, str]) -> Response | None:
        """The injected answer for this request, or None to serve it normally."""
        kind = self._draw(path, query)
        if kind == "timeout":
            time.sleep(self.settings.timeout_sleep_s)  # outside the lock: stall this request only
        return CANNED[kind] if kind else None

    def _draw(self, path: str, query: dict[str, str]) -> str | None:
        s = self.settings
        with self._lock:
            now = time.monotonic()
            if s.rate_limit_per_minute:
                while self._window and now - self._window[0] >= 60.0:
                    self._window.popleft()
                if len(self._window) >= s.rate_limit_per_minute:
                    self.rejected_429 += 1
                    return "limit_reach_429"
                self._window.append(now)
            self._served += 1
            if s.daily_limit is not None and self._served > s.daily_limit:
                return "limit_reach_200" if s.daily_limit_on_200 else "limit_reach_429"
            symbol = query.get("symbol", "")
            for index, fault in enumerate(s.faults):
                if fault.path and not path.rstrip("/").endswith(fault.path):
                    continue
                if fault.symbol and fault.symbol.upper() != symbol.upper():
                    continue
                seen = self._matches.get(index, 0)
                self._matches[index] = seen + 1
                if fault.first_n and seen >= fault.first_n:
                    continue
                if self._random.random() < fault.probability:
                    return fault.kind
        return None

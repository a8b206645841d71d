"""HTTP to FMP, FRED or the demo API: one requests.Session per source, bounded retries, the key never exposed."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

import requests

from ingestion.ratelimit import RateLimiter
from ingestion.redact import redact

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})

# How FMP says no (FMP_API.md sections 5 and 6): by status and, because some arrive on HTTP 200
# or as plain text, by body.
AUTH = "auth"  # invalid key, suspended account, legacy endpoint: stop the run
PLAN = "plan"  # endpoint not on this plan: skip the dataset for the rest of the run
PLAN_SYMBOL = "plan_symbol"  # this symbol is not on this plan: skip that request only
RATE_LIMIT = "rate_limit"  # per-minute limit: back off and retry
QUOTA = "quota"  # bandwidth quota (or a rate limit that outlasts the retries): stop cleanly

_AUTH_MARKERS = ("Invalid API KEY", "Legacy Endpoint", "Account suspended")
_PLAN_MARKERS = ("Exclusive Endpoint", "Restricted Endpoint", "Premium Query Parameter")


def refusal_kind(status: int | None, body: bytes) -> str | None:
    """Which kind of refusal a response is (None: not a refusal)."""
    if status is None:
        return None
    if status == 200 and body.lstrip()[:1] == b"[":
        return None  # a data array, whatever words it contains
    head = body[:2000].decode("utf-8", errors="replace")
    if "Bandwidth Limit Reach" in head:
        return QUOTA
    if "Limit Reach" in head or status == 429:
        return RATE_LIMIT
    if status == 402 or any(marker in head for marker in _PLAN_MARKERS):
        if "Premium Query Parameter" in head and "'symbol'" in head:
            return PLAN_SYMBOL
        return PLAN
    if status in (401, 403) or any(marker in head for marker in _AUTH_MARKERS):
        return AUTH
    return None


@dataclass(frozen=True)
class HttpResult:
    """What came back for one request, after retries. `transport_error` is set when nothing did."""

    status: int | None
    body: bytes
    content_type: str
    elapsed_ms: float
    attempts: int
    transport_error: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    # A per-minute limit needs longer waits than a flaky server: up to about a minute in all.
    rate_limit_attempts: int = 6
    rate_limit_base_delay_s: float = 2.0

    def attempts_for(self, rate_limited: bool) -> int:
        return self.rate_limit_attempts if rate_limited else self.max_attempts

    def delay(self, attempt: int, retry_after: float | None, rate_limited: bool = False) -> float:
        """Exponential backoff with jitter; a server's Retry-After wins (capped)."""
        if retry_after is not None:
            return min(retry_after, self.max_delay_s)
        base = self.rate_limit_base_delay_s if rate_limited else self.base_delay_s
        ceiling = min(self.max_delay_s, base * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class FmpClient:
    """GET `<base_url>/<path>?params&apikey=...`; retries 429/5xx/timeouts/connection errors.

    FRED is called the same way with `key_param="api_key"`.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        key_param: str = "apikey",
        timeout_s: float = 30.0,
        retry: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        sleep=time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.key_param = key_param
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self.limiter = limiter or RateLimiter()
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "sbfoundation/0.1"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> FmpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, path: str, params: dict[str, str]) -> HttpResult:
        url = f"{self.base_url}/{path}"
        query = {**params, self.key_param: self._api_key}
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            limited = False
            self.limiter.acquire()  # every attempt counts against the budget, retries included
            try:
                response = self.session.get(url, params=query, timeout=self.timeout_s)
            except requests.RequestException as exc:
                # requests' messages embed the full URL, key included: never let one escape unredacted.
                error = redact(f"{type(exc).__name__}: {exc}", [self._api_key])
                if attempt >= self.retry.max_attempts:
                    return HttpResult(None, b"", "", _ms_since(started), attempt, error)
                log.warning("%s %s: %s (attempt %d), retrying", path, params, error, attempt)
            else:
                # "Limit Reach" can arrive on HTTP 200 (FMP_API.md 5): retry it like a 429.
                limited = refusal_kind(response.status_code, response.content) == RATE_LIMIT
                retryable = response.status_code in RETRYABLE_STATUS or limited
                if not retryable or attempt >= self.retry.attempts_for(limited):
                    return HttpResult(
                        response.status_code,
                        response.content,
                        response.headers.get("Content-Type", ""),
                        _ms_since(started),
                        attempt,
                    )
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                log.warning("%s %s: HTTP %d (attempt %d), retrying", path, params, response.status_code, attempt)
            self._sleep(self.retry.delay(attempt, retry_after, limited))


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)

"""HTTP to FMP, FRED or the demo API: one requests.Session per source, bounded retries, the key never exposed."""

from __future__ import annotations

import errno
import logging
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from ingestion.fetched import FetchedPayload
from ingestion.ratelimit import RateLimiter
from ingestion.redact import redact

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})

# How FMP says no: by status and, because some refusals arrive on HTTP 200
# or as plain text, by body.
AUTH = "auth"  # invalid key, suspended account, legacy endpoint: stop the run
PLAN = "plan"  # endpoint not on this plan: skip the dataset for the rest of the run
PLAN_SYMBOL = "plan_symbol"  # this symbol is not on this plan: skip that request only
RATE_LIMIT = "rate_limit"  # per-minute limit: back off and retry
QUOTA = "quota"  # bandwidth quota (or a rate limit that outlasts the retries): stop cleanly
UNREACHABLE = "unreachable"  # no connection to the host at all (no network, DNS, refused): stop the run

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
    """What came back for one request, after retries. `transport_error` is set when nothing did.

    `attempts` counts every try; `calls` only those that got an HTTP response, i.e. reached the
    API and count against its budget (a DNS failure or a refused connection never reached it).
    `unreachable` is set when the last try could not even connect: one line naming the host and
    the cause, the reason the run stops (the next requests would fail the same way).
    """

    status: int | None
    body: bytes
    content_type: str
    elapsed_ms: float
    attempts: int
    transport_error: str | None = None
    calls: int | None = None  # None: every attempt got a response (the same as `attempts`)
    unreachable: str | None = None

    @property
    def api_calls(self) -> int:
        return self.attempts if self.calls is None else self.calls

    @property
    def payload(self) -> FetchedPayload:
        """What bronze classifies and keeps: the answer without the HTTP bookkeeping."""
        return FetchedPayload(self.status, self.body, self.transport_error)


def host_of(url: str) -> str:
    """The host (and port, when one is given) of a URL: what a user recognises, never credentials."""
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{host}:{parts.port}" if parts.port else host


def unreachable_cause(exc: BaseException) -> str | None:
    """Why a connection could not be made, in a few words; None when the server was reached
    (a read timeout or a dropped connection: the request may have arrived)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed"
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return None
    # requests wraps urllib3's MaxRetryError, whose `reason` is the error of the connection itself.
    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "name resolution failed (no network?)"
    # NewConnectionError subclasses ConnectTimeoutError in urllib3 2.x: test it first.
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        code = _errno_of(reason)
        return {
            errno.ECONNREFUSED: "connection refused (is the server running?)",
            errno.ENETUNREACH: "network unreachable (no network?)",
            errno.EHOSTUNREACH: "host unreachable",
            errno.ETIMEDOUT: "connection timed out",
        }.get(code, "cannot connect")  # type: ignore[arg-type]
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):
        return "connection timed out"
    return None


def _errno_of(exc: BaseException) -> int | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno:
            return seen.errno
        seen = seen.__cause__ or seen.__context__
    text = str(exc)  # urllib3 keeps only the message of the socket error
    for code in (errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ETIMEDOUT):
        if f"[Errno {code}]" in text:
            return code
    return None


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
        self.host = host_of(self.base_url)
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
        calls = 0  # attempts that got an HTTP response
        while True:
            attempt += 1
            retry_after: float | None = None
            limited = False
            self.limiter.acquire()  # a slot of the budget, given back below when nothing reached the API
            try:
                response = self.session.get(url, params=query, timeout=self.timeout_s)
            except requests.RequestException as exc:
                cause = unreachable_cause(exc)
                if cause is not None:
                    self.limiter.refund()  # no connection: the API never saw this attempt
                # requests' messages embed the full URL, key included: never let one escape unredacted.
                detail = redact(f"{type(exc).__name__}: {exc}", [self._api_key])
                log.debug("%s %s: %s (attempt %d)", path, params, detail, attempt,
                          exc_info=log.isEnabledFor(logging.DEBUG))
                unreachable = f"cannot reach {self.host}: {cause}" if cause else None
                error = unreachable or f"{self.host}: {_short(exc)}"
                if attempt >= self.retry.max_attempts:
                    return HttpResult(None, b"", "", _ms_since(started), attempt, error, calls, unreachable)
                # Unreachable: one line when the run stops says it all (-v shows each attempt).
                log.log(logging.DEBUG if unreachable else logging.WARNING, "%s %s: %s (attempt %d of %d), retrying",
                        path, params, error, attempt, self.retry.max_attempts)
            else:
                calls += 1
                # FMP can send "Limit Reach" on HTTP 200: retry it like a 429.
                limited = refusal_kind(response.status_code, response.content) == RATE_LIMIT
                retryable = response.status_code in RETRYABLE_STATUS or limited
                if not retryable or attempt >= self.retry.attempts_for(limited):
                    return HttpResult(
                        response.status_code,
                        response.content,
                        response.headers.get("Content-Type", ""),
                        _ms_since(started),
                        attempt,
                        calls=calls,
                    )
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                log.warning("%s %s: HTTP %d (attempt %d), retrying", path, params, response.status_code, attempt)
            self._sleep(self.retry.delay(attempt, retry_after, limited))


def _short(exc: requests.RequestException) -> str:
    """A transport error in a few words (requests' own message repeats the URL and the whole chain)."""
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "no response in time (read timeout)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the response was cut off"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "the connection was dropped before a response"
    return type(exc).__name__


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)

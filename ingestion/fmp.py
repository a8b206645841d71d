"""HTTP to FMP, FRED or the demo API: one requests.Session per source, bounded retries, the key never exposed."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

import requests

from ingestion.redact import redact

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


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

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter; a server's Retry-After wins (capped)."""
        if retry_after is not None:
            return min(retry_after, self.max_delay_s)
        return random.uniform(0, min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1)))


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
        sleep=time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.key_param = key_param
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
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
            try:
                response = self.session.get(url, params=query, timeout=self.timeout_s)
            except requests.RequestException as exc:
                # requests' messages embed the full URL, key included: never let one escape unredacted.
                error = redact(f"{type(exc).__name__}: {exc}", [self._api_key])
                if attempt >= self.retry.max_attempts:
                    return HttpResult(None, b"", "", _ms_since(started), attempt, error)
                log.warning("%s %s: %s (attempt %d), retrying", path, params, error, attempt)
            else:
                if response.status_code not in RETRYABLE_STATUS or attempt >= self.retry.max_attempts:
                    return HttpResult(
                        response.status_code,
                        response.content,
                        response.headers.get("Content-Type", ""),
                        _ms_since(started),
                        attempt,
                    )
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                log.warning("%s %s: HTTP %d (attempt %d), retrying", path, params, response.status_code, attempt)
            self._sleep(self.retry.delay(attempt, retry_after))


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)

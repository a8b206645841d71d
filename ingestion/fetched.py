"""What a source answered to one request, as bronze classifies and stores it: status, body, or the
reason there was none.

Its own module so that storage (bronze, reconcile) knows nothing of HTTP: the HTTP client
(fmp.py) hands this over, and a file re-read from disk (reconcile) rebuilds one, without either
side importing the other. Retries, call counts and content types stay the client's business.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FetchedPayload:
    """`status` None and `transport_error` set: no answer came back at all (the body is empty)."""

    status: int | None
    body: bytes
    transport_error: str | None = None

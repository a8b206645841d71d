"""Keep API keys out of everything we write: logs, ops rows, bronze envelopes, exception text."""

from __future__ import annotations

import logging
import re

MASK = "***"
_KEY_IN_URL = re.compile(r"(?i)\b(apikey|api_key)=([^&\s'\"]+)")


def redact(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """Mask every known secret and any `apikey=...` / `api_key=...` query value in `text`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return _KEY_IN_URL.sub(lambda m: f"{m.group(1)}={MASK}", text)


def without_keys(params: dict[str, str]) -> dict[str, str]:
    """Request parameters as we may store them: never the key."""
    return {k: v for k, v in params.items() if k.lower() not in ("apikey", "api_key")}


class RedactingFilter(logging.Filter):
    """A handler filter that rewrites each record's final message with secrets masked."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks carry exception text (requests puts the URL, key included, in it).
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
            record.exc_info = None
        record.msg, record.args = clean, None
        return True

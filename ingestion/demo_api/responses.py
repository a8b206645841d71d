"""Response value and the canned bodies FMP sends for errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .encoding import encode_document, join_elements

#: FMP labels every body JSON, even its plain-text errors.
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

INVALID_KEY_MESSAGE = (
    "Invalid API KEY. Feel free to create a Free API Key or visit "
    "https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid "
    "for more information."
)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def json_response(value: Any, status: int = 200) -> Response:
    return Response(status, JSON_CONTENT_TYPE, encode_document(value))


def elements_response(elements: list[str]) -> Response:
    """A 200 array body from pre-encoded elements (see encoding.encode_element)."""
    return Response(200, JSON_CONTENT_TYPE, join_elements(elements).encode("utf-8"))


def empty_list(status: int = 200) -> Response:
    return Response(status, JSON_CONTENT_TYPE, b"[]")


def unauthorized() -> Response:
    return json_response({"Error Message": INVALID_KEY_MESSAGE}, status=401)


def not_found() -> Response:
    # FMP answers an unknown stable path with the same body as "no data".
    return empty_list(status=404)


def query_error(parameter: str) -> Response:
    # Plain text, yet labelled JSON: exactly what FMP sends.
    text = f"Query Error: Invalid or missing query parameter - {parameter}"
    return Response(400, JSON_CONTENT_TYPE, text.encode("utf-8"))

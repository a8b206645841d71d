"""FMP-style JSON text: 2-space pretty printing, whole-valued floats written as integers.

FMP's Node back end prints 187.0 as `187`, so every float goes through `number_text` here.
The encoder is hand-rolled (output identical to `json.dumps(..., indent=2)` after that
normalisation) because the stdlib falls back to its slow pure-Python path whenever
`indent` is set, and because routes splice pre-encoded list elements together: a
cached row's text is built once and reused by every request that covers it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

_encode_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C-accelerated

INDENT = "  "


def number_text(value: float) -> str:
    """A float as FMP writes it: `187` for 187.0, shortest round-trip form otherwise."""
    if not math.isfinite(value):
        # FMP never sends these; emitting them would produce invalid JSON.
        raise ValueError(f"non-finite float cannot be encoded: {value!r}")
    if value.is_integer():
        return str(int(value))
    return float.__repr__(value)


#: Scalar encoders by exact type; looked up first because rows are almost all scalars.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _encode_str,
    int: int.__repr__,
    float: number_text,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def encode_value(value: Any, level: int = 0) -> str:
    """JSON text of `value`, laid out as it would appear at nesting depth `level`."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return number_text(value)
    inner = INDENT * (level + 1)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        # Hot path (every cached row passes here): scalar values are encoded inline.
        lookup = _SCALARS.get
        parts = []
        for key, item in value.items():
            scalar = lookup(type(item))
            text = scalar(item) if scalar is not None else encode_value(item, level + 1)
            parts.append(f"{inner}{_encode_str(str(key))}: {text}")
        return "{\n" + ",\n".join(parts) + "\n" + INDENT * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = ",\n".join([inner + encode_value(item, level + 1) for item in value])
        return "[\n" + items + "\n" + INDENT * level + "]"
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def encode_element(row: Any) -> str:
    """Text of one element of a top-level array, including its leading indentation."""
    return INDENT + encode_value(row, 1)


def join_elements(elements: Iterable[str]) -> str:
    """A top-level JSON array from pre-encoded elements (see `encode_element`)."""
    parts = list(elements)
    if not parts:
        return "[]"
    return "[\n" + ",\n".join(parts) + "\n]"


def encode_document(value: Any) -> bytes:
    """The UTF-8 body FMP would send for `value`."""
    return encode_value(value).encode("utf-8")

"""Stable random-number streams.

Python's built-in `hash()` of a str is salted per process, so it cannot seed data that
must be byte-identical across runs; a SHA-256 of the parts is stable everywhere.
"""

from __future__ import annotations

import hashlib
import random


def stable_seed(*parts: object) -> int:
    """A 64-bit seed that depends only on the textual form of `parts`."""
    text = "\x1f".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def rng_for(*parts: object) -> random.Random:
    """An independent generator for one named stream, e.g. rng_for("AAPL", "prices")."""
    return random.Random(stable_seed(*parts))

"""Has an adjusted series rewritten its past? (pure: compares two lists of rows)

Split-adjusted prices are divided by every later split, dividend-adjusted prices by every later
dividend: after a corporate action FMP answers different values for every day before it. An
incremental fetch only asks for new days, so the warehouse would keep the old values of the rest.
A dataset marked `rewrites_history` therefore re-asks a few days it already holds
(plan.OVERLAP_DAYS); when one of them changed, the fetcher refetches the whole history.
"""

from __future__ import annotations

import math
from typing import Any

#: Relative difference below which two numbers are the same value (FMP rounds prices to a few
#: decimals; a dividend moves adjusted prices by far more than this).
TOLERANCE = 1e-6


def first_rewritten_row(held: list[dict[str, Any]], fetched: list[dict[str, Any]], date_field: str) -> str | None:
    """A description of the first day present in both lists whose values differ, or None.

    Only fields both rows carry are compared, so a field FMP adds or drops is not a rewrite (the
    silver drift check reports those). Days only one side has are ignored: the fetched rows are
    mostly new days, and the held file may not reach back as far as the overlap.
    """
    held_by_day = {row.get(date_field): row for row in held if isinstance(row, dict)}
    for row in sorted((r for r in fetched if isinstance(r, dict)), key=lambda r: str(r.get(date_field))):
        before = held_by_day.get(row.get(date_field))
        if before is None:
            continue
        for field in sorted(set(row) & set(before)):
            if not _same(before[field], row[field]):
                return f"{row.get(date_field)} {field} {before[field]!r} -> {row[field]!r}"
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return a == b

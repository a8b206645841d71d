"""Rows in the shape the catalogue gives each dataset.

The demo computes values (its formulas: statements that add up, prices that follow splits); which
fields a row carries, and in which order, is the catalogue's (ingestion/catalogue.yml, through the
generated catalogue_fields.py). A module names the dataset it serves once, at import:

    EARNINGS = Dataset("earnings")          # fails at import if the catalogue has no such dataset
    EARNINGS.row({"symbol": ..., ...})      # the catalogue's fields, in its order

A value the demo computes but the catalogue does not list is left out; a field the catalogue lists
but the demo has no value for fails the request (MissingFormula, naming dataset and field) rather
than serving null, so a field added to the catalogue cannot go unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import catalogue_fields


class MissingFormula(LookupError):
    """A catalogue field of a dataset the demo API computes no value for."""


class Dataset:
    """One catalogue dataset as the demo serves it."""

    def __init__(self, name: str) -> None:
        if name not in catalogue_fields.FIELDS:
            raise LookupError(f"demo API: the catalogue has no dataset {name!r} (ingestion/catalogue.yml; "
                              "run `make generate` after changing it)")
        self.name = name

    @property
    def fields(self) -> tuple[str, ...]:
        """The dataset's FMP fields in the catalogue's order (looked up on each use, so it is the
        generated module's current list)."""
        return catalogue_fields.FIELDS[self.name]

    def row(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The row FMP would send: each catalogue field, in order, with the demo's value for it."""
        try:
            return {name: values[name] for name in self.fields}
        except KeyError as error:
            raise MissingFormula(
                f"demo API: dataset {self.name!r}: the catalogue lists field {error.args[0]!r}, for which "
                "the demo computes no value (add it to the demo's formulas in ingestion/demo_api/)"
            ) from None

    def rows(self, values: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [self.row(v) for v in values]

    def __repr__(self) -> str:
        return f"Dataset({self.name!r})"

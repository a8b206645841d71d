"""The `silver:` block of a catalogue entry: the silver table a dataset loads into, column by column.

It is the one place a silver column is defined: the FMP field it reads, its name and type, its
description and its tests. `make generate` (ingestion/codegen) writes the dbt files from it.

    silver:
      description: >-            the model's description (dbt docs)
        ...
      date_column: date          the column that dates a row (omitted: undated rows)
      key_fields: {segment: null}  key columns that are not read from an FMP field (reshaped models)
      fields:                    the FMP fields read, in FMP's order, which is also the silver
                                 column order and the order the demo API serves them in
        - {field: companyName, column: company_name, type: varchar, tests: [...], description: ...}
                                 (a reshaped model, which lists `columns`, may leave out descriptions)
      fields_like: <silver_model>  instead of `fields`: the same list as another model (bulk twins)
      field_overrides:           with fields_like: per column, another description and/or tests
        close: {tests: []}
      columns:                   only for a reshaped model (hand-written SQL): its output columns
        - {name: segment, description: ..., tests: [...]}
      column_overrides:          with fields_like, the columns' counterpart of field_overrides

`column` defaults to the field in snake_case (companyName -> company_name). Key columns (the
entry's `keys`) are tested not_null and unique together without saying so; `tests` lists the
others (dbt data_tests entries, as written in a models .yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from ingestion.errors import CatalogueError

#: the silver types (macros/silver_model.sql casts them); cik is text where FMP's "null" is NULL
SILVER_TYPES = ("varchar", "cik", "double", "bigint", "integer", "date", "timestamp", "boolean")
#: sources that are no FMP field: the request's ticker and run date
SPECIAL_FIELDS = ("@ticker", "@as_of_date")
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")
_FIELD = re.compile(r"^@?[A-Za-z_][A-Za-z0-9_ .-]*$")
_KEYS = {"description", "date_column", "key_fields", "fields", "fields_like", "field_overrides", "columns",
         "column_overrides"}


@dataclass(frozen=True)
class SilverField:
    """One typed column read from one FMP field."""

    field: str
    column: str
    type: str
    description: str
    tests: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SilverColumn:
    """One output column of a reshaped model (its SQL says how it is computed)."""

    name: str
    description: str
    tests: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SilverSpec:
    """A silver model as the catalogue defines it (fields_like not yet resolved when fields is None)."""

    description: str
    date_column: str | None
    key_fields: dict[str, str | None] | None
    fields: tuple[SilverField, ...] | None
    columns: tuple[SilverColumn, ...] | None
    fields_like: str | None = None
    field_overrides: dict[str, dict[str, Any]] | None = None
    column_overrides: dict[str, dict[str, Any]] | None = None

    @property
    def reshaped(self) -> bool:
        """True when the model's SQL is hand-written (it lists output columns of its own)."""
        return self.columns is not None


def snake_case(field: str) -> str:
    """companyName -> company_name: the default silver column of an FMP field."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", field).lower()


def _tests(raw: Any, fail: Callable[[str], CatalogueError], where: str) -> tuple[Any, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, (str, dict)) for t in raw):
        raise fail(f"{where}: tests must be a list of dbt data tests (names or one-key mappings)")
    return tuple(raw)


def _description(raw: Any, fail: Callable[[str], CatalogueError], where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise fail(f"{where}: description is required (it becomes the dbt column description)")
    return " ".join(raw.split())


def _parse_field(raw: Any, fail: Callable[[str], CatalogueError], index: int) -> SilverField:
    if not isinstance(raw, dict):
        raise fail(f"fields #{index + 1} must be a mapping {{field, type, description}}")
    name = raw.get("field")
    where = f"field {name!r}" if name else f"fields #{index + 1}"
    unknown = sorted(set(raw) - {"field", "column", "type", "description", "tests"})
    if unknown:
        raise fail(f"{where}: unknown key {unknown[0]!r}")
    if not isinstance(name, str) or not _FIELD.match(name) or (name.startswith("@") and name not in SPECIAL_FIELDS):
        raise fail(f"{where}: field must be the FMP field name, or one of {', '.join(SPECIAL_FIELDS)}")
    column = raw.get("column") or snake_case(name.lstrip("@"))
    if not isinstance(column, str) or not _COLUMN.match(column):
        raise fail(f"{where}: column {column!r} must be a snake_case name")
    if raw.get("type") not in SILVER_TYPES:
        raise fail(f"{where}: type must be one of {', '.join(SILVER_TYPES)}, not {raw.get('type')!r}")
    # a reshaped model documents its output columns instead (checked in resolve_silver)
    description = _description(raw["description"], fail, where) if "description" in raw else ""
    return SilverField(name, column, raw["type"], description, _tests(raw.get("tests"), fail, where))


def _parse_column(raw: Any, fail: Callable[[str], CatalogueError], index: int) -> SilverColumn:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not _COLUMN.match(raw["name"]):
        raise fail(f"columns #{index + 1} must be a mapping with a snake_case name")
    where = f"column {raw['name']!r}"
    unknown = sorted(set(raw) - {"name", "description", "tests"})
    if unknown:
        raise fail(f"{where}: unknown key {unknown[0]!r}")
    return SilverColumn(raw["name"], _description(raw.get("description"), fail, where),
                        _tests(raw.get("tests"), fail, where))


def _overrides(raw: Any, fail: Callable[[str], CatalogueError], key: str) -> dict[str, dict[str, Any]] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(
            isinstance(v, dict) and v and set(v) <= {"description", "tests"} for v in raw.values()):
        raise fail(f"{key} must map a column to {{description, tests}}")
    return {str(column): {k: (_tests(v, fail, f"{key} {column!r}") if k == "tests"
                              else _description(v, fail, f"{key} {column!r}")) for k, v in change.items()}
            for column, change in raw.items()}


def parse_silver(raw: Any, fail: Callable[[str], CatalogueError]) -> SilverSpec:
    """Validate one `silver:` block; `fail(message)` builds the error naming the catalogue entry."""
    if not isinstance(raw, dict):
        raise fail("silver must be a mapping (description, fields, ...)")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise fail(f"silver: unknown key {unknown[0]!r}")
    if ("fields" in raw) == ("fields_like" in raw):
        raise fail("silver: give either fields or fields_like (another silver_model's list)")
    if "fields_like" not in raw and ("field_overrides" in raw or "column_overrides" in raw):
        raise fail("silver: field_overrides and column_overrides only apply with fields_like")
    fields = None
    if "fields" in raw:
        if not isinstance(raw["fields"], list) or not raw["fields"]:
            raise fail("silver: fields must be a non-empty list")
        fields = tuple(_parse_field(f, lambda m: fail(f"silver: {m}"), i) for i, f in enumerate(raw["fields"]))
        columns_seen = [f.column for f in fields]
        duplicate = next((c for c in columns_seen if columns_seen.count(c) > 1), None)
        if duplicate:
            raise fail(f"silver: column {duplicate!r} is listed twice")
    columns = None
    if "columns" in raw:
        if not isinstance(raw["columns"], list) or not raw["columns"]:
            raise fail("silver: columns must be a non-empty list")
        columns = tuple(_parse_column(c, lambda m: fail(f"silver: {m}"), i) for i, c in enumerate(raw["columns"]))
    fields_like = raw.get("fields_like")
    if fields_like is not None and (not isinstance(fields_like, str) or not _COLUMN.match(fields_like)):
        raise fail("silver: fields_like must name another silver_model")
    date_column = raw.get("date_column")
    if date_column is not None and (not isinstance(date_column, str) or not _COLUMN.match(date_column)):
        raise fail("silver: date_column must be a column name")
    key_fields = raw.get("key_fields")
    if key_fields is not None and not isinstance(key_fields, dict):
        raise fail("silver: key_fields must map key columns to FMP fields (null: not read from the payload)")
    return SilverSpec(
        description=_description(raw.get("description"), lambda m: fail(f"silver: {m}"), "silver"),
        date_column=date_column,
        key_fields=key_fields,
        fields=fields,
        columns=columns,
        fields_like=fields_like,
        field_overrides=_overrides(raw.get("field_overrides"), lambda m: fail(f"silver: {m}"), "field_overrides"),
        column_overrides=_overrides(raw.get("column_overrides"), lambda m: fail(f"silver: {m}"), "column_overrides"),
    )


def _apply(items: tuple[Any, ...], overrides: dict[str, dict[str, Any]] | None, name_of: Callable[[Any], str],
           fail: Callable[[str], CatalogueError], key: str) -> tuple[Any, ...]:
    overrides = dict(overrides or {})
    out = []
    for item in items:
        change = overrides.pop(name_of(item), None)
        out.append(replace(item, **change) if change else item)
    if overrides:
        raise fail(f"silver: {key} names {next(iter(overrides))!r}, which is no column of the shared list")
    return tuple(out)


def resolve_silver(specs: dict[str, SilverSpec], fail_for: Callable[[str], Callable[[str], CatalogueError]]
                   ) -> dict[str, SilverSpec]:
    """silver_model -> spec with every fields_like replaced by the named model's lists (and overrides)."""
    resolved = {}
    for model, spec in specs.items():
        fail = fail_for(model)
        if spec.fields_like is None:
            resolved[model] = spec
            continue
        base = specs.get(spec.fields_like)
        if base is None:
            raise fail(f"silver: fields_like names {spec.fields_like!r}, which no catalogue entry defines")
        if base.fields_like is not None:
            raise fail(f"silver: fields_like names {spec.fields_like!r}, which itself uses fields_like")
        assert base.fields is not None
        fields = _apply(base.fields, spec.field_overrides, lambda f: f.column, fail, "field_overrides")
        columns = spec.columns
        if columns is None and base.columns is not None:
            columns = _apply(base.columns, spec.column_overrides, lambda c: c.name, fail, "column_overrides")
        elif spec.column_overrides:
            raise fail("silver: column_overrides need a shared model with columns")
        resolved[model] = replace(spec, fields=fields, columns=columns)
    for model, spec in resolved.items():
        undocumented = [f.field for f in spec.fields or () if not f.description]
        if undocumented and not spec.reshaped:
            raise fail_for(model)(f"silver: field {undocumented[0]!r}: description is required "
                                  "(it becomes the dbt column description)")
    return resolved

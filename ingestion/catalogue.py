"""Load and validate catalogue.yml: the declarative list of datasets SBFoundation fetches."""

from __future__ import annotations

import difflib
import os
import re
import string
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ingestion.errors import CatalogueError
from ingestion.silver_spec import SilverSpec, parse_silver, resolve_silver

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yml")

# {ticker} universe ticker; {from}/{to} the request window; {limit} the entry's limit;
# {date} the run date (snapshot endpoints); {year} the run date's year; {part} the page of a
# paginated (bulk) endpoint, counted from 0 until the server's end signal.
PLACEHOLDERS = frozenset({"ticker", "from", "to", "limit", "date", "year", "part"})
SCOPES = frozenset({"global", "per_ticker"})
SOURCES = frozenset({"fmp", "fred"})
FORMATS = frozenset({"json", "csv"})
PLANS = ("basic", "starter", "premium", "ultimate")
_REQUIRED = ("dataset", "domain", "source", "path", "scope", "params", "cadence_days", "keys", "silver_model")
_OPTIONAL = (
    "discriminator", "limit", "row_date_field", "description", "format", "rows_path", "plans", "window_days", "universe",
    "rewrites_history", "silver",
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: The subject folders of bronze/<domain>/<dataset>/...: a period (annual, quarter) or a delivery
#: (eod) is no domain, so a dataset cannot open a top-level folder of its own by mistake.
DOMAINS = ("market", "company", "fundamentals", "economics", "technicals", "crypto", "fx", "commodities")
_DISCRIMINATOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$|^$")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class DatasetSpec:
    """One catalogue entry: what to request and how its rows are keyed and dated."""

    dataset: str
    discriminator: str
    domain: str
    source: str
    path: str
    scope: str
    params: dict[str, str]
    limit: int | None
    cadence_days: int
    row_date_field: str
    keys: tuple[str, ...]
    silver_model: str
    description: str
    format: str = "json"  # json | csv (bulk endpoints answer CSV)
    rows_path: str = ""  # key of the rows list when the body is an object (FRED: observations)
    plans: tuple[str, ...] = PLANS  # FMP plans that can fetch it
    window_days: int | None = None  # longest from..to span per request (FMP truncates silently)
    # per_ticker datasets whose "tickers" are not the stock universe (crypto pairs, exchanges...):
    # (global dataset, FMP field) whose values in that dataset's newest successful file are the tickers
    universe: tuple[str, str] | None = None
    # an adjusted series (split- or dividend-adjusted prices): a corporate action rewrites every earlier
    # row, so each fetch re-asks a few days already held and refetches the whole history when they moved
    rewrites_history: bool = False
    # the silver table it loads into, column by column (ingestion/silver_spec.py); entries of one
    # dataset share it (a catalogue variant that only fetches may leave it out)
    silver: SilverSpec | None = None

    @property
    def paginated(self) -> bool:
        return "part" in self.placeholders

    @property
    def name(self) -> str:
        """dataset[/discriminator]: how users and messages refer to an identity."""
        return f"{self.dataset}/{self.discriminator}" if self.discriminator else self.dataset

    @property
    def per_ticker(self) -> bool:
        return self.scope == "per_ticker"

    @property
    def dated(self) -> bool:
        """True when requests carry a from/to window (the watermark applies)."""
        return any(p in ("from", "to") for p in self.placeholders)

    @property
    def placeholders(self) -> set[str]:
        return {name for value in self.params.values() for name in _placeholders_in(value)}


def _placeholders_in(value: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]


def _entry_error(index: int, raw: dict[str, Any], message: str) -> CatalogueError:
    name = raw.get("dataset", "?") if isinstance(raw, dict) else "?"
    disc = raw.get("discriminator") if isinstance(raw, dict) else None
    label = f"{name}/{disc}" if disc else name
    return CatalogueError(f"catalogue entry #{index + 1} ({label}): {message}")


def _parse_entry(index: int, raw: Any) -> DatasetSpec:
    if not isinstance(raw, dict):
        raise _entry_error(index, {}, "must be a mapping")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise _entry_error(index, raw, f"missing field {missing[0]!r}")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _entry_error(index, raw, f"unknown field {unknown[0]!r}")

    def fail(field: str, why: str) -> CatalogueError:
        return _entry_error(index, raw, f"field {field!r} {why}")

    if not isinstance(raw["dataset"], str) or not _NAME.match(raw["dataset"]):
        raise fail("dataset", "must be lower-case letters, digits and hyphens")
    discriminator = str(raw.get("discriminator") or "")
    if not _DISCRIMINATOR.match(discriminator):
        raise fail("discriminator", "must be letters, digits, '-' or '_'")
    if raw["domain"] not in DOMAINS:
        raise fail("domain", f"must be one of {', '.join(DOMAINS)} (the folders under bronze/)")
    if raw["source"] not in SOURCES:
        raise fail("source", f"must be one of {sorted(SOURCES)}")
    if not isinstance(raw["path"], str) or not raw["path"] or raw["path"].startswith("/") or ".." in raw["path"]:
        raise fail("path", "must be a relative route such as 'historical-price-eod/full'")
    if raw["scope"] not in SCOPES:
        raise fail("scope", f"must be one of {sorted(SCOPES)}")
    if not isinstance(raw["params"], dict):
        raise fail("params", "must be a mapping")
    params: dict[str, str] = {}
    for key, value in raw["params"].items():
        if key.lower() == "apikey":
            raise fail("params", "must not carry the API key (it is added by the client)")
        text = str(value)
        try:
            names = _placeholders_in(text)
        except ValueError as exc:
            raise fail("params", f"has a malformed placeholder in {key}: {exc}") from None
        for placeholder in names:
            if placeholder not in PLACEHOLDERS:
                raise fail("params", f"uses unknown placeholder {{{placeholder}}} (known: {sorted(PLACEHOLDERS)})")
        params[str(key)] = text
    cadence = raw["cadence_days"]
    if not isinstance(cadence, int) or isinstance(cadence, bool) or cadence < 1:
        raise fail("cadence_days", "must be a whole number of days >= 1")
    keys = raw["keys"]
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and _IDENTIFIER.match(k) for k in keys):
        raise fail("keys", "must be a non-empty list of snake_case column names")
    if not isinstance(raw["silver_model"], str) or not _IDENTIFIER.match(raw["silver_model"]):
        raise fail("silver_model", "must be a snake_case dbt model name")
    row_date_field = str(raw.get("row_date_field") or "")
    limit = raw.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise fail("limit", "must be a whole number >= 1")

    fmt = raw.get("format", "json")
    if fmt not in FORMATS:
        raise fail("format", f"must be one of {sorted(FORMATS)}")
    rows_path = str(raw.get("rows_path") or "")
    if rows_path and not _IDENTIFIER.match(rows_path.lower()):
        raise fail("rows_path", "must be a field name such as 'observations'")
    plans = raw.get("plans", list(PLANS))
    if not isinstance(plans, list) or not plans or any(p not in PLANS for p in plans):
        raise fail("plans", f"must be a non-empty list drawn from {list(PLANS)}")
    window_days = raw.get("window_days")
    if window_days is not None and (not isinstance(window_days, int) or isinstance(window_days, bool) or window_days < 1):
        raise fail("window_days", "must be a whole number of days >= 1")
    universe = raw.get("universe")
    if universe is not None:
        if (not isinstance(universe, dict) or set(universe) != {"dataset", "field"}
                or not all(isinstance(v, str) and v for v in universe.values())):
            raise fail("universe", "must be a mapping {dataset: <global dataset>, field: <field of its rows>}")
        if raw["scope"] != "per_ticker":
            raise fail("universe", "only applies to per_ticker datasets")
        universe = (universe["dataset"], universe["field"])
    rewrites_history = raw.get("rewrites_history", False)
    if not isinstance(rewrites_history, bool):
        raise fail("rewrites_history", "must be true or false")

    spec = DatasetSpec(
        dataset=raw["dataset"],
        discriminator=discriminator,
        domain=raw["domain"],
        source=raw["source"],
        path=raw["path"],
        scope=raw["scope"],
        params=params,
        limit=limit,
        cadence_days=cadence,
        row_date_field=row_date_field,
        keys=tuple(keys),
        silver_model=raw["silver_model"],
        description=" ".join(str(raw.get("description") or "").split()),
        format=fmt,
        rows_path=rows_path,
        plans=tuple(plans),
        window_days=window_days,
        universe=universe,
        rewrites_history=rewrites_history,
        silver=parse_silver(raw["silver"], lambda message: _entry_error(index, raw, message))
        if "silver" in raw else None,
    )
    used = spec.placeholders
    if spec.per_ticker and "ticker" not in used:
        raise fail("params", "of a per_ticker dataset must use {ticker}")
    if not spec.per_ticker and "ticker" in used:
        raise fail("params", "of a global dataset cannot use {ticker}")
    if "limit" in used and spec.limit is None:
        raise fail("limit", "is required when params use {limit}")
    if spec.dated and not spec.row_date_field:
        raise fail("row_date_field", "is required when params use {from} or {to}")
    if spec.window_days is not None and not spec.dated:
        raise fail("window_days", "only applies to datasets whose params use {from}/{to}")
    if spec.rewrites_history and (not spec.dated or spec.format != "json" or spec.paginated):
        raise fail("rewrites_history", "only applies to JSON datasets whose params use {from}/{to}, without {part}")
    return spec


def parse_catalogue(document: Any) -> list[DatasetSpec]:
    """Validate a parsed catalogue document; raise CatalogueError naming the entry and field."""
    if not isinstance(document, dict) or not isinstance(document.get("datasets"), list):
        raise CatalogueError("catalogue: top level must be a mapping with a 'datasets' list")
    specs = [_parse_entry(i, raw) for i, raw in enumerate(document["datasets"])]
    seen: dict[tuple[str, str], int] = {}
    models: dict[str, str] = {}
    scopes = {spec.dataset: spec.scope for spec in specs}
    for i, spec in enumerate(specs):
        if spec.universe is not None and scopes.get(spec.universe[0]) != "global":
            raise CatalogueError(
                f"catalogue entry #{i + 1} ({spec.name}): field 'universe' names {spec.universe[0]!r}, "
                "which is not a global dataset of the catalogue"
            )
        identity = (spec.dataset, spec.discriminator)
        if identity in seen:
            raise CatalogueError(
                f"catalogue entry #{i + 1} ({spec.name}): duplicate identity, already entry #{seen[identity] + 1}"
            )
        seen[identity] = i
        owner = models.setdefault(spec.silver_model, spec.dataset)
        if owner != spec.dataset:
            raise CatalogueError(
                f"catalogue entry #{i + 1} ({spec.name}): silver_model {spec.silver_model!r} already loads {owner!r}"
            )
    return _resolve_silver_models(specs)


def _resolve_silver_models(specs: list[DatasetSpec]) -> list[DatasetSpec]:
    """Give every entry of a silver_model the model's silver block, fields_like resolved and checked."""
    blocks: dict[str, SilverSpec] = {}
    index_of: dict[str, int] = {}
    for i, spec in enumerate(specs):
        if spec.silver is None:
            continue
        if spec.silver_model in blocks and blocks[spec.silver_model] != spec.silver:
            raise CatalogueError(
                f"catalogue entry #{i + 1} ({spec.name}): its silver block differs from entry "
                f"#{index_of[spec.silver_model] + 1}'s, which loads the same silver_model {spec.silver_model!r}")
        blocks.setdefault(spec.silver_model, spec.silver)
        index_of.setdefault(spec.silver_model, i)

    def fail_for(model: str):
        i = index_of[model]
        return lambda message: CatalogueError(f"catalogue entry #{i + 1} ({specs[i].name}): {message}")

    resolved = resolve_silver(blocks, fail_for)
    for model, silver in resolved.items():
        i = index_of[model]
        assert silver.fields is not None
        read = [f.column for f in silver.fields]
        output = [c.name for c in silver.columns] if silver.columns is not None else read
        for key in specs[i].keys:
            if key not in output:
                raise fail_for(model)(f"silver: key column {key!r} is not among its columns")
        if silver.date_column and silver.date_column not in output:
            raise fail_for(model)(f"silver: date_column {silver.date_column!r} is not among its columns")
    return [replace(s, silver=resolved[s.silver_model]) if s.silver_model in resolved else s for s in specs]


def silver_models(specs: list[DatasetSpec]) -> dict[str, DatasetSpec]:
    """silver_model -> its first catalogue entry with a silver block, in catalogue order."""
    models: dict[str, DatasetSpec] = {}
    for spec in specs:
        if spec.silver is not None:
            models.setdefault(spec.silver_model, spec)
    return models


def load_catalogue(path: Path | None = None) -> list[DatasetSpec]:
    """The shipped catalogue, or the file named by SBF_CATALOGUE (to try a variant without editing it)."""
    path = path or Path(os.environ.get("SBF_CATALOGUE") or CATALOGUE_PATH)
    if not path.is_file():
        raise CatalogueError(f"catalogue {path}: no such file")
    try:
        document = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise CatalogueError(f"catalogue {path}: not valid YAML: {exc}") from None
    if document is None:
        raise CatalogueError(f"catalogue {path} is empty: expected a mapping with a 'datasets' list")
    try:
        return parse_catalogue(document)
    except CatalogueError as exc:
        # parse_catalogue names the entry and the field; say which file too (SBF_CATALOGUE may point anywhere).
        message = str(exc).removeprefix("catalogue").lstrip(": ")
        raise CatalogueError(f"catalogue {path}: {message}") from None


def select_datasets(specs: list[DatasetSpec], names: list[str] | None) -> list[DatasetSpec]:
    """Filter by dataset name (all discriminators) or dataset/discriminator; unknown names are an error."""
    if not names:
        return list(specs)
    known = {s.dataset for s in specs} | {s.name for s in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(known), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "`sbf datasets --catalogue` lists them"
        raise CatalogueError(f"unknown dataset {unknown[0]!r}: {hint}")
    wanted = set(names)
    return [s for s in specs if s.dataset in wanted or s.name in wanted]

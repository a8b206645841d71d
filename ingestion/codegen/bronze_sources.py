"""The dbt source `bronze`, generated from the catalogue: one source table per catalogue dataset.

Bronze is files, not tables: a silver model reads the files of its dataset that `ops.file_ingestions`
lists as pending (macros/bronze.sql). Declaring them as a dbt source puts bronze in dbt's graph: the
docs site's lineage starts at bronze, and `sbf run` selects a chunk's models with `source:bronze.<table>+`.

`python -m ingestion.codegen.bronze_sources` rewrites the file; `--check` exits 1 when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from ingestion.catalogue import CATALOGUE_PATH, DatasetSpec, load_catalogue
from ingestion.config import REPO_ROOT
from ingestion.dbt_selection import BRONZE_SOURCE, bronze_source_table

SOURCES_PATH = REPO_ROOT / "dbt_project" / "models" / "silver" / "_bronze__sources.yml"

HEADER = """\
# GENERATED from ingestion/catalogue.yml by `make generate` (ingestion/codegen/bronze_sources.py):
# edit the catalogue, not this file (tests/unit/test_bronze_sources.py fails when it is stale).
"""

SOURCE_DESCRIPTION = (
    "The immutable JSON files the ingestor writes, one per API response, under "
    "<data dir>/bronze/<domain>/<dataset>/[<discriminator>/][<ticker>/]<file_id>.json, each with its row "
    "in ops.file_ingestions. Not tables: a silver model names its dataset's source table and reads the "
    "files the ledger lists as pending for it, with read_json over that explicit list (macros/bronze.sql). "
    "One source table per catalogue dataset (ingestion/catalogue.yml); its discriminators (FY, quarter, "
    "a series name) are files of the same table."
)


def _table(entries: list[DatasetSpec]) -> dict:
    first = entries[0]
    discriminators = [e.discriminator for e in entries if e.discriminator]
    descriptions = list(dict.fromkeys(e.description.strip() for e in entries if e.description.strip()))
    if len(descriptions) > 1:
        # the variants of one dataset say different things (annual vs quarterly): keep each, labelled
        descriptions = [f"{e.discriminator}: {e.description.strip()}" for e in entries if e.description.strip()]
    meta: dict = {
        "dataset": first.dataset,
        "domain": first.domain,
        "api": first.source,
        "scope": first.scope,
        "format": first.format,
        "bronze_folder": f"bronze/{first.domain}/{first.dataset}/",
        "silver_model": first.silver_model,
    }
    if discriminators:
        meta["discriminators"] = discriminators
    return {
        "name": bronze_source_table(first.dataset),
        "description": " ".join(descriptions) or f"Catalogue dataset {first.dataset}.",
        "config": {"meta": meta},
    }


def render(specs: list[DatasetSpec]) -> str:
    """The source YAML for these catalogue entries (one table per dataset, in catalogue order)."""
    by_dataset: dict[str, list[DatasetSpec]] = {}
    for spec in specs:
        by_dataset.setdefault(spec.dataset, []).append(spec)
    document = {
        "version": 2,
        "sources": [{
            "name": BRONZE_SOURCE,
            "description": SOURCE_DESCRIPTION,
            # no warehouse schema holds bronze; dbt needs one to name the (never queried) relation
            "schema": BRONZE_SOURCE,
            "tables": [_table(entries) for entries in by_dataset.values()],
        }],
    }
    return HEADER + "\n" + yaml.safe_dump(document, sort_keys=False, width=100, allow_unicode=True)


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 when the committed file differs from the catalogue.")
def main(check: bool) -> None:
    """Write dbt_project/models/silver/_bronze__sources.yml from the catalogue."""
    text = render(load_catalogue(CATALOGUE_PATH))
    current = SOURCES_PATH.read_text() if SOURCES_PATH.exists() else ""
    if check:
        if current != text:
            click.echo(f"{SOURCES_PATH.relative_to(REPO_ROOT)} is stale: run `make generate`", err=True)
            sys.exit(1)
        return
    if current != text:
        SOURCES_PATH.write_text(text)
        click.echo(f"wrote {Path(SOURCES_PATH).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()

"""`python -m ingestion.codegen [--check]`: write (or check) the files generated from the catalogue."""

from __future__ import annotations

import logging
import sys

import click

from ingestion.catalogue import CATALOGUE_PATH, load_catalogue
from ingestion.codegen import bronze_sources, demo_fields, silver

log = logging.getLogger("sbf.codegen")


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 naming every file that is not current.")
def main(check: bool) -> None:
    """Generate the files derived from ingestion/catalogue.yml (bronze sources, silver models, the demo's fields)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # always the shipped catalogue: SBF_CATALOGUE variants are for trying runs, not for the repo's files
    catalogue = load_catalogue(CATALOGUE_PATH)
    files = silver.render(catalogue)
    files[bronze_sources.SOURCES_PATH] = bronze_sources.render(catalogue)
    files[demo_fields.FIELDS_PATH] = demo_fields.render(catalogue)
    changed = [path for path, text in files.items() if not path.is_file() or path.read_text() != text]
    stale = silver.stale_generated_files(files)
    root = silver.REPO
    if check:
        for path in changed:
            log.error("not current: %s (run `make generate`)", path.relative_to(root))
        for path in stale:
            log.error("generated but no longer in the catalogue: %s (run `make generate`)", path.relative_to(root))
        sys.exit(1 if changed or stale else 0)
    for path in changed:
        path.write_text(files[path])
        log.info("wrote %s", path.relative_to(root))
    for path in stale:
        path.unlink()
        log.info("removed %s (no longer in the catalogue)", path.relative_to(root))
    log.info("%d file(s) generated, %d changed, %d removed", len(files), len(changed), len(stale))


if __name__ == "__main__":
    main()

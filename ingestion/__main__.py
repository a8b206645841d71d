"""`python -m ingestion` = `sbf`."""

from ingestion.cli import cli

cli()

"""What `sbf run` asks dbt to build, in dbt's own selector syntax.

Bronze is the dbt source `bronze`, one table per catalogue dataset (generated from the catalogue:
ingestion/codegen/bronze_sources.py), and every silver model reads its dataset's table. So "what a
dataset's new files touch" is `source:bronze.<table>+`: its silver model and everything built from
it, which dbt resolves from the graph; nothing here walks the manifest.
"""

from __future__ import annotations

BRONZE_SOURCE = "bronze"


def bronze_source_table(dataset: str) -> str:
    """The table of source `bronze` for a catalogue dataset: its name in snake_case
    (income-statement -> income_statement); the dataset's discriminators are files of the same table."""
    return dataset.replace("-", "_")


def bronze_selector(dataset: str) -> str:
    """dbt's selector of a dataset's bronze source table."""
    return f"source:{BRONZE_SOURCE}.{bronze_source_table(dataset)}"

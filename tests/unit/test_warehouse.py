"""The lock message names the command holding the warehouse, not the interpreter running it."""

import pytest

from ingestion.warehouse import command_name, describe_holder


@pytest.mark.parametrize("argv, expected", [
    (["/w/.venv/bin/python3.11", "-m", "ingestion", "run", "--tickers", "AAPL"], "sbf run --tickers AAPL"),
    (["/w/.venv/bin/python3", "/w/.venv/bin/sbf", "ingest"], "sbf ingest"),
    (["/w/.venv/bin/python", "/w/.venv/bin/dbt", "build"], "dbt build"),
    (["/usr/local/bin/duckdb", "data/warehouse.duckdb"], "duckdb data/warehouse.duckdb"),
])
def test_command_name(argv, expected):
    assert command_name(argv) == expected


def test_describe_holder_reads_the_command_line(tmp_path):
    (tmp_path / "4242").mkdir()
    (tmp_path / "4242" / "cmdline").write_bytes(b"/w/.venv/bin/python3.11\0/w/.venv/bin/sbf\0run\0--chunk-size\0005\0")
    assert describe_holder("/w/.venv/bin/python3.11", 4242, tmp_path) == "`sbf run --chunk-size 5` (PID 4242)"
    # a process gone (or no /proc): the executable DuckDB named
    assert describe_holder("/usr/bin/python3", 999, tmp_path) == "/usr/bin/python3 (PID 999)"

"""The lock message names the command holding the warehouse, not the interpreter running it; a new
warehouse appears whole, with its ops schema."""

import duckdb
import pytest

from ingestion.migrations import discover
from ingestion.warehouse import command_name, connect, create, describe_holder


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


def test_a_new_warehouse_appears_whole_with_its_ops_schema(tmp_path):
    path = tmp_path / "data" / "warehouse.duckdb"
    con = connect(path)
    try:
        assert con.execute("select count(*) from ops.schema_migrations").fetchone()[0] == len(discover())
        assert con.execute("select count(*) from ops.file_ingestions").fetchone()[0] == 0
    finally:
        con.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["warehouse.duckdb"]  # no partial file left


def test_db_migrate_creates_the_data_dir_and_the_warehouse(tmp_path):
    path = tmp_path / "new" / "data" / "warehouse.duckdb"
    assert create(path) == len(discover())
    assert path.exists()


def test_creation_never_replaces_a_warehouse_and_clears_abandoned_partials(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    abandoned = tmp_path / ".warehouse.duckdb.999999999.creating"  # no such pid: its creator was killed
    abandoned.write_bytes(b"half")
    con = duckdb.connect(str(path))
    con.execute("create table kept (x int)")
    con.close()
    assert create(path) == 0  # someone else's warehouse is there: left as it is
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from information_schema.tables where table_name = 'kept'").fetchone()[0] == 1
    finally:
        con.close()
    assert not abandoned.exists()

"""The checksum comparison of `make test-spark` (tests/spark/parity.py) finds what it must.

Both sides are real DuckDB tables here (the DuckDB spelling of the checksums on each side), so the
comparison logic is tested without Spark: equal tables agree; a value moved to another row, a
changed element of a list of text, a lost row and a float off by more than the tolerance are each
reported, naming the table and the column; a float off in its last bits is not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spark"))
import parity  # noqa: E402

ROWS = [("AAA", 1, 10.5, "x", ["a", "b"]), ("BBB", 2, 20.25, "y", ["c"]), ("CCC", 3, 0.1, None, [])]


def table(rows) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema gold")
    con.execute("create table gold.t (symbol varchar, n bigint, price double, label varchar, "
                "fields varchar[], gold_loaded_at timestamptz)")
    for row in rows:
        con.execute("insert into gold.t values (?, ?, ?, ?, ?, now())", list(row))
    return con


def differences(reference_rows, other_rows) -> list[str]:
    reference, other = table(reference_rows), table(other_rows)
    columns = reference.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'gold' and table_name = 't' order by ordinal_position").fetchall()
    report = parity.compare_table(
        "t", ["symbol"], columns, [name for name, _ in columns],
        lambda sql: reference.execute(sql).fetchone(), lambda sql: other.execute(sql).fetchone(),
        other_dialect=parity.DUCKDB)
    assert report.skipped == ["gold_loaded_at (the build's clock)"]
    assert report.columns_compared == 5
    return report.differences


def test_equal_tables_agree():
    assert differences(ROWS, list(reversed(ROWS))) == []


def test_a_value_moved_to_another_row_is_found():
    moved = [("AAA", 2, 10.5, "x", ["a", "b"]), ("BBB", 1, 20.25, "y", ["c"]), ROWS[2]]
    found = differences(ROWS, moved)
    assert found and all(line.startswith("t.n (integer): weighted") for line in found)


def test_a_changed_list_element_is_found():
    changed = [ROWS[0], ("BBB", 2, 20.25, "y", ["d"]), ROWS[2]]
    found = differences(ROWS, changed)
    assert {line.split(":")[0] for line in found} == {"t.fields (text_list)"}


def test_a_lost_row_is_found():
    found = differences(ROWS, ROWS[:2])
    assert "t: 3 row(s) on DuckDB, 2 on Spark" in found


@pytest.mark.parametrize("delta, reported", [(1e-6, True), (1e-14, False)])
def test_floats_are_compared_within_the_tolerance(delta, reported):
    off = [("AAA", 1, 10.5 * (1 + delta), "x", ["a", "b"]), ROWS[1], ROWS[2]]
    found = differences(ROWS, off)
    assert bool(found) is reported
    assert all(line.startswith("t.price (float)") for line in found)


def test_a_type_without_checksum_is_a_difference_not_a_skip():
    report = parity.compare_table("t", [], [("m", "MAP(VARCHAR, VARCHAR)")], ["m"],
                                  lambda sql: (0,), lambda sql: (0,))
    assert report.differences == ["t.m: type MAP(VARCHAR, VARCHAR) has no checksum here (add one to parity.py)"]

import shutil

import duckdb
import pytest

from ingestion.errors import MigrationError
from ingestion.migrations import MIGRATIONS_DIR, migrate


def test_migrations_apply_once_and_record_checksums(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    applied = migrate(con)
    assert [m.version for m in applied] == [1, 2, 3, 4, 5]
    assert migrate(con) == []
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema='ops'").fetchall()}
    assert {"file_ingestions", "runs", "schema_migrations"} <= tables
    (version, checksum) = con.execute("select version, checksum from ops.schema_migrations").fetchone()
    assert version == 1 and len(checksum) == 64


def test_changed_applied_migration_is_a_clear_error(tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, folder)
    first = sorted(folder.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match=f"{first.name} has changed since it was applied"):
        migrate(con, folder)


def test_new_migration_is_applied_after_existing(tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, folder)
    (folder / "0999_add_note.sql").write_text("alter table ops.runs add column note varchar;")
    assert [m.name for m in migrate(con, folder)] == ["add_note"]
    assert "note" in {r[0] for r in con.execute("describe ops.runs").fetchall()}

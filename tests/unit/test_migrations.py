import shutil

import duckdb
import pytest

from ingestion.errors import MigrationError
from ingestion.migrations import MIGRATIONS_DIR, migrate


def test_migrations_apply_once_and_record_checksums(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    applied = migrate(con)
    assert [m.version for m in applied] == list(range(1, len(list(MIGRATIONS_DIR.glob("*.sql"))) + 1))
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


def test_a_warehouse_migrated_before_a_comment_only_revision_is_not_refused(tmp_path):
    import hashlib
    import subprocess

    from ingestion.migrations import COMMENT_ONLY_REVISIONS

    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    # the files as they were before their comments changed (from git history)
    for version, name in ((1, "0001_create_ops.sql"), (2, "0002_run_stages_and_truncation.sql")):
        try:
            old = subprocess.run(["git", "show", f"8b1c5e7:db/migrations/{name}"], cwd=MIGRATIONS_DIR.parent.parent,
                                 capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            pytest.skip("needs the git history (a checkout, not an export)")
        assert hashlib.sha256(old).hexdigest() in COMMENT_ONLY_REVISIONS[version]
        (folder / name).write_bytes(old)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, folder)
    assert migrate(con) == []  # today's files: same SQL, new comments
    checksums = dict(con.execute("select version, checksum from ops.schema_migrations").fetchall())
    assert checksums[1] == hashlib.sha256((MIGRATIONS_DIR / "0001_create_ops.sql").read_bytes()).hexdigest()

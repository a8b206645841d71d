"""Apply db/migrations/NNNN_<name>.sql in order, once each, and refuse edited applied migrations."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ingestion.config import REPO_ROOT
from ingestion.errors import MigrationError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = REPO_ROOT / "db" / "migrations"
_FILENAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    checksum: str


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILENAME.match(path.name)
        if not match:
            raise MigrationError(f"migration file {path.name} is not named NNNN_<name>.sql")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        migrations.append(Migration(int(match.group(1)), match.group(2), path, checksum))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version number in {directory}")
    return migrations


#: Earlier checksums of applied migrations whose later edits changed comments only (the SQL is the
#: same): a warehouse migrated with the earlier file is not refused, and its record is updated.
#: 0001 and 0002 cited design notes kept outside this repository; their comments now state the facts.
COMMENT_ONLY_REVISIONS = {
    1: {"5e715ebca0c1f86c61f139b77ff9f59119f8426fcb0df4c20ffeac3fb23df882"},
    2: {"5670f645d175abfd3ac859dda00f38dd9cb326ab0e7ba2d27dbc307286ce46bf"},
}


def _applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'ops' and table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return {}
    return dict(con.execute("select version, checksum from ops.schema_migrations").fetchall())


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply pending migrations; return those applied. An applied file that changed is an error."""
    applied = _applied(con)
    pending = []
    for migration in discover(directory):
        if migration.version in applied:
            if applied[migration.version] in COMMENT_ONLY_REVISIONS.get(migration.version, set()):
                con.execute("update ops.schema_migrations set checksum = ? where version = ?",
                            [migration.checksum, migration.version])
                log.info("migration %s: comments updated (same SQL), checksum recorded", migration.path.name)
                continue
            if applied[migration.version] != migration.checksum:
                raise MigrationError(
                    f"migration {migration.path.name} has changed since it was applied "
                    f"(checksum {applied[migration.version][:12]}... now {migration.checksum[:12]}...): "
                    "restore the file and put the change in a new migration"
                )
            continue
        pending.append(migration)
    for migration in pending:
        con.execute("begin")
        try:
            con.execute(migration.path.read_text())
            con.execute(
                "insert into ops.schema_migrations (version, name, checksum, applied_at) values (?, ?, ?, ?)",
                [migration.version, migration.name, migration.checksum, datetime.now(timezone.utc)],
            )
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from None
        log.info("applied migration %s", migration.path.name)
    return pending

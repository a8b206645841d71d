"""End-to-end helpers: the real `sbf` and the real `dbt`, as subprocesses, into a temporary data dir."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from ingestion import bronze

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DBT_PROJECT = REPO / "dbt_project"
# The walking skeleton's datasets: the pipeline tests use these (test_catalogue_e2e.py covers the rest).
SKELETON_DATASETS = "stock-list,company-profile,historical-price-eod-full,historical-market-capitalization,income-statement"


@dataclass
class Workspace:
    """A data dir plus the environment that points sbf and dbt at it."""

    data_dir: Path
    env: dict[str, str]

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    def sbf(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return _run([sys.executable, "-m", "ingestion", *args], self.env, REPO, check)

    def dbt(self, *args: str, check: bool = True, like_sbf: bool = False) -> subprocess.CompletedProcess:
        """The real dbt on this workspace, run from the workspace root with the data dir relative to it.

        WHY relative: dbt re-parses the whole project (~10 s of CPU, ~20-30 s on a busy machine) when
        the warehouse path in the profile differs from the one its saved parse was made for. With
        "data/warehouse.duckdb" every workspace's profile is the same, so each new workspace starts
        from the session's one parse (see seed_partial_parse) and dbt re-parses only what changed.
        (`sbf run` parses in-process with the absolute path: a workspace that alternates the two
        re-parses at each switch, as a new workspace would.)

        like_sbf: the data dir as `sbf run` names it (absolute), for dbt after `sbf run` in the same
        workspace: dbt then re-uses the parse that run saved instead of parsing the project again."""
        target = args[args.index("--target-path") + 1] if "--target-path" in args else self.env["DBT_TARGET_PATH"]
        if not like_sbf:
            seed_partial_parse(Path(target))
        return self._dbt(args, check, like_sbf)

    def _dbt(self, args: tuple[str, ...], check: bool, like_sbf: bool = False) -> subprocess.CompletedProcess:
        data_dir = str(self.data_dir) if like_sbf else self.data_dir.name
        env = dict(self.env, SBF_DATA_DIR=data_dir, DBT_PROJECT_DIR=str(DBT_PROJECT),
                   DBT_PROFILES_DIR=str(DBT_PROJECT))
        return _run([str(BIN / "dbt"), *args], env, self.data_dir.parent, check)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def scalar(self, sql: str, params: list | None = None):
        return self.query(sql, params)[0][0]


def _run(cmd: list[str], env: dict[str, str], cwd: Path, check: bool) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout[-6000:]}\n--- stderr\n{proc.stderr[-6000:]}"
        )
    return proc


#: the session's parse of the project: a target dir holding partial_parse.msgpack (set by _dbt_parse_dir)
_SHARED_PARSE: dict[str, Path] = {}
PARTIAL_PARSE = "partial_parse.msgpack"


@pytest.fixture(scope="session", autouse=True)
def _dbt_parse_dir(tmp_path_factory) -> None:
    _SHARED_PARSE["root"] = tmp_path_factory.mktemp("dbt_parse")


def seed_partial_parse(target: Path) -> None:
    """Give a workspace's empty target dir the session's saved parse, made on first use by a real
    `dbt parse` of an empty workspace. dbt still checks every file, var and env var against it."""
    if (target / PARTIAL_PARSE).exists() or "root" not in _SHARED_PARSE:
        return
    root = _SHARED_PARSE["root"]
    seed = root / "dbt_target" / PARTIAL_PARSE
    if not seed.exists():
        make_workspace(root)._dbt(("parse",), check=True)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(seed, target / PARTIAL_PARSE)


def make_workspace(root: Path, **extra: str) -> Workspace:
    data_dir = root / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FMP_", "SBF_", "DBT_"))}
    env.update(
        SBF_DATA_DIR=str(data_dir),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        # Keep dbt's artifacts and logs out of the repository's dbt_project/.
        DBT_TARGET_PATH=str(root / "dbt_target"),
        DBT_LOG_PATH=str(root / "dbt_logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.update(extra)
    return Workspace(data_dir, env)


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return make_workspace(tmp_path)


def restate_latest_file(ws: Workspace, dataset: str, discriminator: str, ticker: str, change,
                        earliest: bool = False) -> dict:
    """A restatement as FMP would send it: a newer bronze file for the identity of the latest file of
    (dataset, discriminator, ticker) (with `earliest`, of the first one: e.g. a price history's
    oldest days) with `change(payload)` applied, and its ops row (copied, bronze columns recomputed,
    silver/gold empty). Returns the new ops row."""
    con = duckdb.connect(str(ws.warehouse))
    try:
        cur = con.execute(
            "select * from ops.file_ingestions where dataset = ? and coalesce(discriminator, '') = ? and ticker = ? "
            f"and bronze_can_promote order by bronze_ingest_start_time {'asc' if earliest else 'desc'} limit 1",
            [dataset, discriminator, ticker])
        original = dict(zip([d[0] for d in cur.description], cur.fetchone()))
        document = json.loads((ws.data_dir / original["bronze_filename"]).read_text())
        payload = document["payload"]
        change(payload)
        now = datetime.now(timezone.utc)
        file_id = bronze.new_file_id(now)
        body = json.dumps(payload).encode()
        envelope = dict(document["envelope"], file_id=file_id, requested_at=now.isoformat(),
                        payload_sha256=bronze.payload_digest(body), payload_bytes=len(body))
        content = bronze.render_file(envelope, body, True)
        relpath = re.sub(r"[^/]+\.json$", f"{file_id}.json", original["bronze_filename"])
        bronze.write_atomically(ws.data_dir / relpath, content)
        row = {c: (None if c.startswith(("silver_", "gold_")) else v) for c, v in original.items()}
        row.update(file_id=file_id, bronze_filename=relpath, bronze_payload_hash=envelope["payload_sha256"],
                   bronze_bytes=len(content), bronze_ingest_start_time=now, bronze_ingest_end_time=now)
        con.execute(f"insert into ops.file_ingestions ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
                    list(row.values()))
        return row
    finally:
        con.close()

"""dbt, in-process: the import and the parse are paid once per `sbf` process, not once per chunk.

Measured: ~3.3 s for a new dbt process (2.3 s of it `import dbt`) against ~0.3-0.5 s for
another invoke in the same process with the parsed manifest reused; a run that promotes after
every chunk of tickers would otherwise spend most of its time starting dbt.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ingestion.config import REPO_ROOT, Settings
from ingestion.errors import SbfError

log = logging.getLogger(__name__)

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
_FAILED = {"error", "fail", "runtime error"}
#: dbt tag of the models `sbf run` builds once, after the last chunk, instead of per chunk: those that
#: compare all companies at once, so a rebuild per chunk would redo the whole table for nothing.
END_OF_RUN_TAG = "end_of_run"


class DbtError(SbfError):
    """dbt failed: a model error or a failing test. The message names the nodes."""


@dataclass(frozen=True)
class GraphInfo:
    """What the pipeline needs to know of the dbt project to select models per chunk."""

    silver_model_of: dict[str, str]  # dataset -> silver model name
    gold_models: list[str]  # every gold model
    gold_datasets: dict[str, list[str]]  # gold model -> datasets it declares
    standalone_gold: list[str]  # gold models built from no dataset (e.g. dim_date)
    # gold tables and incremental models built per chunk (not views, end_of_run or snapshot-built models)
    gold_tables: list[str] = field(default_factory=list)


@dataclass
class DbtStats:
    invocations: int = 0
    seconds: float = 0.0
    nodes: int = 0
    failures: list[str] = field(default_factory=list)


class DbtInvoker:
    """Runs `dbt build --select ...` in this process, reusing one parsed manifest."""

    def __init__(self, settings: Settings, project_dir: Path = DBT_PROJECT_DIR) -> None:
        self.settings = settings
        self.project_dir = project_dir
        self.stats = DbtStats()
        self._manifest: Any = None
        # profiles.yml reads the data dir from the environment.
        os.environ["SBF_DATA_DIR"] = str(settings.data_dir)
        os.environ.pop("SBF_WAREHOUSE", None)
        # dbt keeps its parse (partial_parse.msgpack) in the target path and re-parses everything
        # (~20-30 s) when the warehouse path in the profile differs from the one it parsed for. One
        # target path per data dir lets each warehouse's runs reuse their own parse.
        os.environ.setdefault("DBT_TARGET_PATH", str(settings.data_dir / "dbt_target"))
        os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

    def _common_args(self) -> list[str]:
        return ["--project-dir", str(self.project_dir), "--profiles-dir", str(self.project_dir)]

    def _runner(self):
        from dbt.cli.main import dbtRunner  # imported lazily: ~2 s, only when dbt is needed

        return dbtRunner(manifest=self._manifest)

    def parse(self) -> GraphInfo:
        """Parse once (the manifest is reused by every later build) and describe the graph."""
        log.info("parsing the dbt project in the background (reused while nothing changes; a full parse "
                 "takes ~20-30 s)")
        started = time.perf_counter()
        result = self._runner().invoke(["parse", "--quiet", *self._common_args()])
        self.stats.seconds += time.perf_counter() - started
        if not result.success or result.result is None:
            raise DbtError(f"dbt parse failed: {result.exception}")
        self._manifest = result.result
        return _graph_info(self._manifest)

    def build(self, select: list[str], phase: str = "all", rows_since: datetime | None = None) -> None:
        """`dbt build --select <select>`; a failing model or test raises DbtError naming it.

        phase "models": tables, incremental models and seeds (no views, no snapshots, no models tagged
        `end_of_run` and nothing built from those, no tests); "finish": the views, snapshots and
        `end_of_run` models; "tests": the data tests of the selection; "all": everything. Unit tests are
        left to `make build` / `dbt build`: they check the SQL, not the data.

        rows_since (phase "tests"): the row-level tests of incremental tables check only the rows loaded
        since then (var sbf_tested_since; see macros/get_where_subquery.sql).
        """
        if not select:
            return
        if self._manifest is None:
            self.parse()
        if phase == "models":
            # Views need no rebuild when data arrives, snapshots record the state at the end of a run
            # (a run fetches each identity once), and `end_of_run` models compare all companies at once
            # (the moat score): all wait for the "finish" phase.
            scope = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test",
                     "--exclude-resource-type", "snapshot", "--exclude", "config.materialized:view",
                     "resource_type:snapshot+", f"tag:{END_OF_RUN_TAG}+"]
        elif phase == "finish":
            scope = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
        elif phase == "tests":
            # A selector such as `dim_instrument+,resource_type:model` selects the tests below
            # dim_instrument directly, so --indirect-selection cautious does not hold them back: the
            # relationships test of a fact this run did not build (whose table may not exist) would run.
            # Select the built nodes by name, with the ops sources, so every test is selected
            # indirectly and runs only when all it reads was selected.
            select = [*self._nodes_in(select), "source:*"]
            scope = ["--resource-type", "test"]
            if rows_since is not None:
                scope += ["--vars", json.dumps({"sbf_tested_since": rows_since.isoformat()})]
        else:
            scope = ["--exclude-resource-type", "unit_test"]
        # cautious: a test runs only when every model it reads is selected, so a relationships test
        # between a dim built now and a fact built by a later stage waits for that stage.
        args = ["build", "--select", *select, *scope, "--indirect-selection", "cautious", "--quiet",
                *self._common_args()]
        started = time.perf_counter()
        result = self._runner().invoke(args)
        elapsed = time.perf_counter() - started
        self.stats.seconds += elapsed
        self.stats.invocations += 1
        _close_dbt_connections()
        run = result.result
        nodes = list(getattr(run, "results", None) or [])
        self.stats.nodes += len(nodes)
        failed = [r for r in nodes if str(getattr(r.status, "value", r.status)).lower() in _FAILED]
        log.info("dbt build %s (%s): %d nodes, %d failed, %.1fs", phase, " ".join(select), len(nodes), len(failed), elapsed)
        if failed or not result.success:
            lines = [f"{r.node.name}: {(r.message or str(r.status)).strip().splitlines()[0]}" for r in failed]
            if not lines and result.exception is not None:
                lines = [str(result.exception)]
            self.stats.failures.extend(lines)
            raise DbtError("dbt build failed: " + "; ".join(lines[:10]))

    def _nodes_in(self, select: list[str]) -> list[str]:
        """Names of the models, snapshots and seeds a selection covers (`dbt ls`, no database access).

        `dbt ls` prints every name to stdout even with --quiet; --log-level none keeps them in
        result.result only (they are not output of `sbf run`)."""
        args = ["ls", "--select", *select, "--resource-type", "model", "--resource-type", "snapshot",
                "--resource-type", "seed", "--output", "name", "--log-level", "none", *self._common_args()]
        started = time.perf_counter()
        result = self._runner().invoke(args)
        self.stats.seconds += time.perf_counter() - started
        if not result.success or result.result is None:
            raise DbtError(f"dbt ls failed: {result.exception}")
        return sorted(set(result.result))


def _close_dbt_connections() -> None:
    """dbt-duckdb keeps its DuckDB connection open; release it so nothing outlives the invoke."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager

        DuckDBConnectionManager.close_all_connections()
    except Exception:  # pragma: no cover - older adapter without the helper
        log.debug("could not close dbt-duckdb connections", exc_info=True)


def _graph_info(manifest: Any) -> GraphInfo:
    silver: dict[str, str] = {}
    gold: list[str] = []
    declared: dict[str, list[str]] = {}
    standalone: list[str] = []
    tables: list[str] = []
    for node in manifest.nodes.values():
        if node.resource_type.value != "model":
            continue
        meta = node.config.meta or {}
        if node.config.schema == "silver" and meta.get("dataset"):
            silver[meta["dataset"]] = node.name
        elif node.config.schema == "gold":
            gold.append(node.name)
            built_at_finish = (node.config.materialized == "view" or END_OF_RUN_TAG in (node.config.tags or [])
                               or any(p.startswith("snapshot.") for p in node.depends_on.nodes))
            if not built_at_finish:
                tables.append(node.name)
            datasets = meta.get("datasets")
            declared[node.name] = list(datasets or {})
    for name in gold:
        node = next(n for n in manifest.nodes.values() if n.resource_type.value == "model" and n.name == name)
        parents = [p for p in node.depends_on.nodes if p.startswith("model.")]
        if not declared[name] and not parents:
            standalone.append(name)
    return GraphInfo(silver, sorted(gold), declared, sorted(standalone), sorted(tables))

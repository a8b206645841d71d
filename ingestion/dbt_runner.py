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
from ingestion.dbt_selection import (
    AT_END_OF_RUN,
    BRONZE_SOURCE,
    LEDGER_TAG,
    OPS_SOURCE,
    WHOLE_TABLE_TESTS,
    GOLD_PER_CHUNK,
    GOLD_WITHOUT_BRONZE,
    PER_CHUNK_EXCLUDE,
    SILVER_FROM_BRONZE,
    ProjectNodes,
)
from ingestion.errors import SbfError

log = logging.getLogger(__name__)

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
_FAILED = {"error", "fail", "runtime error"}
_SUCCEEDED = {"success", "pass", "warn"}


class DbtError(SbfError):
    """dbt failed: a model error or a failing test. The message names the nodes."""


@dataclass
class DbtStats:
    invocations: int = 0
    seconds: float = 0.0
    nodes: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class BuildOutcome:
    """What one `dbt build` ran successfully: the unique ids of the nodes built and of the tests that passed."""

    built: set[str] = field(default_factory=set)
    tests: set[str] = field(default_factory=set)


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

    def parse(self) -> ProjectNodes:
        """Parse once (the manifest is reused by every later build and list) and list the project's
        silver and gold models with the selectors of dbt_project/selectors.yml."""
        log.info("parsing the dbt project in the background (reused while nothing changes; a full parse "
                 "takes ~20-30 s)")
        started = time.perf_counter()
        result = self._runner().invoke(["parse", "--quiet", *self._common_args()])
        self.stats.seconds += time.perf_counter() - started
        if not result.success or result.result is None:
            raise DbtError(f"dbt parse failed: {result.exception}")
        self._manifest = result.result
        sources = self.list_nodes(select=[f"source:{BRONZE_SOURCE}"], resource_types=["source"])
        return ProjectNodes(
            bronze_tables=frozenset(name.split(".")[-1] for name in sources),
            silver_models=self.list_nodes(selector=SILVER_FROM_BRONZE, resource_types=["model"]),
            gold_per_chunk=self.list_nodes(selector=GOLD_PER_CHUNK, resource_types=["model"]),
            gold_without_bronze=self.list_nodes(selector=GOLD_WITHOUT_BRONZE, resource_types=["model"]),
            at_end_of_run=self.list_nodes(selector=AT_END_OF_RUN, resource_types=["model", "snapshot"]),
        )

    def build(self, select: list[str], phase: str = "all", rows_since: datetime | None = None,
              exclude: list[str] | None = None, tests: str = "none") -> BuildOutcome:
        """`dbt build --select <select> [--exclude <exclude>]`; a failing model or test raises DbtError naming it.

        phase "models": tables, incremental models and seeds (no views, no snapshots, no models tagged
        `end_of_run` and nothing built from those); "finish": the views, snapshots and `end_of_run`
        models; "tests": the data tests named in `select`; "all": everything. Unit tests are left to
        `make build` / `dbt build`: they check the SQL, not the data.

        tests (phase "models" and "finish"): which data tests of the built nodes run in the same
        invocation, each right after the last node it reads: "none", "rows" (the row-level and
        uniqueness tests, which read only what the rows loaded since `rows_since` can break: all but
        WHOLE_TABLE_TESTS) or "all" (with the tests that read a whole table or the ledger, except
        the checks of the whole ledger, which the end of a run makes). --indirect-selection
        cautious: a test runs only when every node it reads is built by the same invocation.

        rows_since: the scoped tests of incremental tables check only the rows loaded since then, or
        the stored rows sharing their values (var sbf_tested_since; see macros/get_where_subquery.sql).
        """
        if not select:
            return BuildOutcome()
        if self._manifest is None:
            self.parse()
        excluded = [*(exclude or [])]
        if phase == "models":
            # Views need no rebuild when data arrives, snapshots record the state at the end of a run
            # (a run fetches each identity once), and `end_of_run` models compare all companies at once
            # (the moat score): all wait for the "finish" phase.
            scope = ["--exclude-resource-type", "unit_test", "--exclude-resource-type", "snapshot"]
            excluded += PER_CHUNK_EXCLUDE
        elif phase == "finish":
            scope = ["--exclude-resource-type", "unit_test"]
        elif phase == "tests":
            scope = ["--resource-type", "test"]
        else:
            scope = ["--exclude-resource-type", "unit_test"]
        if phase in ("models", "finish"):
            if tests == "none":
                scope += ["--exclude-resource-type", "test"]
            else:
                # dbt selects a test from the nodes selected before --exclude applies: the tests of
                # an excluded node (a view, a model waiting for later datasets) go with it
                excluded += [f"{node}+1,resource_type:test" for node in excluded if not node.endswith("+")]
                # the ledger's source is selected so that the tests reading it with a model
                # (has_ingestion_rows, file_id relationships) can run with that model
                select = [*select, f"source:{OPS_SOURCE}"]
                excluded.append(f"tag:{LEDGER_TAG}")
                if tests == "rows":
                    excluded += WHOLE_TABLE_TESTS
        if rows_since is not None:
            scope += ["--vars", json.dumps({"sbf_tested_since": rows_since.isoformat()})]
        if excluded:
            scope += ["--exclude", *excluded]  # one --exclude option: its values are a union
        # --no-write-json: dbt would rewrite manifest.json and run_results.json after every build (~0.5 s
        # each at this project's size); the manifest is the parse's, and a failure is raised below naming
        # the failed nodes (the whole story is in dbt.log, under DBT_LOG_PATH: by default dbt_project/logs)
        args = ["build", "--select", *select, *scope, "--indirect-selection", "cautious", "--quiet",
                "--no-write-json", *self._common_args()]
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
        outcome = BuildOutcome()
        for r in nodes:
            if str(getattr(r.status, "value", r.status)).lower() in _SUCCEEDED:
                (outcome.tests if r.node.resource_type == "test" else outcome.built).add(r.node.unique_id)
        return outcome

    def tests_of(self, built: list[str]) -> dict[str, set[str]]:
        """The data tests of the built nodes (unique ids), with the nodes each reads: those whose every
        model, seed, snapshot or ops table is among them (`dbt ls`, cautious selection by name)."""
        if not built:
            return {}
        names = sorted({unique_id.split(".")[-1] for unique_id in built})
        lines = self.list_nodes(select=[*names, f"source:{OPS_SOURCE}"], resource_types=["test"],
                                output_keys=["unique_id", "depends_on"])
        tests: dict[str, set[str]] = {}
        for line in lines:
            node = json.loads(line)
            tests[node["unique_id"]] = {parent for parent in node["depends_on"]["nodes"]
                                        if not parent.startswith("source.")}
        return tests

    def list_nodes(self, select: list[str] | None = None, exclude: list[str] | None = None,
                   selector: str | None = None,
                   resource_types: tuple[str, ...] | list[str] = ("model", "snapshot", "seed"),
                   output_keys: list[str] | None = None) -> list[str]:
        """Names of the nodes a selection covers (`dbt ls`, no database access): --select/--exclude in
        dbt's syntax, or a YAML selector of dbt_project/selectors.yml. Sources are named
        `<source>.<table>`. With `output_keys`: one JSON object per node with those keys.

        `dbt ls` prints every name to stdout even with --quiet; --log-level none keeps them in
        result.result only (they are not output of `sbf run`)."""
        if self._manifest is None:
            self.parse()
        selection = [*(["--selector", selector] if selector else ["--select", *(select or [])]),
                     *(["--exclude", *exclude] if exclude else [])]
        args = ["ls", *selection]
        for resource_type in resource_types:
            args += ["--resource-type", resource_type]
        output = ["--output", "json", "--output-keys", " ".join(output_keys)] if output_keys else ["--output", "name"]
        args += ["--indirect-selection", "cautious", *output, "--log-level", "none", *self._common_args()]
        started = time.perf_counter()
        result = self._runner().invoke(args)
        self.stats.seconds += time.perf_counter() - started
        if not result.success or result.result is None:
            raise DbtError(f"dbt ls {' '.join(selection)} failed: {result.exception}")
        return sorted(set(result.result))



def _close_dbt_connections() -> None:
    """dbt-duckdb keeps its DuckDB connection open; release it so nothing outlives the invoke."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager

        DuckDBConnectionManager.close_all_connections()
    except Exception:  # pragma: no cover - older adapter without the helper
        log.debug("could not close dbt-duckdb connections", exc_info=True)

"""Promotion (dbt: bronze -> silver -> gold) in the background, while the next chunks are fetched.

Fetching is paced by the API's rate budget and dbt by the CPU, so doing them one after the other
leaves the budget idle during every dbt invocation. Here one worker thread runs the promotions, one
at a time, and the fetching thread goes on. Two rules keep the guarantees of a sequential run:

- While a promotion runs, the ops rows of newly fetched files wait in memory (LedgerGate) and are
  written when it ends. A dbt node reads the ledger more than once (the file list at compile time,
  the batch its pre-hook keeps, the files its post-hook stamps); a row appearing in between would
  be stamped without having been read. So dbt always sees a ledger that does not move, and each
  file is promoted exactly once, by the first promotion that starts after its row is written.
- A crash loses nothing: the files are on disk before their rows are held, and the next run adopts
  a file without a row (reconcile), as after any interrupted write. dbt's own transactions keep a
  failed model from stamping anything.

Granularity follows dbt's cost, not the chunk size: when a promotion ends, the next one takes
whatever has accumulated meanwhile (one chunk or many), so dbt's fixed cost per invocation is paid
as often as it can be hidden behind fetching and no more.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

import duckdb

from ingestion import ops

log = logging.getLogger(__name__)


class LedgerGate:
    """The one way fetched files' ops rows reach ops.file_ingestions during a run.

    Between promotions a row is written at once; during a promotion it is held and written when the
    promotion ends (by the promotion thread). The gate writes through a cursor of its own (a DuckDB
    connection must not be used by two threads at once) and its lock serialises every use of it.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con.cursor()
        self._lock = threading.Lock()
        self._promoting = False
        self._held: list[dict[str, Any]] = []

    def record(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with self._lock:
            if self._promoting:
                self._held.extend(rows)
            else:
                ops.insert_file_rows(self._con, rows)

    def close_for_promotion(self) -> None:
        with self._lock:
            self._promoting = True

    def reopen(self) -> int:
        """End of a promotion: write the rows held meanwhile; returns how many."""
        with self._lock:
            held, self._held = self._held, []
            self._promoting = False
            if held:
                ops.insert_file_rows(self._con, held)
            return len(held)

    def latest_promotable_file(self, dataset: str) -> str | None:
        """The newest promotable file of a dataset, counting rows still held (a universe fetched during
        a promotion is known at once)."""
        with self._lock:
            held = [r for r in self._held if r["dataset"] == dataset and r["bronze_can_promote"]]
            if held:
                return max(held, key=lambda r: (r["bronze_ingest_start_time"], r["file_id"]))["bronze_filename"]
            return ops.latest_promotable_file(self._con, dataset)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    @property
    def held(self) -> int:
        with self._lock:
            return len(self._held)


class Promoter:
    """Runs promotion jobs one at a time on a worker thread; the caller never waits unless it asks to.

    A job's exception is kept and raised in the caller's thread at its next `start`, `wait` or
    `raise_if_failed`, so a failing dbt model stops the run as it did when dbt ran inline.
    """

    def __init__(self, gate: LedgerGate, after: Callable[[], None] | None = None) -> None:
        """`after`: called on the promotion thread when a promotion has ended and its held rows are
        written (the run publishes its ops snapshot there)."""
        self._gate = gate
        self._after = after
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.jobs = 0

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, job: Callable[[], None], label: str) -> None:
        """Run `job` (one dbt promotion) in the background with the ledger closed to new rows."""
        self.wait()  # one promotion at a time; also surfaces the previous one's error
        self._gate.close_for_promotion()
        self.jobs += 1
        self._thread = threading.Thread(target=self._run, args=(job, label), name="promote", daemon=True)
        self._thread.start()

    def _run(self, job: Callable[[], None], label: str) -> None:
        started = time.perf_counter()
        try:
            job()
        except BaseException as exc:  # handed to the fetching thread, which stops the run
            self._error = exc
        finally:
            held = self._gate.reopen()
            log.debug("promotion %s: %.1fs; %d file row(s) recorded that were fetched meanwhile",
                      label, time.perf_counter() - started, held)
            if self._after is not None:
                self._after()

    def wait(self) -> None:
        """Block until the current promotion (if any) has ended; raise its error."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.raise_if_failed()

    def drain(self) -> None:
        """Let a running promotion end (its held rows get written) without raising: for the way out
        of a run that is already failing. A promotion error nobody collected is logged, not lost."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            log.error("a promotion failed while the run was stopping: %s", self._error)
            self._error = None

    def raise_if_failed(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

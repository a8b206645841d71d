"""One step of the scale bench as a child process: its wall time, exit code and peak RSS.

Peak RSS comes from os.wait4() on the child's pid: the kernel's ru_maxrss for that child (the
larger of its own high-water mark and that of the descendants it waited for), in KiB on Linux.
Unlike getrusage(RUSAGE_CHILDREN), which is the maximum over every child this process ever
reaped, it belongs to this step alone. Output goes to files beside the step, not through pipes,
so a chatty child (dbt) never blocks.

To tell *when* the peak happens, a thread also reads the child's VmRSS from /proc/<pid>/status every
half second (the child alone, not its descendants; the steps here run in one process): the time of
the largest sample, which the bench matches to the child's log lines.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ChildResult:
    command: str  # as a shell would run it, with the variables that matter
    cwd: str
    exit_code: int
    wall_seconds: float
    peak_rss_mb: float
    started_epoch: float  # time.time() just before the process was created
    stdout_path: str
    stderr_path: str
    sampled_peak_rss_mb: float | None = None  # largest /proc sample
    sampled_peak_epoch: float | None = None  # when it was taken

    def stdout(self) -> str:
        return Path(self.stdout_path).read_text(errors="replace")

    def stderr(self) -> str:
        return Path(self.stderr_path).read_text(errors="replace")


def run_child(argv: list[str], *, env: dict[str, str], cwd: Path, log_dir: Path, name: str,
              shown_env: dict[str, str] | None = None) -> ChildResult:
    """Run argv to completion; `shown_env` are the variables printed with the command."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started_epoch = time.time()
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = _RssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen so
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (shown_env or {}).items())
    command = (f"cd {shlex.quote(str(cwd))} && " + (prefix + " " if prefix else "")
               + " ".join(shlex.quote(a) for a in argv))
    return ChildResult(command=command, cwd=str(cwd), exit_code=proc.returncode, wall_seconds=round(wall, 3),
                       peak_rss_mb=round(usage.ru_maxrss / 1024, 1), started_epoch=started_epoch,
                       stdout_path=str(out_path), stderr_path=str(err_path),
                       sampled_peak_rss_mb=round(sampler.peak_kb / 1024, 1) if sampler.peak_kb else None,
                       sampled_peak_epoch=sampler.peak_epoch)


class _RssSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.path, self.interval = f"/proc/{pid}/status", interval
        self.stop = threading.Event()
        self.peak_kb = 0
        self.peak_epoch: float | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with open(self.path) as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            kb = int(line.split()[1])
                            if kb > self.peak_kb:
                                self.peak_kb, self.peak_epoch = kb, time.time()
                            break
            except (OSError, ValueError):
                pass  # not started yet, or a zombie waiting for wait4
            self.stop.wait(self.interval)

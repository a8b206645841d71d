"""Progress: a bar on a terminal, nothing extra otherwise (the log lines tell the story there)."""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

import click


class Progress:
    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    @contextlib.contextmanager
    def bar(self, total: int, label: str) -> Iterator[Callable[[], None]]:
        """Yields `advance()`: one step of `total`."""
        if not self.enabled or total <= 0:
            yield lambda: None
            return
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as progress:
            yield lambda: progress.update(1)

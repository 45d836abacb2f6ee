"""Progress bars for long CLI work (ingest of many files, rebuild, gazetteer build), drawn with rich on
stderr, so stdout keeps only results. Decides when a bar is drawn: never with --quiet or when stderr is
not a terminal (a pipe, a log file, CI)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")]


def shown(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


class Bar:
    """One task's bar: `total` once known (else it pulses), `advance` per item, `step` to a stage."""

    def __init__(self, progress: Progress | None, task: TaskID | None) -> None:
        self._progress, self._task = progress, task

    def total(self, count: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=count)

    def advance(self, what: str = "") -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, item=what)

    def step(self, done: int, total: int, what: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total, item=what)


@contextmanager
def progress_bar(description: str, *, quiet: bool = False, total: int | None = None) -> Iterator[Bar]:
    """A bar on stderr while the block runs, or a Bar that draws nothing (see `shown`)."""
    if not shown(quiet):
        yield Bar(None, None)
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=Console(stderr=True),
        transient=True,  # the results printed on stdout stay; the bar goes when done
        # Lines printed on stdout go above the bar when both share the terminal; stdout sent elsewhere (a
        # file, a pipe) is left alone, so results never move to stderr.
        redirect_stdout=sys.stdout.isatty(),
    )
    with progress:
        yield Bar(progress, progress.add_task(description, total=total, item=""))

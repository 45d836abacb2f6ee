"""Extraction in worker processes, for the API: a bounded pool with a queue limit and a per-report time limit.

Extraction is CPU-bound pure Python, so a thread running it holds the GIL and stalls the event loop that
answers reads; a worker process does not. Each worker loads the extractor once (from the Settings) and then
extracts one report at a time. A caller waits for a free worker; when `workers + queue` reports are in hand
already it gets ExtractionBusy (503) at once. A report still running after the time limit has its worker
killed (the only way to stop Python code mid-run) and replaced on next use; the caller gets
ExtractionTimedOut and nothing is stored. The CLI keeps extracting in its own process (RuleExtraction)."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from timeline.config import Settings
from timeline.domain.events import DomainEvent
from timeline.domain.report import Report
from timeline.services.extraction import ExtractionBusy, ExtractionTimedOut, ExtractionWorkerFailed

# How long a new worker may take to load the parser and gazetteer before it is given up on (not counted
# against a report's time limit: loading is the same for every report).
START_LIMIT_SECONDS = 300.0


def _work(conn: Connection, settings: Settings) -> None:
    """The worker process: load the extractor once, then extract each report sent until the pipe closes
    (the server ended or killed it)."""
    from timeline.extraction import RuleExtractor

    extractor = RuleExtractor.from_settings(settings)
    conn.send(("ready", None))
    while True:
        try:
            report = conn.recv()
        except EOFError:
            return
        try:
            events = extractor.extract(report)
        except Exception as exc:  # sent back and raised in the server, with the worker kept
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        else:
            conn.send(("events", events))


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, settings: Settings) -> None:
        # spawn, not fork: the server has threads (and database connections) a forked child must not share
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_work, args=(child, settings), daemon=True,
                                                    name="timeline-extraction")  # fmt: skip
        self.process.start()
        child.close()
        self._answer(START_LIMIT_SECONDS, "start")

    def extract(self, report: Report, limit: float) -> list[DomainEvent]:
        self.conn.send(report)
        events: list[DomainEvent] = self._answer(limit, "extract")
        return events

    def _answer(self, limit: float, what: str) -> Any:
        if not self.conn.poll(limit):
            self.stop()
            if what == "start":
                raise ExtractionWorkerFailed(f"the extraction worker did not start within {limit:.0f} s")
            raise ExtractionTimedOut(
                f"extracting the report took longer than the {limit:g} s one report may take; "
                "nothing was stored: split it into smaller reports"
            )
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError) as exc:
            self.stop()
            raise ExtractionWorkerFailed(f"the extraction worker ended unexpectedly ({exc!r})") from exc
        if kind == "error":
            raise ExtractionWorkerFailed(f"extraction failed in the worker: {value}")
        return value

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()


class ExtractionPool:
    """The `Extraction` port over worker processes (see the module docstring). `start` loads them in the
    background (the server's start-up); a worker that died or was killed is started again on next use."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._limit = settings.extraction_time_limit
        self._capacity = settings.extraction_workers + settings.extraction_queue
        self._free: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(settings.extraction_workers):
            self._free.put(None)  # a slot whose worker is started on first use
        self._in_hand = 0
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []

    def start(self) -> None:
        """Start every worker in a background thread, so reads are served meanwhile and the first report
        waits only for what is left of a worker's load (a report arriving first waits for its slot)."""
        threading.Thread(target=self._start_all, name="extraction-pool-start", daemon=True).start()

    def _start_all(self) -> None:
        for _ in range(self._settings.extraction_workers):
            worker = self._free.get()
            try:
                if worker is None or not worker.alive:
                    worker = self._started()
            finally:
                self._free.put(worker if worker is not None and worker.alive else None)

    @property
    def version(self) -> str:
        from timeline.extraction import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION

    def extract(self, report: Report) -> list[DomainEvent]:
        with self._lock:
            if self._in_hand >= self._capacity:
                raise ExtractionBusy(
                    f"the server is extracting {self._in_hand} report(s) already, as many as it takes at "
                    "once; try again shortly"
                )
            self._in_hand += 1
        try:
            return self._on_a_worker(report)
        finally:
            with self._lock:
                self._in_hand -= 1

    def _on_a_worker(self, report: Report) -> list[DomainEvent]:
        worker = self._free.get()  # waits for a free slot; at most `capacity` callers wait here
        try:
            if worker is None or not worker.alive:
                worker = self._started()
            return worker.extract(report, self._limit)
        finally:
            self._free.put(worker if worker is not None and worker.alive else None)

    def _started(self) -> _Worker:
        worker = _Worker(self._settings)
        with self._lock:
            self._workers = [w for w in self._workers if w.alive] + [worker]
        return worker

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()

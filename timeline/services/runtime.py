"""What a command needs at run time: the store the settings name, a runner over the default projections,
and ingestion of report files (shared by `timeline ingest` and `timeline up`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline.config import Settings
from timeline.extraction.cleaning import InvalidReport
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.services.files import ReportInputError, collect, read_report_file
from timeline.services.ingest import IngestResult, ingest_report
from timeline.store.base import EventStore
from timeline.store.factory import open_store


@dataclass
class Runtime:
    store: EventStore
    runner: ProjectionRunner

    def close(self) -> None:
        self.store.close()


def open_runtime(settings: Settings) -> Runtime:
    store = open_store(settings.database_url)
    return Runtime(store, ProjectionRunner(store, store.engine, default_projections()))


def ingest_paths(
    store: EventStore,
    paths: list[Path],
    *,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    on_result: Callable[[Path, IngestResult], None] = lambda _path, _result: None,
) -> list[IngestResult]:
    """Ingest every report file under `paths`; options given here win over each file's metadata.
    Every path and metadata file is read before the first report is stored, so a bad path stores
    nothing; a report that cannot be used raises ReportInputError naming its file."""
    files = [read_report_file(path) for path in collect(paths)]
    results = []
    for report in files:
        try:
            result = ingest_report(
                store,
                report.raw,
                content_type=report.content_type,
                filename=report.path.name,
                source=source or report.outlet,
                url=url or report.url,
                title=report.title,
                published=published or report.published,
                date_order=report.date_order,
            )
        except InvalidReport as exc:
            raise ReportInputError(f"{report.path}: {exc}") from None
        except UnicodeDecodeError as exc:  # the text helper reports these as InvalidReport
            raise ReportInputError(f"{report.path}: not readable as text ({exc.reason})") from None
        on_result(report.path, result)
        results.append(result)
    return results

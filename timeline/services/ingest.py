"""Ingest one report: page -> stored text -> publication date -> extraction -> one append of
[ReportReceived, *domain events] to `report-<id>`; a report already stored is returned, never copied.
Also report files (for the CLI): all read and checked before the first one is stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from timeline.domain.access import Author
from timeline.domain.events import ReportReceived, report_stream
from timeline.domain.report import Report, published_problem, report_id_for
from timeline.domain.serialization import to_new_event
from timeline.extraction.cleaning import MAX_REPORT_BYTES, InvalidReport, prepare_page
from timeline.extraction.pubdate import find_publication_date
from timeline.services.extraction import Extraction
from timeline.services.files import ReportFile, ReportInputError, collect, read_report_file
from timeline.services.streams import derived_id, load
from timeline.store.base import ConcurrencyError, EventStore


@dataclass(frozen=True)
class IngestResult:
    report_id: str
    event_ids: list[str]  # the report's live domain events
    positions: list[int]  # store positions of ReportReceived and those events
    created: bool  # False when the report was stored already
    published: date | None
    published_rule: str | None


def _existing(store: EventStore, stream_id: str) -> IngestResult:
    state = load(store, stream_id)
    assert state.report is not None  # load() raises for a stream without its ReportReceived
    return IngestResult(
        report_id=state.report.report_id,
        event_ids=list(state.live),
        positions=[state.report.position, *(live.position for live in state.live.values())],
        created=False,
        published=state.report.published,
        published_rule=state.report.published_rule,
    )


def ingest_report(
    store: EventStore,
    extraction: Extraction,
    raw: bytes | str,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    date_order: str | None = None,
    by: Author | None = None,
    max_bytes: int = MAX_REPORT_BYTES,
) -> IngestResult:
    """Store a report and its events (`by`: who posted it). Raises `InvalidReport` for unusable input (a
    page over `max_bytes` among it; nothing is stored). `created` is decided by the append itself: of
    callers racing with the same new report, exactly one is told it created it."""
    if published is not None and (problem := published_problem(published)) is not None:
        raise InvalidReport(problem)
    page = prepare_page(raw, content_type=content_type, filename=filename, max_bytes=max_bytes)
    report_id = report_id_for(page.text)
    stream_id = report_stream(report_id)
    if store.stream_version(stream_id) > 0:
        return _existing(store, stream_id)

    rule: str | None = "given" if published else None
    uncertain = False
    if published is None:
        found = find_publication_date(page.text, outlet=source, date_order=date_order)
        # a date read from the text outside the window is a misreading: the report stays undated
        if found is not None and found.date is not None and published_problem(found.date) is None:
            published, rule, uncertain = found.date, found.rule, found.uncertain
    report = Report(
        report_id=report_id,
        text=page.text,
        published=published,
        published_uncertain=uncertain,
        source=source,
        url=url,
        title=title or page.title,
    )
    received = ReportReceived(
        event_id=derived_id("received", report_id),
        report_id=report_id,
        source=source,
        url=url,
        title=report.title,
        published=published,
        published_rule=rule,
        received_at=datetime.now(UTC),
        text=page.text,
        content_type=page.content_type,
        by=by,
    )
    events = extraction.extract(report)
    first = to_new_event(received)
    first = replace(first, metadata={**first.metadata, "extractor_version": extraction.version})
    batch = [first, *(to_new_event(e, causation_id=received.event_id) for e in events)]
    try:
        recorded = store.record(stream_id, batch, expected_version=0)
    except ConcurrencyError:
        return _existing(store, stream_id)  # another writer stored the same report first
    if not recorded.written:  # another writer stored this very batch first (the ids are derived)
        return _existing(store, stream_id)
    return IngestResult(report_id, [e.event_id for e in events], recorded.positions, True, published, rule)


def ingest_files(
    store: EventStore,
    extraction: Extraction,
    paths: list[Path],
    *,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    on_result: Callable[[Path, IngestResult], None] = lambda _path, _result: None,
    by: Author | None = None,
    max_bytes: int = MAX_REPORT_BYTES,
    on_error: Callable[[Path, str], None] | None = None,
    on_total: Callable[[int], None] = lambda _count: None,
) -> list[IngestResult]:
    """Ingest every report file under `paths`; options given here win over each file's metadata.
    Every path and metadata file is read before the first report is stored, so a bad path stores
    nothing; a file over `max_bytes` is refused from its size, unread; a report that cannot be used raises
    ReportInputError naming its file. With `on_error`, a path or file that cannot be used is reported to it
    instead and the others are stored (`--json`). `on_total` hears how many files will be tried, before
    the first one is (a progress bar's length)."""
    files = _read_all(paths, on_error, max_bytes)
    on_total(len(files))
    results = []
    for report in files:
        try:
            result = _ingest_file(store, extraction, report, published=published, source=source, url=url,
                                  by=by, max_bytes=max_bytes)  # fmt: skip
        except ReportInputError as exc:
            if on_error is None:
                raise
            on_error(report.path, str(exc))
            continue
        on_result(report.path, result)
        results.append(result)
    return results


def _read_all(paths: list[Path], on_error: Callable[[Path, str], None] | None,
              max_bytes: int) -> list[ReportFile]:  # fmt: skip
    if on_error is None:
        return [read_report_file(path, max_bytes) for path in collect(paths)]
    files = []
    for given in paths:
        try:
            found = collect([given])
        except ReportInputError as exc:
            on_error(given, str(exc))
            continue
        for path in found:
            try:
                files.append(read_report_file(path, max_bytes))
            except (ReportInputError, InvalidReport) as exc:
                on_error(path, str(exc))
    return files


def _ingest_file(
    store: EventStore,
    extraction: Extraction,
    report: ReportFile,
    *,
    published: date | None,
    source: str | None,
    url: str | None,
    by: Author | None,
    max_bytes: int,
) -> IngestResult:
    try:
        return ingest_report(
            store,
            extraction,
            report.raw,
            content_type=report.content_type,
            filename=report.path.name,
            source=source or report.outlet,
            url=url or report.url,
            title=report.title,
            published=published or report.published,
            date_order=report.date_order,
            by=by,
            max_bytes=max_bytes,
        )
    except InvalidReport as exc:
        raise ReportInputError(f"{report.path}: {exc}") from None
    except UnicodeDecodeError as exc:  # the text helper reports these as InvalidReport
        raise ReportInputError(f"{report.path}: not readable as text ({exc.reason})") from None

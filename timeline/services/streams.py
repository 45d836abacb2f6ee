"""A report's stream as the write side sees it: read from the log and folded by the domain's one
live-events rule, so curation checks the log, not a projection. Also the ids the services derive."""

from __future__ import annotations

import uuid

from timeline.domain.live import ReportStream, UnknownReport, fold_stream
from timeline.domain.serialization import decode
from timeline.store.base import EventStore

__all__ = ["ReportStream", "UnknownReport", "derived_id", "load"]

# Namespace for ids the services derive (ReportReceived, ReportReextracted), so a retried write
# carries the same ids and the store treats it as the same write.
ID_NAMESPACE = uuid.UUID("5b0c7d1e-3f6a-4c59-9a8e-2f1d6c3b7e10")


def derived_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "|".join(parts)))


def load(store: EventStore, stream_id: str) -> ReportStream:
    """The report stream folded from its start (UnknownReport when the stream is empty)."""
    return fold_stream(stream_id, (decode(e) for e in store.read_stream(stream_id)))

"""The append-only event log: a narrow recorder interface with one backend per database."""

from timeline.store.base import ConcurrencyError, DuplicateEventError, EventStore, NewEvent, StoredEvent
from timeline.store.factory import open_store
from timeline.store.sql import write_transaction

__all__ = [
    "ConcurrencyError",
    "DuplicateEventError",
    "EventStore",
    "NewEvent",
    "StoredEvent",
    "open_store",
    "write_transaction",
]

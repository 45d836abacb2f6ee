"""The append-only event log: a narrow recorder interface with one backend per database."""

from timeline.store.base import ConcurrencyError, EventStore, NewEvent, StoredEvent

__all__ = ["ConcurrencyError", "EventStore", "NewEvent", "StoredEvent"]

"""The shared event store suite on the in-memory store: the fake services are tested against must keep
the same contract as the databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.integration.store_contract import EventStoreContract
from timeline.store.base import EventStore
from timeline.store.memory import InMemoryEventStore


class TestInMemoryEventStore(EventStoreContract):
    @pytest.fixture
    def store(self) -> EventStore:
        return InMemoryEventStore()

    @pytest.fixture
    def reopen(self, store: InMemoryEventStore) -> Callable[[], EventStore]:
        return store.reopen

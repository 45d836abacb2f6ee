"""Where API keys are kept: the `api_keys` table beside the log (SQLite and PostgreSQL; created with the
events table by migration 0003), or a dict in memory for tests. Rows hold a key's hash, never its secret."""

from __future__ import annotations

import abc
import threading
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from timeline.domain.access import ApiKey, Role
from timeline.store.schema import api_keys
from timeline.store.sql import write_transaction


class KeyStore(abc.ABC):
    @abc.abstractmethod
    def add(self, key: ApiKey) -> None: ...

    @abc.abstractmethod
    def get(self, key_id: str) -> ApiKey | None: ...

    @abc.abstractmethod
    def all(self) -> list[ApiKey]:
        """Every key, revoked ones too, oldest first."""

    @abc.abstractmethod
    def revoke(self, key_id: str, at: datetime, by: str) -> bool:
        """Mark the key revoked; False when there is no such key or it is revoked already."""


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives back the UTC datetime it was given without its offset
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _key(row: Any) -> ApiKey:
    created = _aware(row.created_at)
    assert created is not None  # NOT NULL column
    return ApiKey(id=row.id, name=row.name, role=Role(row.role), hash=row.hash, created_at=created,
                  revoked_at=_aware(row.revoked_at))  # fmt: skip


class SqlKeyStore(KeyStore):
    """Keys in the `api_keys` table of the store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, key: ApiKey) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(insert(api_keys).values(
                id=key.id, name=key.name, role=key.role.value, hash=key.hash,
                created_at=key.created_at.astimezone(UTC), revoked_at=None))  # fmt: skip

    def get(self, key_id: str) -> ApiKey | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        return _key(row) if row is not None else None

    def all(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)).all()
        return [_key(row) for row in rows]

    def revoke(self, key_id: str, at: datetime, by: str) -> bool:
        with write_transaction(self.engine) as conn:
            done = conn.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=at.astimezone(UTC), revoked_by=by)
            )
        return bool(done.rowcount)


class MemoryKeyStore(KeyStore):
    """Keys in a dict, for tests of the services."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, ApiKey] = {}

    def add(self, key: ApiKey) -> None:
        with self._lock:
            if key.id in self._keys:
                raise ValueError(f"a key with id {key.id!r} exists already")
            self._keys[key.id] = key

    def get(self, key_id: str) -> ApiKey | None:
        return self._keys.get(key_id)

    def all(self) -> list[ApiKey]:
        return sorted(self._keys.values(), key=lambda k: (k.created_at, k.id))

    def revoke(self, key_id: str, at: datetime, by: str) -> bool:
        with self._lock:
            key = self._keys.get(key_id)
            if key is None or not key.active:
                return False
            self._keys[key_id] = replace(key, revoked_at=at)
            return True

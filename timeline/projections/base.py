"""The projection contract and the runner that catches projections up with the log: each batch is read
once, decoded once and folded once into live-event changes (`timeline.domain.live`), which every
projection at that checkpoint applies; rows and checkpoints are written in one transaction, so a crash
never applies an event twice or skips one."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import ClassVar

from sqlalchemy import Connection, Engine, Table, select, text
from sqlmodel import SQLModel

from timeline.domain.live import Change, LiveFold, Recorded
from timeline.domain.serialization import decode
from timeline.projections.tables import ProjectionCheckpoint
from timeline.store.base import EventStore
from timeline.store.sql import write_transaction

_checkpoints: Table = ProjectionCheckpoint.__table__  # type: ignore[attr-defined]


class Projection(abc.ABC):
    """A read model rebuilt from the log. `apply` gets one batch's changes, in log order, inside the
    caller's transaction; it must not commit."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]

    @abc.abstractmethod
    def apply(self, conn: Connection, changes: Sequence[Change]) -> None: ...

    def reset(self, conn: Connection) -> None:
        """Empty the projection's rows (children first)."""
        for table in reversed(self.tables):
            conn.execute(table.delete())


class ProjectionRunner:
    """Catches projections up with the store: read after checkpoint, fold, apply, move checkpoint, commit."""

    def __init__(self, store: EventStore, engine: Engine, projections: Sequence[Projection]) -> None:
        self.store = store
        self.engine = engine
        self.projections = {p.name: p for p in projections}
        tables = [_checkpoints, *(t for p in projections for t in p.tables)]
        SQLModel.metadata.create_all(engine, tables=tables)

    def _transaction(self) -> AbstractContextManager[Connection]:
        """A transaction that reads the checkpoint then writes (SQLite: BEGIN IMMEDIATE, so two processes
        catching up queue on the write lock instead of failing on a stale read snapshot)."""
        return write_transaction(self.engine)

    def _select(self, name: str | None) -> list[Projection]:
        if name is None:
            return list(self.projections.values())
        if name not in self.projections:
            raise KeyError(f"no projection named {name!r}; known: {', '.join(self.projections)}")
        return [self.projections[name]]

    def history(self, stream_id: str, before: int) -> list[Recorded]:
        """A stream's events before a position: what the fold needs for a stream met mid-way."""
        return [decode(e) for e in self.store.read_stream(stream_id) if e.position < before]

    def checkpoint(self, conn: Connection, name: str, lock: bool = False) -> int:
        query = select(_checkpoints.c.position).where(_checkpoints.c.name == name)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update()  # one process applies a given batch
        position = conn.execute(query).scalar()
        if position is None:
            conn.execute(_checkpoints.insert().values(name=name, position=0))
            return 0
        return int(position)

    def catch_up(self, name: str | None = None, batch: int = 5000) -> dict[str, int]:
        """Apply every event after each projection's checkpoint; returns the new checkpoints. Projections
        at the same checkpoint share each batch (one read, one decode, one fold)."""
        selected = self._select(name)
        fold = LiveFold(self.history)
        while True:
            with self._transaction() as conn:
                at = {p.name: self.checkpoint(conn, p.name, lock=True) for p in selected}
                low = min(at.values())
                group = [p for p in selected if at[p.name] == low]
                ahead = [position for position in at.values() if position > low]
                limit = min([batch, *(position - low for position in ahead)])
                stored = self.store.read_all(low, limit)
                if stored:
                    changes = fold.changes([decode(e) for e in stored])
                    for projection in group:
                        projection.apply(conn, changes)
                    position = stored[-1].position
                    conn.execute(
                        _checkpoints.update()
                        .where(_checkpoints.c.name.in_([p.name for p in group]))
                        .values(position=position)
                    )
                    at.update({p.name: position for p in group})
            if len(stored) < limit:  # at the head (a checkpoint ahead of the log would stop here too)
                return at

    def rebuild(self, name: str | None = None, batch: int = 5000) -> dict[str, int]:
        """Empty the projection(s) and replay the whole log from position 0."""
        for projection in self._select(name):
            with self._transaction() as conn:
                self.checkpoint(conn, projection.name, lock=True)
                projection.reset(conn)
                conn.execute(
                    _checkpoints.update().where(_checkpoints.c.name == projection.name).values(position=0)
                )
        return self.catch_up(name, batch)

    def positions(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT name, position FROM projection_checkpoints")).all()
        return {str(n): int(p) for n, p in rows}

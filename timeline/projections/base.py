"""The projection framework: the contract every read model follows and the runner that keeps them
current.

- Catch-up reads each batch of the log once, decodes it once and folds it once into live-event changes
  (`timeline.domain.live`), which every projection at that checkpoint applies; rows and checkpoint are
  written in one transaction, so a crash never applies an event twice or skips one.
- Each projection has a schema version (its own number, its tables' shape, and inputs its rows depend on,
  such as the actor vocabulary), recorded with its checkpoint; a projection whose recorded version differs
  is rebuilt before it is caught up.
- A rebuild replays the log into shadow tables (no secondary indexes while they fill, then indexed) while
  the live tables keep serving and keep being caught up; the shadows are caught up to the head and swapped
  in under the checkpoint lock in one transaction, so readers never see an empty or half-built read model.
- A rebuild over a SQL store fills projections that can (`bulk`) with `INSERT ... SELECT` over the plain
  report streams (timeline.store.bulk: received, then only extracted events, nothing curated), and folds
  the rest (curated, re-extracted, upcast) with the one live-events fold: the database reads the JSON of
  most of a million events, Python only what needs the fold's judgement.
- Tables are created under a lock, so several processes can start together on a fresh database.
- A rebuild keeps state for the whole log in memory (the incidents' summaries): millions of long-lived
  objects the cyclic garbage collector would rescan at every full collection, making a rebuild's time grow
  with the square of the log. The rebuild collects once per batch instead, then freezes what survived
  (`gc.freeze`) out of the collector's reach until it ends.
"""

from __future__ import annotations

import abc
import gc
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Table, inspect, select

from timeline.domain.events import DOMAIN_EVENT_TYPES, Event, ReportReceived, report_stream
from timeline.domain.live import Change, LiveFold, Recorded, ReportStream, fold_stream
from timeline.domain.serialization import decode
from timeline.projections.rows import REPORT_FIELDS
from timeline.projections.tables import checkpoints
from timeline.store import dialect
from timeline.store.base import EventStore
from timeline.store.bulk import PlainStreams
from timeline.store.schema import upgrade
from timeline.store.sql import WRITE_OPTION, SqlEventStore, driver_rows, write_transaction

SHADOW = "__shadow"  # suffix of a table being rebuilt
# What a plain report stream holds (timeline.store.bulk): its ReportReceived, then extracted events.
PLAIN_TYPES: tuple[type[Event], ...] = (ReportReceived, *DOMAIN_EVENT_TYPES)


class Tables:
    """The physical tables a projection writes in one apply: the live ones, or their shadows during a
    rebuild (`exclusive`: no other process writes them, so a projection may keep state between batches
    in `state`)."""

    def __init__(self, tables: Mapping[str, Table], exclusive: bool = False) -> None:
        self.by_name = dict(tables)
        self.exclusive = exclusive
        self.state: dict[str, Any] = {}

    def __getitem__(self, logical: Table) -> Table:
        return self.by_name[logical.name]


class Projection(abc.ABC):
    """A read model rebuilt from the log. `apply` gets one batch's changes, in log order, inside the
    caller's transaction, and writes through `tables[<logical table>]`; it must not commit."""

    name: ClassVar[str]
    schema_version: ClassVar[int] = 1  # bump when rows change meaning with the same table shape
    tables: ClassVar[tuple[Table, ...]]
    # Indexes `apply` itself reads through (deletes by a non-key column, look-ups): a shadow table filled
    # through the fold has them while it fills; the others are built once it is full. A bulk-filled one has
    # none: there `apply` only gets each live event once, new (`ReportStream.settled`), and deletes nothing.
    apply_indexes: ClassVar[frozenset[str]] = frozenset()

    @abc.abstractmethod
    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None: ...

    # Whether `bulk` is implemented: a rebuild then fills the plain streams' rows in SQL.
    bulk_capable: ClassVar[bool] = False

    def bulk(self, conn: Connection, streams: PlainStreams, tables: Tables) -> None:
        """Write the rows of every plain stream (see timeline.store.bulk) into empty `tables`, as `apply`
        would have from their changes; `streams.irregular()` are folded and applied after."""
        raise NotImplementedError

    def inputs(self) -> str:
        """What else the rows depend on (e.g. a vocabulary's fingerprint): part of the version."""
        return ""

    @property
    def version(self) -> str:
        shape = "|".join(
            f"{t.name}:{[(c.name, str(c.type), c.nullable, c.primary_key) for c in t.columns]}"
            f":{sorted((str(i.name), [c.name for c in i.columns]) for i in t.indexes)}"
            for t in self.tables
        )
        digest = hashlib.sha256(f"{shape}|{self.inputs()}".encode()).hexdigest()[:12]
        return f"{self.schema_version}.{digest}"


class ProjectionRunner:
    """Keeps projections current with the store: catch-up, version checks, rebuilds into shadow tables."""

    def __init__(self, store: EventStore, engine: Engine, projections: Sequence[Projection]) -> None:
        self.store = store
        self.engine = engine
        self.projections = {p.name: p for p in projections}
        self.live = Tables({t.name: t for p in projections for t in p.tables})
        self._checked = False
        self.ensure_schema()

    # -- schema -------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Bring the log's own tables (the checkpoint table among them) to the newest migration, then
        create each projection's tables that are missing, under the schema lock. Read models are not
        migrated: a changed shape or meaning changes the projection's version, which rebuilds it."""
        upgrade(self.engine)
        with write_transaction(self.engine) as conn:
            dialect.schema_lock(conn)
            existing = set(inspect(conn).get_table_names())
            known = {row.name: row for row in conn.execute(select(checkpoints))}
            for projection in self.projections.values():
                row = known.get(projection.name)
                if row is None and not any(t.name in existing for t in projection.tables):
                    for table in projection.tables:
                        dialect.create_table(conn, dialect.physical(table, table.name, 1))
                    conn.execute(checkpoints.insert().values(
                        name=projection.name, position=0, version=projection.version, generation=1))
                elif row is None:  # tables without a checkpoint: a rebuild makes them again
                    conn.execute(checkpoints.insert().values(
                        name=projection.name, position=0, version="", generation=1))

    def stale(self, conn: Connection) -> list[Projection]:
        """Projections whose recorded version is not their current one, or whose tables are missing."""
        existing = set(inspect(conn).get_table_names())
        recorded = dict(conn.execute(select(checkpoints.c.name, checkpoints.c.version)).all())
        return [p for p in self.projections.values()
                if recorded.get(p.name) != p.version or any(t.name not in existing for t in p.tables)]

    def _rebuild_stale(self, selected: Sequence[Projection]) -> None:
        if self._checked:
            return
        with self.engine.connect() as conn:
            stale = [p for p in self.stale(conn) if p in selected]
        if stale:
            self._rebuild([p.name for p in stale], only_stale=True)
        self._checked = True

    # -- catching up --------------------------------------------------------------------------------
    def _select(self, name: str | None) -> list[Projection]:
        if name is None:
            return list(self.projections.values())
        if name not in self.projections:
            raise KeyError(f"no projection named {name!r}; known: {', '.join(self.projections)}")
        return [self.projections[name]]

    def history(self, stream_id: str, before: int) -> list[Recorded]:
        """A stream's events before a position: what the fold needs for a stream met mid-way."""
        return [decode(e) for e in self.store.read_stream(stream_id) if e.position < before]

    def _positions(self, conn: Connection, names: Sequence[str], lock: bool) -> dict[str, int]:
        query = select(checkpoints.c.name, checkpoints.c.position).where(checkpoints.c.name.in_(names))
        rows = conn.execute(dialect.for_update(query, conn) if lock else query).all()
        return {str(name): int(position) for name, position in rows}

    def catch_up(self, name: str | None = None, batch: int = 5000) -> dict[str, int]:
        """Apply every event after each projection's checkpoint; returns the new checkpoints. Projections
        at the same checkpoint share each batch (one read, one decode, one fold)."""
        selected = self._select(name)
        self._rebuild_stale(selected)
        fold = LiveFold(self.history)
        while True:
            with write_transaction(self.engine) as conn:
                at = self._positions(conn, [p.name for p in selected], lock=True)
                low = min(at.values())
                group = [p for p in selected if at[p.name] == low]
                limit = min([batch, *(position - low for position in at.values() if position > low)])
                stored = self.store.read_all(low, limit)
                if stored:
                    changes = fold.changes([decode(e) for e in stored])
                    for projection in group:
                        projection.apply(conn, changes, self.live)
                    position = stored[-1].position
                    conn.execute(checkpoints.update().where(checkpoints.c.name.in_([p.name for p in group]))
                                 .values(position=position))  # fmt: skip
                    at.update({p.name: position for p in group})
            if len(stored) < limit:  # at the head (a checkpoint ahead of the log would stop here too)
                return at

    # -- rebuilding ---------------------------------------------------------------------------------
    def rebuild(self, name: str | None = None, batch: int = 20000) -> dict[str, int]:
        """Replay the whole log into the projection(s), atomically replacing their tables."""
        return self._rebuild([p.name for p in self._select(name)], batch=batch)

    def _rebuild(self, names: Sequence[str], batch: int = 20000, only_stale: bool = False) -> dict[str, int]:
        with dialect.rebuild_lock(self.engine), _survivors_frozen():
            if only_stale:  # another process may have rebuilt them while this one waited for the lock
                with self.engine.connect() as conn:
                    names = [p.name for p in self.stale(conn) if p.name in names]
                if not names:
                    return {}
            projections = [self.projections[n] for n in names]
            bulk = [p for p in projections if p.bulk_capable and self._bulk_reads_store()]
            folded = [p for p in projections if p not in bulk]
            with self._shadows(projections, bare=bulk) as shadows:
                position = self._fill(folded, shadows, 0, batch) if folded else self.store.last_position()
                if bulk:
                    self._bulk(bulk, shadows, position)
                with write_transaction(self.engine) as conn:
                    for table in shadows.by_name.values():
                        dialect.create_indexes(conn, table)
                dialect.settle(self.engine, shadows.by_name.values())
                with write_transaction(self.engine) as conn:
                    dialect.schema_lock(conn)
                    self._positions(conn, names, lock=True)  # no catch-up of the live tables meanwhile
                    position = self._fill(projections, shadows, position, batch, conn=conn)
                    self._swap(conn, projections, shadows, position)
        self._checked = True
        return dict.fromkeys(names, position)

    @contextmanager
    def _shadows(self, projections: Sequence[Projection], bare: Sequence[Projection]) -> Iterator[Tables]:
        """Empty shadow tables of the next generation (leftovers of a rebuild that died dropped first):
        without secondary indexes for the `bare` projections, with their `apply_indexes` for the others."""
        with write_transaction(self.engine) as conn:
            dialect.schema_lock(conn)
            generation = 1 + max(conn.execute(select(checkpoints.c.generation).where(
                checkpoints.c.name.in_([p.name for p in projections]))).scalars(), default=1)  # fmt: skip
            shadows = {}
            for projection in projections:
                for table in projection.tables:
                    dialect.drop_table(conn, table.name + SHADOW)
                    shadow = dialect.physical(table, table.name + SHADOW, generation)
                    keep = frozenset() if projection in bare else projection.apply_indexes
                    dialect.create_table(conn, shadow, keep=keep)
                    shadows[table.name] = shadow
        tables = Tables(shadows, exclusive=True)
        tables.state["generation"] = generation
        try:
            yield tables
        finally:
            with write_transaction(self.engine) as conn:  # gone already when swapped in
                for shadow in shadows.values():
                    dialect.drop_table(conn, shadow.name)

    def _fill(self, projections: Sequence[Projection], tables: Tables, after: int, batch: int,
              conn: Connection | None = None) -> int:
        """Apply the log after `after` to `tables`; in a transaction per batch, or all in `conn`."""
        fold = LiveFold(self.history)
        position = after
        while True:
            stored = self.store.read_all(position, batch)
            if stored:
                changes = fold.changes([decode(e) for e in stored])
                with self._in(conn) as tx:
                    for projection in projections:
                        projection.apply(tx, changes, tables)
                position = stored[-1].position
                if tables.exclusive:
                    _set_aside_survivors()
            if len(stored) < batch:
                return position

    def _bulk_reads_store(self) -> bool:
        """The set-based fill reads the events table in the projections' own database."""
        return isinstance(self.store, SqlEventStore) and self.store.engine is self.engine

    def _bulk(self, projections: Sequence[Projection], tables: Tables, upto: int, batch: int = 500) -> None:
        """Fill `projections` up to `upto`: plain streams in SQL, the others through the fold."""
        with self.engine.connect() as conn:  # one connection: the temporary tables live on it
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                streams = PlainStreams(
                    conn, upto, prefix=report_stream(""), first_type=ReportReceived.type_name,
                    current={c.type_name: c.schema_version for c in PLAIN_TYPES},
                    keep=REPORT_FIELDS)  # fmt: skip
                for projection in projections:
                    projection.bulk(conn, streams, tables)
                irregular = sorted(streams.irregular())
                streams.drop()
        for part in dialect.chunks(irregular, batch):
            changes = [change for stream_id in part for change in self._folded(stream_id, upto).settled()]
            with write_transaction(self.engine) as tx:
                for projection in projections:
                    projection.apply(tx, changes, tables)
            _set_aside_survivors()

    def _folded(self, stream_id: str, upto: int) -> ReportStream:
        stored = self.store.read_stream(stream_id)
        return fold_stream(stream_id, [decode(e) for e in stored if e.position <= upto])

    @contextmanager
    def _in(self, conn: Connection | None) -> Iterator[Connection]:
        if conn is not None:
            yield conn
            return
        with write_transaction(self.engine) as tx:
            yield tx

    def _swap(
        self, conn: Connection, projections: Sequence[Projection], shadows: Tables, position: int
    ) -> None:
        for projection in projections:
            for table in projection.tables:
                dialect.drop_table(conn, table.name)
                dialect.rename_table(conn, shadows.by_name[table.name].name, table.name)
            conn.execute(checkpoints.update().where(checkpoints.c.name == projection.name).values(
                position=position, version=projection.version, generation=shadows.state["generation"]))

    def positions(self) -> dict[str, int]:
        """Each projection's checkpoint."""
        return {name: position for name, position, _ in read_checkpoints(self.engine)}


def read_checkpoints(engine: Engine) -> list[tuple[str, int, int]]:
    """Every projection's (name, position, generation), outside any transaction. Asked on every request
    (/health, the page cache's key), so read through the driver."""
    rows = driver_rows(engine, f"SELECT name, position, generation FROM {checkpoints.name}")
    return [(str(n), int(p), int(g)) for n, p, g in rows]


@contextmanager
def _survivors_frozen() -> Iterator[None]:
    """Run a rebuild with the automatic collector off (it would rescan the rebuild's state over and over)
    and give it back, with what the rebuild froze (`_set_aside_survivors`), at the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _set_aside_survivors() -> None:
    """After a rebuild batch: collect the garbage made since the last (cycles included), then freeze what
    survived, so each object is scanned once: linear time, and memory bounded by the state plus a batch."""
    gc.collect(1)
    gc.freeze()

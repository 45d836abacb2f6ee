"""The one place the service is put together: Settings -> store, projections, runner, extraction and the
read side -> an `Application`. The API, the CLI and tests all start here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from timeline.application import Application
from timeline.config import Settings
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.query.filters import GazetteerLike
from timeline.query.service import LazyGazetteer, QueryContext
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.services.extraction import Extraction, RuleExtraction
from timeline.services.extraction_pool import ExtractionPool
from timeline.store.factory import open_store
from timeline.store.keys import SqlKeyStore


def bootstrap(
    settings: Settings, *, extraction: Extraction | None = None, gazetteer: GazetteerLike | None = None,
    in_workers: bool = False,
) -> Application:
    """The application over the database `settings.database_url` names. `extraction` and `gazetteer`
    default to the package's own (the gazetteer is opened on first use; `Application.warm_up` opens it).
    `in_workers` (the API): the default extraction runs in worker processes (ExtractionPool, with the
    settings' pool size, queue and time limit) rather than in this one (the CLI)."""
    store = open_store(settings.database_url)
    actors = load_actor_vocabulary(settings.actors_file)
    runner = ProjectionRunner(store, store.engine, default_projections(actors))
    places = gazetteer or LazyGazetteer(settings)
    queries = QueryContext(store=store, engine=store.engine, gazetteer=places, actors=actors,
                           projections=lambda: default_projections(actors))  # fmt: skip
    if extraction is None and in_workers and gazetteer is None:
        extraction = ExtractionPool(settings)  # its workers open the same gazetteer, from the settings
    if extraction is None:
        opened = places.opened if isinstance(places, LazyGazetteer) else (lambda: places)
        extraction = RuleExtraction(opened, settings.actors_file)
    return Application(settings, store, store.engine, runner, extraction, queries, SqlKeyStore(store.engine))


@contextmanager
def opened(settings: Settings | None = None, **overrides: object) -> Iterator[Application]:
    """`bootstrap` for one command: closed (its connections released) at the end."""
    app = bootstrap(settings or Settings(), **overrides)  # type: ignore[arg-type]
    try:
        yield app
    finally:
        app.close()

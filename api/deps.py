"""FastAPI dependencies: the app's settings, event store, projection runner and a read connection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection

from timeline.config import Settings
from timeline.projections.base import ProjectionRunner
from timeline.store.base import EventStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_store(request: Request) -> EventStore:
    return request.app.state.store  # type: ignore[no-any-return]


def get_runner(request: Request) -> ProjectionRunner:
    return request.app.state.runner  # type: ignore[no-any-return]


def get_connection(request: Request) -> Iterator[Connection]:
    """A read connection for one request (queries read projections only)."""
    with request.app.state.store.engine.connect() as conn:
        yield conn


class Projector:
    """Catches the projections up after a write; one thread at a time per process."""

    def __init__(self, runner: ProjectionRunner) -> None:
        self.runner = runner
        self._lock = threading.Lock()

    def __call__(self) -> dict[str, int]:
        with self._lock:
            return self.runner.catch_up()


def get_projector(request: Request) -> Projector:
    return request.app.state.projector  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[EventStore, Depends(get_store)]
RunnerDep = Annotated[ProjectionRunner, Depends(get_runner)]
ConnectionDep = Annotated[Connection, Depends(get_connection)]
ProjectorDep = Annotated[Projector, Depends(get_projector)]

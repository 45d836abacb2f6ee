"""`timeline db`: the database's migration revision, and upgrading it (which `timeline up` and `timeline
serve` also do when they open the store)."""

from __future__ import annotations

import typer

from timeline.bootstrap import opened
from timeline.cli_support import one_line_errors
from timeline.config import Settings
from timeline.store.factory import open_store
from timeline.store.schema import HEAD, current_revision

db_app = typer.Typer(no_args_is_help=True, help="The database's schema: migrations of the log's tables.")


@db_app.command("upgrade")
@one_line_errors
def upgrade_command() -> None:
    """Migrate the log's tables to the newest revision, then rebuild any read model whose shape changed."""
    settings = Settings()
    before = _revision(settings)
    with opened(settings) as app:  # opening the store migrates it; projecting rebuilds stale read models
        app.project()
    typer.echo(f"database at revision {HEAD} (was {before or 'none'})")


@db_app.command("current")
@one_line_errors
def current_command() -> None:
    """Print the database's revision and the newest this release knows."""
    typer.echo(f"database at revision {_revision(Settings()) or 'none'}; newest {HEAD}")


def _revision(settings: Settings) -> str | None:
    store = open_store(settings.database_url, create=False)
    try:
        return current_revision(store.engine)
    finally:
        store.close()

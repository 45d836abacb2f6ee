"""`timeline keys create | revoke | list`: API keys for the HTTP API's writes, managed by the local
operator straight in the database. A new key's secret is printed once; only its hash is stored."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import make_url

from timeline.application import Application
from timeline.bootstrap import opened
from timeline.cli_support import one_line_errors, operator
from timeline.domain.access import Role

keys_app = typer.Typer(help="Create, revoke and list API keys (writes over HTTP need one).",
                       no_args_is_help=True)  # fmt: skip


@keys_app.command("create")
@one_line_errors
def create_command(
    role: Annotated[Role, typer.Option(help="ingest: post reports; editor: and curate; admin: everything")],
    name: Annotated[str, typer.Option(help="who or what holds the key (kept in the audit trail)")],
) -> None:
    """Create a key and print its secret (once: it cannot be shown again)."""
    with opened() as app:
        key, token = app.create_key(name, role)
    typer.echo(f"created key {key.id} ({key.role.value}) for {key.name!r}; its secret, shown only now:")
    typer.echo(token)


@keys_app.command("revoke")
@one_line_errors
def revoke_command(key_id: Annotated[str, typer.Argument(help="its id (`timeline keys list`)")]) -> None:
    """Revoke a key: it opens nothing from now on (the writes it made keep naming it)."""
    with opened() as app:
        key = app.revoke_key(key_id, by=operator())
    typer.echo(f"revoked key {key.id} ({key.role.value}) of {key.name!r}")


@keys_app.command("list")
@one_line_errors
def list_command() -> None:
    """Every key with its role and state (never a secret)."""
    with opened() as app:
        keys = app.list_keys()
    if not keys:
        typer.echo("no keys; create one with `timeline keys create --role editor --name NAME`")
    for key in keys:
        state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}Z" if key.revoked_at else "active"
        typer.echo(f"{key.id}  {key.role.value:<6}  {state:<25}  created {key.created_at:%Y-%m-%d %H:%M}Z  "
                   f"{key.name}")


def local_key_notice(app: Application) -> str | None:
    """On the embedded SQLite database with no key yet, create a local editor key so a newcomer can try
    writes; the lines to print (the secret, once), or None when there is nothing to say."""
    if make_url(app.settings.database_url).get_backend_name() != "sqlite" or app.list_keys():
        return None
    key, token = app.create_key("local editor (timeline up)", Role.EDITOR)
    return (f"Created a local editor key {key.id} for writes (shown once; `timeline keys` manages keys):\n"
            f"  Authorization: Bearer {token}")

"""API keys for tests that write over HTTP: created straight in the database the server uses (as
`timeline keys create` does), returned as the secret token and as request headers."""

from __future__ import annotations

from timeline.domain.access import Role
from timeline.services.keys import create_key
from timeline.store.factory import open_store
from timeline.store.keys import SqlKeyStore


def new_key(database_url: str, role: Role | str = Role.EDITOR, name: str = "tests") -> str:
    """A new active key of `role` in the database at `database_url`; its secret token."""
    store = open_store(database_url)
    try:
        return create_key(SqlKeyStore(store.engine), name, role)[1]
    finally:
        store.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

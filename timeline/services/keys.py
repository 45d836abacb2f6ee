"""API keys: create (the secret is returned once), revoke, list, and the check every write makes: which
key a token is (401 when none) and whether its role may do what is asked (403 when not)."""

from __future__ import annotations

from datetime import UTC, datetime

from timeline.domain.access import ApiKey, Author, Role, key_id_of, new_token, token_hash
from timeline.store.keys import KeyStore

MAX_NAME = 100


class Unauthenticated(PermissionError):
    """No key, or one that is unknown or revoked."""


class Forbidden(PermissionError):
    """A valid key whose role may not do this."""


class UnknownKey(LookupError):
    """No key has this id."""


class InvalidKeyRequest(ValueError):
    """A key cannot be created or revoked as asked (bad name or role, revoked already)."""


def create_key(keys: KeyStore, name: str, role: Role | str) -> tuple[ApiKey, str]:
    """A new key and its secret token: the token is not kept, only its hash."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise InvalidKeyRequest(f"a key needs a name of 1 to {MAX_NAME} printable characters")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidKeyRequest(f"unknown role {role!r}; roles: {', '.join(Role)}") from None
    key_id, token = new_token()
    while keys.get(key_id) is not None:  # 8 hex digits: a clash is rare, but must not overwrite a key
        key_id, token = new_token()
    key = ApiKey(id=key_id, name=name, role=role, hash=token_hash(token), created_at=datetime.now(UTC))
    keys.add(key)
    return key, token


def revoke_key(keys: KeyStore, key_id: str, by: Author) -> ApiKey:
    """Revoke a key from now on (writes it made keep naming it); the revoked key as stored."""
    key = keys.get(key_id)
    if key is None:
        raise UnknownKey(f"no key with id {key_id!r}")
    if not keys.revoke(key_id, datetime.now(UTC), by.id):
        raise InvalidKeyRequest(f"key {key_id!r} is revoked already")
    revoked = keys.get(key_id)
    assert revoked is not None
    return revoked


def authenticate(keys: KeyStore, token: str | None) -> ApiKey:
    """The active key this token is; Unauthenticated otherwise (the message never repeats the token)."""
    if not token:
        raise Unauthenticated("this needs an API key: send 'Authorization: Bearer <key>'")
    key_id = key_id_of(token)
    key = keys.get(key_id) if key_id else None
    if key is None or not key.opened_by(token):
        raise Unauthenticated("the API key is unknown or revoked")
    return key


def authorize(keys: KeyStore, token: str | None, needed: Role) -> Author:
    """Who is writing, when the token is an active key whose role allows `needed`."""
    key = authenticate(keys, token)
    if not key.role.allows(needed):
        raise Forbidden(f"a key with role {key.role.value!r} may not do this; it needs role {needed.value!r}")
    return key.author

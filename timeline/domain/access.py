"""Who may write and who did: API key roles (ingest < editor < admin) and what each write needs, the key
token format and its hash, and the `Author` every written event records (a key, or the local operator).
Pure: no storage, no HTTP."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    """What a key may do; each role may do everything the roles before it may."""

    INGEST = "ingest"  # post reports
    EDITOR = "editor"  # and curate: retract, correct, split, re-extract
    ADMIN = "admin"  # and everything else (key management)

    def allows(self, needed: Role) -> bool:
        return _RANK[self] >= _RANK[needed]


_RANK = {role: rank for rank, role in enumerate(Role)}


class Author(BaseModel):
    """Who made a write, as the log keeps it: an API key (its public id and name, never its secret) or
    the local operator running the CLI (`cli:<user>`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["key", "cli"]
    id: str
    name: str

    @classmethod
    def operator(cls, user: str) -> Author:
        return cls(kind="cli", id=f"cli:{user}", name=user)


# A token is "tlk_<id>_<secret>": the id (8 hex digits) is public and finds the key's row; only the
# sha256 of the whole token is stored, so a leaked database gives no usable key. The secret is 32 random
# bytes: too many to guess, so a plain (unsalted) hash is enough.
TOKEN_PREFIX = "tlk"
_TOKEN = re.compile(rf"{TOKEN_PREFIX}_([0-9a-f]{{8}})_[A-Za-z0-9_-]{{43}}")


def new_token() -> tuple[str, str]:
    """A new key's public id and its secret token (shown once, then only its hash is kept)."""
    key_id = secrets.token_hex(4)
    return key_id, f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"


def key_id_of(token: str) -> str | None:
    """The public id in a well-formed token, or None for anything else."""
    found = _TOKEN.fullmatch(token)
    return found.group(1) if found else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as stored: no secret, only its hash. `revoked_at` set means it no longer opens anything."""

    id: str
    name: str
    role: Role
    hash: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def opened_by(self, token: str) -> bool:
        """Whether `token` is this key's (compared in constant time) and the key is not revoked."""
        return self.active and hmac.compare_digest(self.hash, token_hash(token))

    @property
    def author(self) -> Author:
        return Author(kind="key", id=self.id, name=self.name)

"""Key tokens, their hashes and the role order (timeline.domain.access): pure logic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from timeline.domain.access import ApiKey, Author, Role, key_id_of, new_token, token_hash


def test_roles_allow_what_the_roles_below_them_allow() -> None:
    assert [r.value for r in Role] == ["ingest", "editor", "admin"]
    allowed = {(have, need) for have in Role for need in Role if have.allows(need)}
    assert allowed == {
        (Role.INGEST, Role.INGEST),
        (Role.EDITOR, Role.INGEST),
        (Role.EDITOR, Role.EDITOR),
        (Role.ADMIN, Role.INGEST),
        (Role.ADMIN, Role.EDITOR),
        (Role.ADMIN, Role.ADMIN),
    }


def test_a_token_carries_its_public_id_and_is_stored_only_as_its_hash() -> None:
    key_id, token = new_token()
    assert key_id_of(token) == key_id and len(key_id) == 8
    assert token.startswith(f"tlk_{key_id}_") and len(token) == 4 + 9 + 43
    digest = token_hash(token)
    assert len(digest) == 64 and token not in digest and token.split("_", 2)[2] not in digest
    assert len({new_token()[1] for _ in range(200)}) == 200  # random, never repeated


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "tlk",
        "Bearer x",
        "tlk_0123abcd_short",
        "tlk_0123ABCD_" + "a" * 43,
        "xyz_0123abcd_" + "a" * 43,
        "tlk_0123abcd_" + "a" * 43 + "\n",
    ],
)
def test_malformed_tokens_have_no_id(bad: str) -> None:
    assert key_id_of(bad) is None


def test_a_key_opens_only_with_its_own_token_and_only_until_revoked() -> None:
    key_id, token = new_token()
    _, other = new_token()
    key = ApiKey(key_id, "alice", Role.EDITOR, token_hash(token), datetime.now(UTC))
    assert key.opened_by(token) and not key.opened_by(other) and not key.opened_by(token + "x")
    revoked = ApiKey(key_id, "alice", Role.EDITOR, token_hash(token), key.created_at, datetime.now(UTC))
    assert not revoked.opened_by(token)
    assert key.author == Author(kind="key", id=key_id, name="alice")


def test_the_local_operator_is_named_cli_user() -> None:
    assert Author.operator("ana") == Author(kind="cli", id="cli:ana", name="ana")

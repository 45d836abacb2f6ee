"""API keys and the audit trail in the service layer: the key service over the in-memory key store and
over the api_keys table on SQLite and PostgreSQL (secrets never stored, revocation, role checks), and an
event's history folded from the in-memory log with who made each step."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from timeline.domain.access import Author, Role
from timeline.domain.events import Clash, ReportReceived, report_stream
from timeline.domain.history import event_history
from timeline.domain.serialization import decode, to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.services import curation
from timeline.services.keys import (
    Forbidden,
    InvalidKeyRequest,
    Unauthenticated,
    UnknownKey,
    authorize,
    create_key,
    revoke_key,
)
from timeline.store.factory import open_store
from timeline.store.keys import KeyStore, MemoryKeyStore, SqlKeyStore
from timeline.store.memory import InMemoryEventStore
from timeline.store.schema import api_keys

OPERATOR = Author.operator("tester")


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def keys(request: pytest.FixtureRequest) -> Iterator[KeyStore]:
    if request.param == "memory":
        yield MemoryKeyStore()
        return
    store = open_store(request.getfixturevalue(f"{request.param}_url"))
    yield SqlKeyStore(store.engine)
    store.close()


def test_a_key_authorizes_its_role_and_those_below_it(keys: KeyStore) -> None:
    editor, editor_token = create_key(keys, "  Ana (newsroom)  ", "editor")
    _, ingest_token = create_key(keys, "feed bot", Role.INGEST)
    assert editor.name == "Ana (newsroom)" and editor.role is Role.EDITOR and editor.active
    assert authorize(keys, editor_token, Role.EDITOR) == Author(
        kind="key", id=editor.id, name="Ana (newsroom)"
    )
    assert authorize(keys, editor_token, Role.INGEST).id == editor.id
    assert authorize(keys, ingest_token, Role.INGEST).name == "feed bot"
    with pytest.raises(Forbidden, match="'ingest'.*needs role 'editor'"):
        authorize(keys, ingest_token, Role.EDITOR)
    with pytest.raises(Forbidden):
        authorize(keys, editor_token, Role.ADMIN)


@pytest.mark.parametrize("token", [None, "", "tlk_00000000_" + "a" * 43, "not a key"])
def test_no_key_or_an_unknown_one_is_unauthenticated(keys: KeyStore, token: str | None) -> None:
    create_key(keys, "someone", "admin")
    with pytest.raises(Unauthenticated):
        authorize(keys, token, Role.INGEST)


def test_a_forged_secret_with_a_real_id_is_refused(keys: KeyStore) -> None:
    key, token = create_key(keys, "someone", "admin")
    forged = token[: -len("x")] + ("x" if token[-1] != "x" else "y")
    with pytest.raises(Unauthenticated, match="unknown or revoked") as caught:
        authorize(keys, forged, Role.INGEST)
    assert forged not in str(caught.value) and key.id not in str(caught.value)


def test_revoked_keys_open_nothing_and_stay_listed(keys: KeyStore) -> None:
    key, token = create_key(keys, "leaver", "editor")
    _, other = create_key(keys, "stayer", "editor")
    revoked = revoke_key(keys, key.id, OPERATOR)
    assert revoked.revoked_at is not None and revoked.revoked_at.tzinfo is not None and not revoked.active
    with pytest.raises(Unauthenticated):
        authorize(keys, token, Role.INGEST)
    assert authorize(keys, other, Role.EDITOR).name == "stayer"
    assert [(k.name, k.active) for k in keys.all()] == [("leaver", False), ("stayer", True)]
    with pytest.raises(InvalidKeyRequest, match="revoked already"):
        revoke_key(keys, key.id, OPERATOR)
    with pytest.raises(UnknownKey):
        revoke_key(keys, "ffffffff", OPERATOR)


@pytest.mark.parametrize(
    ("name", "role"),
    [("", "editor"), ("   ", "editor"), ("x" * 101, "editor"), ("tab\there", "editor"), ("ok", "owner")],
)
def test_bad_names_and_roles_are_refused(keys: KeyStore, name: str, role: str) -> None:
    with pytest.raises(InvalidKeyRequest):
        create_key(keys, name, role)
    assert keys.all() == []


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_table_holds_the_hash_never_the_secret(request: pytest.FixtureRequest, backend: str) -> None:
    store = open_store(request.getfixturevalue(f"{backend}_url"))
    try:
        key, token = create_key(SqlKeyStore(store.engine), "auditor", "admin")
        revoke_key(SqlKeyStore(store.engine), key.id, OPERATOR)
        with store.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(select(api_keys))]
    finally:
        store.close()
    assert len(rows) == 1 and rows[0]["id"] == key.id and rows[0]["revoked_by"] == "cli:tester"
    stored = " ".join(str(value) for value in rows[0].values())
    assert token not in stored and token.split("_", 2)[2] not in stored and len(rows[0]["hash"]) == 64


# -- the audit trail over the in-memory log ------------------------------------------------------------
HAND = Extractor(name="hand", version="1")
EDITOR = Author(kind="key", id="0badc0de", name="Ana")
OTHER = Author(kind="key", id="c0ffee00", name="Ben")


def seeded_log() -> InMemoryEventStore:
    store = InMemoryEventStore()
    text = "Fighters clashed near Elmbridge on 2 April 2015."
    received = ReportReceived(
        event_id="r-received",
        report_id="r",
        text=text,
        received_at="2015-04-03T00:00:00Z",
        by=Author(kind="key", id="1ee7f00d", name="feed bot"),
    )
    clash = Clash(
        event_id="r-clash",
        report_id="r",
        when=When.unknown(),
        place=Place(name="Elmbridge"),
        evidence=Evidence(text="clashed", start=9, end=16),
        extractor=HAND,
    )
    store.append(report_stream("r"), [to_new_event(received), to_new_event(clash)], 0)
    return store


def history_of(store: InMemoryEventStore, event_id: str):  # type: ignore[no-untyped-def]
    return event_history(
        report_stream("r"), (decode(e) for e in store.read_stream(report_stream("r"))), event_id
    )


def test_history_lists_each_version_with_who_when_and_why() -> None:
    store = seeded_log()
    curation.correct(store, "r-clash", {"place": {"name": "Oakford"}}, "wrong town", by=EDITOR)
    curation.split(store, "r-clash", "a different fight", by=OTHER)
    curation.retract(store, "r-clash", "the outlet withdrew it", by=EDITOR)
    found = history_of(store, "r-clash")
    assert found is not None and found.status == "retracted" and found.report_id == "r"
    steps = [(v.action, v.by.name if v.by else None, v.reason) for v in found.versions]
    assert steps == [
        ("extracted", "feed bot", "extracted by hand 1"),
        ("corrected", "Ana", "wrong town"),
        ("split", "Ben", "a different fight"),
        ("retracted", "Ana", "the outlet withdrew it"),
    ]
    extracted, corrected, split, retracted = found.versions
    assert extracted.event is not None and extracted.event["place"]["name"] == "Elmbridge"
    assert corrected.changes == {"place": {"name": "Oakford"}}
    assert corrected.event is not None and corrected.event["place"]["name"] == "Oakford"
    assert split.event is not None and retracted.event is None
    assert [v.position for v in found.versions] == [2, 3, 4, 5]
    assert all(v.recorded_at.tzinfo is not None for v in found.versions)
    assert extracted.recorded_at <= corrected.recorded_at <= retracted.recorded_at


def test_history_of_a_superseded_event_names_who_reextracted() -> None:
    store = seeded_log()

    class NewVersion:
        version = "2"

        def extract(self, report):  # type: ignore[no-untyped-def]
            return [
                Clash(
                    event_id="r-clash-2",
                    report_id="r",
                    evidence=Evidence(text="clashed", start=9, end=16),
                    extractor=Extractor(name="hand", version="2"),
                )
            ]

    curation.reextract(store, NewVersion(), "r", by=OTHER)  # type: ignore[arg-type]
    old, new = history_of(store, "r-clash"), history_of(store, "r-clash-2")
    assert old is not None and old.status == "superseded"
    assert [(v.action, v.by) for v in old.versions] == [
        ("extracted", old.versions[0].by),
        ("superseded", OTHER),
    ]
    assert (
        new is not None and new.status == "live" and new.versions[0].by == OTHER
    )  # appended by the re-extraction


def test_history_of_what_is_not_a_domain_event_is_none() -> None:
    store = seeded_log()
    assert history_of(store, "r-received") is None and history_of(store, "nope") is None

"""The SQLite log's key for an event id (timeline.store.codec): a canonical UUID as 16 bytes, every other
id as text, and always the same id back."""

from __future__ import annotations

import uuid

import pytest

from timeline.store.codec import event_key, event_text


def test_a_canonical_uuid_is_keyed_by_its_bytes() -> None:
    minted = uuid.uuid5(uuid.NAMESPACE_URL, "a report about a town")
    assert event_key(str(minted)) == minted.bytes
    assert event_text(minted.bytes) == str(minted)


@pytest.mark.parametrize(
    "event_id",
    [
        "6F1C2E3A-0B4D-4E5F-8A9B-0C1D2E3F4A5B",  # upper case: another id than its lower-case spelling
        "6f1c2e3a0b4d4e5f8a9b0c1d2e3f4a5b----",  # 36 characters, 32 hex digits, hyphens out of place
        "6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a5 ",  # a space, which bytes.fromhex would skip
        "6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a5g",  # not hex
        "{6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a}",
        "prev0-0",
        "",
    ],
)
def test_any_other_id_is_kept_as_written(event_id: str) -> None:
    assert event_key(event_id) == event_id
    assert event_text(event_key(event_id)) == event_id


def test_every_key_gives_its_id_back() -> None:
    for _ in range(1000):
        minted = str(uuid.uuid4())
        for spelling in (minted, minted.upper(), minted.replace("-", "")):
            assert event_text(event_key(spelling)) == spelling

"""Each event type's facts live on its class: labels, headlines, ACLED codes, words, widget style and flags
are complete, unambiguous and read by the rest of the service from there."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from api.routes.widget import SOURCE_DIR
from timeline.domain.events import BY_KIND, DOMAIN_EVENT_TYPES, Clash, DesignationAnnounced, TownCaptured
from timeline.exports import ExportContext
from timeline.exports.csv_export import row as csv_row
from timeline.query import browse
from timeline.query.entries import headline
from timeline.query.vocabulary import resolve_type

WIDGET_SHAPES = set(re.findall(r"^\s{2}(\w+):", (SOURCE_DIR / "types.js").read_text(), re.M))


def test_every_type_is_registered_once_with_complete_facts() -> None:
    assert len(DOMAIN_EVENT_TYPES) == len(BY_KIND) >= 11
    labels = [cls.label for cls in DOMAIN_EVENT_TYPES]
    assert all(labels) and len(set(labels)) == len(labels)
    for cls in DOMAIN_EVENT_TYPES:
        assert cls.definition() and cls.type_name and cls.kind
        color, shape = cls.style
        assert re.fullmatch(r"#[0-9a-f]{6}", color) and shape in WIDGET_SHAPES, cls
        assert all(cls.acled_types())


def test_words_for_a_type_resolve_to_it_and_to_no_other() -> None:
    owners: dict[str, set[str]] = {}
    for cls in DOMAIN_EVENT_TYPES:
        for word in (cls.kind, cls.label, *cls.synonyms):
            owners.setdefault(word.lower(), set()).add(cls.kind)
            assert resolve_type(word) == cls.kind, word
    assert {w: k for w, k in owners.items() if len(k) > 1} == {}


@pytest.mark.parametrize(
    ("cls", "actors", "expected"),
    [
        (TownCaptured, ["ISIS"], "ISIS captured Jalula"),
        (TownCaptured, [], "Jalula captured"),
        (Clash, ["Army", "Rebels"], "Clashes between Army and Rebels in Jalula"),
        (Clash, ["Army"], "Clashes in Jalula"),
        (DesignationAnnounced, ["United States", "Some Group"], "United States designated Some Group"),
        (DesignationAnnounced, ["Some Group"], "Designation announced"),
    ],
)
def test_headline_takes_the_first_template_whose_actors_are_known(
    cls: type, actors: list[str], expected: str
) -> None:
    assert cls.title(actors, "Jalula") == expected
    row = SimpleNamespace(kind=cls.kind, actors=actors, place_resolved="Jalula", place_name="Jalawla")
    assert headline(row) == expected


def test_types_endpoint_and_csv_read_the_class() -> None:
    listed = {t["type"]: t for t in browse.types()}
    assert list(listed) == [cls.kind for cls in DOMAIN_EVENT_TYPES]
    for cls in DOMAIN_EVENT_TYPES:
        item = listed[cls.kind]
        assert (item["label"], item["style"]["color"], item["style"]["shape"]) == (cls.label, *cls.style)
        assert (item["acled"]["event_type"], item["acled"]["sub_event_type"]) == cls.acled_types()
        assert item["flags"]["control"] == cls.control
        entry = {"id": "e", "type": cls.kind, "label": cls.label, "headline": "h", "date": {}, "sources": []}
        row = csv_row(entry, ExportContext({}))
        assert (row["event_type"], row["sub_event_type"]) == cls.acled_types()

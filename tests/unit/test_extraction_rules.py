"""Rules and actor lists are data: they load, validate, extend from a user file, and the keyword
pre-filter never hides a pattern match."""

from __future__ import annotations

import json
import re

import pytest

from timeline.extraction.actors import load_actors
from timeline.extraction.ruleset import RULES_DIR, RuleError, default_rules, load_rules
from timeline.extraction.sentences import sentences

SAMPLES = """The rebels captured Saraqib and seized control of Taftanaz on Monday.
Manbij fell to the SDF after a siege. Kobani was retaken by Kurdish fighters.
The army launched an offensive on Deraa and began operations in Quneitra.
Jets bombed Ariha; an air strike hit Binnish. F-16s struck targets near Hit.
A suicide bomber blew himself up in Baghdad, and mortar fire hit Karbala.
Clashes broke out in Tal Rifaat as fighting spread to Azaz.
The Treasury designated Abu Ahmad as a terrorist. He had been added to the list of sanctioned persons.
Thousands of residents fled Afrin. The militants withdrew from Jarablus and pulled out of al-Bab.
Troops were deployed to Raqqa. The minister visited Erbil. He was appointed governor of Anbar.
Backed by Russian jets, the army advanced on Palmyra and broke the siege of Deir ez-Zor.
"""


def test_every_rule_loads_with_an_id_a_known_type_and_keywords():
    rules = default_rules().rules
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.keywords for r in rules)


def test_keyword_prefilter_never_hides_a_match():
    for s in sentences(SAMPLES):
        words = set(re.findall(r"[\w-]+", s.text.lower()))
        for rule in default_rules().rules:
            if rule.pattern.search(s.text):
                assert not rule.keywords.isdisjoint(words), (rule.id, s.text)


def test_a_rule_with_an_unknown_type_is_rejected(tmp_path):
    events = json.loads((RULES_DIR / "events.json").read_text())
    events["rules"][0]["type"] = "parade"
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    with pytest.raises(RuleError, match="unknown event type"):
        load_rules(events_path=path)


def test_a_rule_with_a_bad_regex_is_rejected(tmp_path):
    events = json.loads((RULES_DIR / "events.json").read_text())
    events["rules"][0]["pattern"] = "(unclosed"
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    with pytest.raises(RuleError, match="bad regex"):
        load_rules(events_path=path)


def test_actor_aliases_normalise_and_short_acronyms_need_their_case():
    lexicon = load_actors()
    text = "ISIL and Daesh are one group; this is not IS. The ISF and the Iraqi army are one force."
    names = [(m.surface, m.name) for m in lexicon.find(text)]
    assert ("ISIL", "Islamic State") in names and ("Daesh", "Islamic State") in names
    assert ("IS", "Islamic State") in names
    assert not any(surface == "is" for surface, _ in names)
    assert [n for s, n in names if s in ("ISF", "Iraqi army")] == ["Iraqi Security Forces"] * 2


def test_users_extend_the_actor_list_with_their_own_file(tmp_path, monkeypatch):
    extra = {"actors": [{"name": "Liwa Fatemiyoun", "kind": "armed_group", "aliases": ["Fatemiyoun"]},
                        {"name": "Islamic State", "aliases": ["Tanzim"]}]}
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(extra))
    monkeypatch.setenv("TIMELINE_ACTORS_FILE", str(path))
    lexicon = load_actors()
    names = {m.surface: m.name for m in lexicon.find("Fatemiyoun fighters joined Tanzim and ISIS.")}
    assert names["Fatemiyoun fighters"] == "Liwa Fatemiyoun"
    assert names["Tanzim"] == names["ISIS"] == "Islamic State"


def test_an_unreadable_user_actor_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="cannot read the actor list"):
        load_actors(path)

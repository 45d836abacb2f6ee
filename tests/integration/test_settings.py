"""One Settings object passed down: what it names reaches the parts built from it, per application (no
value cached from the process environment), and a changed actor list changes the projections' version."""

from __future__ import annotations

import json
from pathlib import Path

from timeline.bootstrap import opened
from timeline.config import Settings


def actor_file(folder: Path, name: str, alias: str) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"actors": [{"name": name, "kind": "armed_group", "aliases": [alias]}]}))
    return path


def test_each_application_uses_the_actor_file_its_settings_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TIMELINE_ACTORS_FILE", raising=False)
    first = Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}",
                     actors_file=actor_file(tmp_path, "Northern Brigade", "Nordies"))  # fmt: skip
    second = Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}",
                      actors_file=actor_file(tmp_path, "Southern Front", "Southies"))  # fmt: skip
    with opened(first) as a, opened(second) as b:
        assert a.queries.actors.known("nordies") == "Northern Brigade"
        assert a.queries.actors.known("Southies") is None
        assert b.queries.actors.known("southies") == "Southern Front"
        assert a.queries.actors.known("ISIL") == b.queries.actors.known("ISIL") == "Islamic State"
        assert a.queries.actors.fingerprint != b.queries.actors.fingerprint
        # the projections that canonicalise actors got the same vocabulary
        assert a.runner.projections["incidents"].actors is a.queries.actors  # type: ignore[attr-defined]


def test_each_applications_extraction_reads_its_own_actor_file(tmp_path: Path, monkeypatch) -> None:
    from timeline.domain.report import Report, report_id_for

    monkeypatch.delenv("TIMELINE_ACTORS_FILE", raising=False)
    first = Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}",
                     actors_file=actor_file(tmp_path, "Northern Brigade", "Nordies"))  # fmt: skip
    second = Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}")
    text = "Nordies fighters captured Rutba on Monday."
    report = Report(report_id=report_id_for(text), text=text, published=None)
    with opened(first) as a, opened(second) as b:
        (taken_a,) = a.extraction.extract(report)
        (taken_b,) = b.extraction.extract(report)
    assert taken_a.actors[:1] == ("Northern Brigade",)
    assert "Northern Brigade" not in taken_b.actors


def test_settings_read_the_environment_once_into_one_object(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_ACTORS_FILE", str(tmp_path / "x.json"))
    monkeypatch.setenv("TIMELINE_GAZETTEER_PATH", str(tmp_path / "g.sqlite"))
    monkeypatch.setenv("TIMELINE_GAZETTEER_SUPPLEMENT", str(tmp_path / "s.csv"))
    settings = Settings()
    assert (settings.actors_file, settings.gazetteer_path, settings.gazetteer_supplement) == (
        tmp_path / "x.json", tmp_path / "g.sqlite", tmp_path / "s.csv")

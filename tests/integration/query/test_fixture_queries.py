"""On the five fixture reports, ingested through the real application (cleaning, extraction, gazetteer)
into a temporary SQLite store: the Diyala-in-2014 questions the issue names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.bootstrap import opened
from timeline.config import Settings
from timeline.query.filters import TimelineFilter

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "reports"


@pytest.fixture(scope="module")
def fixture_ctx(tmp_path_factory):
    from datetime import date

    settings = Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('fixtures') / 'timeline.db'}")
    with opened(settings) as app:
        for path in sorted(FIXTURES.glob("*.txt")):
            meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
            published = date.fromisoformat(meta["published"]) if meta.get("published") else None
            app.ingest(
                path.read_text(encoding="utf-8"),
                filename=path.name,
                source=meta.get("outlet"),
                title=meta.get("title"),
                published=published,
            )
        yield app.queries


def items(ctx, **params):
    return ctx.timeline(TimelineFilter.model_validate(params), None, 500)["items"]


def test_diyala_2014_by_question_and_by_parameters(fixture_ctx):
    by_params = items(fixture_ctx, place="Diyala", **{"from": "2014", "to": "2014"})
    by_question = items(fixture_ctx, q="what happened in Diyala in 2014")
    assert {i["id"] for i in by_params} == {i["id"] for i in by_question}
    for item in by_params:
        assert item["place"]["admin1"] == "Diyala", item
        assert item["date"]["start"] <= "2014-12-31" and item["date"]["end"] >= "2014-01-01", item
        assert item["sources"] and item["sources"][0]["evidence"]["text"]
    captures = {
        (i["place"]["gazetteer_id"], i["date"]["start"][:7])
        for i in by_params
        if i["type"] == "town_captured"
    }
    jalula = {gid for gid, _ in captures if gid == "sup:jalula"}
    assert jalula, captures
    assert ("sup:jalula", "2014-06") in captures and ("sup:jalula", "2014-08") in captures, captures
    assert any(gid != "sup:jalula" and month == "2014-06" for gid, month in captures), captures  # Saadiyah


def test_alias_queries_agree_on_the_fixtures(fixture_ctx):
    assert [i["id"] for i in items(fixture_ctx, place="Jalawla")] == [
        i["id"] for i in items(fixture_ctx, place="Jalula")
    ]
    assert items(fixture_ctx, place="Jalula")


def test_as_reported_by_hides_later_reports(fixture_ctx):
    august = [i for i in items(fixture_ctx, place="Jalula") if i["date"]["start"].startswith("2014-08")]
    assert august and all(s["published"] == "2014-08-16" for i in august for s in i["sources"])
    before = {i["id"] for i in items(fixture_ctx, place="Jalula", as_reported_by="2014-08-15")}
    assert not before & {i["id"] for i in august}


def test_exports_of_the_fixtures_account_for_every_entry(fixture_ctx):
    """Through the real application: TimelineJS shows every dated entry with a display_date and counts
    the undated ones on its title slide; ACLED (read by pandas' defaults) has a row per entry, dated."""
    import io

    import pandas as pd

    every = fixture_ctx.timeline(TimelineFilter(), None, 500)["items"]
    undated = [i for i in every if not i["date"]["start"]]
    doc = json.loads("".join(fixture_ctx.export(TimelineFilter(), "timelinejs").chunks))
    assert len(doc["events"]) + len(undated) == len(every)
    assert all(event["display_date"] for event in doc["events"])
    assert doc["metadata"]["undated_not_shown"] == len(undated)
    if undated:
        assert f"{len(undated)} without a known date not shown" in doc["title"]["text"]["text"]
    acled = pd.read_csv(io.StringIO("".join(fixture_ctx.export(TimelineFilter(), "acled").chunks)))
    meta = json.loads("".join(fixture_ctx.export(TimelineFilter(), "acled-meta").chunks))
    assert len(acled) + sum(meta["omitted"].values()) == len(every) and len(acled) == meta["rows"]
    assert acled["event_date"].notna().all() and acled["event_id_cnty"].is_unique
    names = set(acled["admin1"].dropna()) | set(acled["location"].dropna())
    assert not {n for n in names if "Muhafazat" in n or "Governorate" in n or not n.isascii()}, names

"""The timeline query over a hand-written corpus in a real SQLite store: place containment, windows,
aliases, types, actors, sources, as_reported_by, as_of, pagination."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from timeline.domain.events import EventRetracted
from timeline.query.filters import BadFilter, PlaceNotFound, TimelineFilter


def ids(page: dict) -> set[str]:
    return {item["id"] for item in page["items"]}


def query(ctx, limit=100, cursor=None, **params):
    return ctx.timeline(TimelineFilter.model_validate(params), cursor, limit)


def test_diyala_2014_by_parameters_and_by_question(standard):
    corpus, ctx, _ = standard
    expected = {
        corpus.ids[k]
        for k in ("wire_jalula", "wire_saadiyah", "river_jalula", "herald_jalula", "august_jalula")
    }
    by_params = query(ctx, place="Diyala", **{"from": "2014", "to": "2014"})
    assert ids(by_params) == expected
    assert by_params["total"] == 5
    by_question = query(ctx, q="what happened in Diyala in 2014")
    assert ids(by_question) == expected
    assert by_question["query"]["place"]["id"] == "adm1:IQ.10"
    assert by_question["query"]["from"] == "2014-01-01" and by_question["query"]["to"] == "2014-12-31"
    for item in by_params["items"]:
        assert item["place"]["admin1"] == "Diyala"
        assert item["date"]["start"] <= "2014-12-31" and item["date"]["end"] >= "2014-01-01"
        assert item["sources"] and all(s["evidence"]["text"] for s in item["sources"])
    dates = [i["date"]["start"] for i in by_params["items"]]
    assert dates == sorted(dates)


def test_alias_spellings_return_the_same(standard):
    _, ctx, _ = standard
    assert (
        ids(query(ctx, place="Jalawla"))
        == ids(query(ctx, place="Jalula"))
        == ids(query(ctx, place="sup:jalula"))
    )
    assert len(ids(query(ctx, place="Jalula"))) == 4


def test_unknown_place_suggests_close_matches(standard):
    _, ctx, _ = standard
    with pytest.raises(PlaceNotFound) as caught:
        query(ctx, place="Jalulla")
    assert "Jalula" in [s["name"] for s in caught.value.suggestions]


def test_country_window_type_actor_and_precision(standard):
    corpus, ctx, _ = standard
    assert ids(query(ctx, q="air strikes in Syria in December 2018")) == {corpus.ids["later_raqqa"]}
    assert ids(query(ctx, q="designations in 2017")) == {corpus.ids["later_designation"]}
    captured = query(ctx, q="towns captured by ISIS in Diyala in June 2014")
    assert captured["query"]["actors"] == ["Islamic State"] and captured["query"]["types"] == [
        "town_captured"
    ]
    assert ids(captured) == {corpus.ids[k] for k in ("wire_jalula", "wire_saadiyah", "river_jalula")}
    assert ids(query(ctx, actor="Daesh", types=("Town captured",), to="2014-06")) == ids(captured)
    assert corpus.ids["later_raqqa"] not in ids(query(ctx, precision="day"))
    assert corpus.ids["later_raqqa"] in ids(query(ctx, precision="month"))
    assert ids(query(ctx, source="river")) == {corpus.ids["river_jalula"]}


def test_merged_sources_and_min_sources(standard):
    corpus, ctx, _ = standard
    page = query(ctx, place="Jalula", **{"from": "June 2014", "to": "2014-06"})
    wire = next(i for i in page["items"] if i["id"] == corpus.ids["wire_jalula"])
    assert {s["outlet"] for s in wire["sources"]} == {"Desert Wire", "River Post"}
    assert [c["id"] for c in wire["contradictions"]] == [corpus.ids["herald_jalula"]]
    corroborated = query(ctx, min_sources=2)
    assert ids(corroborated) == {corpus.ids["wire_jalula"], corpus.ids["river_jalula"]}


def test_as_reported_by_hides_later_reports(standard):
    corpus, ctx, _ = standard
    early = ids(query(ctx, place="Diyala", as_reported_by="2014-06-14"))
    assert early == {corpus.ids["wire_jalula"], corpus.ids["wire_saadiyah"]}
    assert corpus.ids["river_jalula"] in ids(query(ctx, place="Diyala", as_reported_by="2014-06-15"))


def test_as_of_replays_the_log(standard):
    corpus, ctx, reports = standard
    before = corpus.store.last_position()
    corpus.curate(
        reports["wire"],
        EventRetracted(
            event_id="retract-1", target_event_id=corpus.ids["wire_saadiyah"], reason="wrong town"
        ),
    )
    corpus.project()
    assert corpus.ids["wire_saadiyah"] not in ids(query(ctx, place="Diyala"))
    then = query(ctx, place="Diyala", as_of=str(before))
    assert corpus.ids["wire_saadiyah"] in ids(then)
    assert "position" in then["query"]["understood"]
    with pytest.raises(BadFilter):
        query(ctx, as_of=str(corpus.store.last_position() + 10))


def test_cursor_pages_cover_everything_once(standard):
    _, ctx, _ = standard
    everything = query(ctx)
    seen, cursor = [], None
    while True:
        page = query(ctx, limit=3, cursor=cursor)
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [i["id"] for i in everything["items"]] and len(seen) == everything["total"]
    with pytest.raises(BadFilter):
        query(ctx, cursor="not-a-cursor")


def test_bad_windows_are_bad_filters(standard):
    _, ctx, _ = standard
    for params in (
        {"from": "Juin 2014"},
        {"from": "2014-13"},
        {"from": "2015", "to": "2014"},
        {"types": ("x",)},
    ):
        with pytest.raises(BadFilter):
            query(ctx, **params)


def test_as_of_by_time(standard):
    from datetime import UTC, datetime, timedelta

    corpus, ctx, _ = standard
    stored = corpus.store.read_all(0, 1000)
    now = stored[-1].recorded_at
    assert ids(query(ctx, as_of=(now + timedelta(seconds=1)).isoformat())) == ids(query(ctx))
    assert query(ctx, as_of="2000-01-01T00:00:00Z")["total"] == 0
    naive = (now + timedelta(seconds=1)).astimezone(UTC).replace(tzinfo=None).isoformat()
    assert ids(query(ctx, as_of=naive)) == ids(query(ctx))  # no offset given: read as UTC
    assert datetime.now(UTC) >= now


def test_a_repeated_page_is_served_again_until_a_projection_moves(standard):
    corpus, ctx, reports = standard
    flt = TimelineFilter.model_validate({"place": "Diyala", "from": "2014", "to": "2014"})
    first = ctx.timeline(flt, None, 50)
    assert ctx.timeline(flt, None, 50) is first  # computed once while nothing changed
    target = corpus.ids["wire_jalula"]
    corpus.curate(reports["wire"], EventRetracted(event_id="cache-r", target_event_id=target, reason="wrong"))
    assert ctx.timeline(flt, None, 50) is first  # the log moved, the projections not yet: same answer
    corpus.project()
    after = ctx.timeline(flt, None, 50)
    assert after["total"] == first["total"] - 1
    assert target not in {item["id"] for item in after["items"]}


def test_the_pages_of_one_filter_are_counted_once_until_a_projection_moves(standard):
    corpus, ctx, reports = standard
    counts: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "count(*)" in statement.lower():
            counts.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", seen)
    try:
        flt = TimelineFilter.model_validate({"place": "Iraq"})
        first = ctx.timeline(flt, None, 3)
        assert counts and first["next_cursor"]
        counted = len(counts)
        second = ctx.timeline(flt, first["next_cursor"], 3)  # another page: the count is not run again
        assert len(counts) == counted and second["total"] == first["total"]
        retraction = EventRetracted(event_id="count-r", target_event_id=corpus.ids["wire_jalula"], reason="x")
        corpus.curate(reports["wire"], retraction)
        corpus.project()
        third = ctx.timeline(flt, first["next_cursor"], 3)
        assert len(counts) > counted and third["total"] == first["total"] - 1
    finally:
        event.remove(ctx.engine, "before_cursor_execute", seen)

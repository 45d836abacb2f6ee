"""Incident merging on a purpose-built corpus: same happening across outlets merged with its rule,
contradictions kept apart and flagged, a curator's split undoes a merge, rebuild == incremental."""

from __future__ import annotations

from sqlalchemy import select

from timeline.domain.events import IncidentSplit
from timeline.projections.tables import incident_events, incidents
from timeline.query import incidents_query
from timeline.query.filters import TimelineFilter

from .conftest import Said, d


def incident_rows(corpus):
    with corpus.store.engine.connect() as conn:
        members = {r.event_id: r for r in conn.execute(select(incident_events))}
        heads = {r.incident_id: r for r in conn.execute(select(incidents))}
    return members, heads


def test_same_happening_merges_with_rule_and_corroboration(standard):
    corpus, ctx, _ = standard
    members, heads = incident_rows(corpus)
    wire, river = members[corpus.ids["wire_jalula"]], members[corpus.ids["river_jalula"]]
    assert wire.incident_id == river.incident_id
    assert river.rule == "same-place+overlapping-dates+compatible-actors"
    assert river.merged_with == corpus.ids["wire_jalula"]
    assert heads[wire.incident_id].outlet_count == 2
    # Different days (August) and a different captor (Peshmerga) stay apart.
    assert members[corpus.ids["august_jalula"]].incident_id != wire.incident_id
    assert members[corpus.ids["herald_jalula"]].incident_id != wire.incident_id


def test_incidents_endpoint_logic_flags_contradiction(standard):
    corpus, ctx, _ = standard
    r = ctx.resolve(TimelineFilter.model_validate({"place": "Jalula", "from": "2014-06", "to": "2014-06"}))
    with ctx.engine.connect() as conn:
        page = incidents_query.page(conn, r, None, 50, ctx.actors)
    assert page["total"] == 2
    merged = next(i for i in page["items"] if i["event_count"] == 2)
    assert merged["corroboration"] == 2 and merged["contradicted"]
    assert {s["outlet"] for s in merged["entry"]["sources"]} == {"Desert Wire", "River Post"}
    assert [c["actors"][0] for c in merged["entry"]["contradictions"]] == ["Peshmerga"]


def test_admin1_event_merges_with_a_town_inside(corpus, gazetteer):
    corpus.report(
        "Valley News",
        d("2014-06-20"),
        {
            "town": Said(
                "offensive_launched",
                "sup:saadiyah",
                d("2014-06-10"),
                d("2014-06-10"),
                ("ISIS",),
                "ISIS opened an assault on Saadiyah on Tuesday.",
            ),
        },
    )
    corpus.report(
        "Plain Courier",
        d("2014-06-30"),
        {
            "area": Said(
                "offensive_launched",
                "adm1:IQ.10",
                d("2014-06-01"),
                d("2014-06-30"),
                ("Islamic State",),
                "Islamic State began a push into Diyala province in June.",
                precision="month",
            ),
            "elsewhere": Said(
                "offensive_launched",
                "gn:99131",
                d("2014-06-01"),
                d("2014-06-30"),
                ("Islamic State",),
                "A drive on Tikrit also started that month.",
                precision="month",
            ),
        },
    )
    corpus.project()
    members, _ = incident_rows(corpus)
    assert members[corpus.ids["area"]].incident_id == members[corpus.ids["town"]].incident_id
    assert members[corpus.ids["area"]].rule.startswith("inside-admin1")
    assert members[corpus.ids["elsewhere"]].incident_id != members[corpus.ids["town"]].incident_id


def test_split_undoes_a_merge_and_rebuild_agrees(standard):
    corpus, ctx, reports = standard
    corpus.curate(
        reports["river"],
        IncidentSplit(
            event_id="split-1", target_event_id=corpus.ids["river_jalula"], reason="a different assault"
        ),
    )
    corpus.project()
    members, heads = incident_rows(corpus)
    river, wire = members[corpus.ids["river_jalula"]], members[corpus.ids["wire_jalula"]]
    assert river.incident_id != wire.incident_id
    assert heads[wire.incident_id].outlet_count == 1 and heads[river.incident_id].pinned
    corpus.runner.rebuild("incidents")
    rebuilt_members, rebuilt_heads = incident_rows(corpus)
    assert {k: (v.incident_id, v.rule) for k, v in rebuilt_members.items()} == {
        k: (v.incident_id, v.rule) for k, v in members.items()
    }
    assert rebuilt_heads == heads


def test_corrections_and_retractions_move_events_between_incidents(standard):
    from timeline.domain.events import EventCorrected, EventRetracted
    from timeline.projections.tables import control_events

    corpus, ctx, reports = standard
    august = {"start": "2014-08-11", "end": "2014-08-11", "precision": "day", "phrase": "on Monday"}
    corpus.curate(
        reports["river"],
        EventCorrected(
            event_id="fix-1",
            target_event_id=corpus.ids["river_jalula"],
            changes={"date": august},
            reason="misdated",
        ),
    )
    corpus.project()  # one step
    corpus.curate(
        reports["herald"],
        EventRetracted(
            event_id="ret-1", target_event_id=corpus.ids["herald_jalula"], reason="not corroborated"
        ),
    )
    corpus.project()  # another step
    members, heads = incident_rows(corpus)
    assert members[corpus.ids["river_jalula"]].incident_id == members[corpus.ids["august_jalula"]].incident_id
    assert heads[members[corpus.ids["wire_jalula"]].incident_id].outlet_count == 1
    assert corpus.ids["herald_jalula"] not in members
    with corpus.store.engine.connect() as conn:
        control = {r.event_id: r for r in conn.execute(control_events.select())}
    assert corpus.ids["herald_jalula"] not in control
    assert str(control[corpus.ids["river_jalula"]].date_start) == "2014-08-11"
    r = ctx.resolve(TimelineFilter.model_validate({"place": "Jalula"}))
    with ctx.engine.connect() as conn:
        items = incidents_query.page(conn, r, None, 50, ctx.actors)["items"]
        assert not any(i["contradicted"] for i in items)

    def snapshot():
        with corpus.store.engine.connect() as conn:
            inc = sorted((r.event_id, r.incident_id, r.rule) for r in conn.execute(select(incident_events)))
            ctl = sorted(
                (r.event_id, str(r.date_start), r.actor) for r in conn.execute(control_events.select())
            )
        return inc, ctl

    incremental = snapshot()
    corpus.runner.rebuild("incidents")
    corpus.runner.rebuild("control")
    assert snapshot() == incremental

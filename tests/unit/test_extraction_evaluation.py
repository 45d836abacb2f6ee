"""The re-implemented SCHEMA.md matcher: type, place (name/alias, 30 km, admin1/country), date overlap,
required gold first, optional matches not counted against precision."""

from __future__ import annotations

from timeline.extraction.evaluation import fold, score_report

NINEVEH = {"name": "Nineveh", "aliases": ["Ninawa"], "admin1": "Ninawa", "country": "IQ", "lat": 36.0,
           "lon": 42.5, "level": "admin1"}
TOWN = {"name": "Bartella", "aliases": [], "admin1": "Ninawa", "country": "IQ", "lat": 36.35, "lon": 43.38,
        "level": "locality"}


def gold(kind, place, date=None, required=True):
    return {"type": kind, "place": place, "required": required,
            "date": None if date is None else {"earliest": date[0], "latest": date[1]}}


def pred(kind, place, start=None, end=None):
    return {"type": kind, "place": place, "date": None if start is None else {"start": start, "end": end}}


def test_fold_drops_articles_case_and_punctuation():
    assert fold("Al-Qa'im") == fold("al Qaim") == "qaim"


def test_admin1_gold_matches_a_prediction_in_that_admin1():
    p = pred("clash", {"name": "Mosul", "admin1": "Ninawa", "country": "IQ", "lat": 36.33, "lon": 43.12})
    s = score_report([gold("clash", NINEVEH)], [p])
    assert (s.tp, s.predicted, s.place_exact) == (1, 1, 0)


def test_locality_within_30_km_matches_but_is_not_exact():
    p = pred("town_captured", {"name": "Karamlesh", "lat": 36.55, "lon": 43.38})
    s = score_report([gold("town_captured", TOWN)], [p])
    assert (s.tp, s.place_exact) == (1, 0)


def test_dates_must_overlap_and_exact_means_inside():
    g = [gold("attack", TOWN, ("2016-10-17", "2016-10-18"))]
    inside = score_report(g, [pred("attack", TOWN, "2016-10-17", "2016-10-17")])
    wider = score_report(g, [pred("attack", TOWN, "2016-10-10", "2016-10-20")])
    apart = score_report(g, [pred("attack", TOWN, "2016-09-01", "2016-09-02")])
    assert (inside.tp, inside.date_exact, wider.tp, wider.date_exact, apart.tp) == (1, 1, 1, 0, 0)


def test_required_gold_claims_first_and_optional_hits_are_free():
    g = [gold("airstrike", TOWN, required=False), gold("airstrike", TOWN)]
    s = score_report(g, [pred("airstrike", TOWN), pred("airstrike", TOWN), pred("clash", TOWN)])
    assert (s.tp, s.required, s.predicted, len(s.spurious)) == (1, 1, 2, 1)
    assert s.precision == 0.5 and s.recall == 1.0

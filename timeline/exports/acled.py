"""`acled`: ACLED's full column set, in ACLED's order, with ACLED's vocabularies (ACLED codebook), in RFC
4180 (timeline.exports.rfc4180). How each of our types is coded (event type, sub-event type, disorder type)
is a fact of its class (`DomainEvent.acled_coding` in timeline.domain.events); actor codes come from the
actor vocabulary (timeline.domain.actors); names are the gazetteer's display names. This module owns
ACLED's own codes: time and geo precision, ISO numeric country codes, regions, and the `tags` column that
carries this project's precision and provenance ("date_precision=...; acled_rule=...; confidence=...").

ACLED always has a date: an undated entry takes its report's publication date, with time_precision 3 and
the tag "event_date=report published"; an entry with neither is left out (a row with an invented date
would be read as a fact), and the `acled-meta` sidecar counts it under "omitted"."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from timeline.domain.actors import acled_interaction
from timeline.domain.events import BY_KIND, AcledCoding
from timeline.exports import ExportContext
from timeline.exports.rfc4180 import Omitted, Table, serialize_table
from timeline.gazetteer.display import country_name

# ACLED's regions, by ISO 3166-1 alpha-2, for the countries whose places the gazetteer matches in report
# text (timeline.gazetteer.regions); any other country's region is left empty rather than guessed.
REGIONS: dict[str, str] = {
    **dict.fromkeys(("IQ", "SY", "IR", "TR", "LB", "JO", "IL", "PS", "SA", "KW", "YE", "OM", "AE", "QA",
                     "BH"), "Middle East"),
    **dict.fromkeys(("EG", "LY", "TN", "DZ", "MA", "SD"), "Northern Africa"),
    **dict.fromkeys(("ML", "NE", "BF", "MR", "NG"), "Western Africa"),
    **dict.fromkeys(("TD", "CM", "CF"), "Middle Africa"),
    **dict.fromkeys(("SO", "ET", "ER", "DJ", "SS", "KE"), "Eastern Africa"),
    **dict.fromkeys(("AF", "PK"), "South Asia"),
    **dict.fromkeys(("AZ", "AM", "GE"), "Caucasus and Central Asia"),
    **dict.fromkeys(("UA", "RU", "BY", "MD", "CY"), "Europe"),
}  # fmt: skip
UNKNOWN_COUNTRY = "XXX"  # ISO 3166 user-assigned code: the event_id_cnty prefix of an entry with no country
# Where an outlet's reach is not known, ACLED's "Other" (the scale is an analyst's judgement of the outlet).
SOURCE_SCALE = "Other"
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3}
_GEO_PRECISION = {"locality": 1, "admin1": 3, "country": 3}


def time_precision(when: dict[str, Any]) -> int:
    """ACLED's code: 1 the day is known, 2 the week (an interval of up to 7 days), 3 a month or vaguer."""
    start, end, precision = when.get("start"), when.get("end"), when.get("precision")
    if precision in _TIME_PRECISION:
        return _TIME_PRECISION[precision]
    if start and end:  # a range, a "before publication" window, or unknown: by the interval's width
        width = (date.fromisoformat(end) - date.fromisoformat(start)).days
        return 1 if width == 0 else 2 if width <= 6 else 3
    return 3


def geo_precision(place: dict[str, Any]) -> int | None:
    """ACLED's code: 1 the town, 2 near it or its district, 3 the province or larger."""
    return _GEO_PRECISION.get(place.get("precision") or "locality") if place else None


def outlets(entry: dict[str, Any]) -> str:
    return "; ".join(dict.fromkeys(str(s["outlet"]) for s in entry.get("sources") or [] if s.get("outlet")))


def acled_coding(entry: dict[str, Any], inter1: int) -> AcledCoding:
    """How ACLED codes the entry (its type's rule) given its first actor's code and its own evidence."""
    sources = entry.get("sources") or []
    return BY_KIND[entry["type"]].acled_coding(inter1 == 1, sources[0]["evidence"]["text"] if sources else "")


def notes(entry: dict[str, Any]) -> str:
    """The headline and the first source's evidence sentence as written."""
    sources = entry.get("sources") or []
    evidence = sources[0]["evidence"]["text"] if sources else ""
    return f"{entry['headline']}. Evidence: {evidence}" if evidence else entry["headline"]


@lru_cache(maxsize=300)
def _country(code: str) -> tuple[str, int | None]:
    """(alpha-3, ISO numeric) of an alpha-2 code."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return (found.alpha_3, int(found.numeric)) if found else (UNKNOWN_COUNTRY, None)


def _tag(value: Any) -> str:
    return str(value).replace(";", ",").replace("=", ":").strip()


def row(entry: dict[str, Any], ctx: ExportContext) -> dict[str, Any] | Omitted:
    when = entry.get("date") or {}
    place = entry.get("place") or {}
    actors = list(entry.get("actors") or [])
    sources = entry.get("sources") or []
    tags = {"date_precision": when.get("precision") or "unknown"}
    event_date, precision = when.get("start"), time_precision(when)
    if not event_date:
        published = sorted(s["published"] for s in sources if s.get("published"))
        if not published:
            return "undated, no publication date"
        event_date, precision = published[0], 3
        tags["event_date"] = "report published"
    if when.get("phrase"):
        tags["date_phrase"] = when["phrase"]
    code = place.get("country")
    alpha3, iso = _country(code) if code else (UNKNOWN_COUNTRY, None)
    country = country_name(code) if code else None
    unnamed, unnamed_code = BY_KIND[entry["type"]].acled_unnamed_actor
    if actors:
        inter1 = ctx.actors.acled_inter(actors[0])
    else:
        actors, inter1 = [f"{unnamed} ({country})" if country else unnamed], unnamed_code
        tags["actor1"] = "unnamed in the report"
    inter2 = ctx.actors.acled_inter(actors[1]) if len(actors) > 1 else 0
    coding = acled_coding(entry, inter1)
    tags["acled_rule"] = coding.rule
    if place:
        tags["place_precision"] = place.get("precision") or "locality"
    if place.get("gazetteer_id"):
        tags["gazetteer_id"] = place["gazetteer_id"]
    if place.get("spelling") and place.get("spelling") != place.get("name"):
        tags["place_spelling"] = place["spelling"]
    if entry.get("confidence") is not None:
        tags["confidence"] = entry["confidence"]
    tags["sources"] = len(sources)
    tags["event_id"] = entry["id"]
    fatalities = entry.get("fatalities") or {}
    civilian = coding.event_type == "Violence against civilians" or inter2 == 7
    return {
        "event_id_cnty": f"{alpha3}{entry['position']}", "event_date": event_date,
        "year": int(event_date[:4]),
        "time_precision": precision, "disorder_type": coding.disorder_type, "event_type": coding.event_type,
        "sub_event_type": coding.sub_event_type, "actor1": actors[0], "assoc_actor_1": "; ".join(actors[2:]),
        "inter1": inter1, "actor2": actors[1] if len(actors) > 1 else "", "assoc_actor_2": "",
        "inter2": inter2, "interaction": acled_interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "", "iso": iso,
        "region": REGIONS.get(code or "", ""), "country": country or "", "admin1": place.get("admin1") or "",
        "admin2": "", "admin3": "", "location": place.get("name") or "", "latitude": place.get("lat"),
        "longitude": place.get("lon"), "geo_precision": geo_precision(place), "source": outlets(entry),
        "source_scale": SOURCE_SCALE, "notes": notes(entry),
        "fatalities": fatalities.get("low") if fatalities.get("low") is not None else 0,
        "tags": "; ".join(f"{key}={_tag(value)}" for key, value in tags.items()),
        "timestamp": _timestamp(ctx),
    }  # fmt: skip


def _timestamp(ctx: ExportContext) -> int:
    """ACLED's `timestamp` is when the row was last written: here, when the export was generated."""
    generated = ctx.metadata.get("generated_at")
    moment = datetime.fromisoformat(generated) if generated else datetime.now(UTC)
    return int(moment.timestamp())


TABLE = Table("acled", (
    ("event_id_cnty", "ISO alpha-3 of the country and the event's store position (XXX when no country)"),
    ("event_date", "ISO 8601; an undated event's report publication date (tagged)"),
    ("year", "year of event_date"),
    ("time_precision", "1 day, 2 week, 3 month or vaguer"),
    ("disorder_type", "Political violence, Demonstrations or Strategic developments"),
    ("event_type", "ACLED event type"), ("sub_event_type", "ACLED sub-event type"),
    ("actor1", "first actor (canonical name); none named: Unidentified Armed Group (country), or Civilians"),
    ("assoc_actor_1", "further actors named, '; '-separated"),
    ("inter1", "ACLED actor code of actor1 (1-8)"),
    ("actor2", "second actor (target or other side)"), ("assoc_actor_2", "not extracted: empty"),
    ("inter2", "ACLED actor code of actor2, 0 when there is none"),
    ("interaction", "the two codes sorted as one number (12); a lone actor's code times ten"),
    ("civilian_targeting", "'Civilian targeting' when civilians were the target"),
    ("iso", "ISO 3166-1 numeric country code"), ("region", "ACLED region"),
    ("country", "English display name"), ("admin1", "province (English display name)"),
    ("admin2", "not in the gazetteer: empty"), ("admin3", "not in the gazetteer: empty"),
    ("location", "place (English display name)"), ("latitude", "WGS84"), ("longitude", "WGS84"),
    ("geo_precision", "1 town, 2 near it or district, 3 province or larger"),
    ("source", "outlets that state it, '; '-separated"),
    ("source_scale", "Other: the outlets' reach is not known"),
    ("notes", "headline and the first source's evidence sentence, as written"),
    ("fatalities", "lowest stated number of dead; 0 when none stated"),
    ("tags", "this service's precision and provenance: key=value pairs, '; '-separated"),
    ("timestamp", "Unix time the row was written (the export's generated_at)"),
), row)
COLUMNS = TABLE.names


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    return serialize_table(TABLE, entries, ctx)

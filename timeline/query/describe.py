"""How a resolved query was understood, in words, echoed to the caller so a misreading shows."""

from __future__ import annotations

from timeline.gazetteer.display import display_name
from timeline.query.filters import ResolvedFilter


def describe(r: ResolvedFilter) -> str:
    """How the query was understood, in words."""
    what = " or ".join(k.replace("_", " ") for k in r.kinds) if r.kinds else "all events"
    parts = [what]
    if r.actor_label:
        parts.append(f"by {r.actor_label}")
    if r.place:
        parts.append(f"in {display_name(r.place.name)} ({r.place.level})")
    if r.start or r.end:
        parts.append(f"from {r.start or 'the beginning'} to {r.end or 'now'}")
    if r.precisions:
        parts.append(f"dated to the {r.precisions[-1]} or finer")
    if r.source:
        parts.append(f"reported by {r.source}")
    if r.min_sources:
        parts.append(f"with at least {r.min_sources} sources")
    if r.reported_by:
        parts.append(f"as reported by {r.reported_by}")
    if r.as_of_position is not None:
        parts.append(f"as the store held it at position {r.as_of_position}")
    if r.question and r.question["leftover"]:
        parts.append(f"(words not understood: {' '.join(r.question['leftover'])})")
    return " ".join(parts)

"""Who held a place when: captures and withdrawals in date order -> periods of control (controller,
from, to, the events that say so), disputed when reports name different captors for the same days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeline.domain.events import BY_KIND


@dataclass
class Period:
    controller: str
    start: date | None  # None: held since before anything the reports say
    end: date | None  # None: still held as far as the reports say
    event_ids: list[str] = field(default_factory=list)
    inferred: bool = False  # read from a loss or withdrawal, not from a capture
    disputed: bool = False
    claimed_until: date | None = None  # last day of the capture reports' own date intervals

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def control_periods(events: Iterable[Any]) -> list[Period]:
    """Gains (captures) and losses (withdrawals) of one place, by the type's `control` fact. `events`: rows
    with kind, date_start, date_end, actor, other_actor, event_id, position."""
    dated = sorted((e for e in events if e.date_start is not None), key=lambda e: (e.date_start, e.position))
    periods: list[Period] = []
    for e in dated:
        current = periods[-1] if periods and periods[-1].end is None else None
        effect = BY_KIND[e.kind].control
        if effect == "gain":
            if current is not None and current.controller == e.actor:
                current.event_ids.append(e.event_id)  # the same capture, told again
                current.claimed_until = max(current.claimed_until or e.date_end, e.date_end or e.date_start)
                continue
            if current is not None and current.claimed_until and e.date_start <= current.claimed_until:
                # Another captor for days already claimed: keep both, flag the dispute.
                current.disputed = True
                periods.append(Period(e.actor, e.date_start, None, [e.event_id], disputed=True,
                                      claimed_until=e.date_end or e.date_start))
                continue
            if current is not None:
                current.end = e.date_start
            elif not periods and e.other_actor:
                periods.append(Period(e.other_actor, None, e.date_start, [e.event_id], inferred=True))
            periods.append(Period(e.actor, e.date_start, None, [e.event_id],
                                  claimed_until=e.date_end or e.date_start))
        elif effect == "loss":
            if current is not None and current.controller == e.actor:
                current.end = e.date_start
                current.event_ids.append(e.event_id)
            elif current is None and not periods:
                periods.append(Period(e.actor, None, e.date_start, [e.event_id], inferred=True))
    return periods


def holder_on(periods: list[Period], day: date) -> list[Period]:
    """The period(s) covering `day` (more than one when disputed)."""
    return [p for p in periods if p.holds_on(day)]

"""The actor vocabulary: canonical names and the aliases reports and people use for them. A value built
once (by the bootstrap, from the extraction's list, the user's actor file and the query aliases) and passed
to what needs it; its fingerprint goes into the version of projections whose rows depend on it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

# ACLED's actor codes (codebook, inter1/inter2): 1 state forces, 2 rebel groups, 3 political militias,
# 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces. Our actor kinds map to
# them; an actor's own "acled_inter" in the actor list overrides (militias 3, coalitions and international
# bodies 8). A name the vocabulary does not know is coded as ACLED codes an unidentified armed group.
ACLED_INTER_BY_KIND: dict[str, int] = {"state_force": 1, "government": 1, "armed_group": 2, "generic": 3}
ACLED_INTER_UNKNOWN = 3


def acled_interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two actor codes sorted and written as one number (1 and 2 -> 12); an
    event with one actor is that code times ten (2 -> 20, "sole rebel action")."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


class ActorVocabulary:
    def __init__(self, table: Mapping[str, Sequence[str]], kinds: Mapping[str, str] | None = None,
                 acled_inter: Mapping[str, int] | None = None) -> None:
        """`table`: canonical name -> aliases (a name listed under two canonicals belongs to the first);
        `kinds`: canonical name -> actor kind (state_force, government, armed_group); `acled_inter`:
        canonical name -> ACLED actor code where the kind's code does not fit."""
        self.table = {name: list(aliases) for name, aliases in table.items()}
        self.kinds = dict(kinds or {})
        self._acled_inter = dict(acled_inter or {})
        self._canonical: dict[str, str] = {}
        for name, aliases in self.table.items():
            for alias in (name, *aliases):
                self._canonical.setdefault(alias.casefold(), name)
        self.fingerprint = hashlib.sha256(
            json.dumps(self.table, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:12]

    def canonical(self, name: str) -> str:
        """The canonical name of an alias (the name itself, trimmed, when unknown)."""
        return self._canonical.get(name.casefold().strip(), name.strip())

    def known(self, name: str) -> str | None:
        """The canonical name of an alias, or None when the vocabulary does not know it."""
        return self._canonical.get(name.casefold().strip())

    def acled_inter(self, name: str) -> int:
        """ACLED's actor code (1-8) of an actor, from its own override or its kind."""
        canonical = self.canonical(name)
        if canonical in self._acled_inter:
            return self._acled_inter[canonical]
        return ACLED_INTER_BY_KIND.get(self.kinds.get(canonical, ""), ACLED_INTER_UNKNOWN)

    def aliases(self) -> dict[str, str]:
        """Folded alias -> canonical name (every spelling, canonical names included)."""
        return dict(self._canonical)

    def aliases_of(self, canonical: str) -> list[str]:
        """The spellings other than the canonical name itself."""
        return sorted(a for a in self.table.get(canonical, []) if a != canonical)

    def spellings(self, name: str) -> list[str]:
        """Every spelling stored rows may carry for the actor `name` (canonical first), so a filter on any
        alias finds events stored under the canonical name or under the alias as written."""
        canonical = self.known(name)
        if canonical is None:
            return [name.strip()]
        return list(dict.fromkeys([canonical, *self.table.get(canonical, [])]))

"""The actor vocabulary: canonical names and the aliases reports and people use for them. A value built
once (by the bootstrap, from the extraction's list, the user's actor file and the query aliases) and passed
to what needs it; its fingerprint goes into the version of projections whose rows depend on it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence


class ActorVocabulary:
    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        """`table`: canonical name -> aliases (a name listed under two canonicals belongs to the first)."""
        self.table = {name: list(aliases) for name, aliases in table.items()}
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

"""English words the gazetteer would take for places outside the core region: a check run when the text
countries or the index change, to keep common_words.txt up to date.

Usage: python benchmarks/gazetteer_word_collisions.py FILE... (any English text: the words are read from it)
Prints how many distinct lower-case words were tried and each that, capitalised at a sentence start, is
matched as a locality outside Iraq/Syria and their neighbours (with the country it lands in).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from timeline.gazetteer import Gazetteer
    from timeline.gazetteer.regions import REGION

    files = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
    words: set[str] = set()
    for f in files:
        words.update(re.findall(r"\b[a-z]{3,}\b", f.read_text(encoding="utf-8", errors="ignore")))
    gaz = Gazetteer.default()
    started = time.perf_counter()
    hits = []
    for word in sorted(words):
        text = f"{word.capitalize()} was reported."
        mentions = gaz.find_mentions(text)
        entry = gaz.resolve(mentions, text)[0] if mentions else None
        if entry is not None and entry.level == "locality" and entry.country not in REGION:
            hits.append(f"{word}/{entry.country}")
    print(f"words tried   {len(words):8d}  ({time.perf_counter() - started:.1f} s)")
    print(f"collisions    {len(hits):8d}  ({100 * len(hits) / max(1, len(words)):.2f} %)")
    print(" ".join(hits))


if __name__ == "__main__":
    main()

"""`python -m timeline.gazetteer [PATH] [--if-stale] [--supplement FILE]`: build the index (run as a
child on first use)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from timeline.gazetteer.build import build_index

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    args = [a for a in sys.argv[1:] if a != "--if-stale"]
    supplement = None
    if "--supplement" in args:
        at = args.index("--supplement")
        supplement = Path(args[at + 1])
        del args[at : at + 2]
    figures = build_index(Path(args[0]) if args else None, supplement, only_if_stale="--if-stale" in sys.argv)
    print(f"built: {int(figures['entries'])} entries in {figures['seconds']:.1f} s")

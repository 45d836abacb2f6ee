"""`python -m timeline.gazetteer [PATH]`: build the index (used to build in a child process on first use)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from timeline.gazetteer.build import build_index

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    figures = build_index(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"built: {int(figures['entries'])} entries in {figures['seconds']:.1f} s")

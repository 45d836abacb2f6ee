"""Run extraction on one report file and print {"events": [...]} in the shape score.py reads.

    python benchmarks/extract_json.py REPORT [--published YYYY-MM-DD]

A stand-in for `timeline extract --json` while the CLI is written; it uses the same serialisation
(`timeline.extraction.output.to_score_json`). Without --published it uses the date found in the report.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract
from timeline.extraction.cleaning import InvalidReport, prepare_page
from timeline.extraction.output import to_score_json
from timeline.extraction.pubdate import find_publication_date


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path)
    ap.add_argument("--published", type=date.fromisoformat, default=None)
    args = ap.parse_args()
    try:
        page = prepare_page(args.report.read_bytes(), filename=args.report.name)
    except (OSError, InvalidReport) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    published, uncertain = args.published, False
    if published is None:
        found = find_publication_date(page.text)
        if found is not None:
            published, uncertain = found.date, found.uncertain
    report = Report(report_id=report_id_for(page.text), text=page.text, published=published,
                    published_uncertain=uncertain, title=page.title)
    print(json.dumps({"events": [to_score_json(e) for e in extract(report)]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The gazetteer build reports each stage to its progress callback, in order, then "done"."""

from __future__ import annotations

from pathlib import Path

from timeline.gazetteer.build import BUILD_STAGES, build_index


def test_build_reports_every_stage_in_order(tmp_path: Path) -> None:
    heard: list[tuple[int, int, str]] = []
    figures = build_index(tmp_path / "progress.sqlite", countries=frozenset({"IQ"}),
                          progress=lambda done, total, what: heard.append((done, total, what)))  # fmt: skip
    total = len(BUILD_STAGES)
    assert heard == [*((i, total, stage) for i, stage in enumerate(BUILD_STAGES)), (total, total, "done")]
    assert figures["entries"] > 0

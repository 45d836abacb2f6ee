"""`timeline ingest --json`: the one JSON document it prints, per file its report id, status (created,
duplicate, error) and event count, with the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from timeline.services.ingest import IngestResult


class FileStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass
class IngestSummary:
    files: list[dict[str, Any]] = field(default_factory=list)

    def stored(self, path: Path, result: IngestResult) -> None:
        status = FileStatus.CREATED if result.created else FileStatus.DUPLICATE
        self.files.append({"path": str(path), "status": status.value, "report_id": result.report_id,
                           "events": len(result.event_ids)})  # fmt: skip

    def failed(self, path: Path, message: str) -> None:
        self.files.append({"path": str(path), "status": FileStatus.ERROR.value, "report_id": None,
                           "events": 0, "error": message})  # fmt: skip

    @property
    def errors(self) -> int:
        return sum(f["status"] == FileStatus.ERROR for f in self.files)

    def document(self) -> dict[str, Any]:
        counts = {s.value: sum(f["status"] == s for f in self.files) for s in FileStatus}
        return {"files": self.files, **counts}

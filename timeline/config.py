"""Service settings from the environment (prefix `TIMELINE_`), read once per process or app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from timeline.extraction.cleaning import MAX_REPORT_BYTES

# The repository's fixture reports, found from the package location (an editable install keeps them).
DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


class Settings(BaseSettings):
    """Where the log lives, where the service listens, how much work one report may make, and what
    `timeline up` ingests first."""

    model_config = SettingsConfigDict(env_prefix="TIMELINE_", extra="ignore")

    database_url: str = "sqlite:///timeline.db"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)  # server processes (`timeline serve --workers`)
    fixtures_dir: Path = DEFAULT_FIXTURES
    project_on_write: bool = True  # catch projections up right after each write (ingest, curation)
    # Origins whose pages may read the API (GET) from a browser: the widget is embedded on other sites.
    # JSON list in the environment, e.g. TIMELINE_CORS_ORIGINS='["https://news.example"]'.
    cors_origins: list[str] = ["*"]
    # Writes always need an API key (`timeline keys create`); reads too when this is true.
    read_requires_key: bool = False
    # Where the place gazetteer's index lives (built there on first use when missing or stale; default
    # ~/.cache/conflict-timeline/) and the curated supplement it is built with (default: the repository's
    # fixtures/gazetteer/supplement.csv).
    gazetteer_path: Path | None = None
    gazetteer_supplement: Path | None = None
    # A JSON file of actors added to the extraction's list (and to the query vocabulary).
    actors_file: Path | None = None
    # The largest request body the API reads and the largest report file the CLI reads, in bytes (and so the
    # largest report page): one cap, checked before anything is read (413, or one line and exit 1).
    max_body_bytes: int = Field(default=MAX_REPORT_BYTES, ge=1)
    # The API extracts in worker processes (extraction is CPU-bound Python: threads would stall reads): this
    # many, each with the extractor loaded once; up to `extraction_queue` more reports wait for one, beyond
    # that a POST gets 503 with Retry-After. A report whose extraction runs past `extraction_time_limit`
    # seconds has its worker killed (and replaced) and gets 422; nothing is stored. The default limit is above
    # the time a report at the size cap takes on one busy core (about 40 s/MB measured; see the README).
    extraction_workers: int = Field(default=1, ge=1)
    extraction_queue: int = Field(default=4, ge=0)
    extraction_time_limit: float = Field(default=300.0, gt=0)
    # Logs (timeline.observability.logs): uvicorn's access log (method, path, status; never headers) and
    # "json" for one JSON object per line, for log shippers.
    access_log: bool = True
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # prometheus-client's multiprocess directory: `timeline serve --workers N` (N > 1) creates one and sets
    # it for its workers, so /metrics adds up every worker's counters. Read from the variable
    # prometheus-client itself reads (no TIMELINE_ prefix).
    metrics_dir: Path | None = Field(
        default=None, validation_alias="PROMETHEUS_MULTIPROC_DIR"
    )

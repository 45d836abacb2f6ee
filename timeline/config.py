"""Service settings from the environment (prefix `TIMELINE_`), read once per process or app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository's fixture reports, found from the package location (an editable install keeps them).
DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


class Settings(BaseSettings):
    """Where the log lives, where the service listens, and what `timeline up` ingests first."""

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
    # Where the place gazetteer's index lives (built there on first use when missing or stale; default
    # ~/.cache/conflict-timeline/) and the curated supplement it is built with (default: the repository's
    # fixtures/gazetteer/supplement.csv).
    gazetteer_path: Path | None = None
    gazetteer_supplement: Path | None = None
    # A JSON file of actors added to the extraction's list (and to the query vocabulary).
    actors_file: Path | None = None
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

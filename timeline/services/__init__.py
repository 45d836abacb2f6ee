"""Application services: ingest, curation, report files, the runtime a command needs, and the read side."""

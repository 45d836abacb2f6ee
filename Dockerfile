# The timeline service: `timeline up` on SQLite in /data by default; set TIMELINE_DATABASE_URL for PostgreSQL,
# e.g. docker run -e TIMELINE_DATABASE_URL=postgresql+psycopg://user@db:5432/timeline -p 8000:8000 timeline
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TIMELINE_DATABASE_URL=sqlite:////data/timeline.db \
    TIMELINE_FIXTURES_DIR=/app/fixtures/reports \
    TIMELINE_GAZETTEER_SUPPLEMENT=/app/fixtures/gazetteer/supplement.csv \
    TIMELINE_HOST=0.0.0.0 \
    TIMELINE_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY timeline ./timeline
COPY api ./api
COPY fixtures ./fixtures
RUN pip install . \
    && useradd --create-home --uid 1000 timeline \
    && mkdir -p /data && chown timeline /data

USER timeline
# Build the place index into the image (~/.cache/timeline) so the first request does not wait for it.
RUN timeline gazetteer build
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
CMD ["timeline", "up", "--host", "0.0.0.0"]

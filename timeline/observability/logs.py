"""Logging for `timeline serve` / `up`: the dictConfig handed to uvicorn (its loggers, the access log and
the package's own), as text or one JSON object per line. Owns what an access line may carry: method, path
(query values that look like secrets masked), status, client, never a header."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from timeline.config import Settings

# Query parameters whose values never reach a log line (an API key someone put in a URL).
SECRET_PARAM = re.compile(r"key|token|secret|password|auth|signature", re.IGNORECASE)
MASK = "***"


def masked_path(path: str) -> str:
    """`path` with the values of secret-looking query parameters replaced by ***."""
    base, sep, query = path.partition("?")
    if not sep:
        return path
    pairs = [(k, MASK if SECRET_PARAM.search(k) else v) for k, v in parse_qsl(query, keep_blank_values=True)]
    return f"{base}?{urlencode(pairs, safe='*/:,')}"


class AccessFields(logging.Filter):
    """On uvicorn's access records (args: client, method, path, HTTP version, status): masks the path and
    names the fields, so both formats read them from the record, not from the message text."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, http_version, status = args
            path = masked_path(str(path))
            record.args = (client, method, path, http_version, status)
            record.access = {"client": client, "method": method, "path": path,
                             "http_version": http_version, "status": int(str(status))}  # fmt: skip
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the access fields on access
    lines, and the exception text when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "access", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_config(settings: Settings) -> dict[str, Any]:
    """The `logging.config.dictConfig` for the server (uvicorn applies it in every worker process)."""
    if settings.log_format == "json":
        formatters: dict[str, Any] = {
            "default": {"()": f"{__name__}.JsonFormatter"},
            "access": {"()": f"{__name__}.JsonFormatter"},
        }
    else:  # uvicorn's own text formats
        formatters = {
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"},
            "access": {
                "()": "uvicorn.logging.AccessFormatter",
                "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s',
            },
        }
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access_fields": {"()": f"{__name__}.AccessFields"}},
        "formatters": formatters,
        "handlers": {
            "default": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "access", "filters": ["access_fields"],
                       "stream": "ext://sys.stdout"},  # fmt: skip
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["access"], "level": level, "propagate": False},
            "timeline": {"handlers": ["default"], "level": level, "propagate": False},
            "api": {"handlers": ["default"], "level": level, "propagate": False},
        },
    }

"""The log formatter and the access-line filter (pure logic; the server's real log lines are checked in
tests/e2e/test_observability.py)."""

from __future__ import annotations

import json
import logging
import sys

from timeline.observability.logs import AccessFields, JsonFormatter, masked_path


def access_record(path: str) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("127.0.0.1:5000", "GET", path, "1.1", 200), None)  # fmt: skip


def test_secret_query_values_are_masked_and_others_kept() -> None:
    assert masked_path("/events") == "/events"
    masked = masked_path("/events?api_key=abc&place=Mosul&token=t&x=")
    assert masked == "/events?api_key=***&place=Mosul&token=***&x="
    assert masked_path("/e?API-KEY=abc&Password=p") == "/e?API-KEY=***&Password=***"


def test_access_lines_as_json_carry_the_request_fields() -> None:
    record = access_record("/health?access_token=s3cret")
    assert AccessFields().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert (line["method"], line["path"], line["status"]) == ("GET", "/health?access_token=***", 200)
    assert line["logger"] == "uvicorn.access" and line["level"] == "info" and line["time"].endswith("+00:00")
    assert "s3cret" not in json.dumps(line) and "s3cret" not in record.getMessage()


def test_other_lines_and_exceptions_are_one_json_object() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("timeline.x", logging.ERROR, __file__, 1, "failed %s", ("here",),
                                   sys.exc_info())  # fmt: skip
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["message"] == "failed here" and "RuntimeError: boom" in line["exception"]

"""The report size cap: `prepare_page` refuses text over MAX_REPORT_BYTES (an HTML page over PAGE_FACTOR
times that) before any extraction, counting UTF-8 bytes; report files are refused from their size on disk,
before they are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.extraction import cleaning
from timeline.extraction.cleaning import (
    MAX_REPORT_BYTES,
    PAGE_FACTOR,
    InvalidReport,
    ReportTooLarge,
    prepare_page,
)
from timeline.services.files import read_report_file

SENTENCE = "Government troops retook the river town on Sunday after a week of fighting, officials said. "


def test_plain_text_at_the_cap_passes_and_one_byte_more_is_refused() -> None:
    at_cap = (SENTENCE * (100 // len(SENTENCE) + 1))[:100]
    assert prepare_page(at_cap, max_bytes=100).text == at_cap.strip()
    with pytest.raises(ReportTooLarge) as refused:
        prepare_page(at_cap + "x", max_bytes=100)
    assert (refused.value.size, refused.value.limit) == (101, 100)
    message = str(refused.value)
    assert "101 bytes" in message and "100 bytes allowed" in message and "\n" not in message


def test_the_cap_counts_utf8_bytes_not_characters() -> None:
    arabic = "سيطرت القوات على البلدة " * 4  # 96 characters, 2 bytes for each letter
    assert len(arabic) <= 100 < len(arabic.encode("utf-8"))
    with pytest.raises(ReportTooLarge):
        prepare_page(arabic, max_bytes=100)
    with pytest.raises(ReportTooLarge):
        prepare_page(arabic.encode("utf-8"), max_bytes=100)


def test_the_default_cap_is_max_report_bytes_and_none_lifts_it() -> None:
    big = SENTENCE * (MAX_REPORT_BYTES // len(SENTENCE) + 1)
    with pytest.raises(ReportTooLarge):
        prepare_page(big)
    assert len(prepare_page(big, max_bytes=None).text) > MAX_REPORT_BYTES


def test_too_large_is_an_invalid_report_so_every_caller_maps_it() -> None:
    # The API maps InvalidReport to 4xx and the CLI turns ValueError into one line and exit 1.
    assert issubclass(ReportTooLarge, InvalidReport) and issubclass(ReportTooLarge, ValueError)


def test_an_html_page_is_judged_by_its_article_text() -> None:
    markup = "<div class='ad'><script>var x = 1;</script></div>" * 6  # weighs more than the story
    page = f"<html><body>{markup}<article><p>{SENTENCE}</p></article></body></html>"
    assert len(page) > 200
    assert SENTENCE.strip() in prepare_page(page, content_type="text/html", max_bytes=200).text
    story = f"<html><body><article><p>{SENTENCE * 4}</p></article></body></html>"
    with pytest.raises(ReportTooLarge, match="article text of the HTML page"):
        prepare_page(story, content_type="text/html", max_bytes=200)


def test_an_html_page_over_the_page_limit_is_refused_unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(html: str) -> tuple[str, str | None]:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(cleaning, "_from_html", must_not_run)
    page = "<html><body><p>" + "x" * (100 * PAGE_FACTOR) + "</p></body></html>"
    with pytest.raises(ReportTooLarge, match="the page is"):
        prepare_page(page, content_type="text/html", max_bytes=100)


@pytest.mark.parametrize(("name", "limit"), [("big.txt", MAX_REPORT_BYTES),
                                             ("big.html", MAX_REPORT_BYTES * PAGE_FACTOR)])
def test_a_report_file_over_the_cap_is_refused_from_its_size(tmp_path: Path, name: str, limit: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(limit + 1)  # sparse: nothing is written, and nothing must be read

    def must_not_read(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    with pytest.raises(ReportTooLarge) as refused:
        read_report_file(path)
    assert str(refused.value).startswith(f"{path} is {limit + 1:,} bytes")


def test_a_report_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_bytes(b"a" * MAX_REPORT_BYTES)
    assert len(read_report_file(path).raw) == MAX_REPORT_BYTES

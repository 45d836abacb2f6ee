"""The report size cap: `prepare_page` refuses a page (plain text or HTML) over its cap (MAX_REPORT_BYTES by
default; the service passes Settings.max_body_bytes) before decoding or parsing it, counting UTF-8 bytes;
report files are refused from their size on disk, before they are read. One cap, so the body cap, the file
cap and the page cap cannot disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.config import Settings
from timeline.extraction import cleaning
from timeline.extraction.cleaning import (
    MAX_REPORT_BYTES,
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


def test_the_default_cap_is_the_settings_default() -> None:
    assert Settings.model_fields["max_body_bytes"].default == MAX_REPORT_BYTES == 5_000_000


def test_an_html_page_within_the_cap_is_read_for_its_article_text() -> None:
    markup = "<div class='ad'><script>var x = 1;</script></div>" * 6
    page = f"<html><body>{markup}<article><p>{SENTENCE}</p></article></body></html>"
    assert SENTENCE.strip() in prepare_page(page, content_type="text/html", max_bytes=len(page)).text


def test_an_html_page_over_the_cap_is_refused_unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(html: str) -> tuple[str, str | None]:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(cleaning, "_from_html", must_not_run)
    page = "<html><body><p>" + "x" * 100 + "</p></body></html>"
    with pytest.raises(ReportTooLarge, match="the report is"):
        prepare_page(page, content_type="text/html", max_bytes=100)


@pytest.mark.parametrize("name", ["big.txt", "big.html"])
@pytest.mark.parametrize("limit", [MAX_REPORT_BYTES, 1000])
def test_a_report_file_over_the_cap_is_refused_from_its_size(tmp_path: Path, name: str, limit: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(limit + 1)  # sparse: nothing is written, and nothing must be read

    def must_not_read(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    with pytest.raises(ReportTooLarge) as refused:
        read_report_file(path, limit)
    assert str(refused.value).startswith(f"{path} is {limit + 1:,} bytes")


def test_a_report_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_bytes(b"a" * MAX_REPORT_BYTES)
    assert len(read_report_file(path).raw) == MAX_REPORT_BYTES

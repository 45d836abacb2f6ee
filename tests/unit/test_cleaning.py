"""Page -> stored text: decoding, HTML extraction, furniture dropped, comments and paragraphs kept
(pages written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extraction.cleaning import InvalidReport, prepare_page
from timeline.extraction.segments import segment

BODY = ("Government troops recaptured the river town of Example Ford on Sunday after a week of fighting, "
        "the defence ministry said. Engineers began clearing mines from the main road into the town.")
SECOND = "Residents who had fled to camps in the hills said they were waiting for the water supply to return."


def test_plain_text_keeps_paragraphs_and_drops_furniture() -> None:
    raw = "\n".join([
        "Log in / Sign up", "Comment as a guest", "Your email will not be displayed publicly",
        "Forgot Password?", "or connect using", "", "Troops retake river town", "", BODY, "", "",
        "Photo credit: Example Agency", "", SECOND, "", "Continue reading this story with a free account:",
        "  • Unlimited archive", "  • Weekly newsletter", "", "More from Jane Writer", "Tags : army, river",
        "Share this article", "Copyright 2015 Example Media. All rights reserved.", "Elsewhere on Example",
        "Storm closes airport", "0.412 seconds",
    ])
    page = prepare_page(raw)
    assert page.content_type == "text/plain"
    assert page.text == f"Troops retake river town\n\n{BODY}\n\n{SECOND}"
    assert page.title == "Troops retake river town"


def test_topics_heading_drops_its_tag_line_but_not_the_dateline() -> None:
    raw = f"Headline here\n\nTopics covered\n\narmy, river, floods\n\nMar 3, 2015\n\n{BODY}"
    assert prepare_page(raw).text == f"Headline here\n\nMar 3, 2015\n\n{BODY}"


def test_sentence_mentioning_sharing_or_reading_is_kept() -> None:
    raw = f"{BODY}\n\nMore from the ministry, which said it would share the maps with the public, came later."
    assert prepare_page(raw).text == raw


def test_repeated_caption_line_is_kept_once() -> None:
    caption = "Soldiers stand near a burnt truck outside the town. Photo: Example Agency"
    assert prepare_page(f"{caption}\n{caption}\n{BODY}").text == f"{caption}\n{BODY}"


def test_reader_comments_are_kept_in_the_stored_text() -> None:
    raw = f"{BODY}\n\n{SECOND}\n\nAnonymous said...\n\nThey will lose it again.\n\nShare this article\n"
    text = prepare_page(raw).text
    assert text.endswith("Anonymous said...\n\nThey will lose it again.")
    assert segment(text).comments == ((text.index("Anonymous"), len(text)),)


def test_bytes_utf8_with_bom_and_crlf() -> None:
    raw = ("\ufeffTitle line\r\n\r\n" + BODY + " Caf\u00e9 owners reopened.\r\n").encode("utf-8")
    page = prepare_page(raw)
    assert page.text == "Title line\n\n" + BODY + " Caf\u00e9 owners reopened."


@pytest.mark.parametrize("raw, message", [
    (b"", "empty"), ("  \n\t ", "empty"), (b"\xff\xfe\x00bad", "UTF-8"), ("a\x00b", "NUL"),
    ("Share this article\nSign in\n", "nothing is left"),
    ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text|nothing is left"),
])
def test_unusable_input_raises_invalid_report(raw: bytes | str, message: str) -> None:
    with pytest.raises(InvalidReport, match=message):
        prepare_page(raw)


HTML = f"""<!DOCTYPE html><html><head><title>Troops retake river town | Example News</title>
<meta property="article:published_time" content="2015-03-09"></head><body>
<nav><a href="/">Home</a> <a href="/login">Sign in</a></nav>
<article><h1>Troops retake river town</h1><p>{BODY}</p><p>{SECOND}</p>
<p>Share this article</p></article>
<section id="comments" class="comments"><h3>2 Comments</h3>
<div class="comment"><p>Omar: I do not believe the ministry and never will, they lied before.</p></div>
<div class="comment"><p>Lena: The road was cleared weeks ago, this is old news from them.</p></div></section>
<footer>Copyright 2015 Example News. All rights reserved.</footer></body></html>"""


@pytest.mark.parametrize("kwargs", [{"content_type": "text/html; charset=utf-8"}, {"filename": "x.html"}, {}])
def test_html_is_detected_extracted_and_comments_marked(kwargs: dict[str, str]) -> None:
    page = prepare_page(HTML.encode("utf-8"), **kwargs)
    assert page.content_type == "text/html"
    assert page.title == "Troops retake river town"
    assert BODY in page.text and SECOND in page.text
    assert "<p>" not in page.text and "Sign in" not in page.text and "Share this article" not in page.text
    assert "All rights reserved" not in page.text
    assert page.text.index(BODY) < page.text.index(SECOND)  # paragraphs in order, blank line between
    assert "\n\n" in page.text[page.text.index(BODY):page.text.index(SECOND)]
    comments = segment(page.text).comments
    assert comments and "Omar" in page.text[comments[0][0]:]
    assert all(not (a <= page.text.index(BODY) < b) for a, b in comments)
    assert prepare_page(page.text).text == page.text


def test_html_declared_as_plain_text_stays_plain() -> None:
    page = prepare_page(f"<p>{BODY}</p>", content_type="text/plain")
    assert page.content_type == "text/plain" and page.text.startswith("<p>")


_LINES = st.sampled_from([
    BODY, SECOND, "", "Share this article", "Topics covered", "war, river", "Related", "Storm closes airport",
    "Continue reading with an account:", "  • Archive", "Tags: army", "Anonymous said...", "Short headline",
    "Copyright 2015 Example Media", "Read more: Storm closes airport", "Mar 3, 2015",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=20))
def test_preparation_is_idempotent(lines: list[str]) -> None:
    try:
        once = prepare_page("\n".join(lines)).text
    except InvalidReport:
        return
    assert prepare_page(once).text == once
    assert "\n\n\n" not in once and once == once.strip()


def test_comments_in_other_formats_are_found() -> None:
    text = (f"{BODY}\n\n{SECOND}\n\nsam_k • 2 years ago\nNot true.\n\nMaya says:\n"
            "March 11, 2015 at 9:12 am\nThanks for this.\n")
    comments = segment(prepare_page(text).text).comments
    assert len(comments) == 2

"""Reader comments found in stored text (small pages written for these tests)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extraction.cleaning import prepare_page
from timeline.extraction.segments import Segments, in_comments, segment

ARTICLE = (
    "Militia takes hill town\n\n"
    "Fighters of a local militia took the hill town of Example Ridge on Monday after two days of shelling, "
    "residents said. The army withdrew its last units towards the river crossing during the night.\n\n"
    "Aid groups said hundreds of families had left for the provincial capital.\n"
)


def comment_texts(text: str) -> list[str]:
    return [text[a:b] for a, b in segment(text).comments]


def test_blogger_style_comments_start_at_said_lines() -> None:
    text = ARTICLE + "\nAnonymous said...\n\nThe army attacked the town again, I am sure.\n\n" \
        "Jo Smith said...\n\nNo, it did not.\n"
    comments = comment_texts(text)
    assert [c.split("\n")[0] for c in comments] == ["Anonymous said...", "Jo Smith said..."]
    body = segment(text).body
    assert body == ((0, len(ARTICLE.rstrip())),)


def test_name_pipe_timestamp_comments_and_linked_stories() -> None:
    text = ARTICLE + "\nWhat You Say\n\nKarim | 4/11/2016 9:15:07 AM\nShame on them all.\n" \
        "Floods hit the southern plain\n| 3 hours ago | (2)\nSara | 4/12/2016\nGood report.\n"
    heads = [c.split("\n")[0] for c in comment_texts(text)]
    assert heads == ["What You Say", "Karim | 4/11/2016 9:15:07 AM", "Floods hit the southern plain",
                     "Sara | 4/12/2016"]


def test_comment_header_before_any_body_is_not_a_thread() -> None:
    text = "Comments\n\n" + ARTICLE
    assert segment(text).comments == ()
    assert segment(text).body == ((0, len(text.rstrip())),)


def test_article_without_comments_is_one_body_span() -> None:
    assert segment(ARTICLE).comments == ()
    assert segment("") == Segments(body=(), comments=()) == segment("   \n")


def test_quoted_speech_line_is_not_a_comment_header() -> None:
    text = ARTICLE + "\nThe governor said: the town will be retaken.\nHe said it twice.\n"
    assert segment(text).comments == ()


def test_segments_survive_preparation_twice() -> None:
    raw = ARTICLE + "\nShare this article\nRita said...\n\nI was there.\n"
    once = prepare_page(raw).text
    twice = prepare_page(once).text
    assert once == twice
    assert comment_texts(once) == comment_texts(twice) == ["Rita said...\n\nI was there."]
    start = once.index("I was there")
    assert in_comments(segment(once), start) and not in_comments(segment(once), 10)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    ARTICLE, "Anonymous said...", "Bo | 1/2/2015", "What You Say", "Plain line of text.", "",
    "| 2 hours ago | (1)", "Headline of another story",
]), max_size=12))
def test_spans_are_ordered_disjoint_and_deterministic(parts: list[str]) -> None:
    text = "\n".join(parts)
    first, second = segment(text), segment(text)
    assert first == second
    spans = sorted(first.body + first.comments)
    for (a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        assert a < b <= c
    assert all(0 <= a < b <= len(text) for a, b in spans)

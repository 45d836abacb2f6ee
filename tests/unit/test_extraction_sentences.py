"""Paragraph, sentence and clause splitting keeps offsets into the text and does not break at
abbreviations."""

from __future__ import annotations

from timeline.extraction.sentences import sentences


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "On Sept. 3, U.S. forces and Gen. Hassan's men entered Manbij. They left on Oct. 1."
    got = [s.text for s in sentences(text)]
    assert got == ["On Sept. 3, U.S. forces and Gen. Hassan's men entered Manbij.", "They left on Oct. 1."]


def test_offsets_point_into_the_text_and_lines_are_paragraphs():
    text = "  First line here. Second one!\n\nA new paragraph? Yes.\n"
    got = sentences(text)
    assert all(text[s.start : s.end] == s.text for s in got)
    assert [s.paragraph for s in got] == [0, 0, 1, 1]


def test_only_body_spans_are_split():
    text = "Body sentence one. Body two.\nComment: the army captured Hama."
    got = sentences(text, ((0, 28),))
    assert [s.text for s in got] == ["Body sentence one.", "Body two."]


def test_clauses_split_at_subordinators_and_keep_the_conjunction():
    (s,) = sentences("The army took Hama while rebels held Idlib; talks failed.")
    clauses = [s.text[a - s.start : b - s.start] for a, b in s.clauses()]
    assert clauses == ["The army took Hama", " while rebels held Idlib", " talks failed."]

"""Paragraph, sentence and clause splitting with character offsets into the report's stored text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Tokens that end with a period without ending a sentence ("Aug. 29", "U.S. forces", "Gen. Soleimani").
_ABBREVIATIONS = frozenset(re.findall(r"\w+", """
    jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen lt col maj brig capt sgt adm
    st no vs etc jr sr prof gov sen rep pres dept co corp inc ltd mt ft approx est fig"""))
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
# Clause boundaries: strong punctuation, dashes, and subordinating or contrasting conjunctions.
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[–—]\s|\s-\s|,?\s+(?:while|whereas|although|though|but|because|unless|if|when|whereby|"
    # "before dawn on Monday", "since January 2014": a time, not a clause
    r"(?:after|before|since|until)(?!\s+(?:(?:dawn|daybreak|sunrise|sunset|nightfall|noon|midnight|early|mid|"
    r"late|last)\b|[A-Z][a-z]+\s+\d|\d)))\s+|,\s+(?:which|who|where|and then|as)\s+"
    # "X, which fell in 2014, was retaken in May": a comma before the main verb closes the relative clause
    r"|,(?=\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s)"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (a line of the stored text) it belongs to
    index: int  # position in the report's list of sentences

    def clauses(self) -> tuple[tuple[int, int], ...]:
        """Clause spans (absolute offsets) of this sentence."""
        return _clauses(self.start, self.end, self.text)

    def clause_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.clauses():
            if start <= offset < end:
                return start, end
        return self.start, self.end


@lru_cache(maxsize=4096)
def _clauses(s_start: int, s_end: int, text: str) -> tuple[tuple[int, int], ...]:
    spans, last = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > last:
            spans.append((s_start + last, s_start + m.start()))
        # the conjunction opens the next clause, so factuality sees its "if ..."
        last = m.end() if text[m.start()] in ";:" else m.start()
    spans.append((s_start + last, s_end))
    return tuple(sp for sp in spans if sp[1] > sp[0])


def paragraphs(text: str, spans: tuple[tuple[int, int], ...] | None = None) -> list[tuple[int, int]]:
    """Non-blank lines of the text (within `spans` if given): news pages put one paragraph per line."""
    out: list[tuple[int, int]] = []
    for lo, hi in spans if spans is not None else ((0, len(text)),):
        for m in re.finditer(r"[^\n]+", text[lo:hi]):
            line = m.group()
            if not line.strip():
                continue
            lead = len(line) - len(line.lstrip())
            out.append((lo + m.start() + lead, lo + m.start() + len(line.rstrip())))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1)
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", token) or len(token) == 1:  # U.S, U.N, initials
        return True
    return token.lower().strip(".") in _ABBREVIATIONS


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of text[start:end]."""
    chunk = text[start:end]
    spans, last = [], 0
    for m in _SENTENCE_END.finditer(chunk):
        if chunk[m.start()] == "." and _is_abbreviation(chunk, m.start()):
            continue
        spans.append((last, m.end()))
        last = m.end()
    spans.append((last, len(chunk)))
    out = []
    for lo, hi in spans:
        piece = chunk[lo:hi]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
        if piece.strip():
            out.append((start + lo + lead, start + hi - trail))
    return out


def sentences(text: str, spans: tuple[tuple[int, int], ...] | None = None) -> list[Sentence]:
    """Every sentence of the text (or of the given body spans), in reading order."""
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text, spans)):
        for s_start, s_end in split_sentences(text, p_start, p_end):
            out.append(Sentence(s_start, s_end, text[s_start:s_end], p_index, len(out)))
    return out

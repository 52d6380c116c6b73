"""Sentences and paragraphs with character offsets; abbreviations ("Inc.", "U.S.") do not end one."""

from __future__ import annotations

import re

from loaders.extraction.document import Sentence

__all__ = ["Sentence", "split_paragraphs", "split_sentences"]

ABBREVIATIONS = frozenset(
    """inc ltd co corp plc llc dr mr mrs ms prof st no nos vs approx est dept jan feb mar apr jun jul aug
    sep sept oct nov dec mass calif conn ill ind mich minn tenn tex va wash wis colo ga fla ariz ore pa md
    del ky la nev okla ala ark kan neb jr sr mt ft e.g i.e etc al fig ph.d gov bros intl sa ag nv bv
    u.s u.k u.s.a e.u n.c n.j n.y r.i s.c n.h n.m d.c pte pvt pty sdn bhd kft s.p.a s.r.l s.a.s k.k n.v b.v
    s.a gmbh""".split()
)
_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def _word_char(ch: str) -> bool:
    """A character of a word before a dot: a word character, a dot or a hyphen."""
    return ch.isalnum() or ch in "_.-"


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end); press releases put one paragraph per line."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end].

    >>> t = "Acme Co., Ltd. signed with U.S. firm Beta Inc. for $1.5 million. It runs to 2030."
    >>> [t[a:b] for a, b in split_sentences(t, 0, len(t))]
    ['Acme Co., Ltd. signed with U.S. firm Beta Inc. for $1.5 million.', 'It runs to 2030.']
    """
    spans, begin = [], start
    for m in _END.finditer(text, start, end):
        if m.group()[0] == "." and _is_abbreviation(text, begin, m.start()):
            continue
        spans.append((begin, m.start() + len(m.group().rstrip())))
        begin = m.end()
    if begin < end:
        spans.append((begin, end))
    return [piece for span in spans for piece in _bounded(text, *span)]


MAX_SENTENCE = 1200  # characters: run-on text is cut into pieces of at most this, at a clause boundary


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence longer than ``MAX_SENTENCE`` cut at its last semicolon, comma or space before the limit,
    so that no per-sentence step ever works on more than a bounded piece of run-on text."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = max(text.rfind(sep, start + 1, start + MAX_SENTENCE) for sep in ("; ", ", ", " "))
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        while cut < end and text[cut].isspace():
            cut += 1
        start = cut
    out.append((start, end))
    return out


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    start = dot  # the word before the dot, walked back to from the dot (a paragraph holds no newline)
    while start > begin and _word_char(text[start - 1]):
        start -= 1
    if start == dot:
        return False
    word = text[start:dot].lower().rstrip(".")
    if word in ABBREVIATIONS:
        # "... in the U.S. The company" still ends a sentence when a capitalised function word follows
        following = text[dot + 1 : dot + 12].lstrip()
        return not (
            word in {"u.s", "u.k", "inc", "ltd", "co", "corp", "plc", "llc", "ag", "sa"}
            and _starts_sentence(following)
        )
    return len(word) == 1 and word.isalpha()  # initials: "F. Hoffmann"


_SENTENCE_STARTERS = re.compile(
    r"(?:The|This|These|It|Its|In|Under|With|As|At|For|On|By|Both|Once|After|We|Our)\b"
)


def _starts_sentence(following: str) -> bool:
    return bool(_SENTENCE_STARTERS.match(following))

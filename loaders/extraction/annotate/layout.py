"""Sections of an announcement: title, headline bullets, body, "About X" (facts count) and boilerplate
(forward-looking statements, contacts, copyright: no facts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extraction.annotate.dateline import Dateline, find_dateline
from loaders.extraction.annotate.gates import Gated, fold
from loaders.extraction.annotate.sentences import Sentence, split_paragraphs, split_sentences

__all__ = ["Layout", "read_layout"]

_ABOUT = re.compile(r"^(?:About|ABOUT)\s+(?P<name>[^\n]{2,80}?)\s*:?$")
# "About the Agreement", "About the Transaction": the deal itself, told in the body
_ABOUT_DEAL = re.compile(
    r"^the\s+(?:\w+\s+){0,2}(?:agreements?|transactions?|collaborations?|acquisitions?|partnerships?|deals?|"
    r"licen[cs]es?|mergers?|offers?|alliances?|joint\s+ventures?|terms)$",
    re.I,
)
# a heading of its own line ("Financial terms", "Transaction Details:"): a few words, no sentence punctuation
_HEADING = re.compile(r"^[A-Z][\w'’&/-]*(?:\s+[\w'’&/()-]+){0,5}:?$")
_BOILER_HEAD = re.compile(
    r"^(?:forward[- ]looking|cautionary|safe harbor|disclaimer|important (?:information|notice)|"
    r"(?:media|investor|press)(?: relations)?(?: contacts?| inquiries| enquiries)?|contacts?|source:|"
    r"additional information|references|notes? to editors|###|-\s*end\s*-)",
    re.IGNORECASE,
)
_BOILER_PARA = re.compile(
    r"^(?:this (?:press release|announcement|news release|communication) (?:contains|includes|may contain)"
    r"|©|\(c\)|copyright\b|all rights reserved|statements in this|certain statements)|"
    r"forward-looking statements?\b.*\b(?:risks?|uncertaint)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    sentences: tuple[Sentence, ...]
    dateline: Dateline | None
    title: str
    about: tuple[str, ...]  # names in "About X" headings


def read_layout(text: str) -> Layout:
    """Split text into sentences tagged with their section."""
    paragraphs = split_paragraphs(text)
    folded = fold(text)
    dateline, dateline_para = None, None
    for i, (a, b) in enumerate(paragraphs[:8]):
        found = find_dateline(text[a:b]) if i else None
        if found:
            dateline, dateline_para = found, i
            break
    sentences: list[Sentence] = []
    section, about = "body", []
    about_name: str | None = None
    for i, (a, b) in enumerate(paragraphs):
        para = text[a:b]
        if i == 0:
            kind = "title"
        elif dateline_para is not None and i < dateline_para:
            kind = "head"
        else:
            heading = _ABOUT.match(para)
            if heading and len(para) < 90 and not para.rstrip().endswith("."):
                if _ABOUT_DEAL.match(heading.group("name")):
                    section, about_name = "body", None
                else:
                    section = "about"
                    about_name = heading.group("name")
                    about.append(about_name)
                continue
            if section == "about" and _ends_about(para, paragraphs[i + 1 :], text):
                section, about_name = "body", None
            if _BOILER_HEAD.match(para) and len(para) < 90:
                section = "boilerplate"
                continue
            if section == "boilerplate" and _looks_like_heading(para):
                section = "body"
            kind = "boilerplate" if _BOILER_PARA.search(para) else section
            if i == dateline_para and dateline is not None:
                a += dateline.end
        for s, e in split_sentences(text, a, b):
            name = about_name if kind == "about" else None
            sentences.append(Sentence(s, e, text[s:e], i, kind, name, split_clauses(text, s, e, folded)))
    title = text[paragraphs[0][0] : paragraphs[0][1]] if paragraphs else ""
    return Layout(tuple(sentences), dateline, title, tuple(about))


_CLAUSE_CUT = Gated(r";\s+|,\s+(?:while|whereas|but)\s+|\s+while\s+(?=[a-z])", needs="; while whereas but")


def split_clauses(text: str, start: int, end: int, folded: str | None = None) -> tuple[tuple[int, int], ...]:
    """Clauses of the sentence text[start:end]: cut at semicolons and at contrasting conjunctions
    (", while", ", whereas", ", but"), so a negation or a hedge governs only its own clause.  ``folded``:
    :func:`~loaders.extraction.annotate.gates.fold` of the text, when the caller has it.

    >>> t = "Acme will not build a plant; Beta signed a deal, while Gamma may invest."
    >>> [t[a:b] for a, b in split_clauses(t, 0, len(t))]
    ['Acme will not build a plant', 'Beta signed a deal', 'Gamma may invest.']
    """
    out, begin = [], start
    for m in _CLAUSE_CUT.finditer(text, start, end, folded):
        if m.start() > begin:
            out.append((begin, m.start()))
        begin = m.end()
    out.append((begin, end))
    return tuple(out)


def _ends_about(para: str, rest: list[tuple[int, int]], text: str) -> bool:
    """Whether ``para`` is a heading of the body ("Financial terms" after an "About <product>" section in
    the middle of a release): a short line of a few words with no sentence punctuation, no link or figure,
    followed by a longer paragraph.

    >>> _ends_about("Financial terms", [(0, 40)], "Acme will pay Beta $5 million upfront.")
    True
    >>> _ends_about("www.acme.com", [(0, 40)], "Acme will pay Beta $5 million upfront.")
    False
    """
    if len(para) >= 50 or not _HEADING.match(para) or re.search(r"\d|www|https?:|@", para) or not rest:
        return False
    a, b = rest[0]
    return b - a > 2 * len(para)


def _looks_like_heading(para: str) -> bool:
    return len(para) < 60 and not para.endswith(".") and bool(_ABOUT.match(para))

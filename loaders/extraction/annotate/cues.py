"""Cue phrases (``data/cues.tsv``): words that signal a deal, a role, a negation, a hedge, an ending, an
operating site or a start of operations, as ``CUE`` spans whose value is the cue's family.

>>> from kg.model import Document
>>> from loaders.extraction.document import AnnotatedDoc
>>> doc = AnnotatedDoc(Document(doc="a", text="Acme has not signed a manufacturing agreement."))
>>> annotate_cues(doc)
>>> [(s.text(doc.text), s.value) for s in doc.spans("CUE")]  # doctest: +NORMALIZE_WHITESPACE
[('not', 'neg.not'), ('signed', 'deal.sign'), ('manufacturing', 'svc.make'), ('agreement', 'deal.noun')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from loaders.extraction.annotate.tokens import Token, tokenize
from loaders.extraction.document import AnnotatedDoc, Span

__all__ = ["annotate_cues", "cue_families", "read_cues"]


def read_cues(data: str) -> dict[str, list[str]]:
    """family -> phrases, from the TSV text (comments and blank lines skipped)."""
    out: dict[str, list[str]] = {}
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        family, phrase = (part.strip() for part in line.split("\t", 1))
        out.setdefault(family, []).append(phrase)
    return out


@dataclass(frozen=True, slots=True)
class _Cue:
    family: str
    words: tuple[str, ...]  # lower case unless the phrase is case-sensitive; "manufactur*" is a prefix
    exact: bool  # match case as written


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[_Cue]], dict[str, list[_Cue]]]:
    """Cues by their first word: (whole first words, first-word prefixes keyed by their first 3 letters)."""
    data = resources.files("loaders.extraction").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    whole: dict[str, list[_Cue]] = {}
    prefix: dict[str, list[_Cue]] = {}
    for family, phrases in read_cues(data).items():
        for phrase in phrases:
            exact = any(w.isupper() and len(w) >= 2 for w in phrase.split())
            words = tuple(w if exact else w.lower() for w in phrase.split())
            cue = _Cue(family, words, exact)
            first = words[0] if exact else words[0].lower()
            if first.endswith("*"):
                prefix.setdefault(first[:3].lower(), []).append(cue)
            else:
                whole.setdefault(first.lower(), []).append(cue)
    return whole, prefix


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _match(cue: _Cue, text: str, tokens: list[Token], lows: list[str], i: int) -> int | None:
    """Index of the last token of the cue starting at token i, or None (``lows``: the tokens in lower
    case)."""
    last = i + len(cue.words) - 1
    if last >= len(tokens):
        return None
    for j, pattern in enumerate(cue.words, i):
        if not _word_matches(pattern, tokens[j].text if cue.exact else lows[j]):
            return None
        if j > i and not _JOIN.fullmatch(text, tokens[j - 1].end, tokens[j].start):
            return None
    return last


_JOIN = re.compile(r"[ \t\-]{1,3}")


def cue_families() -> list[str]:
    whole, prefix = _index()
    return sorted({c.family for group in (*whole.values(), *prefix.values()) for c in group})


def annotate_cues(doc: AnnotatedDoc) -> None:
    """CUE spans for every cue phrase over the document's tokens (one dictionary lookup per token)."""
    text, spans = doc.text, []
    tokens = doc.tokens if doc.tokens is not None else tokenize(text)
    whole, prefix = _index()
    lows = [t.text.lower() for t in tokens]
    for i in [i for i, low in enumerate(lows) if low in whole or low[:3] in prefix]:
        tok = tokens[i]
        for cue in _cues_at(tok.text):
            # a one-word cue is the token itself; a longer one is matched from it on
            last = i if len(cue.words) == 1 else _match(cue, text, tokens, lows, i)
            if last is not None:
                spans.append(Span(tok.start, tokens[last].end, "CUE", "cues", value=cue.family))
    doc.extend(spans)


@lru_cache(maxsize=65536)
def _cues_at(word: str) -> tuple[_Cue, ...]:
    """The cues that may start at a token written ``word``, in the index's order: the one-word cues it
    matches and the longer cues whose first word it matches."""
    whole, prefix = _index()
    low = word.lower()
    return tuple(
        cue
        for cue in (*whole.get(low, ()), *prefix.get(low[:3], ()))
        if len(cue.words) > 1 or _word_matches(cue.words[0], word if cue.exact else low)
    )

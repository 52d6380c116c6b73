"""Features of a pair of mentions in one sentence, from the annotations alone: their order and distance, the
cue families between them, in their clause and around them, the prepositions that link them, possessives,
anaphors, and the section they are in.  Features are strings (their weights live in the model file).

>>> from kg.model import Document
>>> from loaders.extraction.annotate import ANNOTATORS
>>> from loaders.extraction.pipeline import Pipeline
>>> doc = Pipeline(ANNOTATORS)(AnnotatedDoc(Document(doc="a", text="T\\nAcme Biologics said it operates a plant.")))
>>> sent = SentenceView(doc, 1)
>>> org, site = sent.refs[0], sent.sites[0]
>>> sorted(f for f in pair_features(sent, org, site) if f.startswith(("btw:", "ord")))
['btw:op.verb', 'ord:ab']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from loaders.extraction.document import AnnotatedDoc, Span

__all__ = ["Mention", "SentenceView", "pair_features"]

_POSSESSIVE = ("'s", "’s", "s'", "s’")
_PREP_BEFORE = re.compile(
    r"\b(with|from|to|for|by|of|at|in|between|and|including|such as|like|than)\s+(?:the\s+)?$"
)
_AFTER_PUNCT = re.compile(r"^\s*([,(;:])")


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention inside a sentence: an organisation reference, a site, a product, a place or a year."""

    start: int
    end: int
    kind: str  # org | site | product | place | year
    key: str  # entity key, country code or year
    explicit: bool = True
    form: str = ""  # how it is written (for anaphors: "its", "the company")
    source: str = ""


class SentenceView:
    """One sentence with its mentions and cues, built once and shared by every pair inside it."""

    def __init__(self, doc: AnnotatedDoc, index: int) -> None:
        self.doc, self.index = doc, index
        sent = self.sent = doc.sentences[index]
        text = doc.text
        self.refs = [
            Mention(r.start, r.end, "org", r.key, r.explicit, text[r.start : r.end], "excluded" * r.excluded)
            for r in (doc.refs[index] if doc.refs else [])
            if r.key != "*both*"
        ]
        self.both = any(r.key == "*both*" for r in (doc.refs[index] if doc.refs else []))
        self.sites = [_mention(s, "site", text) for s in doc.spans("SITE", sent.start, sent.end)]
        self.products = [_mention(s, "product", text) for s in doc.spans("PRODUCT", sent.start, sent.end)]
        self.places = [_mention(s, "place", text) for s in doc.spans("PLACE", sent.start, sent.end)]
        self.years = [_mention(s, "year", text) for s in doc.spans("YEAR", sent.start, sent.end)]
        self.cues = doc.spans("CUE", sent.start, sent.end)
        self.clauses = sent.clauses or ((sent.start, sent.end),)
        self.salient = doc.salience[index] if doc.salience else None
        self._token_starts = doc.tokens.starts

    def clause(self, pos: int) -> int:
        for k, (a, b) in enumerate(self.clauses):
            if a <= pos < b:
                return k
        return len(self.clauses) - 1

    def token(self, pos: int) -> int:
        return bisect_left(self._token_starts, pos)

    def cue_families(self, start: int, end: int) -> set[str]:
        return {c.value or "" for c in self.cues if start <= c.start and c.end <= end}

    def entities(self) -> list[Mention]:
        return [*self.refs, *self.sites, *self.products]


def _mention(span: Span, kind: str, text: str) -> Mention:
    return Mention(
        span.start, span.end, kind, span.value or "", True, text[span.start : span.end], span.source
    )


def pair_features(view: SentenceView, a: Mention, b: Mention) -> set[str]:
    """Features of the pair (a, b) in one sentence; ``a`` is the relation's subject."""
    text = view.doc.text
    first, second = (a, b) if a.start <= b.start else (b, a)
    out = {f"ord:{'ab' if first is a else 'ba'}", f"sec:{view.sent.section}"}
    gap = max(0, view.token(second.start) - view.token(first.end))
    out.add(f"dist:{_bucket(gap, (0, 2, 5, 10, 20))}")
    if first.end > second.start:
        out.add("overlap")
    between = text[first.end : second.start]
    for family in view.cue_families(first.end, second.start):
        out.add(f"btw:{family}")
    same = view.clause(a.start) == view.clause(b.start)
    out.add("clause:same" if same else "clause:diff")
    ca, cb = view.clauses[view.clause(a.start)], view.clauses[view.clause(b.start)]
    lo, hi = min(ca[0], cb[0]), max(ca[1], cb[1])
    for family in view.cue_families(lo, hi):
        head = family.split(".")[0]
        if head in ("neg", "hedge", "ended", "past", "person"):
            out.add(f"cl:{family}")
    before_first = text[max(view.sent.start, first.start - 40) : first.start]
    after_second = text[second.end : min(view.sent.end, second.end + 40)]
    for family in view.cue_families(max(view.sent.start, first.start - 30), first.start):
        out.add(f"pre:{family}")
    for family in view.cue_families(second.end, min(view.sent.end, second.end + 30)):
        out.add(f"post:{family}")
    m = _PREP_BEFORE.search(text, max(view.sent.start, second.start - 14), second.start)
    if m:
        out.add(f"prep2:{m.group(1)}")
    m = _PREP_BEFORE.search(text, max(view.sent.start, first.start - 14), first.start)
    if m:
        out.add(f"prep1:{m.group(1)}")
    m = _AFTER_PUNCT.match(text, first.end)
    if m:
        out.add(f"punct1:{m.group(1)}")
    if "(" in between and ")" not in between:
        out.add("paren")
    if ";" in between:
        out.add("semicolon")
    commas = between.count(",")
    out.add(f"commas:{min(commas, 2)}")
    if text[first.end : first.end + 2] in _POSSESSIVE or text[first.end - 1 : first.end + 1] in _POSSESSIVE:
        out.add(f"poss:{'a' if first is a else 'b'}")
    for m2 in (a, b):
        role = "a" if m2 is a else "b"
        if not m2.explicit:
            form = m2.form.lower()
            out.add(f"anaphor:{role}:{form if form in ('its', 'their', 'it', 'we', 'our') else 'np'}")
        if m2.source == "excluded":
            out.add(f"excluded:{role}")
    kinds = [m for m in view.entities() if first.end <= m.start and m.end <= second.start]
    out.add(f"norg_btw:{min(2, sum(1 for m in kinds if m.kind == 'org' and m.key not in (a.key, b.key)))}")
    for kind in ("site", "product"):
        if any(m.kind == kind and m.key not in (a.key, b.key) for m in kinds):
            out.add(f"other_{kind}_btw")
    first_org = next((m for m in view.refs if m.source != "excluded"), None)
    if a.kind == "org":
        out.add("a:first_org" if first_org is not None and first_org.start == a.start else "a:later_org")
        if view.salient == a.key:
            out.add("a:salient")
    if len({m.key for m in view.refs}) == 1:
        out.add("one_org")
    if before_first.rstrip().endswith(("the", "The")):
        out.add("det_the_first")
    if re.match(r"\s*,\s*(?:an?|the)\s", after_second):
        out.add("appos_after_second")
    return out


def _bucket(n: int, bounds: tuple[int, ...]) -> str:
    for b in bounds:
        if n <= b:
            return f"<={b}"
    return f">{bounds[-1]}"

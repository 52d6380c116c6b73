"""The annotated document every extraction stage reads and writes: the text, its layout and sentences, its
tokens, and typed spans (organisation, site, place, product, money, year, stage, service, cue), each with the
annotator that found it and a score.  No stage re-scans the raw text for what an earlier stage found.

>>> from kg.model import Document
>>> doc = AnnotatedDoc(Document(doc="a.txt", text="Acme buys Beta"))
>>> doc.add(Span(0, 4, "ORG", "test", value="acme"))
>>> [s.text(doc.text) for s in doc.spans("ORG")]
['Acme']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.model import Document

__all__ = ["LABELS", "AnnotatedDoc", "Ref", "Sentence", "Span"]

# the span labels stages exchange (a cue's family follows its colon: "CUE:deal.noun")
LABELS = (
    "ORG",
    "UNDISCLOSED",
    "SITE",
    "PLACE",
    "PRODUCT",
    "MONEY",
    "YEAR",
    "DATE",
    "STAGE",
    "SERVICE",
    "CUE",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A typed stretch of the text. ``value`` is what it denotes: an entity key, an ISO code, a year, a
    stage, a cue family; ``score`` how sure its annotator is."""

    start: int
    end: int
    label: str
    source: str
    score: float = 1.0
    value: str | None = None

    def text(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    para: int  # index of the paragraph (line block) it belongs to
    section: str = "body"  # title | head | body | about | boilerplate
    about: str | None = None  # the name in the heading of an About section
    clauses: tuple[tuple[int, int], ...] = ()  # absolute spans of its clauses (the whole sentence if one)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an organisation inside a sentence: a name, or an anaphor resolved to one."""

    start: int
    end: int
    key: str
    explicit: bool
    excluded: bool = False  # a parent company, a former employer, a competitor: not a party


@dataclass
class AnnotatedDoc:
    document: Document
    text: str = ""
    title: str = ""
    dateline: Any = None  # loaders.extraction.annotate.layout.Dateline
    sentences: list[Sentence] = field(default_factory=list)
    tokens: Any = None  # loaders.extraction.annotate.tokens.Tokens
    entities: dict[str, Any] = field(default_factory=dict)  # key -> Org | Undisclosed | Site | Product
    refs: list[list[Ref]] = field(default_factory=list)  # per sentence, in text order
    salience: list[str | None] = field(default_factory=list)  # per sentence: the organisation it is about
    announcer: str | None = None
    places: list[Any] = field(default_factory=list)  # annotate.places.Place, in text order
    site_mentions: list[Any] = field(default_factory=list)  # annotate.sites.SiteMention
    product_mentions: list[Any] = field(default_factory=list)  # annotate.products.ProductMention
    org_mentions: list[Any] = field(default_factory=list)  # annotate.orgs.OrgMention
    done: list[str] = field(default_factory=list)  # names of the annotators that ran
    memo: dict[str, Any] = field(default_factory=dict)  # what an annotator keeps for a later step of its own
    _spans: dict[str, list[Span]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.document.text

    # -- spans -----------------------------------------------------------------------------------------

    def add(self, span: Span) -> None:
        self.extend([span])

    def extend(self, spans: Iterable[Span]) -> None:
        touched = set()
        for span in spans:
            self._spans.setdefault(_group(span.label), []).append(span)
            touched.add(_group(span.label))
        for label in touched:
            self._spans[label].sort(key=lambda s: (s.start, -s.end))
            self._starts[label] = [s.start for s in self._spans[label]]

    def replace(self, label: str, spans: Iterable[Span]) -> None:
        """Drop every span of ``label`` (a group: "CUE" covers every cue family) and add ``spans``."""
        self._spans.pop(label, None)
        self._starts.pop(label, None)
        self.extend(spans)

    def spans(self, label: str, start: int = 0, end: int | None = None) -> list[Span]:
        """Spans of a label starting inside [start, end), in text order; "CUE:deal" selects one family
        (and its sub-families: "CUE:deal.noun")."""
        group = _group(label)
        found = self._spans.get(group, [])
        if end is None and not start:
            chosen = found
        else:
            starts = self._starts.get(group, [])
            lo = bisect_left(starts, start)
            hi = bisect_left(starts, end) if end is not None else len(found)
            chosen = found[lo:hi]
        if label != group:
            family = label[len(group) + 1 :]
            chosen = [s for s in chosen if s.value == family or (s.value or "").startswith(family + ".")]
        return chosen

    # -- sentences -------------------------------------------------------------------------------------

    def set_sentences(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]

    def sentence_index(self, pos: int) -> int | None:
        """Index of the sentence holding the offset ``pos`` (None between sentences)."""
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None

    def clause_of(self, pos: int) -> tuple[int, int] | None:
        i = self.sentence_index(pos)
        if i is None:
            return None
        for a, b in self.sentences[i].clauses:
            if a <= pos < b:
                return a, b
        sent = self.sentences[i]
        return sent.start, sent.end

    def mentions(self, label: str, key: str) -> list[Span]:
        return [s for s in self.spans(label) if s.value == key]


def _group(label: str) -> str:
    return label.split(":", 1)[0]

"""Content negotiation: which serialization of a result the client gets, from ``Accept`` or ``format=``.

Every format is one of pyoxigraph's own serializers; this module only chooses.

>>> choose(SOLUTIONS, "text/csv").name
'CSV'
>>> choose(SOLUTIONS, "application/sparql-results+xml;q=0.5, application/sparql-results+json").name
'JSON'
>>> choose(GRAPH, "text/html,*/*;q=0.8").name
'Turtle'
>>> choose(GRAPH, None, "jsonld").name
'JSON-LD'
>>> choose(BOOLEAN, "text/turtle") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pyoxigraph import QueryResultsFormat, RdfFormat

__all__ = ["BOOLEAN", "GRAPH", "SOLUTIONS", "Format", "choose", "media_types"]


S = TypeVar("S", QueryResultsFormat, RdfFormat)


@dataclass(frozen=True)
class Format(Generic[S]):
    name: str
    serializer: S  # results of SELECT and ASK (QueryResultsFormat), or graphs (RdfFormat)
    media_types: tuple[str, ...]  # the first is sent as Content-Type
    aliases: tuple[str, ...]  # values of the format=/output= parameter

    @property
    def content_type(self) -> str:
        main = self.media_types[0]
        return f"{main}; charset=utf-8" if main.startswith("text/") else main


_JSON = Format("JSON", QueryResultsFormat.JSON, ("application/sparql-results+json", "application/json"),
               ("json", "srj"))  # fmt: skip
_XML_TYPES = ("application/sparql-results+xml", "application/xml", "text/xml")
_XML = Format("XML", QueryResultsFormat.XML, _XML_TYPES, ("xml", "srx"))
_CSV = Format("CSV", QueryResultsFormat.CSV, ("text/csv",), ("csv",))
_TSV = Format("TSV", QueryResultsFormat.TSV, ("text/tab-separated-values",), ("tsv",))
_TURTLE = Format("Turtle", RdfFormat.TURTLE, ("text/turtle", "application/x-turtle"), ("turtle", "ttl"))
_NTRIPLES = Format("N-Triples", RdfFormat.N_TRIPLES, ("application/n-triples", "text/plain"),
                   ("nt", "ntriples", "n-triples"))  # fmt: skip
_JSONLD = Format("JSON-LD", RdfFormat.JSON_LD, ("application/ld+json", "application/json"),
                 ("jsonld", "json-ld", "json"))  # fmt: skip
_RDFXML = Format("RDF/XML", RdfFormat.RDF_XML, ("application/rdf+xml", "application/xml", "text/xml"),
                 ("rdfxml", "rdf+xml", "xml", "rdf"))  # fmt: skip

# In order of preference: the first is the default.
SOLUTIONS: tuple[Format[QueryResultsFormat], ...] = (_JSON, _XML, _CSV, _TSV)
BOOLEAN: tuple[Format[QueryResultsFormat], ...] = (_JSON, _XML)
GRAPH: tuple[Format[RdfFormat], ...] = (_TURTLE, _NTRIPLES, _JSONLD, _RDFXML)


def choose(formats: tuple[Format[S], ...], accept: str | None, name: str | None = None) -> Format[S] | None:
    """The format to answer with; None when the client accepts none of ``formats`` (HTTP 406)."""
    if name:
        wanted = name.strip().lower()
        for fmt in formats:
            if wanted in fmt.aliases or wanted in fmt.media_types:
                return fmt
    ranges = _parse_accept(accept)
    if not ranges:
        return formats[0]
    best, best_q = None, 0.0
    for fmt in formats:
        q = max((_quality(ranges, media_type) for media_type in fmt.media_types), default=0.0)
        if q > best_q:
            best, best_q = fmt, q
    return best


def media_types(formats: tuple[Format, ...]) -> str:
    return ", ".join(fmt.media_types[0] for fmt in formats)


def _parse_accept(accept: str | None) -> list[tuple[str, float]]:
    ranges = []
    for part in (accept or "").split(","):
        media_range, *params = (p.strip() for p in part.split(";"))
        if not media_range:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def _quality(ranges: list[tuple[str, float]], media_type: str) -> float:
    """The q of the most specific range matching ``media_type`` (exact > type/* > */*)."""
    main = media_type.split("/")[0]
    found: dict[int, float | None] = {0: None, 1: None, 2: None}
    for media_range, q in ranges:
        if media_range == media_type:
            found[2] = q if found[2] is None else max(found[2], q)
        elif media_range == f"{main}/*":
            found[1] = q if found[1] is None else max(found[1], q)
        elif media_range == "*/*":
            found[0] = q if found[0] is None else max(found[0], q)
    for level in (2, 1, 0):
        quality = found[level]
        if quality is not None:
            return quality
    return 0.0

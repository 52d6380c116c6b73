"""Typed values that flow through the pipeline: documents, entities, facts, agreements, evidence.

The extraction record (JSON, see ``../shared/eval/FORMAT.md``) is the interchange shape;
:meth:`Extraction.from_record` and :meth:`Extraction.to_record` convert to and from it.

>>> rec = {"doc": "a.txt", "entities": [{"id": "e1", "type": "Organization", "name": "Acme"}],
...        "facts": [], "agreements": []}
>>> Extraction.from_record(rec).entities[0].name
'Acme'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kg.errors import RecordError

__all__ = [
    "PREDICATES",
    "Agreement",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Extraction",
    "Fact",
    "Identity",
    "Money",
    "Retrieval",
]

PREDICATES = (
    "contracts_with",
    "acquires",
    "operates",
    "located_in",
    "headquartered_in",
    "starts_operations",
    "develops",
)
# predicates whose object is a literal (country code, "City, CC", or a year), not an entity id
LITERAL_PREDICATES = frozenset({"located_in", "headquartered_in", "starts_operations"})
ROLES = ("provider", "client", "partner")


class EntityType(StrEnum):
    ORGANIZATION = "Organization"
    SITE = "Site"
    PRODUCT = "Product"


@dataclass(frozen=True)
class Retrieval:
    """How a document came from the web: when it was fetched, the HTTP status, and the SHA-256 (hex) of its
    text as read from the response (what evidence offsets point into; a page whose text is unchanged is
    the same announcement, whatever else on it changed)."""

    fetched: str  # ISO 8601 UTC, seconds: 2026-12-04T10:15:00Z
    status: int
    sha256: str

    def to_source(self) -> dict[str, Any]:
        """The fields an extraction record's ``source`` carries for it."""
        return {"fetched": self.fetched, "http_status": self.status, "content_sha256": self.sha256}


@dataclass(frozen=True)
class Document:
    """One announcement as read from a source, before extraction."""

    doc: str  # where it came from (see loaders.files, loaders.jsonl, loaders.feed); re-ingest replaces by it
    text: str  # title on the first line, then the body
    title: str = ""
    published: str | None = None  # ISO date, possibly partial ("2025-09")
    url: str | None = None
    publisher: str | None = None
    path: str | None = None  # where it was read from, for error messages
    former_keys: tuple[str, ...] = ()  # its keys in stores written before keys said where (bare file names)
    retrieved: Retrieval | None = None  # set when it was fetched over HTTP(S)


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int  # character offsets of the sentence in Document.text
    end: int
    extractor: str = "rules"
    confidence: float = 1.0


@dataclass(frozen=True)
class Identity:
    """Who an entity is, as resolution (:mod:`kg.identity`) decided: its node, the name the graph shows, the
    names this announcement gives it, and why it is that node."""

    iri: str
    label: str
    names: tuple[str, ...] = ()  # the names as this announcement writes them
    aliases: tuple[str, ...] = ()  # other names it states (record aliases, identity statements in the text)
    tickers: tuple[str, ...] = ()  # EXCHANGE:SYMBOL stated for it
    reason: str = "name"  # registry | identifier | alias | name | document | curated (an analyst's merge)


@dataclass(frozen=True)
class Entity:
    id: str  # local to its document
    type: EntityType
    name: str | None = None
    aliases: tuple[str, ...] = ()
    undisclosed: bool = False
    description: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    city: str | None = None
    modality: str | None = None  # products
    indication: str | None = None  # products
    identity: Identity | None = None  # set by resolution; None: not resolved yet

    @property
    def label(self) -> str:
        return self.name or self.description or self.id


@dataclass(frozen=True)
class Fact:
    subject: str  # entity id
    predicate: str  # one of PREDICATES
    object: str  # entity id, or a literal for LITERAL_PREDICATES
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str = "USD"
    what: str = "total"  # upfront | milestones | total | price | equity


@dataclass(frozen=True)
class Agreement:
    roles: tuple[tuple[str, str], ...]  # (role, entity id), role in ROLES
    type: str | None = None
    service: str | None = None
    stage: tuple[str, ...] = ()
    products: tuple[str, ...] = ()  # entity ids
    end_year: int | None = None
    value: tuple[Money, ...] = ()
    announced: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def party(self, role: str) -> str | None:
        return next((e for r, e in self.roles if r == role), None)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    doc: str
    source: dict[str, Any] = field(default_factory=dict)  # url, publisher, published, title
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    kind: str | None = None

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Extraction:
        from kg.record import from_record

        return from_record(record)

    def to_record(self) -> dict[str, Any]:
        from kg.record import to_record

        return to_record(self)


def check_predicate(name: str) -> str:
    if name not in PREDICATES:
        raise RecordError(f"unknown predicate {name!r} (expected one of {', '.join(PREDICATES)})")
    return name

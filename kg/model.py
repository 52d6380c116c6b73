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
    "from_record",
    "to_record",
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
        """The extraction of a JSON record (see :func:`from_record`)."""
        return from_record(record)

    def to_record(self) -> dict[str, Any]:
        """The JSON record of this extraction (see :func:`to_record`)."""
        return to_record(self)


def check_predicate(name: str) -> str:
    if name not in PREDICATES:
        raise RecordError(f"unknown predicate {name!r} (expected one of {', '.join(PREDICATES)})")
    return name


# --- the JSON record form ---------------------------------------------------------------------------
# Conversion between the JSON extraction record (CONTRACT.md / FORMAT.md shape) and :class:`Extraction`.
#
# Evidence travels at the top level of a record: ``{"fact": i, ...}`` for ``facts[i]`` and
# ``{"agreement": i, ...}`` for ``agreements[i]``.


_ROLE_ALIASES = {
    "provider": "provider",
    "licensor": "provider",
    "seller": "provider",
    "client": "client",
    "licensee": "client",
    "acquirer": "client",
    "buyer": "client",
    "investor": "client",
    "partner": "partner",
    "partners": "partner",
    "parties": "partner",
}


def from_record(record: dict[str, Any]) -> Extraction:
    if not isinstance(record, dict):
        raise RecordError("record is not a JSON object")
    doc = record.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        raise RecordError('record has no "doc" name')
    for key in ("entities", "facts", "agreements", "evidence"):
        if not isinstance(record.get(key) or [], list):
            raise RecordError(f'malformed record {doc!r}: "{key}" is not a list')
    try:
        entities = tuple(_entity(e) for e in record.get("entities") or [])
        ids = {e.id for e in entities}
        evidence = _evidence_index(record.get("evidence") or [])
        facts = tuple(
            _fact(f, ids, evidence.get(("fact", i), ())) for i, f in enumerate(record.get("facts") or [])
        )
        agreements = tuple(
            _agreement(a, ids, evidence.get(("agreement", i), ()))
            for i, a in enumerate(record.get("agreements") or [])
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RecordError(f"malformed record {doc!r}: {exc}") from None
    source = record.get("source") or {}
    if not isinstance(source, dict):
        raise RecordError(f'record {doc!r}: "source" is not an object')
    return Extraction(doc, dict(source), entities, facts, agreements, record.get("kind"))


def to_record(ex: Extraction) -> dict[str, Any]:
    evidence: list[dict[str, Any]] = []
    for i, f in enumerate(ex.facts):
        evidence += [{"fact": i, **_evidence_dict(ev)} for ev in f.evidence]
    for i, a in enumerate(ex.agreements):
        evidence += [{"agreement": i, **_evidence_dict(ev)} for ev in a.evidence]
    out: dict[str, Any] = {
        "doc": ex.doc,
        "source": ex.source,
        "kind": ex.kind,
        "entities": [_entity_dict(e) for e in ex.entities],
        "facts": [[f.subject, f.predicate, f.object] for f in ex.facts],
        "agreements": [_agreement_dict(a) for a in ex.agreements],
        "evidence": evidence,
    }
    return out


def _entity(d: dict[str, Any]) -> Entity:
    try:
        etype = EntityType(str(d.get("type")))
    except ValueError:
        raise RecordError(f"entity {d.get('id')!r} has unknown type {d.get('type')!r}") from None
    if not d.get("id"):
        raise RecordError("an entity has no id")
    return Entity(
        id=str(d["id"]),
        type=etype,
        name=d.get("name") or None,
        aliases=tuple(d.get("aliases") or ()),
        undisclosed=bool(d.get("undisclosed")) or not d.get("name"),
        description=d.get("description"),
        country=d.get("country"),
        city=d.get("city"),
        modality=d.get("modality"),
        indication=d.get("indication"),
    )


def _fact(f: list[Any], ids: set[str], evidence: tuple[Evidence, ...]) -> Fact:
    if not isinstance(f, (list, tuple)) or len(f) != 3:
        raise RecordError(f"fact {f!r} is not [subject, predicate, object]")
    s, p, o = (str(x) for x in f)
    check_predicate(p)
    if s not in ids:
        raise RecordError(f"fact {f!r} names unknown subject {s!r}")
    if p not in LITERAL_PREDICATES and o not in ids:
        raise RecordError(f"fact {f!r} names unknown object {o!r}")
    return Fact(s, p, o, evidence)


def _agreement(a: dict[str, Any], ids: set[str], evidence: tuple[Evidence, ...]) -> Agreement:
    roles: list[tuple[str, str]] = []
    for key, role in _ROLE_ALIASES.items():
        value = a.get(key)
        for v in [value] if isinstance(value, str) else value or []:
            if v not in ids:
                raise RecordError(f"agreement names unknown party {v!r}")
            if (role, v) not in roles:
                roles.append((role, v))
    product = a.get("product")
    products = tuple([product] if isinstance(product, str) else product or [])
    end = a.get("end_year")
    return Agreement(
        roles=tuple(roles),
        type=a.get("type"),
        service=a.get("service"),
        stage=tuple(a.get("stage") or ()),
        products=tuple(p for p in products if p in ids),
        end_year=int(str(end)[:4]) if end else None,
        value=tuple(
            Money(float(m["amount"]), m.get("currency") or "USD", m.get("what") or "total")
            for m in a.get("value") or []
            if isinstance(m, dict) and m.get("amount") is not None
        ),
        announced=a.get("announced"),
        evidence=evidence,
    )


def _evidence_index(items: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[Evidence, ...]]:
    out: dict[tuple[str, int], tuple[Evidence, ...]] = {}
    for item in items:
        kind = "fact" if "fact" in item else "agreement"
        key: tuple[str, int] = (kind, item.get(kind))  # type: ignore[assignment]  # None: kept, never asked
        ev = Evidence(
            sentence=str(item.get("sentence") or ""),
            start=int(item.get("start") or 0),
            end=int(item.get("end") or 0),
            extractor=str(item.get("extractor") or "record"),
            confidence=float(item.get("confidence", 1.0)),
        )
        out[key] = (*out.get(key, ()), ev)
    return out


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "extractor": ev.extractor,
        "confidence": ev.confidence,
    }


def _entity_dict(e: Entity) -> dict[str, Any]:
    d: dict[str, Any] = {"id": e.id, "type": e.type.value, "name": e.name}
    for key in ("aliases", "description", "country", "city", "modality", "indication"):
        value = getattr(e, key)
        if value:
            d[key] = list(value) if key == "aliases" else value
    if e.undisclosed:
        d["undisclosed"] = True
    return d


def _agreement_dict(a: Agreement) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for role in ROLES:
        parties = [e for r, e in a.roles if r == role]
        if parties:
            d[role] = parties[0] if role != "partner" and len(parties) == 1 else parties
    d.update(
        type=a.type,
        service=a.service,
        stage=list(a.stage) or None,
        product=(a.products[0] if len(a.products) == 1 else list(a.products) or None),
        end_year=a.end_year,
        value=[{"amount": m.amount, "currency": m.currency, "what": m.what} for m in a.value] or None,
        announced=a.announced,
    )
    return d

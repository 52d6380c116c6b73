"""Corrections: what an analyst decided about one statement of the graph, with who, when and why.

Every correction is about a statement — subject, predicate (its ``relation``), objects — like a piece of
evidence: a fact to reject, confirm or add; two nodes that are one (``same_as``) or two (``different_from``);
a node's ``name``; an agreement attribute to edit; an ``agreement`` to reject or confirm. Its id is derived
from its content, so importing the same correction twice writes it once.

>>> c = Correction(Action.REJECT, "https://w3id.org/biopharma-kg/id/org/acme", "operates",
...                ("https://w3id.org/biopharma-kg/id/site/acme-plant",), by="ana", at="2026-03-01T09:00:00Z")
>>> c.id == Correction.from_dict(c.to_dict()).id and c.id.startswith("c-")
True
>>> c.predicate
'https://w3id.org/biopharma-kg/ontology#operates'
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.countries import country_code
from kg.errors import KgError

__all__ = [
    "AGREEMENT_ATTRIBUTES",
    "AGREEMENT_TYPES",
    "ENTITY_CLASSES",
    "FACT_RELATIONS",
    "SERVICES",
    "STAGES",
    "Action",
    "Correction",
    "CurationError",
    "now",
    "object_term",
]


class CurationError(KgError):
    """A correction that cannot be made: unknown fact, a company merged with itself, a malformed line."""


class Action(StrEnum):
    REJECT = "reject"
    CONFIRM = "confirm"
    ADD = "add"
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    EDIT = "edit"


# relation names a correction may carry -> the predicate IRI of its statement
FACT_RELATIONS = {name: rel.rdf for name, rel in v.RELATIONS.items()}
AGREEMENT_ATTRIBUTES = {
    "type": v.AGREEMENT_TYPE,
    "service": v.SERVICE,
    "stage": v.STAGE,
    "end_year": v.END_YEAR,
    "value": v.HAS_VALUE,  # objects: "AMOUNT CURRENCY [KIND]"
}
# the values an edit may set (as ontology/shapes.ttl allows them)
AGREEMENT_TYPES = ("manufacturing", "development", "development-and-manufacturing", "supply", "licensing",
                   "collaboration", "co-development", "research", "commercialization", "acquisition",
                   "investment", "option", "distribution")  # fmt: skip
SERVICES = ("CMO", "CDMO", "CRO", "CDO", "fill-finish", "none")
STAGES = ("preclinical", "Phase 1", "Phase 2", "Phase 3", "commercial")
_SPECIAL = {"same_as": v.SAME_AS, "different_from": v.DIFFERENT_FROM, "name": v.LABEL, "agreement": v.TYPE}
PREDICATES = FACT_RELATIONS | AGREEMENT_ATTRIBUTES | _SPECIAL
RELATION_NAMES = {iri: name for name, iri in PREDICATES.items()}
ENTITY_CLASSES = ("Organization", "Site", "Product", "Place", "Agreement")

# what each action is about: the relations it takes
_ALLOWED = {
    Action.REJECT: (*FACT_RELATIONS, "agreement"),
    Action.CONFIRM: (*FACT_RELATIONS, "agreement"),
    Action.ADD: tuple(FACT_RELATIONS),
    Action.MERGE: ("same_as",),
    Action.SPLIT: ("different_from",),
    Action.RENAME: ("name",),
    Action.EDIT: tuple(AGREEMENT_ATTRIBUTES),
}
_IRI = re.compile(r"^https?://[^\s<>\"{}|^`\\]+$")
_GYEAR = ox.NamedNode(v.XSD + "gYear")


def now(after: str = "") -> str:
    """The current time as corrections and change sets write it (UTC, to the microsecond), later than
    ``after`` (the latest correction: the order of corrections is the order they were made in)."""
    moment = datetime.now(UTC)
    if after:
        moment = max(moment, _parse_time(after) + timedelta(microseconds=1))
    return _time_text(moment)


def canonical_time(text: str) -> str:
    """``text`` (ISO 8601) as the store keeps an ``xsd:dateTime``: UTC, no trailing zeros in the fraction —
    so that a correction read back from the store is the same correction, with the same id.

    >>> canonical_time("2026-03-01T10:00:00.250000+01:00")
    '2026-03-01T09:00:00.25Z'
    """
    return _time_text(_parse_time(text))


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _time_text(moment: datetime) -> str:
    fraction = f"{moment.microsecond:06d}".rstrip("0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


@dataclass(frozen=True)
class Correction:
    """One decision. ``subject`` and IRI objects are node IRIs; names and classes are as they were when the
    decision was made (for readers, and to keep a confirmed or added fact's nodes named)."""

    action: Action
    subject: str
    relation: str  # a key of PREDICATES
    objects: tuple[str, ...] = ()  # IRIs, or values (a year, a name, an attribute value)
    subject_name: str = ""
    object_name: str = ""
    subject_class: str = ""  # Organization, Site, Product, Place, Agreement
    object_class: str = ""
    announcement: str = ""  # the announcement graph of the evidence or agreement it is about
    parties: tuple[str, ...] = ()  # an agreement's parties, "ROLE IRI" (which agreement of its announcement)
    sentence: str = ""
    source: str = ""  # URL of the source cited (added or confirmed facts)
    overrides: tuple[str, ...] = ()  # IRIs of the evidence it overrides
    statements: str = ""  # a confirmed agreement's statements (N-Triples)
    by: str = ""
    at: str = ""  # ISO 8601, UTC
    why: str = ""

    def __post_init__(self) -> None:
        # sets kept sorted, the time as the store keeps it: the same correction has the same id however it
        # was read (JSON, RDF)
        for name in ("overrides", "parties") + (("objects",) if self.relation == "stage" else ()):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))
        if self.at:
            try:
                object.__setattr__(self, "at", canonical_time(self.at))
            except ValueError:
                pass  # checked() says what is wrong with it

    @property
    def predicate(self) -> str:
        return PREDICATES[self.relation]

    @property
    def id(self) -> str:
        """``c-`` and 16 hex digits of the hash of everything else: the same correction, the same id."""
        text = json.dumps(self._fields(), sort_keys=True, ensure_ascii=False)
        return "c-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def iri(self) -> str:
        return f"{v.ID}correction/{self.id}"

    @property
    def object(self) -> str:
        return self.objects[0] if self.objects else ""

    def about_fact(self) -> bool:
        return self.relation in FACT_RELATIONS

    def about_agreement(self) -> bool:
        return self.relation == "agreement" or self.relation in AGREEMENT_ATTRIBUTES

    def terms(self) -> list[ox.NamedNode | ox.Literal]:
        """The objects as RDF terms (IRIs, years, values), as the statement holds them."""
        return [object_term(self.predicate, o) for o in self.objects]

    def _fields(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in ("", ()):
                out[f.name] = list(value) if isinstance(value, tuple) else str(value)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines form (``kg curate export``): id first, empty fields left out."""
        return {"id": self.id, **self._fields()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        """A correction from its JSON form, checked (:class:`CurationError` says what is wrong)."""
        if not isinstance(data, dict):
            raise CurationError("a correction is a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"id"})
        if unknown:
            raise CurationError(f"unknown field {unknown[0]!r}")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.type.startswith("tuple"):
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                    raise CurationError(f"{f.name!r} must be a list of strings")
                value = tuple(value)
            elif not isinstance(value, str):
                raise CurationError(f"{f.name!r} must be a string")
            values[f.name] = value
        try:
            values["action"] = Action(values.get("action", ""))
        except ValueError:
            raise CurationError(
                f"unknown action {data.get('action')!r} (expected one of {', '.join(Action)})"
            ) from None
        correction = cls(**values).checked()
        if "id" in data and data["id"] != correction.id:
            raise CurationError(
                f"id {data['id']!r} does not match the correction's content ({correction.id})"
            )
        return correction

    def checked(self) -> Correction:
        """This correction if it is well formed, else :class:`CurationError` naming the first problem."""
        if self.relation not in _ALLOWED[self.action]:
            allowed = ", ".join(_ALLOWED[self.action])
            raise CurationError(f"{self.action} takes the relations {allowed}, not {self.relation!r}")
        if not _IRI.match(self.subject):
            raise CurationError(f"subject {self.subject!r} is not an IRI")
        for name, value in (("subject_class", self.subject_class), ("object_class", self.object_class)):
            if value and value not in ENTITY_CLASSES:
                raise CurationError(f"{name} {value!r} is not one of {', '.join(ENTITY_CLASSES)}")
        if not self.by or not self.at:
            raise CurationError("a correction says who made it ('by') and when ('at')")
        try:
            _parse_time(self.at)
        except ValueError:
            raise CurationError(f"'at' {self.at!r} is not an ISO 8601 time") from None
        if self.relation != "agreement" and not self.objects:
            raise CurationError(f"{self.action} {self.relation} needs an object")
        if len(self.objects) > 1 and self.relation != "stage":
            raise CurationError(f"{self.relation} takes one object, not {len(self.objects)}")
        for o in self.objects:
            object_term(self.predicate, o)  # raises CurationError when malformed
        if self.action in (Action.MERGE, Action.SPLIT) and self.subject == self.object:
            raise CurationError(f"cannot {self.action} {self.subject_name or self.subject!r} with itself")
        if self.source and not _IRI.match(self.source):
            raise CurationError(f"source {self.source!r} is not an http(s) URL")
        for party in self.parties:
            role, _, iri = party.partition(" ")
            if role not in v.ROLE_PROPERTIES or not _IRI.match(iri):
                raise CurationError(f"party {party!r} is not 'ROLE IRI'")
        return self

    def but(self, **changes: Any) -> Correction:
        return replace(self, **changes)

    def describe(self) -> str:
        """One line for people: what the correction does."""
        who = self.subject_name or self.subject.rsplit("/", 1)[-1]
        what = self.object_name or ", ".join(self.objects)
        if self.relation == "agreement":
            return f"{self.action} agreement {who}"
        if self.action is Action.MERGE:
            return f"merge {what} into {who}"
        if self.action is Action.SPLIT:
            return f"split {who} from {what}"
        if self.action is Action.RENAME:
            return f"rename {who} to {what}"
        if self.action is Action.EDIT:
            return f"edit {who}: {self.relation} = {what}"
        return f"{self.action} {who} {self.relation} {what}"


_AMOUNT = re.compile(r"^\d+(\.\d+)? [A-Z]{3}( (upfront|milestones|total|price|equity))?$")


def object_term(predicate: str, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term of an object ``value`` of a correction's statement (the predicate says which kind).

    >>> str(object_term(v.RELATIONS["starts_operations"].rdf, "2027"))
    '"2027"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    >>> object_term(v.RELATIONS["operates"].rdf, "not an iri")
    Traceback (most recent call last):
    ...
    kg.curation.model.CurationError: object 'not an iri' is not an IRI
    """
    if predicate in (v.RELATIONS["starts_operations"].rdf, v.END_YEAR):
        if not re.fullmatch(r"\d{4}", value):
            raise CurationError(f"{value!r} is not a year")
        return ox.Literal(value, datatype=_GYEAR)
    if predicate == v.HAS_VALUE:
        if not _AMOUNT.match(value):
            raise CurationError(
                f"value {value!r} is not 'AMOUNT CURRENCY [KIND]' (e.g. '120000000 USD total')"
            )
        return ox.Literal(value)
    allowed = {v.AGREEMENT_TYPE: AGREEMENT_TYPES, v.SERVICE: SERVICES, v.STAGE: STAGES}.get(predicate)
    if allowed is not None and value not in allowed:
        raise CurationError(f"{value!r} is not one of {', '.join(allowed)}")
    if predicate == v.LABEL:
        if not value.strip():
            raise CurationError("an empty name")
        return ox.Literal(value)
    if allowed is not None:
        return ox.Literal(value)
    if predicate == v.TYPE:
        return ox.NamedNode(v.AGREEMENT)
    if predicate in (v.RELATIONS["located_in"].rdf, v.RELATIONS["headquartered_in"].rdf):
        if not value.startswith(v.ID + "place/") or not country_code(value.rsplit("/", 1)[-1]):
            raise CurationError(f"{value!r} is not a country's IRI ({v.ID}place/CC)")
    if not _IRI.match(value):
        raise CurationError(f"object {value!r} is not an IRI")
    return ox.NamedNode(value)


def as_json_line(correction: Correction) -> str:
    """One line of a ``kg curate export`` file (keys sorted, so files diff well)."""
    return json.dumps(correction.to_dict(), sort_keys=True, ensure_ascii=False)

"""The curation graph: corrections as RDF (PROV-O), in a named graph of their own that ingest never writes.

A correction is a reified statement — ``rdf:subject``, ``rdf:predicate``, ``rdf:object`` — typed with its
action's class (``bpk:Rejection``, ``bpk:Merge``...), attributed to an agent (``prov:wasAttributedTo``), dated
(``prov:generatedAtTime``), with why (``rdfs:comment``) and the evidence it overrides (``bpk:overrides``).

>>> from kg.curation.model import Action, Correction
>>> c = Correction(Action.RENAME, "https://w3id.org/biopharma-kg/id/org/acme", "name", ("Acme Biologics",),
...                by="ana", at="2026-03-01T09:00:00Z", why="the company's own spelling")
>>> from_quads(to_quads(c)) == [c]
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.curation.model import RELATION_NAMES, Action, Correction, CurationError
from kg.resolve import slug
from kg.terms import value

__all__ = ["agent_iri", "from_quads", "read_corrections", "to_quads"]

_N = ox.NamedNode
_G = _N(v.CURATION_GRAPH)
_ACTIONS = {iri: Action(action) for action, iri in v.CORRECTION_CLASSES.items()}
_DATETIME = _N(v.XSD + "dateTime")
_ANY_URI = _N(v.XSD + "anyURI")
# correction field -> (property, kind): iri | text | iris (many) | texts (many) | class
_FIELDS: dict[str, tuple[str, str]] = {
    "subject": (v.STATEMENT_SUBJECT, "iri"),
    "subject_name": (v.SUBJECT_NAME, "text"),
    "object_name": (v.OBJECT_NAME, "text"),
    "subject_class": (v.SUBJECT_CLASS, "class"),
    "object_class": (v.OBJECT_CLASS, "class"),
    "announcement": (v.IN_ANNOUNCEMENT, "iri"),
    "parties": (v.PARTIES, "texts"),
    "sentence": (v.SENTENCE, "text"),
    "source": (v.SOURCE_URL, "url"),
    "overrides": (v.OVERRIDES, "iris"),
    "statements": (v.STATEMENTS, "text"),
    "why": (v.COMMENT, "text"),
}
_BY_PROPERTY = {prop: (name, kind) for name, (prop, kind) in _FIELDS.items()}


def agent_iri(name: str) -> str:
    """The IRI of the agent (person or tool) named ``name``."""
    return f"{v.ID}agent/{slug(name, 60)}"


def to_quads(c: Correction) -> list[ox.Quad]:
    """The quads of one correction in the curation graph (its agent included)."""
    node, agent = _N(c.iri), _N(agent_iri(c.by))
    triples: list[tuple[Any, Any, Any]] = [
        (node, _N(v.TYPE), _N(v.CORRECTION_CLASSES[c.action])),
        (node, _N(v.TYPE), _N(v.CORRECTION)),
        (node, _N(v.STATEMENT_PREDICATE), _N(c.predicate)),
        (node, _N(v.ATTRIBUTED_TO), agent),
        (node, _N(v.GENERATED_AT), ox.Literal(c.at, datatype=_DATETIME)),
        (agent, _N(v.TYPE), _N(v.AGENT)),
        (agent, _N(v.LABEL), ox.Literal(c.by)),
    ]
    triples += [(node, _N(v.STATEMENT_OBJECT), term) for term in c.terms()]
    for name, (prop, kind) in _FIELDS.items():
        value = getattr(c, name)
        values = value if isinstance(value, tuple) else (value,) if value else ()
        for x in values:
            triples.append((node, _N(prop), _term(kind, x)))
    return [ox.Quad(s, p, o, _G) for s, p, o in triples]


def _term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    if kind in ("iri", "iris"):
        return _N(value)
    if kind == "class":
        return _N(v.BPK + value)
    if kind == "url":
        return ox.Literal(value, datatype=_ANY_URI)
    return ox.Literal(value)


def from_quads(quads: Iterable[ox.Quad]) -> list[Correction]:
    """The corrections among ``quads`` (those of the curation graph), oldest first."""
    by_node: defaultdict[str, defaultdict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    agents: dict[str, str] = {}
    for q in quads:
        by_node[value(q.subject)][q.predicate.value].append(q.object)
        if q.predicate.value == v.LABEL:
            agents[value(q.subject)] = value(q.object)
    out = []
    for node, props in by_node.items():
        action = next((_ACTIONS[t.value] for t in props.get(v.TYPE, ()) if t.value in _ACTIONS), None)
        if action is not None:
            out.append(_correction(node, action, props, agents))
    return sorted(out, key=lambda c: (c.at, c.id))


def _correction(node: str, action: Action, props: dict[str, list[Any]], agents: dict[str, str]) -> Correction:
    predicate = _one(props, v.STATEMENT_PREDICATE)
    relation = RELATION_NAMES.get(predicate, "")
    values: dict[str, Any] = {}
    for prop, terms in props.items():
        if prop not in _BY_PROPERTY:
            continue
        name, kind = _BY_PROPERTY[prop]
        texts = sorted(t.value for t in terms)
        if kind == "class":
            texts = [t[len(v.BPK) :] for t in texts]
        values[name] = tuple(texts) if kind in ("iris", "texts") else texts[0]
    objects = sorted(t.value for t in props.get(v.STATEMENT_OBJECT, ()))
    if relation == "agreement":
        objects = []
    agent = _one(props, v.ATTRIBUTED_TO)
    try:
        return Correction(action, relation=relation, objects=tuple(objects), by=agents.get(agent, agent),
                          at=_one(props, v.GENERATED_AT), **values).checked()  # fmt: skip
    except (CurationError, TypeError) as exc:
        raise CurationError(f"the curation graph holds a malformed correction {node}: {exc}") from None


def _one(props: dict[str, list[Any]], prop: str) -> str:
    terms = props.get(prop)
    return sorted(t.value for t in terms)[0] if terms else ""


def read_corrections(inner: ox.Store) -> list[Correction]:
    """Every correction of a store's curation graph, oldest first."""
    return from_quads(inner.quads_for_pattern(None, None, None, _G))

"""Read the store into its property-graph form, in one streaming pass over the announcement graphs.

Each quad is looked at once (a dispatch on its predicate; without corrections the quads stream from the
store), then the parts are assembled; the result is deterministic (sorted keys and values), whatever order
the store was written in. What bounds it (12,000 generated announcements, 773k quads): pyoxigraph hands
Python a quad in about 0.5 µs, and Oxigraph's SPARQL a result row in 1.7 µs or more (aggregates cost
more), so neither a SELECT per kind nor GROUP BY in the engine reads faster than this one pass.

>>> from kg.model import Extraction
>>> from kg.store import Store
>>> store = Store.in_memory()
>>> _ = store.write([Extraction.from_record({"doc": "a.txt", "source": {},
...     "entities": [{"id": "e1", "type": "Organization", "name": "Acme Bio"},
...                  {"id": "s1", "type": "Site", "name": "Acme Plant"}],
...     "facts": [["e1", "operates", "s1"], ["s1", "starts_operations", "2027"]], "agreements": []})])
>>> graph = read_store(store)
>>> [props["name"] for props in graph.nodes["Site"].values()]
['Acme Plant']
>>> [group.type for group in graph.relationships]
['DERIVED_FROM', 'OPERATES']
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab as v
from kg.graph.model import (
    CLASS_LABELS,
    FACT_TYPES,
    LABEL_KEYS,
    LABELS,
    PROPERTIES,
    NodeDetails,
    PropertyGraph,
    RelationshipGroup,
    RelationshipKey,
)
from kg.names import preferred_name

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["read_quads", "read_store"]

_ROLES = {iri: role for role, iri in v.ROLE_PROPERTIES.items()}
_STATEMENT = {
    v.STATEMENT_SUBJECT: "subject",
    v.STATEMENT_PREDICATE: "predicate",
    v.STATEMENT_OBJECT: "object",
}
_LINKS = {v.CONCERNS: "CONCERNS", v.DERIVED_FROM: "DERIVED_FROM", v.SUB_ORGANIZATION_OF: "SUBSIDIARY_OF"}
_MONEY = (v.AMOUNT, v.CURRENCY, v.VALUE_KIND)
_STATED_ALIASES = (v.ALIAS, v.NAME_IN_SOURCE)

# what to do with a quad, by predicate (one dict look-up per quad)
_TYPE, _LABEL, _FACT, _PROP, _ROLE, _LINK, _SUPPORTS, _PART = range(8)
_KINDS: dict[str, int] = {
    v.TYPE: _TYPE,
    v.LABEL: _LABEL,
    **dict.fromkeys(FACT_TYPES, _FACT),
    **dict.fromkeys((*PROPERTIES, v.HAS_VALUE, *_MONEY), _PROP),
    **dict.fromkeys(_ROLES, _ROLE),
    **dict.fromkeys(_LINKS, _LINK),
    v.SUPPORTS: _SUPPORTS,
    **dict.fromkeys(_STATEMENT, _PART),
}


def read_store(store: Store) -> PropertyGraph:
    """The store as a property graph: the union of its announcement graphs with the analysts' corrections
    applied (:meth:`kg.store.Store.quads`), and what analysts assert (the curation graph, a source like an
    announcement: a push removes what analysts retract)."""
    graph = read_quads(store.graphs(records=False))
    graph.announcements.add(v.CURATION_GRAPH)
    return graph


def read_quads(graphs: Iterable[tuple[str, Iterable[ox.Quad]]]) -> PropertyGraph:
    """The property graph of ``(graph IRI, its quads)`` pairs (an announcement graph each)."""
    with _no_gc():  # millions of small containers, none of them cyclic: collecting them is wasted time
        acc = _Parts()
        for graph, quads in graphs:
            acc.add_graph(graph, quads)
        return _assemble(acc)


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Parts:
    """What one pass collects: node classes and sources, names, statements by predicate, links and
    evidence parts (plain dicts filled in the loop; conversions wait for the assembly). A property's values
    are a string while there is one (most of them), a set once there are more."""

    def __init__(self) -> None:
        self.label: dict[str, str] = {}
        self.sources: dict[str, set[str]] = {}
        self.names: dict[str, Counter[str]] = {}
        self.props: dict[str, dict[str, str | set[str]]] = {}  # subject -> predicate -> lexical value(s)
        self.rels: dict[tuple[str, str, str, str | None], set[str]] = {}
        self.statements: dict[str, dict[str, str]] = {}  # evidence -> subject/predicate/object
        self.supports: dict[str, set[str]] = {}  # agreement -> evidence

    def add_graph(self, g: str, quads: Iterable[ox.Quad]) -> None:
        kinds, label, props, rels, names = _KINDS, self.label, self.props, self.rels, self.names
        sources, statements = self.sources, self.statements
        for q in quads:
            p = q.predicate.value
            kind = kinds.get(p)
            if kind is None:
                continue
            s, o = q.subject.value, q.object.value  # type: ignore[union-attr]  # no RDF-star triples
            if kind == _PROP:
                found = props.get(s)
                if found is None:
                    props[s] = {p: o}
                    continue
                old = found.get(p)
                if old is None:
                    found[p] = o
                elif type(old) is str:
                    if old != o:
                        found[p] = {old, o}
                else:
                    old.add(o)  # type: ignore[union-attr]
            elif kind == _TYPE:
                cls = CLASS_LABELS.get(o)
                if cls is not None:
                    label[s] = cls
                    found_sources = sources.get(s)
                    if found_sources is None:
                        sources[s] = {g}
                    else:
                        found_sources.add(g)
            elif kind == _PART:
                parts = statements.get(s)
                if parts is None:
                    statements[s] = {_STATEMENT[p]: o}
                else:
                    parts[_STATEMENT[p]] = o
            elif kind == _LABEL:
                counts = names.get(s)
                if counts is None:
                    names[s] = Counter((o,))
                else:
                    counts[o] += 1
            else:
                key: tuple[str, str, str, str | None]
                if kind == _LINK:
                    key = (_LINKS[p], s, o, None)
                elif kind == _FACT:
                    key = (FACT_TYPES[p], s, o, None)
                elif kind == _ROLE:
                    key = ("PARTY", s, o, _ROLES[p])
                else:  # _SUPPORTS
                    key = ("SUPPORTS", s, o, None)
                    _add(self.supports, o, s)
                found_graphs = rels.get(key)
                if found_graphs is None:
                    rels[key] = {g}
                else:
                    found_graphs.add(g)


def _add(sets: dict[Any, set[str]], key: Any, value: str) -> None:
    found = sets.get(key)
    if found is None:
        sets[key] = {value}
    else:
        found.add(value)


def _values(found: str | set[str] | None) -> set[str] | frozenset[str]:
    """A property's values as a set (see :class:`_Parts`)."""
    if found is None:
        return _NONE
    return {found} if type(found) is str else found  # type: ignore[return-value]


def _convert(value: str, kind: str) -> Any:
    if kind == "int":  # integers and gYear literals ("2027")
        try:
            return int(value)
        except ValueError:
            return int(value[:4]) if value[:4].isdigit() else value
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value in ("true", "1")
    return value


def _assemble(r: _Parts) -> PropertyGraph:
    graph = PropertyGraph(nodes={label: {} for label in LABELS})
    graph.announcements.add(v.REGISTRY_GRAPH)  # a source like an announcement: what it no longer says goes
    evidence = _Evidence(r)
    no_names: Counter[str] = Counter()
    nodes, details = graph.nodes, graph.details
    for iri, label in r.label.items():
        found = r.props.get(iri, _EMPTY)
        nodes[label][iri] = _node_properties(r, evidence, iri, label, found)
        if label == "Announcement":
            graph.announcements.add(iri)
        elif label == "Evidence":
            if v.SOURCE_URL in found:  # the source an analyst cited
                details[iri] = NodeDetails(source_url=min(_values(found[v.SOURCE_URL])))
        else:
            stated = _values(found.get(v.ALIAS)) | _values(found.get(v.NAME_IN_SOURCE))
            details[iri] = NodeDetails(r.names.get(iri, no_names), sorted(stated))
    evidence_of: dict[tuple[str, str | None, str | None], set[str]] = {}
    for ev, parts in r.statements.items():
        relation = FACT_TYPES.get(parts.get("predicate", ""))
        if relation:
            _add(evidence_of, (relation, parts.get("subject"), parts.get("object")), ev)
    groups: dict[tuple[str, str, str], dict[RelationshipKey, dict[str, Any]]] = {}
    labels, supports = r.label, r.supports
    for (rtype, start, end, role), sources in r.rels.items():
        start_label, end_label = labels.get(start), labels.get(end)
        if start_label is None or end_label is None:
            continue  # an endpoint without a class has no node
        if rtype in ("PARTY", "CONCERNS"):
            figures = evidence.of(start, supports.get(start))
        elif role is None and rtype in _FACT_RELATIONS:
            figures = evidence.of((rtype, start, end), evidence_of.get((rtype, start, end)))
        else:
            figures = _NO_EVIDENCE
        ids, sentences, confidence = figures  # the lists copied: each relationship has its own
        props = {"sources": [*sources] if len(sources) == 1 else sorted(sources),
                 "sentences": sentences and [*sentences], "evidence": ids and [*ids],
                 "confidence": confidence}  # fmt: skip
        key = (rtype, start_label, end_label)
        group = groups.get(key)
        if group is None:
            groups[key] = {(start, end, role): props}
        else:
            group[(start, end, role)] = props
    graph.relationships = {RelationshipGroup(*key): groups[key] for key in sorted(groups)}
    return graph


_NONE: frozenset[str] = frozenset()
_EMPTY: dict[str, str | set[str]] = {}
_FACT_RELATIONS = frozenset(FACT_TYPES.values())
# what becomes of a datatype property on a node: predicate -> (key, kind, a list?)
_PLAN = {p: (key, kind, p in (v.STAGE, v.TICKER)) for p, (key, kind) in PROPERTIES.items()
         if kind != "many" or p in (v.STAGE, v.TICKER)}  # fmt: skip
# what a set of evidence gives: its IRIs sorted, their sentences sorted, the highest confidence
EvidenceFigures = tuple[list[str] | None, list[str] | None, float | None]
_NO_EVIDENCE: EvidenceFigures = (None, None, None)


class _Evidence:
    """What a set of evidence gives a relationship or an agreement: its IRIs sorted, their sentences and
    the highest confidence (what --min-confidence filters), worked out once per set (an agreement's
    evidence serves each of its parties and products)."""

    def __init__(self, r: _Parts) -> None:
        self.props = r.props
        self.known: dict[Any, EvidenceFigures] = {}

    def of(self, key: Any, evidence: set[str] | None) -> EvidenceFigures:
        if not evidence:
            return _NO_EVIDENCE
        found = self.known.get(key)
        if found is None:
            parts = [self.props.get(ev, _EMPTY) for ev in evidence]
            sentences = {s for found in parts for s in _values(found.get(v.SENTENCE))}
            confidence = [float(c) for found in parts for c in _values(found.get(v.CONFIDENCE))]
            found = (sorted(evidence), sorted(sentences) or None, max(confidence) if confidence else None)
            self.known[key] = found
        return found


def _node_properties(r: _Parts, evidence: _Evidence, iri: str, label: str,
                     found: dict[str, str | set[str]]) -> dict[str, Any]:  # fmt: skip
    names = r.names.get(iri)
    if not names:
        name = _fallback_name(found, iri)
    elif len(names) == 1:
        (name,) = names
    else:
        name = preferred_name(sorted(names))
    props: dict[str, Any] = dict.fromkeys(LABEL_KEYS[label])
    aliases = _values(found.get(v.ALIAS)) | _values(found.get(v.NAME_IN_SOURCE))
    if names and (len(names) > 1 or aliases):
        aliases = aliases | set(names)
    props["name"] = name
    props["aliases"] = (sorted(aliases - {name}) or None) if aliases else None
    sources = r.sources[iri]
    props["sources"] = [*sources] if len(sources) == 1 else sorted(sources)
    for p, values in found.items():
        plan = _PLAN.get(p)
        if plan is None or plan[0] not in props:
            continue
        key, kind, many = plan
        if type(values) is str:
            props[key] = [values] if many else values if kind == "str" else _convert(values, kind)
        else:
            ordered = sorted({_convert(x, kind) for x in values})
            props[key] = ordered if many else ordered[0]
    if label == "Agreement":
        props["confidence"] = evidence.of(iri, r.supports.get(iri))[2]
        money = [r.props.get(m, _EMPTY) for m in sorted(_values(found.get(v.HAS_VALUE)))]
        if money:
            props["valueAmounts"] = [float(_one(m.get(v.AMOUNT), "0")) for m in money]
            props["valueCurrencies"] = [_one(m.get(v.CURRENCY), "") for m in money]
            props["valueKinds"] = [_one(m.get(v.VALUE_KIND), "") for m in money]
    elif label == "Evidence":
        parts = r.statements.get(iri, {})
        relation = v.BY_RDF.get(parts.get("predicate", ""))
        props["subject"], props["object"] = parts.get("subject"), parts.get("object")
        props["relation"] = relation.name if relation else None
    return props


def _one(values: str | set[str] | None, default: str) -> str:
    return default if values is None else min(_values(values))


def _fallback_name(found: dict[str, str | set[str]], iri: str) -> str:
    """A name for nodes without a label (evidence): its sentence, or what produced it."""
    for p, template in ((v.SENTENCE, "{}"), (v.EXTRACTOR, "{} evidence")):
        if p in found:
            return template.format(min(_values(found[p])))
    return iri.rsplit("/", 1)[-1]

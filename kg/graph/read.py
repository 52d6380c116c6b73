"""Read the store into its property-graph form, in one streaming pass over the announcement graphs.

Each quad is looked at once (a dispatch on its predicate), then the parts are assembled; the result is
deterministic (sorted keys and values), whatever order the store was written in.

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
    evidence parts (plain dicts filled in the loop; conversions wait for the assembly)."""

    def __init__(self) -> None:
        self.label: dict[str, str] = {}
        self.sources: dict[str, set[str]] = {}
        self.names: dict[str, Counter[str]] = {}
        self.props: dict[str, dict[str, set[str]]] = {}  # subject -> predicate -> lexical values
        self.rels: dict[tuple[str, str, str, str | None], set[str]] = {}
        self.statements: dict[str, dict[str, str]] = {}  # evidence -> subject/predicate/object
        self.supports: dict[str, set[str]] = {}  # agreement -> evidence

    def add_graph(self, g: str, quads: Iterable[ox.Quad]) -> None:
        kinds, label, props, rels = _KINDS, self.label, self.props, self.rels
        for q in quads:
            p = q.predicate.value
            kind = kinds.get(p)
            if kind is None:
                continue
            s, o = q.subject.value, q.object.value  # type: ignore[union-attr]  # no RDF-star triples
            if kind == _PROP:
                found = props.get(s)
                if found is None:
                    props[s] = {p: {o}}
                elif p in found:
                    found[p].add(o)
                else:
                    found[p] = {o}
            elif kind == _TYPE:
                cls = CLASS_LABELS.get(o)
                if cls is not None:
                    label[s] = cls
                    _add(self.sources, s, g)
            elif kind == _LINK:
                _add(rels, (_LINKS[p], s, o, None), g)
            elif kind == _PART:
                parts = self.statements.get(s)
                if parts is None:
                    self.statements[s] = {_STATEMENT[p]: o}
                else:
                    parts[_STATEMENT[p]] = o
            elif kind == _LABEL:
                counts = self.names.get(s)
                if counts is None:
                    self.names[s] = Counter((o,))
                else:
                    counts[o] += 1
            elif kind == _FACT:
                _add(rels, (FACT_TYPES[p], s, o, None), g)
            elif kind == _ROLE:
                _add(rels, ("PARTY", s, o, _ROLES[p]), g)
            elif kind == _SUPPORTS:
                _add(rels, ("SUPPORTS", s, o, None), g)
                _add(self.supports, o, s)


def _add(sets: dict[Any, set[str]], key: Any, value: str) -> None:
    found = sets.get(key)
    if found is None:
        sets[key] = {value}
    else:
        found.add(value)


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
    no_names: Counter[str] = Counter()
    for iri, label in r.label.items():
        found = r.props.get(iri, {})
        graph.nodes[label][iri] = _node_properties(r, iri, label, found)
        if label == "Announcement":
            graph.announcements.add(iri)
        elif label == "Evidence":
            if v.SOURCE_URL in found:  # the source an analyst cited
                graph.details[iri] = NodeDetails(source_url=min(found[v.SOURCE_URL]))
        else:
            stated = found.get(v.ALIAS, set()) | found.get(v.NAME_IN_SOURCE, set())
            graph.details[iri] = NodeDetails(r.names.get(iri, no_names), sorted(stated))
    evidence_of: dict[tuple[str, str | None, str | None], set[str]] = {}
    for ev, parts in r.statements.items():
        relation = FACT_TYPES.get(parts.get("predicate", ""))
        if relation:
            _add(evidence_of, (relation, parts.get("subject"), parts.get("object")), ev)
    groups: dict[RelationshipGroup, dict[tuple[str, str, str | None], dict[str, Any]]] = {}
    for (rtype, start, end, role), sources in r.rels.items():
        start_label, end_label = r.label.get(start), r.label.get(end)
        if start_label is None or end_label is None:
            continue  # an endpoint without a class has no node
        if rtype in ("PARTY", "CONCERNS"):
            evidence = r.supports.get(start, set())
        else:
            evidence = evidence_of.get((rtype, start, end), set()) if role is None else set()
        props: dict[str, Any] = {"sources": sorted(sources), "sentences": None, "evidence": None,
                                 "confidence": None}  # fmt: skip
        if evidence:
            props["evidence"] = sorted(evidence)
            sentences = {s for ev in evidence for s in r.props.get(ev, {}).get(v.SENTENCE, ())}
            props["sentences"] = sorted(sentences) or None
            props["confidence"] = _confidence(r, evidence)
        group = RelationshipGroup(rtype, start_label, end_label)
        found_group = groups.get(group)
        if found_group is None:
            groups[group] = {(start, end, role): props}
        else:
            found_group[(start, end, role)] = props
    graph.relationships = dict(sorted(groups.items(), key=lambda kv: (kv[0].type, kv[0].start, kv[0].end)))
    return graph


_NONE: frozenset[str] = frozenset()
_SINGLE = {p: key for p, (key, kind) in PROPERTIES.items() if kind != "many"}
_CONVERT = {p: kind for p, (_, kind) in PROPERTIES.items()}
_LISTS = {v.STAGE: "stages", v.TICKER: "tickers"}


def _node_properties(r: _Parts, iri: str, label: str, found: dict[str, set[str]]) -> dict[str, Any]:
    names = r.names.get(iri)
    if not names:
        name = _fallback_name(found, iri)
    elif len(names) == 1:
        (name,) = names
    else:
        name = preferred_name(sorted(names))
    props: dict[str, Any] = dict.fromkeys(LABEL_KEYS[label])
    aliases = set(names or ()) | found.get(v.ALIAS, _NONE) | found.get(v.NAME_IN_SOURCE, _NONE)
    aliases.discard(name)
    props["name"] = name
    props["aliases"] = sorted(aliases) or None
    sources = r.sources[iri]
    props["sources"] = [*sources] if len(sources) == 1 else sorted(sources)
    for p, values in found.items():
        key = _SINGLE.get(p) or _LISTS.get(p)
        if key is None or key not in props or not values:
            continue
        kind = _CONVERT[p]
        if len(values) == 1 and p not in _LISTS:
            (value,) = values
            props[key] = value if kind == "str" else _convert(value, kind)
            continue
        ordered = sorted({_convert(x, kind) for x in values})
        props[key] = ordered if p in _LISTS else ordered[0]
    if label == "Agreement":
        props["confidence"] = _confidence(r, r.supports.get(iri, set()))
        money = [r.props.get(m, {}) for m in sorted(found.get(v.HAS_VALUE, ()))]
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


def _confidence(r: _Parts, evidence: Iterable[str]) -> float | None:
    """The highest confidence of the evidence for a fact or an agreement (what --min-confidence filters)."""
    found = [float(c) for ev in evidence for c in r.props.get(ev, {}).get(v.CONFIDENCE, ())]
    return max(found) if found else None


def _one(values: set[str] | None, default: str) -> str:
    return sorted(values)[0] if values else default


def _fallback_name(found: dict[str, set[str]], iri: str) -> str:
    """A name for nodes without a label (evidence): its sentence, or what produced it."""
    if found.get(v.SENTENCE):
        return sorted(found[v.SENTENCE])[0]
    if found.get(v.EXTRACTOR):
        return f"{sorted(found[v.EXTRACTOR])[0]} evidence"
    return iri.rsplit("/", 1)[-1]

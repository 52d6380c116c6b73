"""The graph view as the viewer draws it: typed nodes and relation edges, each with details and evidence.

Built from the one property graph every sink reads (:mod:`kg.graph`), never from the store itself.
Agreements are nodes linked to their parties by role edges (``provider``, ``client``, ``partner``) and to
their products by ``concerns``; a ``contracts_with`` edge between two parties of an agreement is kept as a
*shortcut* (shown only when agreements are hidden) and its evidence is shown on the agreement too.

>>> from kg.graph import read_store
>>> from kg.model import Extraction
>>> from kg.store import Store
>>> store = Store.in_memory()
>>> _ = store.write([Extraction.from_record({"doc": "a.txt", "source": {"published": "2025-03-01"},
...     "entities": [{"id": "e1", "type": "Organization", "name": "Acme Bio"},
...                  {"id": "s1", "type": "Site", "name": "Acme Plant"}],
...     "facts": [["e1", "operates", "s1"], ["s1", "starts_operations", "2027"]], "agreements": []})])
>>> g = to_view_graph(read_store(store))
>>> sorted(d["label"] for _, d in g.nodes(data=True))
['Acme Bio', 'Acme Plant']
>>> [(d["relation"], d["years"]) for _, _, d in g.edges(data=True)]
[('operates', [2025])]
>>> [d.get("starts") for _, d in g.nodes(data=True) if d["type"] == "Site"]
[2027]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg import vocab as v
from kg.curation.facts import fact_id, short_id
from kg.graph import PropertyGraph

__all__ = ["NODE_TYPES", "RELATION_LABELS", "to_view_graph"]

NODE_TYPES = ("Organization", "Site", "Agreement", "Product", "Place")

# every edge relation the viewer draws, with the words shown on the edge
RELATION_LABELS = {
    "contracts_with": "contracts with",
    "acquires": "acquires",
    "operates": "operates",
    "located_in": "located in",
    "headquartered_in": "HQ in",
    "develops": "develops",
    "provider": "provider",
    "client": "client",
    "partner": "partner",
    "concerns": "concerns",
    "subsidiary_of": "subsidiary of",
}
_FACTS = {r.neo4j: r.name for r in v.RELATIONS.values() if r.neo4j}
_LINKS = {"CONCERNS": "concerns", "SUBSIDIARY_OF": "subsidiary_of"}
# node property (the property graph's key) -> the viewer's attribute
_ATTRIBUTES = {
    "description": "description",
    "undisclosed": "undisclosed",
    "countryCode": "country",
    "city": "city",
    "modality": "modality",
    "indication": "indication",
    "startsOperations": "starts",
    "agreementType": "agreement_type",
    "service": "service",
    "stages": "stages",
    "endYear": "end_year",
    "announced": "announced",
    "wikidata": "wikidata",
    "lei": "lei",
    "tickers": "tickers",
}


def to_view_graph(graph: PropertyGraph) -> nx.MultiDiGraph:
    """Every organization, site, product, agreement and place of ``graph``, with relations and evidence.

    Node attributes: ``type``, ``label`` and what the store knows (``country``, ``city``, ``aliases``,
    ``starts``, agreement ``agreement_type``/``service``/``stages``/``end_year``/``values``...), ``docs``
    (announcements naming it), ``evidence`` and ``years``; an agreement its ``fact`` (the id analysts
    correct it by). Edge keys are relation names; edge attributes ``relation``, ``evidence``
    (``{"sentence", "doc", "url"}`` dicts; a node's evidence of its opening year also ``fact``), ``years``,
    ``shortcut`` and ``fact`` (the fact's id; None for an agreement's party links).
    ``graph.graph["announcements"]`` maps announcement IRIs to ``{"title", "published", "url", "doc"}``.
    """
    g = nx.MultiDiGraph()
    g.graph["announcements"] = _announcements(graph)
    _add_nodes(g, graph)
    _add_edges(g, graph)
    _add_evidence(g, graph)
    _add_years(g)
    _mark_shortcuts(g)
    return g


def _announcements(graph: PropertyGraph) -> dict[str, dict[str, Any]]:
    return {
        iri: {
            "title": props["title"] or props["documentKey"] or iri,
            "published": props["published"],
            "url": props["sourceUrl"],
            "doc": props["documentKey"],
        }
        for iri, props in graph.nodes.get("Announcement", {}).items()
    }


def _add_nodes(g: nx.MultiDiGraph, graph: PropertyGraph) -> None:
    for kind in NODE_TYPES:
        for iri, props in graph.nodes.get(kind, {}).items():
            details = graph.details.get(iri)
            label = _pick_label(details.names if details else Counter()) or iri.rsplit("/", 1)[-1]
            attrs: dict[str, Any] = {"type": kind, "label": label, "docs": props["sources"], "evidence": [],
                                     "years": []}  # fmt: skip
            if details and details.stated_aliases:
                attrs["aliases"] = details.stated_aliases
            for key, name in _ATTRIBUTES.items():
                if props.get(key) is not None:
                    attrs[name] = props[key]
            if props.get("valueAmounts"):
                attrs["values"] = _values(props)
            if kind == "Agreement":
                attrs["fact"] = short_id(iri)
            g.add_node(iri, **attrs)


def _values(props: dict[str, Any]) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = []
    for amount, currency, kind in zip(
        props["valueAmounts"], props["valueCurrencies"], props["valueKinds"], strict=True
    ):
        value = {"amount": amount, "currency": currency or "USD", "what": kind or None}
        if value not in values:
            values.append(value)
    return values


def _pick_label(counts: Counter[str]) -> str | None:
    """The most frequent label of a node, then the shortest, then the first alphabetically."""
    if not counts:
        return None
    return min(counts, key=lambda label: (-counts[label], len(label), label))


def _relation(rtype: str, role: str | None) -> str | None:
    if rtype == "PARTY":
        return role
    return _FACTS.get(rtype) or _LINKS.get(rtype)


def _add_edges(g: nx.MultiDiGraph, graph: PropertyGraph) -> None:
    for group, rels in graph.relationships.items():
        for (s, o, role), _props in rels.items():
            relation = _relation(group.type, role)
            if relation is None or s not in g or o not in g:
                continue
            fact = fact_id(s, relation, o) if group.type in _FACTS else None
            g.add_edge(
                s, o, key=relation, relation=relation, evidence=[], years=[], shortcut=False, fact=fact
            )
            if relation in ("located_in", "headquartered_in") and "country" not in g.nodes[s]:
                g.nodes[s]["country"] = g.nodes[o].get("country")


def _add_evidence(g: nx.MultiDiGraph, graph: PropertyGraph) -> None:
    """Each edge's evidence (a site's opening year: its node's), then each agreement's."""
    docs_of: defaultdict[str, list[str]] = defaultdict(list)  # evidence or agreement -> announcements
    supports: defaultdict[str, list[str]] = defaultdict(list)  # agreement -> evidence
    for group, rels in graph.relationships.items():
        for s, o, _ in rels if group.type == "DERIVED_FROM" else ():
            docs_of[s].append(o)
        for s, o, _ in rels if group.type == "SUPPORTS" else ():
            supports[o].append(s)
    evidence = graph.nodes.get("Evidence", {})
    for ev, props in evidence.items():
        for doc in docs_of.get(ev, ()):
            _add_fact_evidence(g, props, _item(graph, ev, props, doc))
    for agreement in graph.nodes.get("Agreement", {}):
        if agreement in g:
            _add_agreement_evidence(g.nodes[agreement], graph, supports.get(agreement, []), docs_of)
            for doc in docs_of.get(agreement, ()):
                _append(g.nodes[agreement]["evidence"], {"sentence": None, "doc": doc, "url": None})


def _add_fact_evidence(g: nx.MultiDiGraph, props: dict[str, Any], item: dict[str, Any]) -> None:
    relation, s, o = props["relation"], props["subject"], props["object"]
    if relation and g.has_edge(s, o, relation):
        edge = g.edges[s, o, relation]
        _append(edge["evidence"], item)
        _raise(edge, props["confidence"])
    elif s in g and relation == "starts_operations":  # a literal-valued fact: evidence of the node
        year = ox.Literal(str(o), datatype=ox.NamedNode(v.XSD + "gYear"))
        _append(g.nodes[s]["evidence"], item | {"fact": fact_id(s, relation, year)})


def _add_agreement_evidence(attrs: dict[str, Any], graph: PropertyGraph, supporting: list[str],
                            docs_of: dict[str, list[str]]) -> None:  # fmt: skip
    evidence = graph.nodes.get("Evidence", {})
    for ev in supporting:
        props = evidence.get(ev)
        if props is None:
            continue
        for doc in docs_of.get(ev, ()):
            _append(attrs["evidence"], _item(graph, ev, props, doc))
            _raise(attrs, props["confidence"])


def _item(graph: PropertyGraph, evidence: str, props: dict[str, Any], doc: str) -> dict[str, Any]:
    """One piece of evidence as the viewer lists it: the sentence, its announcement, the URL it cites."""
    details = graph.details.get(evidence)
    return {"sentence": props["sentence"], "doc": doc, "url": details.source_url if details else None}


def _raise(attrs: dict[str, Any], confidence: Any) -> None:
    """Keep the best confidence of the evidence seen for an edge or an agreement."""
    if confidence is not None:
        attrs["confidence"] = max(float(confidence), attrs.get("confidence") or 0.0)


def _append(items: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """Add evidence once; a bare source (no sentence) only when nothing else names that source."""
    if item in items:
        return
    if not item["sentence"] and any(e["doc"] == item["doc"] for e in items):
        return
    items[:] = [e for e in items if e["sentence"] or e["doc"] != item["doc"]]
    items.append(item)
    items.sort(key=lambda e: (e["doc"], e["sentence"] or ""))


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text and text[:4].isdigit() else None


def _add_years(g: nx.MultiDiGraph) -> None:
    """Years of an edge or agreement: when its announcements were published (or the agreement announced)."""
    docs = g.graph["announcements"]

    def years(evidence: list[dict[str, Any]]) -> list[int]:
        found = {_year(docs.get(e["doc"], {}).get("published")) for e in evidence}
        return sorted(y for y in found if y is not None)

    for _, _, attrs in g.edges(data=True):
        attrs["years"] = years(attrs["evidence"])
    for _, attrs in g.nodes(data=True):
        if attrs["type"] == "Agreement":
            announced = _year(attrs.get("announced"))
            attrs["years"] = [announced] if announced else years(attrs["evidence"])


def _mark_shortcuts(g: nx.MultiDiGraph) -> None:
    """``contracts_with`` edges between parties of one agreement: hidden behind the agreement node."""
    pairs: dict[frozenset[str], list[str]] = defaultdict(list)
    for agreement, attrs in g.nodes(data=True):
        if attrs["type"] != "Agreement":
            continue
        parties = [
            p for _, p, k in g.out_edges(agreement, keys=True) if k in ("provider", "client", "partner")
        ]
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                pairs[frozenset((a, b))].append(agreement)
    for s, o, k, attrs in g.edges(keys=True, data=True):
        agreements = pairs.get(frozenset((s, o)))
        if k == "contracts_with" and agreements:
            attrs["shortcut"] = True
            for agreement in agreements:
                for item in attrs["evidence"]:
                    _append(g.nodes[agreement]["evidence"], item)

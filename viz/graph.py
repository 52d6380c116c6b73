"""The store as a networkx graph for viewing: typed nodes and relation edges, each with details and evidence.

Agreements are nodes linked to their parties by role edges (``provider``, ``client``, ``partner``) and to
their products by ``concerns``; a ``contracts_with`` edge between two parties of an agreement is kept as a
*shortcut* (shown only when agreements are hidden) and its evidence is shown on the agreement too.

>>> from kg.model import Extraction
>>> from kg.store import Store
>>> store = Store.in_memory()
>>> _ = store.write([Extraction.from_record({"doc": "a.txt", "source": {"published": "2025-03-01"},
...     "entities": [{"id": "e1", "type": "Organization", "name": "Acme Bio"},
...                  {"id": "s1", "type": "Site", "name": "Acme Plant"}],
...     "facts": [["e1", "operates", "s1"], ["s1", "starts_operations", "2027"]], "agreements": []})])
>>> g = read_graph(store)
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
from kg.curation.facts import fact_id_of, short_id
from kg.store import Store

__all__ = ["NODE_TYPES", "RELATION_LABELS", "read_graph"]

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
_ROLE_BY_IRI = {v.PROVIDER: "provider", v.CLIENT: "client", v.PARTNER: "partner", v.CONCERNS: "concerns",
                v.SUB_ORGANIZATION_OF: "subsidiary_of"}  # fmt: skip
_EDGE_RELATIONS = {r.rdf: r.name for r in v.RELATIONS.values() if r.range != "gYear"}
_STARTS = v.RELATIONS["starts_operations"].rdf

Q_NODES = """
SELECT ?n ?type ?label ?g WHERE {
  VALUES ?type { bpk:Organization bpk:Site bpk:Product bpk:Agreement bpk:Place }
  ?n a ?type .
  OPTIONAL { ?n rdfs:label ?label . OPTIONAL { GRAPH ?g { ?n rdfs:label ?label } } }
}"""

Q_ATTRIBUTES = """
SELECT ?n ?p ?o WHERE {
  VALUES ?p { bpk:alias bpk:description bpk:undisclosed bpk:countryCode bpk:city bpk:modality
              bpk:indication bpk:startsOperations bpk:agreementType bpk:service bpk:stage bpk:endYear
              bpk:announced bpk:wikidata bpk:nameInSource schema:leiCode schema:tickerSymbol }
  ?n ?p ?o
}"""

Q_RELATIONS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { bpk:contractsWith bpk:acquires bpk:operates bpk:locatedIn bpk:headquarteredIn bpk:develops
              bpk:provider bpk:client bpk:partner bpk:concerns org:subOrganizationOf }
  ?s ?p ?o
}"""

Q_VALUES = """
SELECT DISTINCT ?a ?amount ?currency ?kind WHERE {
  ?a bpk:value ?m . ?m bpk:amount ?amount . OPTIONAL { ?m bpk:currency ?currency }
  OPTIONAL { ?m bpk:valueKind ?kind }
}"""

Q_FACT_EVIDENCE = """
SELECT DISTINCT ?s ?p ?o ?sentence ?doc ?confidence ?url WHERE {
  ?e a bpk:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?e bpk:sentence ?sentence }
  OPTIONAL { ?e bpk:confidence ?confidence }
  OPTIONAL { ?e bpk:sourceUrl ?url }
}"""

Q_AGREEMENT_EVIDENCE = """
SELECT DISTINCT ?a ?sentence ?doc ?confidence ?url WHERE {
  { ?e bpk:supports ?a ; prov:wasDerivedFrom ?doc . OPTIONAL { ?e bpk:sentence ?sentence }
    OPTIONAL { ?e bpk:confidence ?confidence } OPTIONAL { ?e bpk:sourceUrl ?url } }
  UNION { ?a a bpk:Agreement ; prov:wasDerivedFrom ?doc }
}"""

Q_ANNOUNCEMENTS = """
SELECT ?doc ?key ?title ?published ?url WHERE {
  ?doc a bpk:Announcement .
  OPTIONAL { ?doc bpk:documentKey ?key } OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc bpk:published ?published } OPTIONAL { ?doc bpk:sourceUrl ?url }
}"""

_ATTRIBUTES = {
    v.ALIAS: ("aliases", list),
    v.DESCRIPTION: ("description", str),
    v.UNDISCLOSED: ("undisclosed", bool),
    v.COUNTRY_CODE: ("country", str),
    v.CITY: ("city", str),
    v.MODALITY: ("modality", str),
    v.INDICATION: ("indication", str),
    v.BPK + "startsOperations": ("starts", int),
    v.AGREEMENT_TYPE: ("agreement_type", str),
    v.SERVICE: ("service", str),
    v.STAGE: ("stages", list),
    v.END_YEAR: ("end_year", int),
    v.ANNOUNCED: ("announced", str),
    v.WIKIDATA: ("wikidata", str),
    v.NAME_IN_SOURCE: ("aliases", list),
    v.LEI: ("lei", str),
    v.TICKER: ("tickers", list),
}


def read_graph(store: Store) -> nx.MultiDiGraph:
    """Every organization, site, product, agreement and place of the store, with relations and evidence.

    Node attributes: ``type``, ``label`` and what the store knows (``country``, ``city``, ``aliases``,
    ``starts``, agreement ``agreement_type``/``service``/``stages``/``end_year``/``values``...), ``docs``
    (announcements naming it), ``evidence`` and ``years``; an agreement its ``fact`` (the id analysts
    correct it by). Edge keys are relation names; edge attributes ``relation``, ``evidence``
    (``{"sentence", "doc", "url"}`` dicts; a node's evidence of its opening year also ``fact``), ``years``,
    ``shortcut`` and ``fact`` (the fact's id; None for an agreement's party links).
    ``graph.graph["announcements"]`` maps announcement IRIs to ``{"title", "published", "url", "doc"}``.
    """
    g = nx.MultiDiGraph()
    g.graph["announcements"] = _announcements(store)
    _add_nodes(g, store)
    _add_attributes(g, store)
    _add_edges(g, store)
    _add_evidence(g, store)
    _add_years(g)
    _mark_shortcuts(g)
    return g


def _announcements(store: Store) -> dict[str, dict[str, Any]]:
    out = {}
    for row in store.select(Q_ANNOUNCEMENTS):
        published = row["published"]
        out[row["doc"]] = {
            "title": row["title"] or row["key"] or row["doc"],
            "published": str(published) if published is not None else None,
            "url": row["url"],
            "doc": row["key"],
        }
    return out


def _add_nodes(g: nx.MultiDiGraph, store: Store) -> None:
    labels: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    for row in store.select(Q_NODES):
        node = row["n"]
        types.setdefault(node, row["type"].rsplit("#", 1)[-1])
        if row["label"]:
            labels[node][row["label"]] += 1
        if row["g"]:  # an announcement that names it (a name only the corrections give is in none)
            docs[node].add(row["g"])
    for node, kind in types.items():
        label = _pick_label(labels[node]) or node.rsplit("/", 1)[-1]
        g.add_node(node, type=kind, label=label, docs=sorted(docs[node]), evidence=[], years=[])
        if kind == "Agreement":
            g.nodes[node]["fact"] = short_id(node)


def _pick_label(counts: Counter) -> str | None:
    """The most frequent label of a node, then the shortest, then the first alphabetically."""
    if not counts:
        return None
    return min(counts, key=lambda label: (-counts[label], len(label), label))


def _add_attributes(g: nx.MultiDiGraph, store: Store) -> None:
    for row in store.select(Q_ATTRIBUTES):
        node, (name, kind) = row["n"], _ATTRIBUTES[row["p"]]
        if node not in g:
            continue
        attrs = g.nodes[node]
        if kind is list:
            values = attrs.setdefault(name, [])
            if row["o"] not in values:
                values.append(row["o"])
                values.sort(key=str)
        elif name not in attrs or (kind is int and row["o"] < attrs[name]):
            attrs[name] = row["o"]
    for row in store.select(Q_VALUES):
        if row["a"] in g:
            value = {"amount": row["amount"], "currency": row["currency"] or "USD", "what": row["kind"]}
            values = g.nodes[row["a"]].setdefault("values", [])
            if value not in values:
                values.append(value)


def _add_edges(g: nx.MultiDiGraph, store: Store) -> None:
    for row in store.select(Q_RELATIONS):
        s, o = row["s"], row["o"]
        relation = _EDGE_RELATIONS.get(row["p"]) or _ROLE_BY_IRI[row["p"]]
        if s not in g or o not in g:
            continue
        fact = fact_id_of(ox.Triple(ox.NamedNode(s), ox.NamedNode(row["p"]), ox.NamedNode(o)))
        g.add_edge(s, o, key=relation, relation=relation, evidence=[], years=[], shortcut=False,
                   fact=fact if row["p"] in _EDGE_RELATIONS else None)  # fmt: skip
        if relation in ("located_in", "headquartered_in") and "country" not in g.nodes[s]:
            g.nodes[s]["country"] = g.nodes[o].get("country")


def _add_evidence(g: nx.MultiDiGraph, store: Store) -> None:
    for row in store.select(Q_FACT_EVIDENCE):
        item = {"sentence": row["sentence"], "doc": row["doc"], "url": row["url"]}
        relation = _EDGE_RELATIONS.get(row["p"])
        if relation and g.has_edge(row["s"], row["o"], relation):
            edge = g.edges[row["s"], row["o"], relation]
            _append(edge["evidence"], item)
            _raise(edge, row["confidence"])
        elif row["s"] in g and row["p"] == _STARTS:  # a literal-valued fact: evidence of the node
            year = ox.Literal(str(row["o"]), datatype=ox.NamedNode(v.XSD + "gYear"))
            fact = fact_id_of(ox.Triple(ox.NamedNode(row["s"]), ox.NamedNode(_STARTS), year))
            _append(g.nodes[row["s"]]["evidence"], item | {"fact": fact})
    for row in store.select(Q_AGREEMENT_EVIDENCE):
        if row["a"] in g:
            item = {"sentence": row["sentence"], "doc": row["doc"], "url": row["url"]}
            _append(g.nodes[row["a"]]["evidence"], item)
            _raise(g.nodes[row["a"]], row["confidence"])


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
    pairs: dict[frozenset, list[str]] = defaultdict(list)
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

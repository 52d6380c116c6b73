"""What a correction is about, found in the store: a fact, an agreement or a node, by id or by name.

Ids are those ``kg review``, ``kg query`` and the viewer show: a fact id (``f-...``), an agreement
(``agreement/...``) or a piece of evidence (``evidence/...``, which names its fact or agreement); full IRIs
work too. Names match a node's name or alias whatever the case. Every value reaches SPARQL as a term in a
``VALUES`` row (:func:`kg.sparql.bind_sparql`), never as query text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab as v
from kg.countries import country_code, country_name
from kg.curation.facts import RELATION_OF, fact_id_of
from kg.curation.model import CurationError
from kg.resolve import org_iri
from kg.sparql import bind_sparql
from kg.terms import Term, as_node, as_term, serialized, value

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["AgreementTarget", "Evidence", "FactTarget", "Node", "find_agreement", "find_fact", "find_node",
           "find_target"]  # fmt: skip

_N = ox.NamedNode
_DEFAULT = ox.DefaultGraph()
_CLASS_NAMES = {v.BPK + c: c for c in ("Organization", "Site", "Product", "Place", "Agreement")}
KINDS = {"Organization": "company", "Site": "site", "Product": "product", "Place": "country"}
_HINT = "ids are shown by kg review, kg query and the viewer"


@dataclass(frozen=True)
class Node:
    iri: str
    name: str
    cls: str  # Organization, Site, Product, Place, Agreement

    @property
    def kind(self) -> str:
        return KINDS.get(self.cls, self.cls.lower())


@dataclass(frozen=True)
class Evidence:
    iri: str
    sentence: str
    announcement: str  # graph IRI
    url: str
    confidence: float | None


@dataclass(frozen=True)
class FactTarget:
    subject: Node
    relation: str  # a name of kg.vocab.RELATIONS
    object: Node | None  # None: a literal object (a year)
    value: Term
    evidence: tuple[Evidence, ...] = ()
    present: bool = True  # in the merged graph now (False: rejected, or stated nowhere)

    @property
    def triple(self) -> ox.Triple:
        return ox.Triple(_N(self.subject.iri), _N(v.RELATIONS[self.relation].rdf), self.value)

    @property
    def id(self) -> str:
        return fact_id_of(self.triple)

    @property
    def object_name(self) -> str:
        return self.object.name if self.object else self.value.value

    def describe(self) -> str:
        return f"{self.subject.name} {self.relation} {self.object_name}"


@dataclass(frozen=True)
class AgreementTarget:
    iri: str
    name: str
    announcement: str
    parties: tuple[str, ...]  # "ROLE IRI"
    statements: str = ""  # its statements in the merged graph (N-Triples), values included
    evidence: tuple[Evidence, ...] = ()
    present: bool = True
    attributes: dict[str, list[str]] = field(default_factory=dict)  # predicate IRI -> values

    def describe(self) -> str:
        return f"agreement {self.name}"


def _select(store: Store, query: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a SELECT over the merged graph, ``params`` bound as terms by a VALUES row (serialized by
    pyoxigraph: user text never becomes query text)."""
    return store.select(bind_sparql(query, params))


# --- nodes ---------------------------------------------------------------------------------------------
Q_BY_KEY = """SELECT DISTINCT ?n ?label ?class WHERE {
  ?n skos:hiddenLabel ?key ; a ?class . OPTIONAL { ?n rdfs:label ?label }
  FILTER(?class IN (bpk:Organization, bpk:Site, bpk:Product, bpk:Place))
}"""
Q_BY_IRI = """SELECT DISTINCT ?label ?class WHERE {
  ?n a ?class . OPTIONAL { ?n rdfs:label ?label }
  FILTER(?class IN (bpk:Organization, bpk:Site, bpk:Product, bpk:Place, bpk:Agreement))
}"""


def node_at(store: Store, iri: str) -> Node | None:
    """The node ``iri`` as the merged graph has it (its smallest name), or None."""
    rows = _select(store, Q_BY_IRI, n=_N(iri))
    if not rows:
        return None
    labels = sorted(r["label"] for r in rows if r["label"])
    return Node(iri, labels[0] if labels else iri.rsplit("/", 1)[-1], _CLASS_NAMES[rows[0]["class"]])


def find_nodes(store: Store, name: str, classes: tuple[str, ...] = ()) -> list[Node]:
    """Nodes named ``name`` (a name or alias, whatever the case; an IRI; a country's code or name)."""
    if name.startswith(("http://", "https://")):
        found = node_at(store, name)
        return [found] if found and (not classes or found.cls in classes) else []
    rows = _select(store, Q_BY_KEY, key=name.strip().lower())
    nodes: dict[str, Node] = {}
    for r in sorted(rows, key=lambda r: (r["n"], r["label"] or "")):
        cls = _CLASS_NAMES[r["class"]]
        if (not classes or cls in classes) and r["n"] not in nodes:
            nodes[r["n"]] = Node(r["n"], r["label"] or name, cls)
    for iri in () if nodes else iris_named(name):  # "acme biologics" finds "Acme Biologics Inc."
        found = node_at(store, iri)
        if found is not None and (not classes or found.cls in classes):
            nodes[iri] = found
    if not nodes and (not classes or "Place" in classes):
        code = country_code(name)
        if code:
            nodes[f"{v.ID}place/{code}"] = Node(f"{v.ID}place/{code}", country_name(code), "Place")
    return sorted(nodes.values(), key=lambda n: n.iri)


def iris_named(name: str) -> list[str]:
    """The IRI a company named ``name`` would have (the registry's, or its name's key: case, punctuation
    and legal forms aside); sites and products are found by their names."""
    return [org_iri(name)]


def find_node(store: Store, name: str, classes: tuple[str, ...] = ()) -> Node:
    """The one node ``name`` names; :class:`CurationError` when none or several do."""
    found = find_nodes(store, name, classes)
    what = " or ".join(KINDS.get(c, c) for c in classes) or "company, site or product"
    if not found:
        raise CurationError(f"no {what} named {name!r} in the graph")
    if len(found) > 1:
        listed = "; ".join(f"{n.name} ({n.iri})" for n in found[:5])
        raise CurationError(f"{name!r} names {len(found)} nodes: {listed}; give the IRI of the one you mean")
    return found[0]


# --- facts ---------------------------------------------------------------------------------------------
Q_EVIDENCE = """SELECT ?e ?sentence ?g ?url ?confidence WHERE {
  { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } UNION
  { GRAPH ?any { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }
  { ?e prov:wasDerivedFrom ?g } UNION { GRAPH ?any2 { ?e prov:wasDerivedFrom ?g } }
  OPTIONAL { ?e bpk:sentence ?sentence } OPTIONAL { ?e bpk:confidence ?confidence }
  OPTIONAL { ?e bpk:sourceUrl ?eurl } OPTIONAL { ?g bpk:sourceUrl ?gurl }
  BIND(COALESCE(?eurl, ?gurl) AS ?url)
}"""


def _evidence(rows: list[dict[str, Any]]) -> tuple[Evidence, ...]:
    found: dict[str, Evidence] = {}
    for r in rows:
        found.setdefault(
            r["e"], Evidence(r["e"], r["sentence"] or "", r["g"], r["url"] or "", r["confidence"])
        )
    return tuple(sorted(found.values(), key=lambda e: (-(e.confidence or 0), e.iri)))


def fact(store: Store, triple: ox.Triple) -> FactTarget:
    """The fact ``triple`` with its nodes' names and the evidence stating it (in the merge or, for a
    rejected fact, in its announcement graphs)."""
    relation = RELATION_OF[triple.predicate.value]
    subject = node_at(store, value(triple.subject)) or _absent(store, value(triple.subject))
    obj = None
    if isinstance(triple.object, ox.NamedNode):
        obj = node_at(store, triple.object.value) or _absent(store, triple.object.value)
    rows = _select(store, Q_EVIDENCE, s=triple.subject, p=triple.predicate, o=triple.object)
    inner = store.oxigraph
    present = any(
        True for _ in inner.quads_for_pattern(triple.subject, triple.predicate, triple.object, _DEFAULT)
    )
    return FactTarget(subject, relation, obj, as_term(triple.object), _evidence(rows), present)


Q_NAMED = """SELECT ?label ?class WHERE { GRAPH ?g { ?n a ?class . OPTIONAL { ?n rdfs:label ?label } }
  FILTER(?class IN (bpk:Organization, bpk:Site, bpk:Product, bpk:Place)) }"""


def _absent(store: Store, iri: str) -> Node:
    """A node the merged graph no longer has (a rejected fact's), as its announcements name it."""
    rows = _select(store, Q_NAMED, n=_N(iri))
    labels = sorted(r["label"] for r in rows if r["label"])
    cls = _CLASS_NAMES[rows[0]["class"]] if rows else ""
    return Node(iri, labels[0] if labels else iri.rsplit("/", 1)[-1], cls)


def _facts_by_id(store: Store, wanted: str) -> list[ox.Triple]:
    """The statements whose fact id is ``wanted``: in the merged graph, or rejected by the overlay."""
    out = [t for t in store.overlay.decisions.rejected if fact_id_of(t) == wanted]
    inner = store.oxigraph
    for predicate in RELATION_OF:
        for q in inner.quads_for_pattern(None, _N(predicate), None, _DEFAULT):
            if fact_id_of(q.triple) == wanted:
                out.append(q.triple)
    return out


def find_fact(store: Store, subject: str, relation: str, obj: str) -> FactTarget:
    """The fact ``subject relation obj`` given by names (a country's code or name, a year)."""
    if relation not in v.RELATIONS:
        raise CurationError(f"unknown relation {relation!r} (expected one of {', '.join(v.RELATIONS)})")
    rel = v.RELATIONS[relation]
    s = find_node(store, subject, tuple(rel.domain.split("|")))
    value = object_value(store, relation, obj, s.iri)
    target = fact(store, ox.Triple(_N(s.iri), _N(rel.rdf), value))
    if not target.present and not target.evidence and target.triple not in store.overlay.decisions.rejected:
        raise CurationError(f"no fact {s.name!r} {relation} {obj!r} in the graph")
    return target


def object_value(
    store: Store, relation: str, obj: str, subject: str | None = None
) -> ox.NamedNode | ox.Literal:
    """The object term of ``relation`` named ``obj``: a node, a country, or a year. Where ``obj`` names
    several nodes (two companies' plants of one name: sites and products are their company's), the one
    ``subject`` has that relation with, if only one."""
    rel = v.RELATIONS[relation]
    if rel.range == "gYear":
        if not (obj.isdigit() and len(obj) == 4):
            raise CurationError(f"{relation} takes a year, not {obj!r}")
        return ox.Literal(obj, datatype=_N(v.XSD + "gYear"))
    if rel.range == "Place":
        code = country_code(obj) or country_code(obj.upper())
        if not code:
            raise CurationError(f"unknown country {obj!r} (use an ISO code such as US, DE, KR)")
        return _N(f"{v.ID}place/{code}")
    classes = tuple(rel.range.split("|"))
    found = find_nodes(store, obj, classes)
    if len(found) > 1 and subject is not None:
        related = [n for n in found if _related(store, ox.Triple(_N(subject), _N(rel.rdf), _N(n.iri)))]
        if len(related) == 1:
            return _N(related[0].iri)
    return _N(find_node(store, obj, classes).iri)


def _related(store: Store, t: ox.Triple) -> bool:
    """Whether some graph states ``t`` (the merge, an announcement, the analysts), or it was rejected."""
    stated = store.oxigraph.quads_for_pattern(t.subject, t.predicate, t.object, None)
    return any(True for _ in stated) or t in store.overlay.decisions.rejected


# --- agreements ----------------------------------------------------------------------------------------
Q_AGREEMENT = """SELECT ?g ?label ?p ?o WHERE {
  GRAPH ?g { ?a a bpk:Agreement . OPTIONAL { ?a rdfs:label ?label } OPTIONAL { ?a ?p ?o } }
}"""
Q_AGREEMENT_EVIDENCE = """SELECT ?e ?sentence ?g ?url ?confidence WHERE {
  GRAPH ?any { ?e bpk:supports ?a ; prov:wasDerivedFrom ?g .
               OPTIONAL { ?e bpk:sentence ?sentence } OPTIONAL { ?e bpk:confidence ?confidence } }
  OPTIONAL { ?g bpk:sourceUrl ?url }
}"""


def find_agreement(store: Store, iri: str) -> AgreementTarget:
    """The agreement ``iri``: its announcement, parties, attributes and evidence (in its announcement graph,
    so a rejected agreement is found too)."""
    rows = [r for r in _select(store, Q_AGREEMENT, a=_N(iri)) if r["g"] not in v.SYSTEM_GRAPHS]
    if not rows:
        raise CurationError(f"no agreement {iri.removeprefix(v.ID)!r} in the store ({_HINT})")
    graph = sorted(r["g"] for r in rows)[0]
    labels = sorted(r["label"] for r in rows if r["label"])
    attributes: dict[str, list[str]] = {}
    parties = []
    for r in rows:
        if r["g"] == graph and r["p"]:
            attributes.setdefault(r["p"], []).append(r["o"])
    for role, prop in v.ROLE_PROPERTIES.items():
        parties += [f"{role} {store.overlay.canon(x)}" for x in attributes.get(prop, [])]
    inner = store.oxigraph
    node = _N(iri)
    present = any(True for _ in inner.quads_for_pattern(node, _N(v.TYPE), _N(v.AGREEMENT), _DEFAULT))
    merged = list(inner.quads_for_pattern(node, None, None, _DEFAULT))
    money = [as_node(q.object) for q in merged if q.predicate.value == v.HAS_VALUE]
    merged += [q for m in money for q in inner.quads_for_pattern(m, None, None, _DEFAULT)]
    statements = serialized(sorted((q.triple for q in merged), key=str), format=ox.RdfFormat.N_TRIPLES)
    evidence = _evidence(_select(store, Q_AGREEMENT_EVIDENCE, a=node))
    name = labels[0] if labels else iri.rsplit("/", 1)[-1]
    return AgreementTarget(iri, name, graph, tuple(sorted(parties)), statements.decode("utf-8"), evidence,
                           present, attributes)  # fmt: skip


Q_EVIDENCE_OF = """SELECT ?s ?p ?o ?a WHERE {
  { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } UNION { ?e bpk:supports ?a } UNION
  { GRAPH ?g { { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } UNION { ?e bpk:supports ?a } } }
}"""


def find_target(store: Store, ref: str) -> FactTarget | AgreementTarget:
    """What the id ``ref`` names: a fact (``f-...``), an agreement, or the fact or agreement of a piece of
    evidence (``evidence/...``); :class:`CurationError` when it names nothing."""
    ref = ref.strip()
    if ref.startswith("f-"):
        found = _facts_by_id(store, ref)
        if not found:
            raise CurationError(f"no fact with id {ref!r} in the store ({_HINT})")
        return fact(store, found[0])
    iri = ref if ref.startswith(("http://", "https://")) else v.ID + ref
    if iri.startswith(v.ID + "agreement/"):
        return find_agreement(store, iri)
    if iri.startswith(v.ID + "evidence/"):
        for r in _select(store, Q_EVIDENCE_OF, e=_N(iri)):
            if r["a"]:
                return find_agreement(store, r["a"])
            if r["p"] in RELATION_OF:
                o = _N(r["o"]) if isinstance(r["o"], str) and r["o"].startswith("http") else None
                return fact(store, _fact_triple(store, iri, r, o))
    raise CurationError(f"no fact, agreement or evidence with id {ref!r} in the store ({_HINT})")


def _fact_triple(store: Store, evidence: str, row: dict[str, Any], obj: ox.NamedNode | None) -> ox.Triple:
    """The statement a piece of evidence is about (its object read as a term, literals included)."""
    for q in store.oxigraph.quads_for_pattern(_N(evidence), _N(v.STATEMENT_OBJECT), None, None):
        obj = q.object  # type: ignore[assignment]
        break
    s = _N(store.overlay.canon(row["s"]))
    o = _N(store.overlay.canon(obj.value)) if isinstance(obj, ox.NamedNode) else obj
    return ox.Triple(s, _N(row["p"]), o)  # type: ignore[arg-type]

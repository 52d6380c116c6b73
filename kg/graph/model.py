"""The property-graph form of the store: labelled nodes with properties, typed relationships with sources.

One table maps the ontology onto it (CONTRACT.md "Neo4j"): a node per IRI with the label of its class and
the keys of :data:`LABEL_KEYS`; facts are relationships of the vocabulary types; agreements link their
parties by ``PARTY {role}``, their products by ``CONCERNS``; evidence and agreements are ``DERIVED_FROM``
their announcement. Every sink and view reads this form (:mod:`kg.graph.read` builds it).

>>> graph = PropertyGraph(nodes={"Site": {"s1": {"name": "Plant 1"}}})
>>> graph.label_of("s1"), graph.node_count, graph.relationship_count
('Site', 1, 0)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg import vocab as v

__all__ = [
    "FACT_TYPES",
    "LABELS",
    "LABEL_KEYS",
    "PROPERTIES",
    "RELATIONSHIP_KEYS",
    "RELATIONSHIP_TYPES",
    "NodeDetails",
    "PropertyGraph",
    "RelationshipGroup",
    "RelationshipKey",
]

LABELS = ("Organization", "Site", "Product", "Place", "Agreement", "Announcement", "Evidence")
FACT_TYPES = {r.rdf: r.neo4j for r in v.RELATIONS.values() if r.neo4j}
RELATIONSHIP_TYPES = (*FACT_TYPES.values(), "PARTY", "CONCERNS", "DERIVED_FROM", "SUPPORTS", "SUBSIDIARY_OF")
CLASS_LABELS = {v.BPK + label: label for label in LABELS}

# datatype properties: RDF property -> (property key, kind); kind "many" makes a sorted list
PROPERTIES: dict[str, tuple[str, str]] = {
    v.ALIAS: ("aliases", "many"),
    v.DESCRIPTION: ("description", "str"),
    v.UNDISCLOSED: ("undisclosed", "bool"),
    v.CITY: ("city", "str"),
    v.MODALITY: ("modality", "str"),
    v.INDICATION: ("indication", "str"),
    v.WIKIDATA: ("wikidata", "str"),
    v.NAME_IN_SOURCE: ("aliases", "many"),  # names as the announcements write them
    v.LEI: ("lei", "str"),
    v.TICKER: ("tickers", "many"),
    v.COUNTRY_CODE: ("countryCode", "str"),
    v.RELATIONS["starts_operations"].rdf: ("startsOperations", "int"),
    v.AGREEMENT_TYPE: ("agreementType", "str"),
    v.SERVICE: ("service", "str"),
    v.STAGE: ("stages", "many"),
    v.END_YEAR: ("endYear", "int"),
    v.ANNOUNCED: ("announced", "str"),
    v.TITLE: ("title", "str"),
    v.PUBLISHED: ("published", "str"),
    v.PUBLISHER: ("publisher", "str"),
    v.SOURCE_URL: ("sourceUrl", "str"),
    v.FETCHED: ("fetched", "str"),
    v.HTTP_STATUS: ("httpStatus", "int"),
    v.SOURCE_SHA256: ("sourceSha256", "str"),
    v.DOC_KEY: ("documentKey", "str"),
    v.SENTENCE: ("sentence", "str"),
    v.START: ("start", "int"),
    v.END: ("end", "int"),
    v.EXTRACTOR: ("extractor", "str"),
    v.CONFIDENCE: ("confidence", "float"),
}
_COMMON_KEYS = ("name", "aliases", "sources")
# every key a label may have: absent ones are written as null, so `SET n += props` also removes stale ones
LABEL_KEYS: dict[str, tuple[str, ...]] = {
    "Organization": (*_COMMON_KEYS, "undisclosed", "description", "city", "wikidata", "lei", "tickers"),
    "Site": (*_COMMON_KEYS, "undisclosed", "description", "city", "startsOperations"),
    "Product": (*_COMMON_KEYS, "undisclosed", "description", "modality", "indication"),
    "Place": (*_COMMON_KEYS, "countryCode"),
    "Agreement": (*_COMMON_KEYS, "agreementType", "service", "stages", "endYear", "announced",
                  "valueAmounts", "valueCurrencies", "valueKinds", "confidence"),
    "Announcement": (*_COMMON_KEYS, "title", "published", "publisher", "sourceUrl", "documentKey", "fetched",
                     "httpStatus", "sourceSha256"),
    "Evidence": (*_COMMON_KEYS, "sentence", "start", "end", "extractor", "confidence", "subject", "relation",
                 "object"),
}  # fmt: skip
RELATIONSHIP_KEYS = ("sources", "sentences", "evidence", "confidence")

RelationshipKey = tuple[str, str, str | None]  # (start IRI, end IRI, role)


@dataclass(frozen=True)
class RelationshipGroup:
    """Relationships of one type between two labels (what one Cypher statement writes)."""

    type: str
    start: str
    end: str


@dataclass
class NodeDetails:
    """What a view may show of a node beyond its sink properties: each name with the number of
    announcements that write it, the aliases stated for it (``bpk:alias``, ``bpk:nameInSource``), and
    for evidence the URL of the source it quotes."""

    names: Counter[str] = field(default_factory=Counter)
    stated_aliases: list[str] = field(default_factory=list)
    source_url: str | None = None


@dataclass
class PropertyGraph:
    """Nodes by label (iri -> properties) and relationships by group ((start, end, role) -> properties);
    ``announcements``: the sources it holds in full (a push reconciles them); ``details``: see
    :class:`NodeDetails` (sinks ignore them)."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[RelationshipGroup, dict[RelationshipKey, dict[str, Any]]] = field(
        default_factory=dict
    )
    announcements: set[str] = field(default_factory=set)
    details: dict[str, NodeDetails] = field(default_factory=dict)

    def label_of(self, iri: str) -> str | None:
        """The label of the node ``iri`` (None when the graph has no such node)."""
        return next((label for label, nodes in self.nodes.items() if iri in nodes), None)

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def relationship_count(self) -> int:
        return sum(map(len, self.relationships.values()))

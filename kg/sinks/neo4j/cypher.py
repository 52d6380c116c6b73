"""Cypher for the Neo4j sink, built from the closed vocabulary only: labels and relationship types are
checked against :data:`kg.graph.LABELS` and :data:`kg.graph.RELATIONSHIP_TYPES` before they are spliced in;
every value is a parameter (``$rows``).

>>> create_nodes_cypher("Site")
'UNWIND $rows AS row CREATE (n:Site) SET n = row'
>>> print(create_relationships_cypher(RelationshipGroup("PARTY", "Agreement", "Organization")))
UNWIND $rows AS row
MATCH (a:Agreement {iri: row.start})
MATCH (b:Organization {iri: row.end})
CREATE (a)-[r:PARTY]->(b) SET r = row.props
>>> create_nodes_cypher("Site) DETACH DELETE (n")
Traceback (most recent call last):
...
ValueError: not a label of the vocabulary: 'Site) DETACH DELETE (n'
"""

from __future__ import annotations

from kg.graph.model import LABELS, RELATIONSHIP_TYPES, RelationshipGroup

__all__ = [
    "DELETE_RELATIONSHIPS",
    "SET_RELATIONSHIPS",
    "constraint_cypher",
    "create_nodes_cypher",
    "create_relationships_cypher",
    "delete_nodes_cypher",
    "merge_nodes_cypher",
    "read_nodes_cypher",
    "read_relationships_cypher",
    "set_node_sources_cypher",
]


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"not a label of the vocabulary: {label!r}")
    return label


def _type(rtype: str) -> str:
    if rtype not in RELATIONSHIP_TYPES:
        raise ValueError(f"not a relationship type of the vocabulary: {rtype!r}")
    return rtype


def constraint_cypher(label: str) -> str:
    """The uniqueness constraint on ``iri`` for one label.

    >>> constraint_cypher("Organization")
    'CREATE CONSTRAINT kg_organization_iri IF NOT EXISTS FOR (n:Organization) REQUIRE n.iri IS UNIQUE'
    """
    return (
        f"CREATE CONSTRAINT kg_{_label(label).lower()}_iri IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.iri IS UNIQUE"
    )


def merge_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{iri: row.iri}}) SET n += row.props"


def create_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{_label(label)}) SET n = row"


def create_relationships_cypher(group: RelationshipGroup) -> str:
    return (
        f"UNWIND $rows AS row\nMATCH (a:{_label(group.start)} {{iri: row.start}})\n"
        f"MATCH (b:{_label(group.end)} {{iri: row.end}})\n"
        f"CREATE (a)-[r:{_type(group.type)}]->(b) SET r = row.props"
    )


def read_nodes_cypher(label: str) -> str:
    """Nodes of ``label`` with their properties; those a push wrote have ``sources``."""
    return f"MATCH (n:{_label(label)}) RETURN n.iri AS iri, properties(n) AS props"


def read_relationships_cypher() -> str:
    types = "|".join(_type(t) for t in RELATIONSHIP_TYPES)
    return (
        f"MATCH (a)-[r:{types}]->(b) WHERE r.sources IS NOT NULL "
        "RETURN elementId(r) AS id, type(r) AS type, a.iri AS start, b.iri AS end, properties(r) AS props"
    )


SET_RELATIONSHIPS = "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id SET r += row.props"
DELETE_RELATIONSHIPS = "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id DELETE r"


def set_node_sources_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{iri: row.iri}}) SET n.sources = row.sources"


def delete_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{iri: row.iri}}) DETACH DELETE n"

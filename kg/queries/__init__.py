"""Query helpers with the same answers from the RDF store and from Neo4j.

Each helper asks one question written twice, side by side: ``NAME.rq`` (SPARQL) and ``NAME.cypher``.

    >>> from kg.store import Store
    >>> partners(RdfBackend(Store.in_memory()), "Nobody")
    []
"""

from kg.queries.backends import (
    Backend,
    Iri,
    Neo4jBackend,
    Query,
    RdfBackend,
    bind_sparql,
    load_query,
)
from kg.queries.helpers import agreements, lookup, network, partners, sites, timeline

__all__ = [
    "HELPERS",
    "Backend",
    "Iri",
    "Neo4jBackend",
    "Query",
    "RdfBackend",
    "agreements",
    "bind_sparql",
    "load_query",
    "lookup",
    "network",
    "partners",
    "sites",
    "timeline",
]

HELPERS = ("partners", "sites", "agreements", "timeline", "network")

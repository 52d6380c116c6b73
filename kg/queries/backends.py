"""Query backends: the embedded RDF store (SPARQL) and Neo4j (Cypher), behind one small protocol.

A :class:`Query` is a pair of constants read from ``kg/queries/NAME.rq`` and ``NAME.cypher``. Values are
always parameters: Cypher gets them as driver parameters; SPARQL gets them as one inline ``VALUES`` row of
terms serialized by pyoxigraph (``None`` is ``UNDEF``), so no user text is ever spliced into a query.

>>> bind_sparql("SELECT ?x WHERE { ?x ?p ?want }", {"want": 'say "hi"', "other": None})
'SELECT ?x WHERE { VALUES (?want ?other) { ("say \\\\"hi\\\\"" UNDEF) } ?x ?p ?want }'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from kg.bolt import run_cypher
from kg.sparql import Iri, bind_sparql

if TYPE_CHECKING:
    import neo4j

    from kg.store import Store

__all__ = [
    "Backend",
    "Iri",
    "Neo4jBackend",
    "Query",
    "RdfBackend",
    "bind_sparql",
    "load_query",
]

Tracer = Callable[[str, Mapping[str, Any]], None]


@dataclass(frozen=True)
class Query:
    """One question asked two ways: SPARQL over the RDF store and Cypher over Neo4j."""

    name: str
    sparql: str
    cypher: str


@cache
def load_query(name: str) -> Query:
    """The paired query ``name`` from the package files ``NAME.rq`` and ``NAME.cypher``."""
    folder = resources.files("kg.queries")
    return Query(
        name=name,
        sparql=folder.joinpath(f"{name}.rq").read_text(encoding="utf-8"),
        cypher=folder.joinpath(f"{name}.cypher").read_text(encoding="utf-8"),
    )


class Backend(Protocol):
    """Where a query helper runs: rows of plain Python values, keyed by the query's variables."""

    name: str

    def run(self, query: Query, params: Mapping[str, Any]) -> list[dict[str, Any]]: ...


class RdfBackend:
    """Queries the embedded store with the SPARQL half of each query."""

    name = "rdf"

    def __init__(self, store: Store, tracer: Tracer | None = None) -> None:
        self.store = store
        self.tracer = tracer

    def run(self, query: Query, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        if self.tracer is not None:
            self.tracer(query.sparql, params)
        return self.store.select(bind_sparql(query.sparql, params))


class Neo4jBackend:
    """Queries Neo4j with the Cypher half of each query (read transactions, parameters only)."""

    name = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None = None,
        tracer: Tracer | None = None,
        uri: str = "Neo4j",
    ) -> None:
        self.driver = driver
        self.database = database
        self.tracer = tracer
        self.uri = uri

    def run(self, query: Query, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return run_cypher(
            self.driver, query.cypher, params, database=self.database, tracer=self.tracer, uri=self.uri
        )

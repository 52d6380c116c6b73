"""Query backends by name (:data:`kg.plugins.BACKENDS`, entry-point group ``biopharma_kg.backends``): how to
open each for a ``with`` block, and how to make it answer for a store.

>>> RDF.name, NEO4J.name
('rdf', 'neo4j')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.bolt import Neo4jSettings, Tracer, connect
from kg.queries.backends import Backend, Neo4jBackend, RdfBackend
from kg.sinks.neo4j import push_store
from kg.store import Store

__all__ = ["NEO4J", "RDF", "BackendKind", "Connection"]


@dataclass(frozen=True)
class Connection:
    """Where backends find their data: the embedded store's folder, and Neo4j's settings (None: the
    NEO4J_* environment)."""

    store: Path
    neo4j: Neo4jSettings | None = None
    tracer: Tracer | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BackendKind:
    """A query backend by name (:data:`kg.plugins.BACKENDS`): ``open`` gives a :class:`Backend` for the
    ``with`` block; ``fill`` makes it answer for a store (nothing for the store itself, a push for Neo4j)."""

    name: str
    open: Callable[[Connection], AbstractContextManager[Backend]]
    fill: Callable[[Store, Connection], None]


@contextmanager
def _open_rdf(connection: Connection) -> Iterator[Backend]:
    with Store.open(connection.store, read_only=True) as store:
        yield RdfBackend(store, connection.tracer)


def _fill_rdf(store: Store, connection: Connection) -> None:
    """The RDF backend reads the store itself."""


@contextmanager
def _open_neo4j(connection: Connection) -> Iterator[Backend]:
    settings = connection.neo4j or Neo4jSettings.from_env()
    with connect(settings) as driver:
        yield Neo4jBackend(driver, settings.database, connection.tracer, uri=settings.uri)


def _fill_neo4j(store: Store, connection: Connection) -> None:
    push_store(store, connection.neo4j)


RDF = BackendKind("rdf", _open_rdf, _fill_rdf)
NEO4J = BackendKind("neo4j", _open_neo4j, _fill_neo4j)

"""The Neo4j sink: the store as a property graph, pushed idempotently with batched, parameterised Cypher.

The mapping (CONTRACT.md "Neo4j"): one node per IRI with the label of its class and properties ``iri``,
``name`` (the preferred ``rdfs:label``, see :func:`kg.names.preferred_name`), ``aliases`` (the other labels,
``bpk:alias`` and ``bpk:nameInSource``), ``sources`` (the announcements that mention it), plus its class's
attributes; a site's ``startsOperations`` is an integer.
Facts are relationships of the vocabulary types; agreements are nodes linked to their parties by
``PARTY {role}``, to products by ``CONCERNS`` and to their announcement by ``DERIVED_FROM``. Every
relationship carries ``sources`` (announcement IRIs); fact and agreement links also ``sentences`` and
``evidence`` (IRIs of ``Evidence`` nodes, which hold sentence, offsets, extractor and confidence and are
``DERIVED_FROM`` their announcement). Registry companies also have ``wikidata``, ``lei`` and ``tickers``, and
a subsidiary a ``SUBSIDIARY_OF`` relationship to its parent, from the registry graph (a source like an
announcement: ``sources`` name it).

Pushing reconciles per announcement: for the announcements being pushed, whatever they no longer support
loses them from its ``sources``, and is deleted when no source is left. Pushing twice changes nothing.
Analysts' corrections apply (:meth:`kg.store.Store.quads`): a rejected fact has no relationship, a merged
node no node of its own; what analysts add or confirm has the curation graph among its ``sources``.

A push first reads every node (by label) and every pushed relationship with their properties, so it
writes only the difference: nodes and relationships Neo4j lacks are ``CREATE``d in batches (the
uniqueness constraints still guard node IRIs), those whose properties differ are updated (nodes by
``MERGE`` on ``iri``, relationships by element id), the rest are left alone. Two threads send the batches
of one step; each step (nodes, relationships, reconciliation) waits for the previous one.

Modules: :mod:`~kg.sinks.neo4j.cypher` (the statements), :mod:`~kg.sinks.neo4j.writer` (batches and
threads), :mod:`~kg.sinks.neo4j.push` (the difference), :mod:`~kg.sinks.neo4j.reconcile` (what lost its
support); the connection is :mod:`kg.bolt`'s, the property graph :mod:`kg.graph`'s.
"""

from __future__ import annotations

from kg.bolt import Neo4jSettings, Tracer, check_uri, connect, run_cypher
from kg.graph import LABELS, RELATIONSHIP_TYPES, read_store
from kg.sinks import Sink
from kg.sinks.neo4j.push import push
from kg.sinks.neo4j.writer import PushReport
from kg.store import Store

__all__ = [
    "LABELS",
    "RELATIONSHIP_TYPES",
    "SINK",
    "Neo4jSettings",
    "PushReport",
    "check_uri",
    "connect",
    "push",
    "push_store",
    "run_cypher",
]


def push_store(
    store: Store,
    settings: Neo4jSettings | None = None,
    *,
    tracer: Tracer | None = None,
    batch_size: int = 10_000,
    prune: bool = False,
) -> PushReport:
    """Connect with ``settings`` (default: the NEO4J_* environment) and push the whole store.

    The entry point for ``kg push`` and ``kg ingest --neo4j``; raises :class:`Neo4jError` on connection
    problems (one line naming the URI).
    """
    settings = settings or Neo4jSettings.from_env()
    graph = read_store(store)
    with connect(settings) as driver:
        return push(graph, driver, database=settings.database, tracer=tracer, batch_size=batch_size,
                    prune=prune, uri=settings.uri)  # fmt: skip


def _write(store: Store, target: str | None) -> str:
    settings = Neo4jSettings.from_env()
    if target:
        settings = Neo4jSettings(target, settings.user, settings.password, settings.database)
    return push_store(store, settings).summary()


SINK = Sink("neo4j", "Neo4j over Bolt (credentials from NEO4J_*), idempotent", _write, "url")

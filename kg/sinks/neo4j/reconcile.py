"""Reconciliation after a push: what the pushed announcements no longer support loses them from its
``sources``, and is deleted when no source is left (sources outside the push are never touched)."""

from __future__ import annotations

from collections.abc import Iterable

from kg.graph.model import LABELS, PropertyGraph
from kg.sinks.neo4j.cypher import (
    DELETE_RELATIONSHIPS,
    SET_RELATIONSHIPS,
    delete_nodes_cypher,
    set_node_sources_cypher,
)
from kg.sinks.neo4j.writer import PushReport, Writer

__all__ = ["keep", "reconcile_nodes", "reconcile_relationships"]


def keep(sources: Iterable[str] | None, scope: set[str]) -> set[str]:
    """The sources outside the announcements being pushed (their support is not ours to change)."""
    return {s for s in sources or () if s not in scope}


def reconcile_relationships(
    w: Writer, graph: PropertyGraph, old_rels: dict, scope: set[str], report: PushReport
) -> None:
    """Relationships of the pushed announcements that ``graph`` no longer has lose those sources."""
    wanted = {(group.type, *key) for group, rels in graph.relationships.items() for key in rels}
    trim, delete = [], []
    for key, old in old_rels.items():
        if key in wanted:
            continue
        sources = old["props"].get("sources") or []
        remaining = keep(sources, scope)
        if not remaining:
            delete.append({"id": old["id"]})
        elif len(remaining) < len(sources):
            trim.append({"id": old["id"], "props": {"sources": sorted(remaining)}})
    w.write(SET_RELATIONSHIPS, trim)
    w.write(DELETE_RELATIONSHIPS, delete)
    report.relationships_deleted += len(delete)
    report.sources_trimmed += len(trim)


def reconcile_nodes(
    w: Writer, graph: PropertyGraph, old_nodes: dict, scope: set[str], report: PushReport
) -> None:
    """Pushed nodes that ``graph`` no longer has lose the pushed announcements from ``sources``."""
    for label in LABELS:
        trim, delete = [], []
        for iri, old in old_nodes[label].items():
            sources = old.get("sources")
            if iri in graph.nodes.get(label, {}) or not sources:
                continue  # still wanted, or not written by a push
            remaining = keep(sources, scope)
            if not remaining:
                delete.append({"iri": iri})
            elif len(remaining) < len(sources):
                trim.append({"iri": iri, "sources": sorted(remaining)})
        w.write(set_node_sources_cypher(label), trim)
        w.write(delete_nodes_cypher(label), delete)
        report.nodes_deleted += len(delete)
        report.sources_trimmed += len(trim)

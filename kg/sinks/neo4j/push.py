"""The push: read what Neo4j holds, then write only the difference, step by step (:mod:`kg.sinks.neo4j`)."""

from __future__ import annotations

import time
from typing import Any

import neo4j

from kg.bolt import Tracer
from kg.graph.model import LABELS, PropertyGraph
from kg.sinks.neo4j.cypher import (
    SET_RELATIONSHIPS,
    constraint_cypher,
    create_nodes_cypher,
    create_relationships_cypher,
    merge_nodes_cypher,
    read_nodes_cypher,
    read_relationships_cypher,
)
from kg.sinks.neo4j.reconcile import keep, reconcile_nodes, reconcile_relationships
from kg.sinks.neo4j.writer import PushReport, Writer

__all__ = ["push"]


def push(
    graph: PropertyGraph,
    driver: neo4j.Driver,
    *,
    database: str | None = None,
    tracer: Tracer | None = None,
    batch_size: int = 10_000,
    prune: bool = False,
    uri: str = "Neo4j",
    workers: int = 2,
) -> PushReport:
    """Write ``graph`` into Neo4j and reconcile the announcements it holds (see the module docstring).

    ``prune`` also reconciles announcements that are in Neo4j but no longer in ``graph`` (a full mirror).
    """
    started = time.perf_counter()
    w = Writer(driver, {"database": database, "tracer": tracer, "uri": uri}, batch_size, workers)
    try:
        report = _push(w, graph, prune)
    finally:
        w.close()
    report.statements, report.seconds = w.statements, time.perf_counter() - started
    return report


def _push(w: Writer, graph: PropertyGraph, prune: bool) -> PushReport:
    """Read what Neo4j holds, then write only the difference, in four steps that each wait for the last."""
    report = PushReport()
    for label in LABELS:
        w.write(constraint_cypher(label))
    w.wait()
    old_nodes = {label: {r["iri"]: r["props"] for r in w.read(read_nodes_cypher(label))} for label in LABELS}
    old_rels = {(r["type"], r["start"], r["end"], r["props"].get("role")): r
                for r in w.read(read_relationships_cypher())}  # fmt: skip
    scope = set(graph.announcements) | (set(old_nodes["Announcement"]) if prune else set())
    _write_nodes(w, graph, old_nodes, scope, report)
    w.wait()  # relationships need their nodes
    _write_relationships(w, graph, old_rels, scope, report)
    w.wait()
    reconcile_relationships(w, graph, old_rels, scope, report)
    w.wait()
    reconcile_nodes(w, graph, old_nodes, scope, report)
    w.wait()
    return report


def _write_nodes(
    w: Writer, graph: PropertyGraph, old_nodes: dict, scope: set[str], report: PushReport
) -> None:
    """CREATE the nodes Neo4j lacks, SET those whose properties differ, skip the rest."""
    for label, nodes in graph.nodes.items():
        new, changed = [], []
        for iri, props in nodes.items():
            old = old_nodes[label].get(iri)
            kept = keep(old and old.get("sources"), scope)
            props = props | {"sources": sorted(set(props["sources"]) | kept)}
            if old is None:
                new.append({"iri": iri, **props})
            elif _differs(props, old):
                changed.append({"iri": iri, "props": props})
        w.write(create_nodes_cypher(label), new)
        w.write(merge_nodes_cypher(label), changed)
        report.nodes += len(new) + len(changed)
        report.unchanged += len(nodes) - len(new) - len(changed)


def _write_relationships(
    w: Writer, graph: PropertyGraph, old_rels: dict, scope: set[str], report: PushReport
) -> None:
    """CREATE the relationships Neo4j lacks, SET (by element id) those whose properties differ."""
    changed = []
    for group, rels in graph.relationships.items():
        new = []
        for (start, end, role), props in rels.items():
            old = old_rels.get((group.type, start, end, role))
            kept = keep(old and old["props"].get("sources"), scope)
            props = props | {"sources": sorted(set(props["sources"]) | kept)}
            if old is None:
                new.append({"start": start, "end": end, "props": props | ({"role": role} if role else {})})
            elif _differs(props, old["props"]):
                changed.append({"id": old["id"], "props": props})
        w.write(create_relationships_cypher(group), new)
        report.relationships += len(new)
        report.unchanged += len(rels) - len(new)
    w.write(SET_RELATIONSHIPS, changed)
    report.relationships += len(changed)
    report.unchanged -= len(changed)


def _differs(props: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Whether writing ``props`` (None: remove) would change the ``stored`` properties."""
    return any(stored.get(key) != value for key, value in props.items())

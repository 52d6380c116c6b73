"""GraphML as a sink (``graphml``): the property graph (:mod:`kg.graph`) as one GraphML document (networkx);
list values are JSON text there, since GraphML has no lists; characters XML 1.0 cannot hold become U+FFFD.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.graph import PropertyGraph, read_store
from kg.sanitize import to_xml_text
from kg.sinks import Sink
from kg.store import Store

__all__ = ["SINK", "write_graphml"]


def _graphml_value(value: Any) -> Any:
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    return to_xml_text(value) if isinstance(value, str) else value


def _graphml_graph(graph: PropertyGraph) -> nx.MultiDiGraph:
    """The property graph as GraphML holds it: node ``label``, edge ``type`` (the edge key), list values
    as JSON text, text XML 1.0 can hold."""
    out = nx.MultiDiGraph()
    for label, nodes in graph.nodes.items():
        for iri in sorted(nodes):
            props = {k: _graphml_value(x) for k, x in nodes[iri].items() if x is not None}
            out.add_node(to_xml_text(iri), label=label, **props)
    for group, rels in graph.relationships.items():
        for (start, end, role), props in sorted(
            rels.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")
        ):
            attrs = {k: _graphml_value(x) for k, x in props.items() if x is not None}
            if role:
                attrs["role"] = role
            key = f"{group.type}:{role}" if role else group.type
            out.add_edge(to_xml_text(start), to_xml_text(end), key=key, type=group.type, **attrs)
    return out


def write_graphml(graph: PropertyGraph, out: IO[bytes] | Path) -> None:
    """One GraphML document of ``graph``."""
    nx.write_graphml(_graphml_graph(graph), out, encoding="utf-8")


def _write(store: Store, target: str | None) -> None:
    graph = read_store(store)
    if target is None:
        write_graphml(graph, sys.stdout.buffer)
        return
    with Path(target).open("wb") as out:
        write_graphml(graph, out)


SINK = Sink("graphml", "GraphML (networkx); list values as JSON text", _write)

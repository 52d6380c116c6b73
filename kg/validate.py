"""SHACL validation of the store's union graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.sinks.rdf import union_triples
from kg.store import Store
from ontology import ONTOLOGY, SHAPES

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Validation", "validate_store"]


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: tuple[dict[str, str], ...]  # focus, path, message


def validate_store(store: Store) -> Validation:
    """Validate the union graph; returns every violation (focus node, path, message)."""
    data = Graph()
    data.parse(data=ox.serialize(union_triples(store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(SHAPES, format="turtle")
    ont = Graph().parse(ONTOLOGY, format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ont, inference="none")
    return Validation(bool(conforms), tuple(_violations(report)))


def _violations(report: Graph) -> list[dict[str, str]]:
    out = []
    for result in report.subjects(predicate=None, object=SH.ValidationResult):

        def get(p: URIRef, r: Any = result) -> str:
            return str(report.value(r, p) or "")

        out.append({"focus": get(SH.focusNode), "path": get(SH.resultPath), "message": get(SH.resultMessage)})
    return sorted(out, key=lambda d: (d["focus"], d["path"], d["message"]))

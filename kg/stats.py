"""Counts per class and per relation in the store (one SPARQL query each)."""

from __future__ import annotations

from kg import vocab as v
from kg.store import Store

__all__ = ["read_stats"]

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(bpk:))) }
GROUP BY ?class ORDER BY ?class
"""
RELATION_COUNTS = """
SELECT ?p (COUNT(*) AS ?count) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o . VALUES ?p { %s } } }
GROUP BY ?p ORDER BY ?p
"""


def read_stats(store: Store) -> list[dict[str, object]]:
    """Rows ``{"kind", "name", "count"}``: one per class, then one per relation."""
    rows: list[dict[str, object]] = []
    for r in store.select(CLASS_COUNTS):
        rows.append({"kind": "class", "name": v.term(r["class"]), "count": r["count"]})
    values = " ".join(f"<{rel.rdf}>" for rel in v.RELATIONS.values())  # closed vocabulary, not user input
    by_iri = {r["p"]: r["count"] for r in store.select(RELATION_COUNTS % values)}
    for rel in v.RELATIONS.values():
        rows.append({"kind": "relation", "name": rel.name, "count": by_iri.get(rel.rdf, 0)})
    return rows

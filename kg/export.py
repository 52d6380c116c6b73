"""Exports of the store to RDF files: the union graph (ttl, nt, jsonld) or the dataset (nq, trig).

Analysts' corrections apply to both: the union graph is the merged default graph, and the dataset holds
each announcement graph corrected plus the curation graph (the corrections, and the statements analysts
added or confirmed). Output is deterministic: the same store content gives the same bytes, whatever order
it was built in.
"""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from kg import vocab as v
from kg.store import Store

__all__ = ["RDF_FORMATS", "union_triples", "write_rdf"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_DATASET = {"nq", "trig"}


def union_triples(store: Store) -> list[ox.Triple]:
    """The merged graph (the default graph) as sorted triples."""
    return sorted(store.triples(), key=str)


def write_rdf(store: Store, fmt: str, out: IO[bytes]) -> None:
    """Serialize the store in ``fmt`` (a key of RDF_FORMATS) to a binary stream."""
    items: list = sorted(store.quads(), key=str) if fmt in _DATASET else union_triples(store)
    prefixes = {k: p for k, p in v.PREFIXES.items() if k != "id"} if fmt != "jsonld" else None
    ox.serialize(items, out, RDF_FORMATS[fmt], prefixes=prefixes)

"""RDF files as sinks: the union graph (ttl, nt, jsonld) or the dataset (nq, trig).

Analysts' corrections apply to both: the union graph is the merged default graph, and the dataset holds
each announcement graph corrected plus the curation graph (the corrections, and the statements analysts
added or confirmed). Output is deterministic: the same store content gives the same bytes, whatever order
it was built in.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg import vocab as v
from kg.sinks import Sink
from kg.store import Store

__all__ = ["JSONLD", "NQ", "NT", "RDF_FORMATS", "TRIG", "TTL", "union_triples", "write_rdf"]


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


# --- as sinks -----------------------------------------------------------------------------------------
def _write(fmt: str, store: Store, target: str | None) -> str | None:
    if target is None:
        write_rdf(store, fmt, sys.stdout.buffer)
        return None
    with Path(target).open("wb") as out:
        write_rdf(store, fmt, out)
    return f"wrote {target}"


def _sink(fmt: str, description: str) -> Sink:
    return Sink(fmt, description, partial(_write, fmt))


TTL = _sink("ttl", "Turtle: the union graph")
NT = _sink("nt", "N-Triples: the union graph")
NQ = _sink("nq", "N-Quads: each announcement's graph")
TRIG = _sink("trig", "TriG: each announcement's graph")
JSONLD = _sink("jsonld", "JSON-LD: the union graph")

"""biopharma-kg: biopharma announcements -> a knowledge graph of partnerships, sites and products.

The library the ``kg`` command stands on (each command parses its options, makes one of these calls and
prints the result):

- :class:`Store` — the embedded on-disk store (``Store.open(path)``, ``Store.in_memory()``);
- :func:`ingest` — read, extract and write announcements (files, folders, URLs) into a store;
- :mod:`query` — the query helpers (``query.partners(backend, name)``, ``sites``, ``agreements``,
  ``timeline``, ``network``) over a backend (``query.RdfBackend(store)``, Neo4j);
- :func:`export` — write a store to any sink by name (RDF files, GraphML, neo4j-csv, Neo4j, a graph store);
- :func:`push` — write a store into Neo4j, idempotently.

The names load on first use, so importing ``kg`` (which every ``kg.*`` module does) stays cheap.

>>> import kg
>>> kg.query.partners(kg.query.RdfBackend(kg.Store.in_memory()), "Nobody")
[]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg import queries as query
    from kg.api import export, ingest, push
    from kg.store import Store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "export", "ingest", "push", "query"]

_LAZY = {
    "Store": ("kg.store", "Store"),
    "ingest": ("kg.api", "ingest"),
    "export": ("kg.api", "export"),
    "push": ("kg.api", "push"),
    "query": ("kg.queries", None),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module, attr = _LAZY[name]
    found = import_module(module)
    return found if attr is None else getattr(found, attr)

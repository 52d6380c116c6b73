"""A SPARQL 1.1 Graph Store Protocol endpoint as a sink: each announcement graph PUT under its name.

A PUT replaces one named graph, atomically and idempotently, so writing again changes nothing and many
writers may share an endpoint (``kg serve --allow-update`` serves one at ``/store``).
"""

from __future__ import annotations

import itertools
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import KgError
from kg.sinks import Sink
from kg.store import Store

__all__ = ["SINK", "put_graph", "put_store"]


def put_graph(endpoint: str, graph: str, triples: Iterable[ox.Triple], timeout: float = 60.0) -> None:
    """Replace the graph named ``graph`` at ``endpoint`` with ``triples`` (N-Triples); an
    :class:`OSError` (``urllib.error.URLError`` included) when the endpoint refuses or cannot be reached."""
    body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    url = f"{endpoint}?graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=timeout):
        pass


def put_store(store: Store, endpoint: str, timeout: float = 60.0) -> int:
    """PUT every graph of ``store`` as it goes out (:meth:`kg.store.Store.quads`) to ``endpoint``;
    returns how many graphs were written."""
    written = 0
    for graph, quads in itertools.groupby(store.quads(), key=lambda q: q.graph_name):
        if not isinstance(graph, ox.NamedNode):
            continue
        try:
            put_graph(endpoint, graph.value, (q.triple for q in quads), timeout)
        except (urllib.error.URLError, OSError) as exc:
            raise KgError(f"graph store at {endpoint} refused {graph.value}: {exc}") from None
        written += 1
    return written


def _write(store: Store, target: str | None) -> str:
    if not target:
        raise KgError("the graph-store sink needs the endpoint's URL (-o http://host:7878/store)")
    return f"wrote {put_store(store, target)} graphs to {target}"


SINK = Sink("graph-store", "a SPARQL Graph Store Protocol endpoint (PUT per graph)", _write, "url")

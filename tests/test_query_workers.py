"""A SPARQL worker that cannot open the store when it starts (the update worker is creating or rewriting it)
stays up: it answers "cannot be opened just now" and opens the store at a later task. It used to die at
start, and the next query sent to it got "the SPARQL worker process was gone" (the W3C protocol tests'
occasional failure)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.server.pool import Overrun, run_in_worker
from kg.server.response import Response


def test_a_worker_started_before_the_store_exists_answers_then_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = run_in_worker(path, "rows", "ASK { ?s ?p ?o }", timeout=30, memory_bytes=2**30)
    assert not isinstance(first, Overrun), first.message  # the worker did not die
    assert isinstance(first, Response) and first.status == 503
    assert b"cannot be opened just now" in first.body

    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                      ox.Literal("c")))  # fmt: skip
    store.flush()
    del store
    assert run_in_worker(path, "rows", "ASK { ?s ?p ?o }", timeout=30, memory_bytes=2**30) == (
        "boolean",
        True,
    )

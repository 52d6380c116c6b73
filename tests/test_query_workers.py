"""A SPARQL worker that cannot open the store when it starts (the update worker is creating or rewriting it)
stays up: it answers "cannot be opened just now" and opens the store at a later task. It used to die at
start, and the next query sent to it got "the SPARQL worker process was gone" (the W3C protocol tests'
occasional failure)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.server.pool import Overrun, run_in_worker
from kg.server.response import Response


def _ask(path: Path) -> Any:
    """``kg sparql``'s way in, from a thread of its own (a browser test earlier in the run may leave an event
    loop running in the main thread, where asyncio.run() refuses to start)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run_in_worker, path, "rows", "ASK { ?s ?p ?o }", 30, 2**30).result()


def test_a_worker_started_before_the_store_exists_answers_then_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = _ask(path)
    assert not isinstance(first, Overrun), first.message  # the worker did not die
    assert isinstance(first, Response) and first.status == 503
    assert b"cannot be opened just now" in first.body

    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                      ox.Literal("c")))  # fmt: skip
    store.flush()
    del store
    assert _ask(path) == ("boolean", True)

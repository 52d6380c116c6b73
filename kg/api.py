"""The library the ``kg`` command stands on: open a store, ingest, query, export, push.

Each function takes a :class:`~kg.store.Store` or the path of one (opened for the call and closed).

>>> import tempfile, pathlib
>>> from kg.model import Extraction
>>> from kg.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with Store.open(folder / "store") as store:
...     _ = store.write([Extraction.from_record({"doc": "a.txt", "entities": [
...         {"id": "e1", "type": "Organization", "name": "Acme Bio"},
...         {"id": "e2", "type": "Organization", "name": "Beta Pharma"}],
...         "facts": [["e1", "contracts_with", "e2"]], "agreements": []})])
>>> export(folder / "store", "nt", folder / "graph.nt")
'wrote ...graph.nt'
>>> "Acme Bio" in (folder / "graph.nt").read_text()
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg import pipeline
from kg.bolt import Neo4jSettings, Tracer
from kg.errors import KgError
from kg.pipeline import IngestReport, Progress, Sources
from kg.plugins import SINKS
from kg.sinks import Sink
from kg.sinks.neo4j import PushReport, push_store
from kg.store import Store

__all__ = ["export", "ingest", "open_store", "push"]


@contextmanager
def open_store(store: Store | str | Path, read_only: bool = False) -> Iterator[Store]:
    """``store`` itself, or the store at that path opened for the ``with`` block."""
    if isinstance(store, Store):
        yield store
        return
    with Store.open(store, read_only=read_only) as opened:
        yield opened


def ingest(
    store: Store | str | Path,
    sources: Iterable[str | Path] | Sources,
    *,
    jobs: int = 1,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestReport:
    """Read, extract and write into ``store`` every announcement under ``sources`` (files and folders, or
    a :class:`~kg.pipeline.Sources` saying also URLs, keys, time limits); re-ingesting replaces a document's
    facts, a bad document is a line of the report's ``failures`` and the rest go on."""
    with open_store(store) as opened:
        return pipeline.ingest(opened, sources, on_progress=on_progress, jobs=jobs)


def export(store: Store | str | Path, format: str, target: str | Path | None = None) -> str | None:
    """Write ``store`` to the sink named ``format`` (``kg plugins`` lists them: ttl, nt, nq, trig, jsonld,
    graphml, neo4j-csv, neo4j, graph-store, and installed ones) at ``target``: a file (None: standard
    output), a folder or a URL, as the sink needs. Returns what the sink tells (a line), or None."""
    sink: Sink = SINKS.load(format)
    if target is None and sink.target_kind != "file":
        raise KgError(f"--format {format} needs -o {sink.target_kind.upper()}")
    with open_store(store, read_only=True) as opened:
        return sink.write(opened, None if target is None else str(target))


def push(
    store: Store | str | Path,
    settings: Neo4jSettings | None = None,
    *,
    tracer: Tracer | None = None,
    batch_size: int = 10_000,
    prune: bool = False,
) -> PushReport:
    """Write ``store`` into Neo4j (``settings``, default: the NEO4J_* environment), idempotently: only the
    difference is written, and what re-ingested announcements no longer support is removed (``prune``:
    also what announcements no longer in the store supported). ``tracer(cypher, params)`` sees every
    statement."""
    with open_store(store, read_only=True) as opened:
        return push_store(opened, settings, tracer=tracer, batch_size=batch_size, prune=prune)

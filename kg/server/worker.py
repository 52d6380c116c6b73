"""What runs in a SPARQL worker process: the store opened there, and each task evaluated against it.

A worker opens the store read-only (or read-write: the one update worker of ``kg serve --allow-update``)
and answers tasks from its pipe, one at a time: ``(kind, generation, payload)`` → a
:class:`~kg.server.response.Response` (or rows, for ``kg sparql``). ``generation`` tells it the data has
changed (``kg ingest`` or an update wrote): it then reopens the store before evaluating, and drops the
old handle (no file stays open). It never retries a failed evaluation on a reopened store unless the
store's files did change: a failure is an answer, not a sign of a compaction. The parent
(:mod:`kg.server.pool`) kills the process when a task overruns its time or memory, or replaces it when
it crashes.

>>> import pyoxigraph as ox
>>> from kg.server.protocol import QueryRequest
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g")))
>>> answer = answer_query(store, QueryRequest("SELECT ?o { ?s ?p ?o }"), "http://x/sparql", "text/csv", 99)
>>> answer.status, answer.body
(200, b'o\\r\\no\\r\\n')
>>> answer_query(store, QueryRequest("SELECT ?o {"), "http://localhost/sparql", None, 1000).status
400
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg import vocab as v
from kg.errors import QueryError
from kg.server import formats
from kg.server.curation import answer_correction, answer_feed
from kg.server.protocol import ProtocolError, QueryRequest, UpdateRequest
from kg.server.response import Response
from kg.server.using import with_using
from kg.store import Dataset, Store, default_dataset, to_python

__all__ = ["answer_query", "apply_update", "select_rows", "serve_tasks", "store_signature"]


class _TooLarge(Exception):
    pass


class _Sink:
    """Where pyoxigraph writes a result: stops the serialization past the size cap."""

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.size, self.limit = 0, limit

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.size > self.limit:
            raise _TooLarge
        self.chunks.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass


def serve_tasks(conn: Connection, path: str, writable: bool) -> None:
    """The worker's loop (see the module doc); ends when the parent sends ``None`` or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops us
    holder = _Holder(Path(path), writable)
    conn.send(("ready", os.getpid()))
    while (task := conn.recv()) is not None:
        kind, generation, payload = task
        try:
            store = holder.at(generation)
        except OSError as exc:
            conn.send(Response.error(503, f"the store cannot be opened just now ({_first_line(exc)}); retry"))
            continue
        try:
            answer = _answer(holder, store, kind, payload)
        except ProtocolError as exc:
            answer = Response.error(exc.status, exc.message)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a bug (or a panic in the engine: a BaseException) costs one request
            answer = Response.error(500, f"evaluation failed: {type(exc).__name__}: {_first_line(exc)}")
        conn.send(answer)


def _answer(holder: _Holder, store: ox.Store, kind: str, payload: Any) -> Any:
    for attempt in (1, 2):
        try:
            if kind == "query":
                return answer_query(store, *payload)
            if kind == "rows":
                return select_rows(store, payload)
            if kind == "update":
                return apply_update(store, *payload)
            if kind == "page":
                curate = bool(payload and payload.get("curate"))
                # lazy: the viewer (networkx, pyvis) would add ~100 ms to every query worker's start
                from kg.server.viewer import render_viewer

                page = render_viewer(Store(store, read_only=not holder.writable), curate=curate)
                return Response(200, page.encode("utf-8"), "text/html; charset=utf-8")
            if kind == "curate":
                return answer_correction(store, *payload)
            if kind == "feed":
                return answer_feed(store, *payload)
            raise ValueError(f"unknown task {kind!r}")
        except OSError as exc:  # files a compaction by `kg ingest` removed: retry once on a fresh snapshot
            if attempt == 2 or not holder.changed():
                return Response.error(500, f"the store could not be read: {_first_line(exc)}")
            store = holder.reopen()
    raise AssertionError("unreachable")


class _Holder:
    """The worker's store handle, reopened when the data has a newer generation."""

    def __init__(self, path: Path, writable: bool) -> None:
        self.path, self.writable = path, writable
        self.generation = 0
        self.signature = store_signature(path)
        self.store: ox.Store | None = None
        if writable:
            self.store = ox.Store(str(path))
        else:
            # a read-only open can fail for a moment while the update worker opens or writes the store
            # (files it is rotating vanish): the worker then opens it at its first task, not die at start
            with contextlib.suppress(OSError):
                self.reopen()

    def at(self, generation: int) -> ox.Store:
        if self.store is None or (generation > self.generation and not self.writable):
            self.reopen()
        self.generation = max(self.generation, generation)
        assert self.store is not None
        return self.store

    def changed(self) -> bool:
        return not self.writable and store_signature(self.path) != self.signature

    def reopen(self) -> ox.Store:
        for delay in (0.0, 0.05, 0.2, 0.5):  # opened mid-compaction: files vanish; try again shortly
            time.sleep(delay)
            signature = store_signature(self.path)
            try:
                fresh = ox.Store.read_only(str(self.path))
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # OSError, or the engine's panic on files changing under it
                continue
            old, self.store, self.signature = self.store, fresh, signature
            del old  # the previous snapshot's files are closed now
            return fresh
        raise OSError("the store is being rewritten")


def answer_query(
    store: ox.Store, op: QueryRequest, base: str, accept: str | None, max_bytes: int
) -> Response:
    """The protocol response to a query: serialized in the negotiated format, at most ``max_bytes``."""
    try:
        result = store.query(op.query, base_iri=base, prefixes=v.PREFIXES, **_dataset(op, store))
    except SyntaxError as exc:
        return Response.error(400, f"malformed query: {exc}")
    except ValueError as exc:
        return Response.error(400, f"query rejected: {exc}")
    kind = _kind(result)
    fmt = formats.choose(kind, accept, op.format)
    if fmt is None:
        return Response.error(406, f"cannot answer in {accept}: this result is available as "
                                   f"{formats.media_types(kind)}")  # fmt: skip
    sink = _Sink(max_bytes)
    try:
        result.serialize(cast(IO[bytes], sink), fmt.serializer)  # a file to pyoxigraph: write and flush
    except _TooLarge:
        mb = max_bytes / 2**20
        message = f"the result is larger than the server's cap of {mb:g} MB: add a LIMIT, or raise it"
        return Response.error(422, message + " with kg serve --max-result-mb")
    return Response(200, b"".join(sink.chunks), fmt.content_type, {"Vary": "Accept"})


def apply_update(store: ox.Store, op: UpdateRequest, base: str) -> Response:
    """Apply a SPARQL update (one transaction: all of it or nothing)."""
    try:
        store.update(with_using(op.update, op.using_graphs, op.using_named_graphs), base_iri=base,
                     prefixes=v.PREFIXES)  # fmt: skip
    except SyntaxError as exc:
        return Response.error(400, f"malformed update: {exc}")
    except ValueError as exc:
        return Response.error(400, f"update rejected: {exc}")
    store.flush()
    return Response(204, b"", None)


def select_rows(store: ox.Store, query: str) -> tuple[str, Any]:
    """``kg sparql``'s answer as plain values: ("boolean", b), ("rows", (names, rows)), ("triples", rows)."""
    try:
        result = Store(store, read_only=True).query(query)
        if isinstance(result, ox.QueryBoolean):
            return "boolean", bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [var.value for var in result.variables]
            return "rows", (names, [{n: to_python(row[n]) for n in names} for row in result])
        return "triples", [{"subject": t.subject.value, "predicate": t.predicate.value,
                            "object": t.object.value} for t in result]  # fmt: skip
    except QueryError as exc:
        return "error", str(exc)


def store_signature(path: Path) -> tuple:
    """Names, sizes and times of the store's files: any committed write changes them."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return ()
    signature = []
    for entry in entries:
        if entry.name.startswith(("LOG", "LOCK")) or entry.name == "runs":  # change without new data
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        signature.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(signature))


def _dataset(op: QueryRequest, store: ox.Store) -> Dataset:
    """pyoxigraph's dataset arguments: the protocol's graphs when given, else the store's default graph
    (the merge of the announcement graphs, see kg.store)."""
    if not op.default_graphs and not op.named_graphs:
        return default_dataset(store)
    return {
        "default_graph": [ox.NamedNode(g) for g in op.default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in op.named_graphs],
    }


def _kind(result: object) -> tuple[formats.Format, ...]:
    if isinstance(result, ox.QuerySolutions):
        return formats.SOLUTIONS
    if isinstance(result, ox.QueryBoolean):
        return formats.BOOLEAN
    return formats.GRAPH


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]

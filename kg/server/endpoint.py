"""The endpoint: answers protocol operations from the live store, HTTP-agnostic (no sockets here).

SPARQL evaluation and every result format are pyoxigraph's: this module only picks the dataset, the
format, and enforces the server's limits (timeout, result size, read-only).

>>> import pyoxigraph as ox
>>> from kg.server.protocol import QueryRequest
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g")))
>>> endpoint = Endpoint(StaticStore(store), ServeOptions())
>>> response = endpoint.answer(QueryRequest("SELECT ?o { ?s ?p ?o }"), "http://localhost/sparql", "text/csv")
>>> response.status, response.body
(200, b'o\\r\\no\\r\\n')
>>> endpoint.answer(QueryRequest("SELECT ?o {"), "http://localhost/sparql", None).status
400
>>> endpoint.close()
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from kg import vocab as v
from kg.server import formats
from kg.server.cache import ResultCache
from kg.server.description import SD_PREFIXES, describe_service
from kg.server.protocol import (
    ALLOWED_METHODS,
    DescribeService,
    Operation,
    ProtocolError,
    QueryRequest,
    UpdateRequest,
)
from kg.server.snapshot import Snapshot
from kg.server.using import with_using
from kg.server.viewer import render_viewer
from kg.store import Store, default_dataset

__all__ = ["Endpoint", "Response", "ServeOptions", "StaticStore"]

TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 5.0  # seconds per query
    max_result_bytes: int = 64 * 2**20  # serialized result cap
    cors: bool = False
    refresh: float = 1.0  # seconds between checks for data written by `kg ingest`
    workers: int = 64  # queries evaluated at once: enough that short ones never queue behind long ones
    cache_bytes: int = 64 * 2**20  # answers kept for repeated queries (0: none), see kg.server.cache


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = TEXT
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> Response:
        return cls(status, (message.rstrip() + "\n").encode("utf-8"), TEXT, dict(headers))


class Stores(Protocol):
    """Where the endpoint gets its data: :class:`kg.server.snapshot.LiveStore` or :class:`StaticStore`."""

    writable: bool

    def snapshot(self) -> Snapshot: ...

    def reopen(self) -> Snapshot: ...


class StaticStore:
    """One pyoxigraph store that never changes under the endpoint (in-memory stores, tests)."""

    def __init__(self, store: ox.Store, writable: bool = True) -> None:
        self.writable = writable
        self._current = Snapshot(store, 0)

    def snapshot(self) -> Snapshot:
        return self._current

    def reopen(self) -> Snapshot:
        self._current = Snapshot(self._current.store, self._current.generation + 1)
        return self._current


class _TooLarge(Exception):
    pass


class _Expired(Exception):
    pass


class _Sink:
    """Where pyoxigraph writes a result: stops the evaluation past the size cap or the deadline."""

    def __init__(self, limit: int, deadline: float, cancelled: threading.Event) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.limit, self.deadline, self.cancelled = limit, deadline, cancelled

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.size > self.limit:
            raise _TooLarge
        if self.cancelled.is_set() or time.monotonic() > self.deadline:
            raise _Expired
        self.chunks.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass


class Endpoint:
    """Answers :mod:`kg.server.protocol` operations; call :meth:`close` when done."""

    def __init__(self, stores: Stores, options: ServeOptions) -> None:
        self.stores = stores
        self.options = options
        self._pool = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="kg-query")
        self._update_lock = threading.Lock()
        self._viewer: tuple[int, bytes] | None = None
        self._viewer_lock = threading.Lock()
        self.cache = ResultCache(options.cache_bytes)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def answer(self, op: Operation, endpoint: str, accept: str | None) -> Response:
        """The response to one protocol operation; ``endpoint`` is the absolute IRI of /sparql (base IRI)."""
        if isinstance(op, ProtocolError):
            extra = {"Allow": ALLOWED_METHODS} if op.status == 405 else {}
            return Response.error(op.status, op.message, **extra)
        if isinstance(op, DescribeService):
            return self._describe(endpoint, accept)
        if isinstance(op, UpdateRequest):
            return self._update(op, endpoint)
        return self._query(op, endpoint, accept)

    def viewer(self, endpoint: str) -> Response:
        """The HTML viewer page, rendered once per snapshot of the data."""
        snapshot = self.stores.snapshot()
        with self._viewer_lock:
            if self._viewer is None or self._viewer[0] != snapshot.generation:
                page = render_viewer(Store(snapshot.store, read_only=True))
                self._viewer = (snapshot.generation, page.encode("utf-8"))
            return Response(200, self._viewer[1], "text/html; charset=utf-8")

    # --- queries -------------------------------------------------------------------------------
    def _query(self, op: QueryRequest, endpoint: str, accept: str | None) -> Response:
        if not self.options.cache_bytes:
            return self._query_now(op, endpoint, accept)
        generation, key = self.stores.snapshot().generation, (op, endpoint, accept)
        return self.cache.answer(
            generation, key, lambda: self._query_now(op, endpoint, accept), _cacheable_size
        )

    def _query_now(self, op: QueryRequest, endpoint: str, accept: str | None) -> Response:
        cancelled = threading.Event()
        deadline = time.monotonic() + self.options.timeout
        future = self._pool.submit(self._evaluate, op, endpoint, accept, deadline, cancelled)
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()) + 0.05)
        except FutureTimeout:
            cancelled.set()  # a streaming evaluation stops at its next write; the result is dropped
            return _timeout(self.options.timeout)

    def _evaluate(
        self, op: QueryRequest, endpoint: str, accept: str | None, deadline: float, cancelled: threading.Event
    ) -> Response:
        try:
            return self._evaluate_on(self.stores.snapshot(), op, endpoint, accept, deadline, cancelled)
        except (OSError, RuntimeError):
            # A read-only snapshot can lose files to a compaction by the writer: take a fresh one, once.
            return self._evaluate_on(self.stores.reopen(), op, endpoint, accept, deadline, cancelled)

    def _evaluate_on(
        self,
        snapshot: Snapshot,
        op: QueryRequest,
        endpoint: str,
        accept: str | None,
        deadline: float,
        cancelled: threading.Event,
    ) -> Response:
        if cancelled.is_set():
            return _timeout(self.options.timeout)
        try:
            dataset = _dataset(op, snapshot.store)
            result = snapshot.store.query(op.query, base_iri=endpoint, prefixes=v.PREFIXES, **dataset)
        except SyntaxError as exc:
            return Response.error(400, f"malformed query: {exc}")
        except ValueError as exc:
            return Response.error(400, f"query rejected: {exc}")
        kind = _kind(result)
        fmt = formats.choose(kind, accept, op.format)
        if fmt is None:
            return Response.error(406, f"cannot answer in {accept}: this result is available as "
                                       f"{formats.media_types(kind)}")  # fmt: skip
        sink = _Sink(self.options.max_result_bytes, deadline, cancelled)
        try:
            result.serialize(sink, fmt.serializer)
        except _TooLarge:
            mb = self.options.max_result_bytes / 2**20
            message = f"the result is larger than the server's cap of {mb:g} MB: add a LIMIT, or raise it"
            return Response.error(422, message + " with kg serve --max-result-mb")
        except _Expired:
            return _timeout(self.options.timeout)
        return Response(200, b"".join(sink.chunks), fmt.content_type, {"Vary": "Accept"})

    # --- updates -------------------------------------------------------------------------------
    def _update(self, op: UpdateRequest, endpoint: str) -> Response:
        if not self.options.allow_update or not self.stores.writable:
            return Response.error(403, "this endpoint is read-only: start it with `kg serve --allow-update` "
                                       "to accept SPARQL Update")  # fmt: skip
        try:
            text = with_using(op.update, op.using_graphs, op.using_named_graphs)
        except ProtocolError as exc:
            return Response.error(exc.status, exc.message)
        with self._update_lock:
            try:
                self.stores.snapshot().store.update(text, base_iri=endpoint, prefixes=v.PREFIXES)
            except SyntaxError as exc:
                return Response.error(400, f"malformed update: {exc}")
            except (ValueError, OSError) as exc:
                return Response.error(500, f"update failed: {exc}")
            self.stores.reopen()
        return Response(204, b"", None)

    # --- service description -------------------------------------------------------------------
    def _describe(self, endpoint: str, accept: str | None) -> Response:
        fmt = formats.choose(formats.GRAPH, accept) or formats.GRAPH[0]
        triples = describe_service(endpoint, self.options.allow_update and self.stores.writable)
        body = ox.serialize(triples, format=fmt.serializer, prefixes=SD_PREFIXES)
        return Response(200, body, fmt.content_type, {"Vary": "Accept"})


def _dataset(op: QueryRequest, store: ox.Store) -> dict:
    """pyoxigraph's dataset arguments: the protocol's graphs when given, else the store's default graph
    (the merge of the announcement graphs, see kg.store)."""
    if not op.default_graphs and not op.named_graphs:
        return default_dataset(store)
    return {
        "default_graph": [ox.NamedNode(g) for g in op.default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in op.named_graphs],
    }


def _cacheable_size(response: Response) -> int | None:
    """What an answer weighs in the cache; None for errors (a timeout may not time out next time)."""
    return len(response.body) + 200 if response.status == 200 else None


def _kind(result: object) -> tuple[formats.Format, ...]:
    if isinstance(result, ox.QuerySolutions):
        return formats.SOLUTIONS
    if isinstance(result, ox.QueryBoolean):
        return formats.BOOLEAN
    return formats.GRAPH


def _timeout(seconds: float) -> Response:
    return Response.error(503, f"query timed out: it ran longer than the server's limit of {seconds:g} s "
                               "(kg serve --timeout); narrow it or add a LIMIT")  # fmt: skip

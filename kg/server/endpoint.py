"""The endpoint: answers protocol operations, HTTP-agnostic (no sockets here), in the server's event loop.

A query is checked (:mod:`kg.guard`: shape, SERVICE), answered from the cache when it can be, else
evaluated in a worker process (:mod:`kg.server.pool`) that is killed past ``timeout`` or ``memory_bytes``;
an update is checked (LOAD) and applied by the one read-write worker. SPARQL evaluation and every result
format are pyoxigraph's (:mod:`kg.server.worker`). The store's files are watched every ``refresh``
seconds: when ``kg ingest`` has written, the cache is dropped and workers reopen their snapshot.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.guard import NO_OUTBOUND, GuardError, Limits, Outbound, check_sparql
from kg.server import formats
from kg.server.cache import ResultCache
from kg.server.curation import read_correction
from kg.server.description import SD_PREFIXES, describe_service
from kg.server.pool import Overrun, QueryPool
from kg.server.protocol import (
    ALLOWED_METHODS,
    DescribeService,
    Operation,
    ProtocolError,
    QueryRequest,
    UpdateRequest,
)
from kg.server.response import Response
from kg.server.worker import store_signature
from kg.terms import serialized

__all__ = ["Endpoint", "ServeOptions"]

VIEWER_TIMEOUT = 60.0  # seconds the viewer page may take to build (it reads the whole graph)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 5.0  # seconds per query, its wait for a worker included
    max_result_bytes: int = 64 * 2**20  # serialized result cap
    cors: bool = False
    refresh: float = 1.0  # seconds between checks for data written by `kg ingest`
    workers: int = field(default_factory=_cpus)  # query worker processes
    cache_bytes: int = 64 * 2**20  # answers kept for repeated queries (0: none), see kg.server.cache
    memory_bytes: int = 2**30  # a query worker past this resident size is killed (its query gets 503)
    outbound: Outbound = NO_OUTBOUND  # hosts SERVICE / LOAD may reach (none by default)
    allowed_hosts: tuple[str, ...] = ()  # Host names besides the bound one (behind a proxy, say)
    token: str | None = None  # what writes must carry (set when allow_update or curate)
    max_connections: int = 4096
    curate: bool = False  # the viewer's confirm/reject buttons (POST /curate), with the token
    analyst: str = "viewer"  # who the viewer's corrections are by

    @property
    def writable(self) -> bool:
        return self.allow_update or self.curate


class Endpoint:
    """Answers :mod:`kg.server.protocol` operations from the store at ``path``; call :meth:`close`."""

    def __init__(self, path: Path, options: ServeOptions) -> None:
        self.path, self.options = Path(path), options
        self.pool = QueryPool(self.path, options.workers, options.writable, options.memory_bytes)
        self.cache = ResultCache(options.cache_bytes)
        self._viewer: tuple[int, Response] | None = None
        self._signature = store_signature(self.path)

    def close(self) -> None:
        self.pool.close()

    @property
    def generation(self) -> int:
        return self.pool.generation

    async def answer(self, op: Operation, endpoint: str, accept: str | None) -> Response:
        """The response to one protocol operation; ``endpoint`` is the absolute IRI of /sparql (base IRI)."""
        if isinstance(op, ProtocolError):
            extra = {"Allow": ALLOWED_METHODS} if op.status == 405 else {}
            return Response.error(op.status, op.message, **extra)
        if isinstance(op, DescribeService):
            return self._describe(endpoint, accept)
        try:
            check_sparql(op.update if isinstance(op, UpdateRequest) else op.query,
                         update=isinstance(op, UpdateRequest), limits=Limits(),
                         outbound=self.options.outbound)  # fmt: skip
        except GuardError as exc:
            return Response.error(400, f"refused: {exc}")
        if isinstance(op, UpdateRequest):
            return await self._update(op, endpoint)
        return await self._query(op, endpoint, accept)

    async def viewer(self) -> Response:
        """The HTML viewer page, built once per generation of the data (in a worker: it may be slow)."""
        generation = self.generation
        if self._viewer is None or self._viewer[0] != generation:
            payload = {"curate": self.options.curate}
            answer = await self.pool.run("page", payload, max(self.options.timeout, VIEWER_TIMEOUT))
            response = answer.response() if isinstance(answer, Overrun) else answer
            if response.status != 200:
                return response
            self._viewer = (generation, response)
        return self._viewer[1]

    async def watch(self) -> None:
        """Until cancelled: notice data written by ``kg ingest`` (the store's files change)."""
        if self.options.refresh <= 0 or self.options.writable:
            return
        while True:
            await asyncio.sleep(self.options.refresh)
            signature = store_signature(self.path)
            if signature != self._signature:
                self._signature = signature
                self.pool.generation += 1

    # --- queries -------------------------------------------------------------------------------
    async def _query(self, op: QueryRequest, endpoint: str, accept: str | None) -> Response:
        if not self.options.cache_bytes:
            return await self._evaluate(op, endpoint, accept)
        key = (op, endpoint, accept)
        return await self.cache.answer(self.generation, key, lambda: self._evaluate(*key), _cacheable_size)

    async def _evaluate(self, op: QueryRequest, endpoint: str, accept: str | None) -> Response:
        payload = (op, endpoint, accept, self.options.max_result_bytes)
        answer = await self.pool.run("query", payload, self.options.timeout)
        return answer.response() if isinstance(answer, Overrun) else answer

    # --- updates -------------------------------------------------------------------------------
    async def _update(self, op: UpdateRequest, endpoint: str) -> Response:
        if not self.options.allow_update:
            return Response.error(403, "this endpoint is read-only: start it with `kg serve --allow-update` "
                                       "to accept SPARQL Update")  # fmt: skip
        answer = await self.pool.run("update", (op, endpoint), self.options.timeout)
        return answer.response() if isinstance(answer, Overrun) else answer

    # --- the analyst loop: corrections from the viewer, the change feed ----------------------------
    async def correct(self, body: bytes) -> Response:
        """Apply a correction the viewer sends (``kg serve --curate``; access was checked before)."""
        if not self.options.curate:
            return Response.error(403, "corrections are off: start the server with `kg serve --curate`")
        asked = read_correction(body)
        if isinstance(asked, Response):
            return asked
        answer = await self.pool.run("curate", (asked, self.options.analyst), self.options.timeout)
        return answer.response() if isinstance(answer, Overrun) else answer

    async def feed(self, query_string: str, link: str) -> Response:
        """The Atom feed of what changed (``/changes.atom?company=NAME``), cached like query answers."""
        key = ("feed", query_string, link)
        evaluate = lambda: self._feed(query_string, link)  # noqa: E731
        if not self.options.cache_bytes:
            return await evaluate()
        return await self.cache.answer(self.generation, key, evaluate, _cacheable_size)

    async def _feed(self, query_string: str, link: str) -> Response:
        answer = await self.pool.run("feed", (query_string, link), self.options.timeout)
        return answer.response() if isinstance(answer, Overrun) else answer

    # --- service description -------------------------------------------------------------------
    def _describe(self, endpoint: str, accept: str | None) -> Response:
        fmt = formats.choose(formats.GRAPH, accept) or formats.GRAPH[0]
        triples = describe_service(endpoint, self.options.allow_update)
        body = serialized(triples, format=fmt.serializer, prefixes=SD_PREFIXES)
        return Response(200, body, fmt.content_type, {"Vary": "Accept"})


def _cacheable_size(response: Response) -> int | None:
    """What an answer weighs in the cache; None for errors (a timeout may not time out next time)."""
    return len(response.body) + 200 if response.status == 200 else None

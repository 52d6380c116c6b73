"""The HTTP layer: an ASGI app over :class:`~kg.server.endpoint.Endpoint`, served by uvicorn (httptools).

One event loop holds every connection (an idle connection costs a file descriptor, not a thread), and
queries run in worker processes, so the loop stays free. The limits that keep it so:

- a connection must finish its request headers within ``header_timeout`` seconds of opening (or of its
  last response), within ``header_bytes``; an idle keep-alive connection is closed after
  ``keep_alive`` seconds (uvicorn alone times out neither slow headers nor a silent new connection);
- at most ``max_connections`` connections at once: past it a new one is closed at once;
- a body is read up to ``body_bytes`` whatever ``Content-Length`` says (a negative or missing length is a
  parse error or a chunked body, both counted as read) within ``body_timeout`` seconds: 413 / 408;
- a response the client does not read within ``send_timeout`` seconds drops the connection;
- every request must name the server in ``Host``; writes need the token and the same origin
  (:mod:`kg.server.access`).

Why uvicorn rather than :mod:`http.server`: see docs/serving.md (the same limits, measured).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.server.access import Access
from kg.server.endpoint import Endpoint
from kg.server.protocol import ALLOWED_METHODS, FORM, UpdateRequest, read_request
from kg.server.response import Response

__all__ = ["HttpLimits", "make_app", "make_socket", "run_http"]

SPARQL_PATHS = ("/sparql", "/sparql/")
VIEWER_PATHS = ("/", "/index.html")
CURATE_PATH = "/curate"  # the viewer's corrections (kg serve --curate)
FEED_PATH = "/changes.atom"
Scope = dict[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


@dataclass(frozen=True)
class HttpLimits:
    header_timeout: float = 10.0
    header_bytes: int = 256 * 1024  # request line (GET queries included) and headers
    keep_alive: float = 15.0
    body_bytes: int = 16 * 2**20
    body_timeout: float = 30.0
    send_timeout: float = 60.0
    max_connections: int = 4096


class _BodyTooLarge(Exception):
    pass


def make_app(endpoint: Endpoint, access: Access, limits: HttpLimits) -> ASGI:
    """The ASGI application: /sparql (the protocol), / (the viewer), /changes.atom (what changed), /curate
    (the viewer's corrections); everything else 404."""
    cors = endpoint.options.cors

    async def app(
        scope: Scope, receive: Callable[[], Awaitable[dict]], send: Callable[[dict], Awaitable[None]]
    ) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        response = await _route(scope, headers, receive)
        if cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
        try:
            await asyncio.wait_for(_send(send, response, scope["method"] == "HEAD"), limits.send_timeout)
        except TimeoutError:
            raise ConnectionError("the client did not read its response") from None

    async def _route(
        scope: Scope, headers: dict[str, str], receive: Callable[[], Awaitable[dict]]
    ) -> Response:
        method, path = scope["method"], scope["path"]
        if not access.host_allowed(headers.get("host")):
            return Response.error(421, f"this server does not answer for host {headers.get('host')!r} "
                                       "(kg serve --allowed-host NAME)")  # fmt: skip
        try:
            body = await asyncio.wait_for(_read_body(receive, limits.body_bytes), limits.body_timeout)
        except _BodyTooLarge:
            return Response.error(413, f"request body larger than {limits.body_bytes // 2**20} MB",
                                   Connection="close")  # fmt: skip
        except TimeoutError:
            return Response.error(408, f"request body not received within {limits.body_timeout:g} s",
                                  Connection="close")  # fmt: skip
        if method == "OPTIONS":
            return _options(cors)
        if path in SPARQL_PATHS:
            query_string = scope["query_string"].decode("latin-1")
            op = read_request(method, query_string, headers.get("content-type"), body)
            if isinstance(op, UpdateRequest):
                form = parse_qs(body.decode("utf-8", "replace")) if _is_form(headers) else {}
                if refusal := access.write_refusal(headers, form):
                    return Response.error(403, refusal)
            return await endpoint.answer(op, _endpoint_iri(headers, access), headers.get("accept"))
        if path == CURATE_PATH:
            if method != "POST":
                return Response.error(405, "corrections are POSTed", Allow="POST")
            if refusal := access.write_refusal(headers, {}):
                return Response.error(403, refusal)
            return await endpoint.correct(body)
        if path == FEED_PATH and method in ("GET", "HEAD"):
            link = _endpoint_iri(headers, access).removesuffix("/sparql") + FEED_PATH
            query_string = scope["query_string"].decode("latin-1")
            return await endpoint.feed(query_string, link + (f"?{query_string}" if query_string else ""))
        if path in VIEWER_PATHS and method in ("GET", "HEAD"):
            return await endpoint.viewer()
        if path in VIEWER_PATHS:
            return Response.error(405, "the viewer only answers GET", Allow="GET, HEAD")
        return Response.error(404, f"nothing at {path}: the SPARQL endpoint is /sparql")

    return app


async def _read_body(receive: Callable[[], Awaitable[dict]], cap: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            raise _BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _send(send: Callable[[dict], Awaitable[None]], response: Response, head: bool) -> None:
    headers = [(b"content-length", str(len(response.body)).encode()), (b"x-content-type-options", b"nosniff")]
    if response.content_type:
        headers.append((b"content-type", response.content_type.encode("latin-1")))
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else response.body})


def _options(cors: bool) -> Response:
    headers = {"Allow": ALLOWED_METHODS}
    if cors:
        headers |= {"Access-Control-Allow-Methods": ALLOWED_METHODS, "Access-Control-Max-Age": "86400",
                    "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization"}  # fmt: skip
    return Response(204, b"", None, headers)


def _is_form(headers: dict[str, str]) -> bool:
    return headers.get("content-type", "").split(";")[0].strip().lower() == FORM


def _endpoint_iri(headers: dict[str, str], access: Access) -> str:
    """The absolute IRI of /sparql as the client addressed it (the base IRI of queries and updates)."""
    host = headers.get("host") or f"127.0.0.1:{access.port}"
    return f"http://{host}/sparql"


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the connection limits it lacks (see the module doc)."""

    limits = HttpLimits()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            transport.abort()
            return
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # headers and body are two writes: without this the body waits for the client's delayed ACK
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._header_bytes = 0
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is not None:  # between requests or inside headers: count what comes
            self._header_bytes += len(data)
            if self._header_bytes > self.limits.header_bytes:
                self.send_400_response("request headers too large")
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._header_bytes = 0
            self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.limits.header_timeout, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


class _Server(uvicorn.Server):
    def handle_exit(self, sig: int, frame: Any) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()  # SIGINT/SIGTERM end serve() and the command: not raised again


def make_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one), IPv6 when the host is."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def run_http(app: ASGI, sock: socket.socket, limits: HttpLimits, on_ready: Callable[[], None],
             background: Callable[[], Coroutine[Any, Any, None]]) -> None:  # fmt: skip
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM; ``background()`` runs alongside."""
    protocol = type("KgHttpProtocol", (_Protocol,), {"limits": limits})
    config = uvicorn.Config(app, http=protocol, loop="asyncio", lifespan="off", access_log=False,
                            log_config=None, log_level=logging.CRITICAL, backlog=1024,
                            timeout_keep_alive=int(limits.keep_alive), timeout_graceful_shutdown=2,
                            server_header=False, date_header=False)  # fmt: skip
    server = _Server(config)

    async def announce() -> None:
        while not server.started:
            await asyncio.sleep(0.01)
        on_ready()

    async def main() -> None:
        tasks = [asyncio.create_task(background()), asyncio.create_task(announce())]
        try:
            await server.serve(sockets=[sock])
        finally:
            for task in tasks:
                task.cancel()

    asyncio.run(main())

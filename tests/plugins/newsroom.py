"""A real newsroom for tests: a threaded HTTP server on loopback serving pages, feeds, robots.txt and the
ways sites misbehave, counting every request it gets.

Routes are set per test (``room.page(...)``, ``room.feed(...)``, ``room.route(...)``); each request is
logged with its headers (``room.hits(path)``), so a test proves what the client asked and how (a second run
that only sends conditional requests, a path robots.txt forbids that is never requested). The fixture
``newsroom`` gives a fresh one per test on 127.0.0.1; ``newsroom_pair`` adds a second server on 127.0.0.2
(another loopback address, so a redirect there can be refused while the first is allowed).
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from tests.plugins.pages import render_page

__all__ = ["Hit", "Newsroom", "Route", "atom_feed", "http_date", "newsroom", "newsroom_pair", "rss_feed"]

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Hit:
    path: str  # with its query
    headers: dict[str, str]  # lower-case names

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Route:
    """What one path answers. ``body`` bytes, or ``stream`` bytes sent chunked without a length."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True  # answer If-None-Match with 304
    last_modified: str | None = None  # send it, and answer If-Modified-Since with 304
    fail_first: int = 0  # answer 500 this many times first
    hold: threading.Event | None = None  # wait for this (at most 30 s) before answering
    stream: int = 0  # bytes of filler to stream instead of a body
    declare: bool = False  # send the streamed body's length (Content-Length) instead of chunks
    delay: float = 0.0  # seconds to wait before answering (to see requests overlap)
    trickle: float = 0.0  # seconds to wait between two chunks of a streamed body
    headers: dict[str, str] = field(default_factory=dict)
    served: int = 0  # requests answered
    sent: int = 0  # body bytes written


class Newsroom:
    """The server, its routes and its request log."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self.active = 0
        self.most_active = 0  # the most requests it was answering at once
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self.host, self.port = host, self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> Route:
        self.routes[path] = route
        return route

    def page(self, path: str, text: str, layout: str = "semantic", **options: object) -> Route:
        """An article page showing announcement ``text`` (see :mod:`tests.plugins.pages`)."""
        page = render_page(text, layout, self.url(path.split("?")[0]), options.pop("published", None))  # type: ignore[arg-type]
        return self.route(path, Route(page.encode("utf-8"), **options))  # type: ignore[arg-type]

    def feed(self, path: str, xml: str, **options: object) -> Route:
        kind = "atom" if "<feed" in xml[:200] else "rss"
        return self.route(path, Route(xml.encode("utf-8"), content_type=f"application/{kind}+xml", **options))  # type: ignore[arg-type]

    def hits(self, path: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if path is None or h.path.split("?")[0] == path]

    def start(self) -> Newsroom:
        self._thread.start()
        return self

    def close(self) -> None:
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
        self._server.shutdown()
        self._server.server_close()

    def _enter(self, hit: Hit) -> Route | None:
        with self._lock:
            self.log.append(hit)
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            return self.routes.get(hit.path.split("?")[0])

    def _leave(self) -> None:
        with self._lock:
            self.active -= 1


def _handler(room: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
            route = room._enter(hit)
            try:
                self._answer(route, hit)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                room._leave()

        def _answer(self, route: Route | None, hit: Hit) -> None:
            if route is None:
                return self._send(404, {"Content-Type": "text/plain"}, b"not found")
            route.served += 1
            if route.hold is not None:
                route.hold.wait(30)
            if route.delay:
                time.sleep(route.delay)
            if route.served <= route.fail_first:
                return self._send(500, {"Content-Type": "text/plain", **route.headers}, b"try again")
            tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            headers = {"Content-Type": route.content_type, **route.headers}
            if route.etag:
                headers["ETag"] = tag
            if route.last_modified:
                headers["Last-Modified"] = route.last_modified
            fresh = (route.etag and hit.headers.get("if-none-match") == tag) or (
                route.last_modified and hit.headers.get("if-modified-since") == route.last_modified
            )
            if fresh and route.status == 200:
                return self._send(304, headers, b"")
            if route.stream:
                return self._stream(route, headers)
            route.sent += len(route.body)
            self._send(route.status, headers, route.body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, route: Route, headers: dict[str, str]) -> None:
            """``route.stream`` bytes, chunked, made as they are sent (never held whole)."""
            self.send_response(route.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if route.declare:
                self.send_header("Content-Length", str(route.stream))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * (CHUNK - 8) + b"</p>\n"
            left = route.stream
            while left > 0:
                part = chunk[: min(left, len(chunk))]
                self.wfile.write(part if route.declare else b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                route.sent += len(part)
                left -= len(part)
                time.sleep(route.trickle)
            if not route.declare:
                self.wfile.write(b"0\r\n\r\n")

    return Handler


def atom_feed(title: str, entries: list[tuple[str, str, str]], updated: str = "2026-09-01T08:00:00Z") -> str:
    """An Atom feed; ``entries``: (id, title, link)."""
    items = "".join(
        f'<entry><id>{escape(i)}</id><title>{escape(t)}</title><link href="{escape(link)}"/>'
        f"<updated>{updated}</updated><summary>{escape(t)}</summary></entry>"
        for i, t, link in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:feed:{escape(title)}</id><updated>{updated}</updated>{items}</feed>"
    )


def rss_feed(title: str, items: list[tuple[str | None, str, str | None, str]], dated: bool = True) -> str:
    """An RSS 2.0 feed; ``items``: (guid, title, link, description); ``dated``: items have a pubDate."""
    out = []
    for guid, t, link, text in items:
        parts = [f"<title>{escape(t)}</title>", f"<description>{escape(text)}</description>"]
        if dated:
            parts.append("<pubDate>Tue, 01 Sep 2026 08:00:00 GMT</pubDate>")
        if guid:
            parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
        if link:
            parts.append(f"<link>{escape(link)}</link>")
        out.append(f"<item>{''.join(parts)}</item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>https://example.org/</link><description>test</description>{''.join(out)}</channel></rss>"
    )


def http_date(seconds: float | None = None) -> str:
    return email.utils.formatdate(seconds if seconds is not None else time.time(), usegmt=True)


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    room = Newsroom().start()
    yield room
    room.close()


@pytest.fixture
def newsroom_pair() -> Iterator[tuple[Newsroom, Newsroom]]:
    """Two newsrooms on two loopback addresses (127.0.0.1 and 127.0.0.2)."""
    first, second = Newsroom("127.0.0.1").start(), Newsroom("127.0.0.2").start()
    yield first, second
    first.close()
    second.close()

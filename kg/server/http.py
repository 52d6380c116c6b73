"""The HTTP layer: the standard library's threading server in front of :class:`kg.server.endpoint.Endpoint`.

pyoxigraph releases the GIL while it evaluates and serializes, so one thread per connection runs queries
in parallel; HTTP/1.1 keep-alive spares clients a connection per query.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from kg.server.endpoint import Endpoint, Response
from kg.server.protocol import ALLOWED_METHODS, read_request

__all__ = ["EndpointServer", "make_server"]

MAX_REQUEST_BYTES = 16 * 2**20
SPARQL_PATHS = ("/sparql", "/sparql/")


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}"


def make_server(endpoint: Endpoint) -> EndpointServer:
    """A server bound to ``endpoint.options.host``/``port`` (port 0: a free port), not yet serving."""
    return EndpointServer((endpoint.options.host, endpoint.options.port), endpoint)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "biopharma-kg"
    disable_nagle_algorithm = True  # else small responses wait for the client's delayed ACK (~40 ms)
    server: EndpointServer

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_OPTIONS(self) -> None:
        self._read_body()
        headers = {"Allow": ALLOWED_METHODS}
        if self.server.endpoint.options.cors:
            headers |= {
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
            }
        self._send(Response(204, b"", None, headers))

    def _dispatch(self, method: str) -> None:
        body = self._read_body()
        if body is None:
            return
        url = urlsplit(self.path)
        endpoint = self.server.endpoint
        if url.path in SPARQL_PATHS:
            op = read_request(method, url.query, self.headers.get("Content-Type"), body)
            response = endpoint.answer(op, self._endpoint_iri(), self.headers.get("Accept"))
        elif url.path in ("/", "/index.html") and method in ("GET", "HEAD"):
            response = endpoint.viewer("/sparql")
        elif url.path in ("/", "/index.html"):
            response = Response.error(405, "the viewer only answers GET", Allow="GET, HEAD")
        else:
            response = Response.error(404, f"nothing at {url.path}: the SPARQL endpoint is /sparql")
        self._send(response, head=method == "HEAD")

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            self._send(Response.error(400, "bad Content-Length"))
            return None
        if size > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._send(Response.error(413, f"request body larger than {MAX_REQUEST_BYTES // 2**20} MB"))
            return None
        return self.rfile.read(size)

    def _endpoint_iri(self) -> str:
        """The absolute IRI of /sparql as the client addressed it (the base IRI of queries and updates)."""
        host = self.headers.get("Host") or self.server.url.removeprefix("http://")
        if any(c in host for c in '<>"{}|\\^` \t'):
            host = self.server.url.removeprefix("http://")
        return f"http://{host}/sparql"

    def _send(self, response: Response, head: bool = False) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.server.endpoint.options.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if not head and response.body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log: one line per query would cost more than the query

    def log_error(self, format: str, *args: object) -> None:
        sys.stderr.write(f"kg serve: {self.address_string()}: {format % args}\n")

"""HTTP layer benchmark: the standard library's threading server vs uvicorn (httptools), same tiny answer.

What decided kg serve's HTTP layer (docs/serving.md). Each server answers every request with the same
small SPARQL JSON body, computed in-process, so only the HTTP layer is measured:

- ``http.server``: ``ThreadingHTTPServer`` as kg serve used it (HTTP/1.1 keep-alive, TCP_NODELAY), plus
  a socket timeout, which it needs against idle connections;
- ``uvicorn``: kg serve's own layer (:mod:`kg.server.http`: the ASGI app's limits, its protocol's header
  deadline and connection cap), the answer coming from a stub endpoint.

For each: requests per second at 1 and 16 keep-alive clients, then the attacks that the layer must hold:
1,100 idle connections (does a new client still get an answer, how fast), a ``Content-Length: -1`` body,
and a slow-header client (is it cut). Prints figures; not a test.

Usage: python benchmarks/http_layer.py [--requests 4000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sparql_endpoint import http_worker, run_concurrently, summarize  # noqa: E402

BODY = b'{"head":{},"boolean":true}'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 10  # seconds a connection may stay silent

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > 16 * 2**20:
            self.send_error(400 if length < 0 else 413)
            return
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = do_POST

    def log_message(self, format: str, *args: object) -> None:
        pass


def run_stdlib(port: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.daemon_threads = True
    server.serve_forever()


def run_uvicorn(port: int) -> None:
    from kg.server.access import Access
    from kg.server.http import HttpLimits, make_app, make_socket, run_http
    from kg.server.response import Response

    class Stub:  # the endpoint's interface, answering at once
        class options:
            cors = False

        async def answer(self, op, endpoint, accept):  # type: ignore[no-untyped-def]
            return Response(200, BODY, "application/sparql-results+json")

        async def viewer(self):  # type: ignore[no-untyped-def]
            return Response(200, b"", None)

    async def idle() -> None:
        return None

    limits = HttpLimits()
    app = make_app(Stub(), Access.for_bind("127.0.0.1", port), limits)  # type: ignore[arg-type]
    run_http(app, make_socket("127.0.0.1", port), limits, on_ready=lambda: None, background=idle)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def answer_time(port: int, timeout: float = 10.0) -> str:
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.settimeout(timeout)
            return (
                f"{(time.monotonic() - started) * 1000:.0f} ms"
                if s.recv(12).startswith(b"HTTP/1.1 200")
                else "no answer"
            )
    except OSError as exc:
        return f"failed ({type(exc).__name__})"


def attacks(port: int) -> dict[str, str]:
    out = {}
    idle = []
    try:
        for _ in range(1100):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        out["1,100 idle connections, then a query"] = answer_time(port, timeout=5)
    except OSError as exc:
        out["1,100 idle connections, then a query"] = f"could not open them ({exc})"
    finally:
        for s in idle:
            s.close()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n" + b"x" * 1000)
        s.settimeout(5)
        try:
            out["Content-Length: -1"] = s.recv(12).decode("latin-1") or "closed"
        except OSError:
            out["Content-Length: -1"] = "no answer (timed out)"
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        s.settimeout(30)
        try:
            s.recv(1)
            out["unfinished headers cut after"] = f"{time.monotonic() - started:.1f} s"
        except OSError:
            out["unfinished headers cut after"] = "not within 30 s"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    args = parser.parse_args()
    for name, target in (
        ("http.server (threads)", run_stdlib),
        ("uvicorn + httptools (kg serve)", run_uvicorn),
    ):
        port = free_port()
        proc = mp.get_context("spawn").Process(target=target, args=(port,), daemon=True)
        proc.start()
        try:
            wait_up(port)
            url = f"http://127.0.0.1:{port}/sparql"
            queries = ["ASK {}"] * args.requests
            print(name)
            for clients in (1, 16):
                run_concurrently(queries[:200], clients, http_worker(url))
                figures = run_concurrently(queries, clients, http_worker(url))
                s = summarize(figures["latencies"], figures["seconds"])
                print(
                    f"  {clients:>2} clients: {s['qps']:>8.0f} req/s   p50 {s['p50']:.2f} ms   p99 {s['p99']:.2f} ms"
                )
            for what, result in attacks(port).items():
                print(f"  {what}: {result}")
        finally:
            proc.kill()
            proc.join()


if __name__ == "__main__":
    main()

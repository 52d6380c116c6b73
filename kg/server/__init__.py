"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the embedded store, plus the viewer page.

Modules, one concept each: :mod:`~kg.server.protocol` (what a request asks for), :mod:`~kg.server.access`
(Host, token, origin), :mod:`~kg.server.http` (the HTTP layer and its limits), :mod:`~kg.server.endpoint`
(answers), :mod:`~kg.server.pool` (worker processes that are killed when a query overruns),
:mod:`~kg.server.worker` (what runs in them), :mod:`~kg.server.cache` (answers to repeated queries),
:mod:`~kg.server.formats` (content negotiation), :mod:`~kg.server.using` (the update dataset),
:mod:`~kg.server.description` (service description), :mod:`~kg.server.viewer` (``/``).
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.server.access import Access
from kg.server.endpoint import Endpoint, ServeOptions
from kg.server.http import HttpLimits, make_app, make_socket, run_http
from kg.server.response import Response

__all__ = ["Endpoint", "HttpLimits", "Response", "ServeOptions", "serve"]


def serve(path: Path, options: ServeOptions, on_ready: Callable[[str], None] | None = None,
          limits: HttpLimits | None = None) -> None:  # fmt: skip
    """Serve the store at ``path`` until interrupted (Ctrl-C or SIGTERM); ``on_ready(url)`` once listening."""
    _check_store(Path(path), options.writable)
    limits = limits or HttpLimits(max_connections=min(options.max_connections, _raise_fd_limit() - 64))
    try:
        sock = make_socket(options.host, options.port)
    except OSError as exc:
        raise StoreError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None
    port = sock.getsockname()[1]
    access = Access.for_bind(options.host, port, options.allowed_hosts, options.token)
    endpoint = Endpoint(Path(path), options)
    host = f"[{options.host}]" if ":" in options.host else options.host
    try:
        run_http(make_app(endpoint, access, limits), sock, limits,
                 on_ready=lambda: on_ready(f"http://{host}:{port}") if on_ready else None,
                 background=endpoint.watch)  # fmt: skip
    finally:
        endpoint.close()
        sock.close()


def _check_store(path: Path, writable: bool) -> None:
    """Fail early, in one line, when the store cannot be opened the way the workers will open it."""
    try:
        if writable:
            path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
            store.flush()
        elif not path.is_dir():
            raise StoreError(f"{path}: no store here (run `kg ingest` first)")
        else:
            store = ox.Store.read_only(str(path))
        del store
    except OSError as exc:
        hint = " (is another process, e.g. `kg ingest`, writing it?)" if writable else ""
        raise StoreError(f"{path}: cannot open the store{hint}: {str(exc).splitlines()[0]}") from None


def _raise_fd_limit() -> int:
    """Raise the soft limit on open files to the hard one (idle connections each hold one); the new soft."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft

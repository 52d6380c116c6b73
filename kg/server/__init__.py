"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the embedded store, plus the viewer page.

Modules, one concept each: :mod:`~kg.server.protocol` (what a request asks for), :mod:`~kg.server.using`
(the update dataset), :mod:`~kg.server.formats` (content negotiation), :mod:`~kg.server.snapshot` (the live
store, safe while ``kg ingest`` writes), :mod:`~kg.server.endpoint` (answers), :mod:`~kg.server.http`
(the HTTP server), :mod:`~kg.server.description` (service description), :mod:`~kg.server.viewer` (``/``),
:mod:`~kg.server.cache` (answers to repeated queries).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

from kg.server.endpoint import Endpoint, Response, ServeOptions, StaticStore
from kg.server.http import EndpointServer, make_server
from kg.server.snapshot import LiveStore

__all__ = ["Endpoint", "EndpointServer", "LiveStore", "Response", "ServeOptions", "StaticStore", "serve"]


def serve(
    path: Path, options: ServeOptions, on_ready: Callable[[EndpointServer], None] | None = None
) -> None:
    """Serve the store at ``path`` until interrupted (Ctrl-C or SIGTERM); then close it cleanly."""
    sys.setswitchinterval(0.001)  # hand the GIL over quickly between request threads and the engine
    with LiveStore(path, writable=options.allow_update, refresh=options.refresh) as live:
        endpoint = Endpoint(live, options)
        server = make_server(endpoint)
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            if on_ready is not None:
                on_ready(server)
            server.serve_forever(poll_interval=0.25)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.server_close()
            endpoint.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

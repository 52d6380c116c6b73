"""``kg serve``: the SPARQL 1.1 Protocol endpoint and the viewer over the store."""

from __future__ import annotations

import click

from kg.cli import store_path

__all__ = ["COMMANDS"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; 0.0.0.0 exposes the endpoint to the network.")  # fmt: skip
@click.option("--port", default=7878, type=click.IntRange(0, 65535), show_default=True,
              help="TCP port; 0 picks a free one (printed at start).")  # fmt: skip
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update (then `kg ingest` must wait for the server to stop).")  # fmt: skip
@click.option("--timeout", default=5.0, type=click.FloatRange(min=0, min_open=True), show_default=True,
              help="Seconds a query may run; longer ones get HTTP 503.")  # fmt: skip
@click.option("--max-result-mb", default=64.0, type=click.FloatRange(min=0, min_open=True), show_default=True,
              help="Largest serialized result; larger ones get HTTP 422.")  # fmt: skip
@click.option("--cache-mb", default=64.0, type=click.FloatRange(min=0), show_default=True,
              help="Memory for answers to repeated queries; emptied when data changes (0: off).")  # fmt: skip
@click.option("--cors", is_flag=True, help="Let browser tools on other origins query (CORS headers).")
@click.option("--refresh", default=1.0, type=click.FloatRange(min=0), show_default=True,
              help="Seconds between checks for data written by `kg ingest` (0: never).")  # fmt: skip
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    allow_update: bool,
    timeout: float,
    max_result_mb: float,
    cache_mb: float,
    cors: bool,
    refresh: float,
) -> None:
    """Serve the store over HTTP: SPARQL 1.1 Protocol endpoint at /sparql, the graph viewer at /.

    Read-only unless --allow-update. Answers JSON, XML, CSV or TSV results and Turtle, N-Triples,
    JSON-LD or RDF/XML graphs by Accept. `kg ingest` may write while the server runs: new announcements
    appear within --refresh seconds, each one complete.

    Example: kg serve --port 7878, then
    curl -H 'Accept: text/csv' http://127.0.0.1:7878/sparql --data-urlencode 'query=ASK { ?s ?p ?o }'
    """
    from kg.server import ServeOptions
    from kg.server import serve as run

    limit = int(max_result_mb * 2**20)
    options = ServeOptions(host, port, allow_update, timeout, limit, cors, refresh,
                           cache_bytes=int(cache_mb * 2**20))  # fmt: skip

    def ready(server) -> None:
        mode = "read-write (SPARQL Update on)" if allow_update else "read-only"
        click.echo(f"kg serve: SPARQL endpoint {server.url}/sparql ({mode}); viewer {server.url}/", err=True)
        click.echo("kg serve: press Ctrl-C to stop", err=True)

    run(store_path(ctx), options, on_ready=ready)


COMMANDS = [serve]

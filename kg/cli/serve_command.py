"""``kg serve``: the SPARQL 1.1 Protocol endpoint and the viewer over the store."""

from __future__ import annotations

import os
import secrets

import click

from kg.cli.context import store_path
from kg.curation.commands import default_analyst
from kg.guard import Outbound

__all__ = ["COMMANDS"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; 0.0.0.0 exposes the endpoint to the network.")  # fmt: skip
@click.option("--port", default=7878, type=click.IntRange(0, 65535), show_default=True,
              help="TCP port; 0 picks a free one (printed at start).")  # fmt: skip
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update, with the token printed at start (env KG_SERVE_TOKEN sets it); "
                   "`kg ingest` must then wait for the server to stop.")  # fmt: skip
@click.option("--curate", is_flag=True,
              help="Confirm and reject buttons in the viewer (POST /curate), with the token printed at "
                   "start; `kg ingest` must then wait for the server to stop.")  # fmt: skip
@click.option("--by", "analyst", default=None, envvar="KG_ANALYST", metavar="NAME",
              help="Who the viewer's corrections are by (env KG_ANALYST; default: login name).")  # fmt: skip
@click.option("--timeout", default=5.0, type=click.FloatRange(min=0, min_open=True), show_default=True,
              help="Seconds a query may take (waiting included); longer ones are stopped: 503.")  # fmt: skip
@click.option("--memory-mb", default=1024.0, type=click.FloatRange(min=16), show_default=True,
              help="Memory a query's worker process may use; past it, it is stopped (HTTP 503).")  # fmt: skip
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Query worker processes (default: the CPUs this process may use).")  # fmt: skip
@click.option("--max-result-mb", default=64.0, type=click.FloatRange(min=0, min_open=True), show_default=True,
              help="Largest serialized result; larger ones get HTTP 422.")  # fmt: skip
@click.option("--cache-mb", default=64.0, type=click.FloatRange(min=0), show_default=True,
              help="Memory for answers to repeated queries; emptied when data changes (0: off).")  # fmt: skip
@click.option("--cors", is_flag=True, help="Let browser tools on other origins query (CORS headers).")
@click.option("--refresh", default=1.0, type=click.FloatRange(min=0), show_default=True,
              help="Seconds between checks for data written by `kg ingest` (0: never).")  # fmt: skip
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests naming this host (a DNS name, a proxy's); repeatable.")  # fmt: skip
@click.option("--allow-service", "service_hosts", multiple=True, metavar="HOST",
              help="Let SERVICE reach this host (.example.org: its subdomains); repeatable.")  # fmt: skip
@click.option("--allow-load", "load_hosts", multiple=True, metavar="HOST",
              help="Let LOAD (with --allow-update) fetch from this host; repeatable.")  # fmt: skip
@click.option("--allow-private-addresses", is_flag=True,
              help="Let SERVICE/LOAD reach loopback and private addresses of allowed hosts.")  # fmt: skip
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_update: bool, curate: bool, analyst: str | None,
          timeout: float, memory_mb: float,
          workers: int | None, max_result_mb: float, cache_mb: float, cors: bool, refresh: float,
          allowed_hosts: tuple[str, ...], service_hosts: tuple[str, ...], load_hosts: tuple[str, ...],
          allow_private_addresses: bool) -> None:  # fmt: skip
    """Serve the store over HTTP: SPARQL 1.1 Protocol endpoint at /sparql, the graph viewer at /.

    Read-only unless --allow-update (SPARQL Update) or --curate (the viewer's confirm and reject
    buttons); what changed is an Atom feed at /changes.atom. Answers JSON, XML, CSV or TSV results and
    Turtle, N-Triples, JSON-LD or RDF/XML graphs by Accept. Queries run in worker processes that are
    stopped past --timeout or --memory-mb. SERVICE and LOAD reach no other server unless allowed.
    `kg ingest` may write while the server runs: new announcements appear within --refresh seconds, each
    one complete.

    Example: kg serve --port 7878, then
    curl -H 'Accept: text/csv' http://127.0.0.1:7878/sparql --data-urlencode 'query=ASK { ?s ?p ?o }'
    """
    # lazy: the server (uvicorn) adds ~110 ms to `kg --help`
    from kg.server import ServeOptions
    from kg.server import serve as run

    writes = allow_update or curate
    token = (os.environ.get("KG_SERVE_TOKEN") or secrets.token_urlsafe(24)) if writes else None
    options = ServeOptions(
        host, port, allow_update, timeout, int(max_result_mb * 2**20), cors, refresh,
        workers=workers or ServeOptions().workers, cache_bytes=int(cache_mb * 2**20),
        memory_bytes=int(memory_mb * 2**20),
        outbound=Outbound(service_hosts, load_hosts, allow_private_addresses),
        allowed_hosts=allowed_hosts, token=token, curate=curate, analyst=analyst or default_analyst(),
    )  # fmt: skip

    def ready(url: str) -> None:
        mode = "read-write (SPARQL Update on)" if allow_update else "read-only"
        click.echo(f"kg serve: SPARQL endpoint {url}/sparql ({mode}); viewer {url}/", err=True)
        click.echo(f"kg serve: what changed, as Atom: {url}/changes.atom?company=NAME", err=True)
        if curate:
            click.echo(
                "kg serve: corrections on: the viewer's confirm/reject buttons ask for the token", err=True
            )
        if token:
            click.echo(f"kg serve: write token {token} (send it as: Authorization: Bearer TOKEN)", err=True)
        click.echo("kg serve: press Ctrl-C to stop", err=True)

    run(store_path(ctx), options, on_ready=ready)


COMMANDS = [serve]

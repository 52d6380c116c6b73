"""Commands for Neo4j and the query helpers: push, cypher, and the ``query`` group (rdf or neo4j backend)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from kg.cli.context import store_path
from kg.cli.output import emit_rows, format_option
from kg.cli.parts import PartName
from kg.plugins import BACKENDS

__all__ = ["COMMANDS"]


def neo4j_options(command: Callable) -> Callable:
    """``--uri/--user/--password/--database``, each falling back to its NEO4J_* environment variable."""
    options = (
        click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
                     help="Neo4j URI (env NEO4J_URI)."),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                     help="User name (env NEO4J_USER)."),
        click.option("--password", envvar="NEO4J_PASSWORD", default="biopharma-kg",
                     help="Password (env NEO4J_PASSWORD; default biopharma-kg, as `make neo4j`)."),
        click.option("--database", envvar="NEO4J_DATABASE", default="neo4j", show_default=True,
                     help="Database name (env NEO4J_DATABASE)."),
    )  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _settings(uri: str, user: str, password: str, database: str) -> Any:
    # lazy: the Neo4j driver adds ~100 ms to `kg --help`
    from kg.bolt import Neo4jSettings

    return Neo4jSettings(uri=uri, user=user, password=password, database=database)


def backend_options(command: Callable) -> Callable:
    """``--backend rdf|neo4j`` plus the Neo4j connection options, ``--min-confidence`` and ``--format``."""
    command = neo4j_options(command)
    command = click.option(
        "--min-confidence",
        type=click.FloatRange(0, 1),
        default=None,
        help="Only facts and agreements whose best evidence is at least this confident (0-1).",
    )(command)
    command = click.option(
        "--backend",
        type=PartName(BACKENDS),
        default=lambda: os.environ.get("KG_BACKEND", "rdf"),
        show_default="rdf",
        help="Answer from the embedded RDF store, from Neo4j, or an installed backend (env KG_BACKEND).",
    )(command)
    return format_option()(command)


@contextmanager
def _backend(ctx: click.Context, backend: str, **connection: str) -> Iterator[Any]:
    # lazy: the Neo4j driver adds ~130 ms to `kg --help`
    from kg.queries.kinds import Connection

    with BACKENDS.load(backend).open(Connection(store_path(ctx), _settings(**connection))) as b:
        yield b


@click.command()
@neo4j_options
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows per write transaction.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Also remove what announcements no longer in the store supported (a full mirror).",
)
@click.option("--trace", is_flag=True, help="Print every Cypher statement (and its row count) on stderr.")
@click.pass_context
def push(ctx: click.Context, batch_size: int, prune: bool, trace: bool, **connection: str) -> None:
    """Write the store into Neo4j, idempotently: pushing twice changes nothing, and facts that only a
    re-ingested announcement supported are removed.

    Example: NEO4J_URI=bolt://localhost:7687 kg push
    """
    # lazy: kg.api (the Neo4j driver, the ingest pipeline) adds ~340 ms to `kg --help`
    from kg.api import push as library

    settings, tracer = _settings(**connection), _trace if trace else None
    report = library(store_path(ctx), settings, tracer=tracer, batch_size=batch_size, prune=prune)
    click.echo(f"{report.summary()} -> {connection['uri']}", err=True)


def _trace(cypher: str, params: Any) -> None:
    rows = params.get("rows")
    suffix = f"  -- {len(rows)} rows" if isinstance(rows, list) else ""
    click.echo(" ".join(cypher.split()) + suffix, err=True)


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw


@click.command()
@click.argument("cypher")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME); VALUE is read as JSON when it parses, else as text.",
)
@click.option("--write", is_flag=True, help="Allow writes (route to the leader; default: read-only).")
@neo4j_options
@format_option()
def cypher(cypher: str, params: tuple[str, ...], write: bool, fmt: str | None, **connection: str) -> None:
    """Run Cypher on Neo4j and print the rows (table, JSON or CSV).

    Example: kg cypher 'MATCH (o:Organization {name: $name})-[:OPERATES]->(s) RETURN s.name' -p name=Acme
    """
    # lazy: the Neo4j driver adds ~100 ms to `kg --help`
    from kg.bolt import connect, run_cypher

    settings = _settings(**connection)
    values = dict(_parse_param(p) for p in params)
    with connect(settings) as driver:
        rows = run_cypher(driver, cypher, values, database=settings.database, write=write, uri=settings.uri)
    emit_rows(rows, fmt)


@click.group()
def query() -> None:
    """Query helpers: the same answers from the RDF store and from Neo4j (--backend rdf|neo4j).

    Example: kg query partners "Northbridge Biologics" --backend neo4j
    """


@query.command()
@click.argument("name")
@backend_options
@click.pass_context
def partners(
    ctx: click.Context,
    name: str,
    backend: str,
    fmt: str | None,
    min_confidence: float | None,
    **connection: str,
) -> None:
    """Organizations that contract or share an agreement with the organization NAME.

    Example: kg query partners "Northbridge Biologics"
    """
    # lazy: the query backends (the Neo4j driver) add ~130 ms to `kg --help`
    from kg import queries

    with _backend(ctx, backend, **connection) as b:
        emit_rows(queries.partners(b, name, min_confidence), fmt, PARTNER_COLUMNS)


@query.command()
@click.argument("name")
@backend_options
@click.pass_context
def sites(
    ctx: click.Context,
    name: str,
    backend: str,
    fmt: str | None,
    min_confidence: float | None,
    **connection: str,
) -> None:
    """Sites operated by the organization NAME, with city, countries and the year operations start.

    Example: kg query sites "Northbridge Biologics"
    """
    # lazy: the query backends (the Neo4j driver) add ~130 ms to `kg --help`
    from kg import queries

    with _backend(ctx, backend, **connection) as b:
        emit_rows(queries.sites(b, name, min_confidence), fmt, SITE_COLUMNS)


@query.command()
@click.option("--type", "type_", default=None, help="Agreement type, e.g. manufacturing, licensing.")
@click.option("--stage", default=None, help="Development stage, e.g. 'Phase 3', commercial.")
@click.option("--since", default=None, help="Announced on or after this ISO date (e.g. 2025-01-01).")
@click.option("--until", default=None, help="Announced on or before this ISO date.")
@click.option("--country", default=None, help="A party is headquartered in this ISO country code.")
@backend_options
@click.pass_context
def agreements(ctx: click.Context, type_: str | None, stage: str | None, since: str | None, until: str | None,
               country: str | None, backend: str, fmt: str | None, min_confidence: float | None,
               **connection: str) -> None:  # fmt: skip
    """Agreements, filtered by type, stage, announcement dates and a party's country.

    Example: kg query agreements --type manufacturing --since 2025-01-01 --country US
    """
    # lazy: the query backends (the Neo4j driver) add ~130 ms to `kg --help`
    from kg import queries

    with _backend(ctx, backend, **connection) as b:
        rows = queries.agreements(b, type=type_, stage=stage, since=since, until=until, country=country,
                                  min_confidence=min_confidence)  # fmt: skip
        emit_rows(rows, fmt, AGREEMENT_COLUMNS)


@query.command()
@click.argument("name")
@backend_options
@click.pass_context
def timeline(
    ctx: click.Context,
    name: str,
    backend: str,
    fmt: str | None,
    min_confidence: float | None,
    **connection: str,
) -> None:
    """Dated events of the organization NAME: its agreements and its sites' opening years.

    Example: kg query timeline "Northbridge Biologics"
    """
    # lazy: the query backends (the Neo4j driver) add ~130 ms to `kg --help`
    from kg import queries

    with _backend(ctx, backend, **connection) as b:
        emit_rows(queries.timeline(b, name, min_confidence), fmt, TIMELINE_COLUMNS)


@query.command()
@click.argument("name")
@click.option("--depth", type=click.IntRange(1, 6), default=2, show_default=True, help="Hops from NAME.")
@backend_options
@click.pass_context
def network(ctx: click.Context, name: str, depth: int, backend: str, fmt: str | None,
            min_confidence: float | None, **connection: str) -> None:  # fmt: skip
    """Fact relationships within --depth hops of the organization, site or product NAME.

    Example: kg query network "Northbridge Biologics" --depth 2
    """
    # lazy: the query backends (the Neo4j driver) add ~130 ms to `kg --help`
    from kg import queries

    with _backend(ctx, backend, **connection) as b:
        emit_rows(queries.network(b, name, depth, min_confidence), fmt, NETWORK_COLUMNS)


PARTNER_COLUMNS = [
    "organization",
    "partner",
    "partner_iri",
    "agreements",
    "types",
    "last_announced",
    "confidence",
]
SITE_COLUMNS = ["organization", "site", "site_iri", "city", "countries", "starts_operations", "confidence",
                "fact"]  # fmt: skip
AGREEMENT_COLUMNS = ["agreement", "name", "type", "service", "stages", "announced", "end_year", "providers",
                     "clients", "partners", "products", "confidence"]  # fmt: skip
TIMELINE_COLUMNS = ["date", "event", "name", "iri", "with", "announcement", "title", "confidence"]
NETWORK_COLUMNS = ["depth", "source", "relation", "target", "source_iri", "target_iri", "fact"]

COMMANDS = [push, cypher, query]

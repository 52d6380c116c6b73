"""Commands over the embedded RDF store: ingest, extract, sparql, export, stats, validate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli import store_path
from kg.cli.output import emit_rows, format_option, resolve_format
from kg.errors import KgError

__all__ = ["COMMANDS"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Extract announcements (files or folders) and write them to the store.

    Re-ingesting a document replaces its facts. A bad document is reported and skipped; exit 1 if any failed.

    Example: kg ingest examples/
    """
    from kg.ingest import ingest as run
    from kg.store import Store

    with Store.open(store_path(ctx)) as store, _progress() as tick:
        report = run(store, paths, on_item=tick)
    for path, message in report.failures:
        click.echo(f"kg: {path}: {message}", err=True)
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
def extract(paths: tuple[Path, ...], fmt: str) -> None:
    """Extract facts without a store: one JSON record per document (JSON Lines), or Turtle.

    Example: kg extract announcement.txt --format json
    """
    from kg.ingest import iter_extractions
    from loaders import Failure

    failed = 0
    extractions = []
    for item in iter_extractions(paths):
        if isinstance(item, Failure):
            failed += 1
            click.echo(f"kg: {item}", err=True)
        elif fmt == "json":
            click.echo(json.dumps(item.to_record(), ensure_ascii=False))
        else:
            extractions.append(item)
    if fmt == "ttl":
        from kg.export import write_rdf
        from kg.store import Store

        store = Store.in_memory()
        store.write(extractions)
        write_rdf(store, "ttl", sys.stdout.buffer)
    if failed:
        sys.exit(1)


@click.command()
@click.argument("query")
@format_option()
@click.pass_context
def sparql(ctx: click.Context, query: str, fmt: str | None) -> None:
    """Run a SPARQL query over the store (the union of all announcement graphs).

    Example: kg sparql 'SELECT ?name WHERE { ?o a bpk:Organization ; rdfs:label ?name }'
    """
    from kg.store import Store

    with Store.open(store_path(ctx), read_only=True) as store:
        result = store.query(query)
        if isinstance(result, bool):
            emit_rows([{"result": result}], fmt)
        elif hasattr(result, "variables"):
            from kg.store import to_python

            names = [var.value for var in result.variables]
            emit_rows([{n: to_python(row[n]) for n in names} for row in result], fmt, names)
        else:
            rows = [{"subject": t.subject.value, "predicate": t.predicate.value, "object": t.object.value}
                    for t in result]  # fmt: skip
            emit_rows(rows, fmt, ["subject", "predicate", "object"])


EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "neo4j-csv")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File (or folder for neo4j-csv); stdout when omitted.")  # fmt: skip
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the store: RDF (ttl, nt, nq, trig, jsonld), GraphML, or neo4j-admin import CSV.

    Example: kg export --format ttl -o graph.ttl
    """
    from kg.store import Store

    with Store.open(store_path(ctx), read_only=True) as store:
        if fmt in ("graphml", "neo4j-csv"):
            from kg.sinks.files import write_graph_file

            if output is None and fmt == "neo4j-csv":
                raise KgError("--format neo4j-csv needs -o FOLDER")
            write_graph_file(store, fmt, output)
            return
        from kg.export import write_rdf

        if output is None:
            write_rdf(store, fmt, sys.stdout.buffer)
        else:
            with output.open("wb") as out:
                write_rdf(store, fmt, out)
    if output is not None:
        click.echo(f"wrote {output}", err=True)


@click.command()
@format_option()
@click.pass_context
def stats(ctx: click.Context, fmt: str | None) -> None:
    """Counts per class and per relation.

    Example: kg stats
    """
    from kg.stats import read_stats
    from kg.store import Store

    with Store.open(store_path(ctx), read_only=True) as store:
        emit_rows(read_stats(store), fmt, ["kind", "name", "count"])


@click.command()
@format_option()
@click.pass_context
def validate(ctx: click.Context, fmt: str | None) -> None:
    """SHACL validation of the store against the shapes in ontology/; exit 1 on violations.

    Example: kg validate
    """
    from kg.store import Store
    from kg.validate import validate_store

    with Store.open(store_path(ctx), read_only=True) as store:
        result = validate_store(store)
    if result.violations:
        emit_rows(list(result.violations), fmt, ["focus", "path", "message"])
    if resolve_format(fmt) == "table" or not result.violations:
        click.echo("conforms" if result.conforms else f"{len(result.violations)} violations", err=True)
    if not result.conforms:
        sys.exit(1)


class _progress:
    """A rich progress bar on a terminal; nothing otherwise (issue 7 adds parseable progress)."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda item, failure: None
        from rich.progress import Progress

        self._bar = Progress(transient=True)
        self._bar.start()
        task = self._bar.add_task("ingesting", total=None)
        return lambda item, failure: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if hasattr(self, "_bar"):
            self._bar.stop()


COMMANDS = [ingest, extract, sparql, export, stats, validate]

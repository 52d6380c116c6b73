"""Commands over the embedded RDF store: ingest, extract, sparql, export, stats, validate."""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.cli.context import store_path
from kg.cli.output import emit_rows, format_option, resolve_format
from kg.cli.parts import PartName
from kg.cli.web_commands import fetch_options, split_sources, state_path
from kg.errors import QueryError, StoreError
from kg.guard import check_sparql
from kg.plugins import SINKS
from kg.reconcile import reconcile
from kg.runs import read_path_list, write_failed_list, write_run_log
from kg.sanitize import to_printable
from kg.sinks.rdf import write_rdf
from kg.stats import read_stats
from kg.store import Store
from kg.work import DOC_TIMEOUT
from loaders.extractors import ENV, load
from loaders.files import Failure

__all__ = ["COMMANDS"]


def extractor_option() -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--extractor",
        default=None,
        metavar="NAME",
        help="Extractor to use (default: the built-in one; `kg plugins` lists the installed ones).",
    )


def use_extractor(name: str | None) -> None:
    """Choose the extractor for this run; worker processes inherit it through KG_EXTRACTOR."""
    if name:
        load(name)  # an unknown or broken name fails here, in one line, before any work
        os.environ[ENV] = name


def source_options(command: Callable) -> Callable:
    """``--root``, ``--follow-symlinks`` and ``--doc-timeout``: how documents are found, keyed and bounded."""
    options = [
        click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Files are keyed by their path relative to this folder (default: the folder "
                          "holding the store; for kg extract, the current folder)."),
        click.option("--follow-symlinks", is_flag=True,
                     help="Also read links that lead outside the folder being ingested (never to a "
                          "device or FIFO)."),
        click.option("--doc-timeout", type=click.FloatRange(min=0), default=DOC_TIMEOUT, show_default=True,
                     help="Seconds one document may take to extract; longer ones fail (0: no limit)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--paths-from",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Also read paths and URLs from this file, one per line ('-' for stdin), e.g. a --failed-list.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: the number of CPUs).",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Documents per store write (each written in one atomic step).",
)
@click.option(
    "--failed-list",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the files that failed here (default: STORE/runs/ingest-TIME-failed.txt).",
)
@click.option(
    "--progress-every",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    help="Seconds between progress lines on stderr when it is not a terminal.",
)
@extractor_option()
@click.option(
    "--neo4j",
    "to_neo4j",
    is_flag=True,
    help="Then push the store into Neo4j (settings from the NEO4J_* environment), as `kg push` does.",
)
@source_options
@fetch_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], paths_from: Path | None, jobs: int | None, batch: int,
           failed_list: Path | None, progress_every: float, extractor: str | None, to_neo4j: bool,
           root: Path | None, follow_symlinks: bool, doc_timeout: float, policy: Any) -> None:  # fmt: skip
    """Extract announcements (files, folders, or http(s) URLs of pages and feeds) and write them to the store.

    A document is keyed by where it came from: a file by its path relative to --root (default: the
    folder that holds the store), a feed entry by its guid or link, a JSON document by its id or url, a
    fetched page by its canonical URL (a feed's entries are followed to their pages; URLs are
    remembered in STORE/web/, so unchanged pages cost one conditional request).
    Re-ingesting a document replaces its facts; unchanged documents are skipped, so re-running the same
    command after an interruption finishes the rest. A bad document is reported and skipped (a document
    whose extraction takes longer than --doc-timeout too); exit 1 if any failed. Only regular files are
    read; links leading outside the folder being ingested only with --follow-symlinks. The run report
    goes to STORE/runs/ (beside the graph, never in it).

    Example: kg ingest examples/ --jobs 4
    """
    # lazy: the ingest pipeline (web fetcher: httpx) adds ~110 ms to `kg --help`
    from kg.pipeline import Sources, default_jobs
    from kg.pipeline import ingest as run

    use_extractor(extractor)
    paths_read: list[str | Path] = [*paths, *(read_path_list(paths_from) if paths_from else [])]
    if not paths_read:
        raise click.UsageError("give PATHS or --paths-from FILE")
    runs = store_path(ctx) / "runs"
    root = root or store_path(ctx).absolute().parent
    files, urls = split_sources(paths_read)
    sources = Sources(
        files, root, follow_symlinks, doc_timeout or None, urls, policy, state_path(store_path(ctx))
    )
    with Store.open(store_path(ctx)) as store, _progress(progress_every) as tick:
        note = shlex.join(["kg", *sys.argv[1:]])
        report = run(store, sources, on_progress=tick, batch=batch, jobs=jobs or default_jobs(), note=note)
        if to_neo4j:
            # lazy: the Neo4j driver adds ~110 ms to `kg --help`
            from kg.sinks.neo4j import Neo4jSettings, push_store

            click.echo(push_store(store, Neo4jSettings.from_env()).summary(), err=True)
    log = write_run_log(report, runs, sys.argv)
    for path, message in report.failures[:20]:
        click.echo(to_printable(f"kg: {path}: {message}"), err=True)
    if report.failed > 20:
        click.echo(f"kg: ... and {report.failed - 20} more failures (see {log})", err=True)
    for doc in report.duplicates[:5]:
        warning = f"kg: warning: document {doc!r} was read more than once; the last one was kept"
        click.echo(to_printable(warning), err=True)
    if report.resolution is not None:
        click.echo(f"kg: {report.resolution.summary()}", err=True)
    if report.compact_seconds is not None:
        grew = "this run grew it by a tenth or more"
        click.echo(f"kg: compacted the store in {report.compact_seconds:.1f}s ({grew})", err=True)
    click.echo(f"{report.summary()} in {report.seconds:.1f}s", err=True)
    if report.failed:
        target = failed_list or log.with_name(log.stem + "-failed.txt")
        write_failed_list(report, target)
        click.echo(f"kg: re-run the failed files with: kg ingest --paths-from {target}", err=True)
        sys.exit(1)
    if failed_list:
        write_failed_list(report, failed_list)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
@extractor_option()
@source_options
@fetch_options
def extract(paths: tuple[str, ...], fmt: str, extractor: str | None, root: Path | None,
            follow_symlinks: bool, doc_timeout: float, policy: Any) -> None:  # fmt: skip
    """Extract facts without a store: one JSON record per document (JSON Lines), or Turtle.

    A record's "doc" says where its document came from (a file: its path relative to --root, default
    the current folder; its last part is the file name; a fetched page: url: and its canonical URL).

    Example: kg extract announcement.txt --format json
    """
    # lazy: the ingest pipeline (web fetcher: httpx) adds ~110 ms to `kg --help`
    from kg.pipeline import Sources, iter_extractions

    use_extractor(extractor)
    failed = 0
    extractions = []
    files, urls = split_sources(paths)
    for item in iter_extractions(Sources(files, root, follow_symlinks, doc_timeout or None, urls, policy)):
        if isinstance(item, Failure):
            failed += 1
            click.echo(to_printable(f"kg: {item}"), err=True)
        elif fmt == "json":
            click.echo(json.dumps(item.to_record(), ensure_ascii=False))
        else:
            extractions.append(item)
    if fmt == "ttl":
        store = Store.in_memory()
        store.write(extractions)
        reconcile(store)  # across the documents, with the registry's identifiers
        write_rdf(store, "ttl", sys.stdout.buffer)
    if failed:
        sys.exit(1)


@click.command()
@click.argument("query")
@format_option()
@click.option("--timeout", default=60.0, type=click.FloatRange(min=0, min_open=True), show_default=True,
              help="Seconds the query may run; past it, it is stopped.")  # fmt: skip
@click.option("--memory-mb", default=2048.0, type=click.FloatRange(min=16), show_default=True,
              help="Memory the query may use; past it, it is stopped.")  # fmt: skip
@click.pass_context
def sparql(ctx: click.Context, query: str, fmt: str | None, timeout: float, memory_mb: float) -> None:
    """Run a SPARQL query over the store (the union of all announcement graphs).

    The query is checked first (nesting, size; SERVICE is refused) and runs in a worker process that is
    stopped past --timeout or --memory-mb, as kg serve does.

    Example: kg sparql 'SELECT ?name WHERE { ?o a bpk:Organization ; rdfs:label ?name }'
    """
    # lazy: the server (uvicorn) adds ~110 ms to `kg --help`
    from kg.server.pool import Overrun, run_in_worker

    check_sparql(query)
    path = store_path(ctx)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here (run `kg ingest` first)")
    answer = run_in_worker(path, "rows", query, timeout, int(memory_mb * 2**20))
    if isinstance(answer, Overrun):
        raise QueryError(answer.message)
    if not isinstance(answer, tuple):
        raise QueryError(answer.body.decode("utf-8", "replace").strip())  # the store could not be opened
    kind, value = answer
    if kind == "error":
        raise QueryError(value)
    if kind == "boolean":
        emit_rows([{"result": value}], fmt)
    elif kind == "rows":
        names, rows = value
        emit_rows(rows, fmt, names)
    else:
        emit_rows(value, fmt, ["subject", "predicate", "object"])


@click.command()
@click.option("--format", "fmt", type=PartName(SINKS), required=True,
              help="A sink: RDF (ttl, nt, nq, trig, jsonld), graphml, neo4j-csv, neo4j, graph-store, or an "
              "installed one (kg plugins).")  # fmt: skip
@click.option("-o", "--output", default=None, metavar="PATH|URL",
              help="File (a folder for neo4j-csv, a URL for neo4j and graph-store); stdout when "
              "omitted.")  # fmt: skip
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export the store: RDF (ttl, nt, nq, trig, jsonld), GraphML, neo4j-admin import CSV, or any sink.

    Example: kg export --format ttl -o graph.ttl
    """
    # lazy: kg.api (the Neo4j driver, the ingest pipeline) adds ~340 ms to `kg --help`
    from kg.api import export as library

    message = library(store_path(ctx), fmt, output)
    if message:
        click.echo(message, err=True)


@click.command()
@format_option()
@click.pass_context
def stats(ctx: click.Context, fmt: str | None) -> None:
    """Counts per class and per relation.

    Example: kg stats
    """
    with Store.open(store_path(ctx), read_only=True) as store:
        emit_rows(read_stats(store), fmt, ["kind", "name", "count"])


@click.command()
@format_option()
@click.pass_context
def validate(ctx: click.Context, fmt: str | None) -> None:
    """SHACL validation of the store against the shapes in ontology/; exit 1 on violations.

    Example: kg validate
    """
    # lazy: SHACL (pyshacl, rdflib) adds ~100 ms to `kg --help`
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
    """Progress of an ingest run: a rich bar with rate and ETA on a terminal; otherwise one parseable
    ``kg: progress key=value ...`` line on stderr every ``every`` seconds."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self._last = 0.0

    def __enter__(self) -> Callable[[Any], None]:
        if not sys.stderr.isatty():
            return self._line
        # lazy: rich's progress bar adds ~25 ms (15%) to `kg --help`
        from rich.progress import BarColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%  {task.fields[docs]} docs  {task.fields[rate]}/s  "
                       "{task.fields[failed]} failed  ETA {task.fields[eta]}"),
            transient=True,
        )  # fmt: skip
        self._bar.start()
        self._task = self._bar.add_task("ingest", total=None, docs=0, rate="-", failed=0, eta="-")
        return self._advance

    def _advance(self, p: Any) -> None:  # p: kg.pipeline.Progress
        self._bar.update(self._task, total=p.bytes_total or None, completed=p.bytes_done, docs=p.read,
                         rate=f"{p.rate:.0f}", failed=p.failed, eta=_duration(p.eta))  # fmt: skip

    def _line(self, p: Any) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        share = 100.0 * p.bytes_done / p.bytes_total if p.bytes_total else 0.0
        click.echo(f"kg: progress read={p.read} ingested={p.ingested} unchanged={p.unchanged} "
                   f"failed={p.failed} done={share:.1f}% rate={p.rate:.1f}/s elapsed={p.elapsed:.0f}s "
                   f"eta={'-' if p.eta is None else f'{p.eta:.0f}s'}", err=True)  # fmt: skip

    def __exit__(self, *exc: object) -> None:
        if hasattr(self, "_bar"):
            self._bar.stop()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


COMMANDS = [ingest, extract, sparql, export, stats, validate]

"""Commands over the web: ``kg fetch`` and ``kg watch``, and the options every command that fetches takes."""

from __future__ import annotations

import csv
import functools
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli.context import store_path
from kg.cli.output import format_option, resolve_format
from kg.sanitize import to_csv_cell, to_printable
from loaders.files import is_url

__all__ = ["COMMANDS", "fetch_options", "split_sources", "state_path"]


def fetch_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of every command that fetches, handed to it as one ``policy`` (a FetchPolicy)."""
    options = [
        click.option("--rate", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
                     help="Requests per second to one host (a robots.txt Crawl-delay slows it further)."),
        click.option("--host-connections", type=click.IntRange(min=1), default=2, show_default=True,
                     help="Requests in flight to one host at once."),
        click.option("--timeout", "fetch_timeout", type=click.FloatRange(min=0, min_open=True), default=20.0,
                     show_default=True, help="Seconds to connect, and at most between two reads."),
        click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
                     help="More tries after a timeout, a refused connection, a 429 or a 5xx (with backoff)."),
        click.option("--contact", envvar="KG_CONTACT", default=None, metavar="EMAIL|URL",
                     help="Where site owners can reach you; sent in the User-Agent (env KG_CONTACT)."),
        click.option("--allow-private", is_flag=True,
                     help="Also fetch from loopback, private and link-local addresses (refused by default)."),
        click.option("--allow-address", "allow_address", multiple=True, metavar="NET",
                     help="Also fetch from this address or CIDR block (an intranet newsroom); repeatable."),
    ]  # fmt: skip

    @functools.wraps(command)
    def with_policy(*args: Any, rate: float, host_connections: int, fetch_timeout: float, retries: int,
                    contact: str | None, allow_private: bool, allow_address: tuple[str, ...],
                    **kwargs: Any) -> None:  # fmt: skip
        # lazy: the web fetcher (httpx) adds ~120 ms to `kg --help`
        from loaders.web import FetchPolicy, parse_networks

        kwargs["policy"] = FetchPolicy(
            rate=rate, host_connections=host_connections, timeout=fetch_timeout, retries=retries,
            contact=contact, allow_private=allow_private, allowed_networks=parse_networks(allow_address),
        )  # fmt: skip
        return command(*args, **kwargs)

    wrapped: Callable[..., None] = with_policy
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped


def split_sources(args: Sequence[str | Path]) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """(paths, URLs) among command-line arguments (a URL: anything with a ``scheme://``)."""
    urls = tuple(str(a) for a in args if is_url(str(a)))
    return tuple(Path(a) for a in args if not is_url(str(a))), urls


def state_path(store: Path) -> Path:
    """Where ``kg ingest URL`` and ``kg watch`` remember URLs: beside the graph, never in it."""
    return store / "web" / "state.sqlite"


@click.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write one JSON file per announcement into (and remember URLs in, so the "
                   "next fetch is conditional); without it, JSON Lines on stdout.")  # fmt: skip
@click.option("--failed-list", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the URLs that failed here, one per line (then: --paths-from FILE).")  # fmt: skip
@fetch_options
def fetch(urls: tuple[str, ...], output: Path | None, failed_list: Path | None, policy: Any) -> None:
    """Fetch announcements from pages and RSS/Atom feeds (each entry's page) over HTTP(S).

    Each announcement is keyed by its canonical URL, with its fetch time, HTTP status and content hash.
    With -o DIR, one JSON file each (`kg ingest DIR` reads them) and a second fetch sends conditional
    requests only; without, JSON Lines on stdout. Polite by default: robots.txt obeyed, 1 request a
    second per host. A URL that fails is one line on stderr; the others go on; exit 1 if any failed.

    Example: kg fetch https://news.example.org/feed.xml -o news/
    """
    # lazy: the web fetcher (httpx) adds ~120 ms to `kg --help`
    from loaders.web.download import download

    def emit(obj: dict[str, Any]) -> None:
        click.echo(json.dumps(obj, ensure_ascii=False))

    report = download(urls, policy, output, emit)
    _finish(report.failures, report.summary(), failed_list)


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, metavar="DURATION",
              help="Time between polls: 90 (seconds), 30s, 15m, 1h.")  # fmt: skip
@click.option("--polls", type=click.IntRange(min=1), default=None,
              help="Stop after this many polls (default: until Ctrl-C or SIGTERM).")  # fmt: skip
@format_option()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes.")  # fmt: skip
@fetch_options
@click.pass_context
def watch(ctx: click.Context, feeds: tuple[str, ...], every: str, polls: int | None, fmt: str | None,
          jobs: int, policy: Any) -> None:  # fmt: skip
    """Poll feeds (or pages), ingest what is new, and print a line per new announcement and new fact.

    Each poll is an ingest run (report in STORE/runs/); unchanged feeds cost one conditional request.
    Stops cleanly on Ctrl-C or SIGTERM (what was written stays; what was not is fetched next time).

    Example: kg watch https://news.example.org/feed.xml --every 15m
    """
    # lazy: the ingest pipeline (web fetcher: httpx) adds ~110 ms to `kg --help`
    from kg.pipeline import Sources
    from kg.watch import parse_every
    from kg.watch import watch as run

    try:
        seconds = parse_every(every)
    except ValueError:
        raise click.BadParameter(
            f"{every!r} is not a duration like 90, 30s, 15m or 1h", param_hint="--every"
        ) from None
    paths, urls = split_sources(feeds)
    if paths:
        raise click.BadParameter(f"{paths[0]} is not a URL (kg watch follows http(s) feeds and pages)")
    store = store_path(ctx)
    sources = Sources((), root=None, urls=urls, fetch=policy, fetch_state=state_path(store))
    printer = _Printer(resolve_format(fmt))

    def polled(n: int, report: Any) -> None:
        for path, message in report.failures:
            click.echo(to_printable(f"kg: {path}: {message}"), err=True)
        click.echo(f"kg: poll {n}: {report.summary()}", err=True)

    signal.signal(signal.SIGTERM, _interrupt)
    try:
        run(store, sources, seconds, printer, polled, polls=polls, jobs=jobs, argv=sys.argv)
    except KeyboardInterrupt:
        click.echo("kg: watch stopped", err=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Printer:
    """One line per change as it comes: text, JSON Lines, or CSV (header first)."""

    COLUMNS = ("kind", "doc", "title", "url", "subject", "predicate", "object")

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self._csv: Any = None

    def __call__(self, change: Any) -> None:
        if self.fmt == "json":
            click.echo(json.dumps(change.to_row(), ensure_ascii=False))
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.writer(sys.stdout, lineterminator="\n")
                self._csv.writerow(self.COLUMNS)
            row = change.to_row()
            self._csv.writerow([to_csv_cell(str(row[c] or "")) for c in self.COLUMNS])
        else:
            click.echo(to_printable(change.line()))
        sys.stdout.flush()


def _finish(failures: list[tuple[str, str]], summary: str, failed_list: Path | None) -> None:
    for where, message in failures:
        click.echo(to_printable(f"kg: {where}: {message}"), err=True)
    click.echo(f"kg: {summary}", err=True)
    if failed_list is not None:
        failed_list.parent.mkdir(parents=True, exist_ok=True)
        failed_list.write_text(
            "".join(f"{w}\n" for w in dict.fromkeys(w for w, _ in failures)), encoding="utf-8"
        )
    if failures:
        sys.exit(1)


COMMANDS = [fetch, watch]

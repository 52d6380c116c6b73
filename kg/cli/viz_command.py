"""``kg viz``: the interactive graph page (one self-contained HTML file)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.context import store_path
from kg.store import Store

__all__ = ["COMMANDS"]


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.option("--focus", metavar="NAME", help="Show only this company (or site) and its neighbourhood.")
@click.option(
    "--depth", type=click.IntRange(0, 10), default=2, show_default=True, help="Hops around --focus."
)
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Keep only these node types (Organization, Site, Agreement, Product, Place) "
    "or relations (contracts_with, acquires, ...); repeat or separate with commas.",
)
@click.option(
    "--since", type=int, metavar="YEAR", help="Only links and agreements announced in or after YEAR."
)
@click.option(
    "--until", type=int, metavar="YEAR", help="Only links and agreements announced in or before YEAR."
)
@click.option("--country", metavar="CC", help="Only companies and sites in this country, and their links.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="Only facts and agreements whose best evidence is at least this confident (0-1).",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=5000,
    show_default=True,
    help="At most this many nodes on the page.",
)
@click.pass_context
def viz(
    ctx: click.Context,
    output: Path,
    focus: str | None,
    depth: int,
    types: tuple[str, ...],
    since: int | None,
    until: int | None,
    country: str | None,
    min_confidence: float | None,
    limit: int,
) -> None:
    """Write an interactive graph page that works offline; open it in a browser.

    Example: kg viz -o out/graph.html --focus "Northbridge Biologics" --depth 2
    """
    # lazy: the viewer (networkx, pyvis) adds ~70 ms to `kg --help`
    from viz import write_store_html

    with Store.open(store_path(ctx), read_only=True) as store:
        report = write_store_html(
            store, output, focus=focus, depth=depth, types=types, since=since, until=until, country=country,
            limit=limit, min_confidence=min_confidence,
        )  # fmt: skip
    if report.note:
        click.echo(f"kg: {report.note}", err=True)
    click.echo(
        f"Wrote {report.path} ({report.nodes:,} nodes, {report.edges:,} links): file://{report.path.resolve()}"
    )


COMMANDS = [viz]

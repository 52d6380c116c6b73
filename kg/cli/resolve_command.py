"""``kg resolve``: resolution across the store's announcements, its report and its explanations."""

from __future__ import annotations

import click

from kg.cli.context import store_path
from kg.cli.output import emit_rows, format_option
from kg.errors import KgError
from kg.reconcile import explain, reconcile, report
from kg.store import Store

__all__ = ["COMMANDS"]


@click.command()
@click.option(
    "--report",
    "show_report",
    is_flag=True,
    help="Only report: counts, and aliases stated for two different nodes (ambiguous: never merged).",
)
@click.option(
    "--explain",
    "name",
    metavar="NAME",
    help="Only explain: the node NAME names, and how each announcement's mention joined it.",
)
@format_option()
@click.pass_context
def resolve(ctx: click.Context, show_report: bool, name: str | None, fmt: str | None) -> None:  # fmt: skip
    """Resolve the companies, sites and products of every announcement in the store at once.

    An alias, former name or ticker one announcement states reaches the others; graphs whose nodes change
    are rewritten, and the registry's identifiers and parent companies are written (graph
    id/graph/registry). `kg ingest` does this at the end of every run; run it after changing --registry,
    or to migrate a store written by an older version (no source files needed).

    Example: kg resolve --explain "Eli Lilly"
    """
    if name is not None:
        with Store.open(store_path(ctx), read_only=True) as store:
            rows = explain(store, name)
        if not rows:
            raise KgError(f"no company, site or product named {name!r} in the store")
        emit_rows(rows, fmt, ["node", "label", "document", "names", "aliases", "reason", "why"])
        return
    if show_report:
        with Store.open(store_path(ctx), read_only=True) as store:
            found = report(store)
        emit_rows(found.ambiguous, fmt, ["kind", "alias", "candidates"])
        for conflict in found.conflicts:
            click.echo(f"kg: refused: {conflict}", err=True)
        click.echo(f"kg: {found.summary()}", err=True)
        return
    with Store.open(store_path(ctx)) as store:
        done = reconcile(store)
    click.echo(f"kg: {done.summary()} in {done.seconds:.1f}s", err=True)


COMMANDS = [resolve]

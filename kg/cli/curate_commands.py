"""The analyst loop: ``kg curate ...`` (corrections), ``kg review`` (what to check), ``kg changes``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import click

from kg.cli.context import store_path
from kg.cli.output import emit_rows, format_option, resolve_format
from kg.curation import commands as curation
from kg.curation.changes import list_changes
from kg.curation.commands import Outcome, Who, default_analyst, export_lines, import_lines
from kg.curation.feed import render_atom
from kg.curation.model import CurationError
from kg.curation.review import COLUMNS, Item, Session, review_queue
from kg.errors import InputError
from kg.sanitize import to_printable
from kg.store import Store

__all__ = ["COMMANDS"]


def who_options(command: Callable) -> Callable:
    """``--by`` and ``--why``: who makes a correction, and why (kept with it, PROV-O)."""
    command = click.option("--why", default="", help="Why (kept with the correction).")(command)
    return click.option("--by", default=None, envvar="KG_ANALYST", metavar="NAME",
                        help="Who makes it (env KG_ANALYST; default: the login name).")(command)  # fmt: skip


def _who(by: str | None, why: str) -> Who:
    return Who(by or default_analyst(), why)


def _ref(target: tuple[str, ...]) -> str | tuple[str, str, str]:
    if len(target) == 1:
        return target[0]
    if len(target) == 3:
        return target[0], target[1], target[2]
    raise click.UsageError("give a fact id (or an agreement or evidence id), or SUBJECT RELATION OBJECT")


def _echo(outcome: Outcome) -> None:
    click.echo(to_printable(outcome.summary()))


def _open(ctx: click.Context) -> Store:
    return Store.open(store_path(ctx))


@click.group()
def curate() -> None:
    """Correct the graph: reject, confirm or add facts, merge, split or rename companies, sites and
    products, edit agreements; share corrections as JSON Lines.

    Corrections live in their own graph (ingest never writes it) and apply to every output: SPARQL,
    kg query, kg push, exports and the viewer. A re-ingest never brings back a rejected fact nor drops a
    confirmed or added one. Each correction is a numbered change set (kg changes).

    Example: kg curate reject f-3a9c1e2b7d4f8a21 --why "the plant belongs to the partner"
    """


@curate.command()
@click.argument("target", nargs=-1, required=True)
@who_options
@click.pass_context
def reject(ctx: click.Context, target: tuple[str, ...], by: str | None, why: str) -> None:
    """Reject a fact or an agreement: TARGET is its id (f-..., agreement/..., evidence/...) as kg review,
    kg query and the viewer show it, or SUBJECT RELATION OBJECT.

    Example: kg curate reject "Acme Biologics" operates "Incheon Plant 2" --why "sold in 2024"
    """
    with _open(ctx) as store:
        _echo(curation.reject(store, _ref(target), _who(by, why)))


@curate.command()
@click.argument("target", nargs=-1, required=True)
@who_options
@click.pass_context
def confirm(ctx: click.Context, target: tuple[str, ...], by: str | None, why: str) -> None:
    """Confirm a fact or an agreement (as for reject): it stays even when a re-ingested announcement no
    longer states it; a rejected one comes back.

    Example: kg curate confirm agreement/1a2b3c4d5e6f-1
    """
    with _open(ctx) as store:
        _echo(curation.confirm(store, _ref(target), _who(by, why)))


@curate.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object")
@click.option("--source", required=True, metavar="URL", help="Where the fact is stated (http or https URL).")
@click.option("--sentence", required=True, help="The sentence that states it.")
@click.option("--object-class", type=click.Choice(["Organization", "Site", "Product"]), default=None,
              help="What a new OBJECT is (acquires may take an Organization or a Site).")  # fmt: skip
@who_options
@click.pass_context
def add(ctx: click.Context, subject: str, relation: str, object: str, source: str, sentence: str,
        object_class: str | None, by: str | None, why: str) -> None:  # fmt: skip
    """Add a fact no announcement states: SUBJECT RELATION OBJECT (names; a country for located_in and
    headquartered_in; a year for starts_operations). A company, site or product the graph lacks is created.

    Example: kg curate add "Acme Biologics" operates "Leipzig Fill Plant" --source https://acme.example/news/12
    --sentence "Acme Biologics runs a fill-finish plant in Leipzig."
    """
    with _open(ctx) as store:
        _echo(curation.add(store, subject, relation, object, source, sentence, _who(by, why), object_class))


@curate.command()
@click.argument("name")
@click.argument("other")
@who_options
@click.pass_context
def merge(ctx: click.Context, name: str, other: str, by: str | None, why: str) -> None:
    """OTHER is the same company (site, product) as NAME: one node, NAME's, with OTHER's names as aliases.

    Example: kg curate merge "Helvetia Pharma Services" "Helvetia Pharma Svcs"
    """
    with _open(ctx) as store:
        _echo(curation.merge(store, name, other, _who(by, why)))


@curate.command()
@click.argument("name")
@click.argument("other")
@who_options
@click.pass_context
def split(ctx: click.Context, name: str, other: str, by: str | None, why: str) -> None:
    """Undo a merge (kg curate merge NAME OTHER): two nodes again.

    Example: kg curate split "Helvetia Pharma Services" "Helvetia Pharma Svcs"
    """
    with _open(ctx) as store:
        _echo(curation.split(store, name, other, _who(by, why)))


@curate.command()
@click.argument("name")
@click.argument("new_name")
@who_options
@click.pass_context
def rename(ctx: click.Context, name: str, new_name: str, by: str | None, why: str) -> None:
    """Give a company, site or product a new name (the others stay, as aliases).

    Example: kg curate rename "Northbridge Bio" "Northbridge Biologics"
    """
    with _open(ctx) as store:
        _echo(curation.rename(store, name, new_name, _who(by, why)))


@curate.command()
@click.argument("agreement")
@click.argument("attribute")
@click.argument("values", nargs=-1, required=True)
@who_options
@click.pass_context
def edit(ctx: click.Context, agreement: str, attribute: str, values: tuple[str, ...], by: str | None,
         why: str) -> None:  # fmt: skip
    """Set an agreement's ATTRIBUTE (type, service, stage, end_year, value) to VALUES (stage takes several;
    value is an amount with its currency: "USD 120M", "1.2 billion EUR upfront").

    Example: kg curate edit agreement/1a2b3c4d5e6f-1 stage "Phase 3" commercial
    """
    with _open(ctx) as store:
        _echo(curation.edit(store, agreement, attribute, values, _who(by, why)))


@curate.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default="-")
@click.pass_context
def export_(ctx: click.Context, file: Path) -> None:
    """Write every correction as JSON Lines, oldest first (stable: diff and review it under git).

    Example: kg curate export corrections.jsonl
    """
    with Store.open(store_path(ctx), read_only=True) as store:
        text = "".join(f"{line}\n" for line in export_lines(store))
    if str(file) == "-":
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"kg: {text.count(chr(10))} corrections written to {file}", err=True)


@curate.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Apply the corrections of a kg curate export file (every line checked first; nothing is written if
    one is malformed). Importing twice changes nothing.

    Example: kg curate import corrections.jsonl
    """
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    with _open(ctx) as store:
        _echo(import_lines(store, text.splitlines(), str(file)))


@curate.command(name="list")
@format_option()
@click.pass_context
def list_(ctx: click.Context, fmt: str | None) -> None:
    """The corrections in force and undone, oldest first: id, when, who, what, why.

    Example: kg curate list --format table
    """
    with Store.open(store_path(ctx), read_only=True) as store:
        rows = [{"id": c.id, "at": c.at, "by": c.by, "action": str(c.action), "what": c.describe(),
                 "why": c.why} for c in store.overlay.corrections]  # fmt: skip
    emit_rows(rows, fmt, ("id", "at", "by", "action", "what", "why"), ("id",))


@click.command()
@click.option(
    "--company", default=None, metavar="NAME", help="Only facts and agreements naming this company."
)
@click.option("--relation", default=None, help="Only this relation (operates, contracts_with...; agreement).")
@click.option("--since", default=None, metavar="RUN|DATE",
              help="Only what the change sets after RUN, or since DATE, added (see kg changes).")  # fmt: skip
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="At least this confident.")
@click.option("--max-confidence", type=click.FloatRange(0, 1), default=None, help="At most this confident.")
@click.option(
    "--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most N (0: all)."
)
@click.option("--interactive", "-i", is_flag=True,
              help="Walk the queue: c confirm, r reject, s skip, e edit, q quit (one key each).")  # fmt: skip
@who_options
@format_option()
@click.pass_context
def review(ctx: click.Context, company: str | None, relation: str | None, since: str | None,
           min_confidence: float | None, max_confidence: float | None, limit: int, interactive: bool,
           by: str | None, why: str, fmt: str | None) -> None:  # fmt: skip
    """Facts and agreements to check, least confident first, with the sentence and source; those already
    confirmed or rejected are left out.

    Example: kg review --company "Northbridge Biologics" --max-confidence 0.8 --interactive
    """

    def queue(store: Store) -> list[Item]:
        return review_queue(store, company=company, relation=relation, since=since,
                            min_confidence=min_confidence, max_confidence=max_confidence,
                            limit=limit or None)  # fmt: skip

    if not interactive:
        with Store.open(store_path(ctx), read_only=True) as store:
            items = queue(store)
        emit_rows(
            [i.to_row() for i in items], fmt, COLUMNS if resolve_format(fmt) == "table" else None, ("id",)
        )
        return
    with _open(ctx) as store:
        _interact(store, queue(store), _who(by, why))


def _interact(store: Store, items: list[Item], who: Who) -> None:
    """The terminal side of :class:`kg.curation.review.Session`: show, read one key, decide."""
    session = Session(store, items, who)
    if not items:
        click.echo("nothing to review")
        return
    while (item := session.current) is not None:
        click.echo("")
        confidence = "?" if item.confidence is None else f"{item.confidence:.2f}"
        click.echo(to_printable(f"{session.progress()} {item.id}  confidence {confidence}"))
        click.echo(to_printable(f"  {item.subject} — {item.relation} — {item.object}"))
        if item.sentence:
            click.echo(to_printable(f"  \u201c{item.sentence}\u201d"))
        if item.source:
            click.echo(to_printable(f"  source: {item.source}"))
        click.echo("  [c]onfirm [r]eject [s]kip [e]dit [q]uit? ", nl=False)
        key = click.getchar()
        click.echo(key)
        edit: tuple[str, ...] = ()
        if key.lower() == "e":
            if item.kind == "agreement":
                attribute = click.prompt("  attribute (type, service, stage, end_year, value)")
                edit = (attribute, *click.prompt("  new value(s), ';' between stages").split(";"))
            else:
                edit = (click.prompt(f"  the right {item.relation} object"),)
        try:
            click.echo(to_printable("  " + session.decide(key, edit)))
        except CurationError as exc:
            click.echo(to_printable(f"  not done: {exc}"))
    click.echo(session.summary())


@click.command()
@click.option("--since", default=None, metavar="RUN|DATE",
              help="The change sets after RUN (a number), or since DATE (ISO); default: the last one "
                   "(with --format atom: all of them).")  # fmt: skip
@click.option(
    "--company", default=None, metavar="NAME", help="Only facts naming this company (or its deals)."
)
@click.option("--relation", default=None, help="Only this relation or agreement term (operates, stage...).")
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="With --format atom: the newest N entries (0: all).")  # fmt: skip
@format_option("atom")
@click.pass_context
def changes(ctx: click.Context, since: str | None, company: str | None, relation: str | None, limit: int,
            fmt: str | None) -> None:  # fmt: skip
    """Facts each ingest run or correction added and removed (new partner, new site, new opening year,
    agreement terms changed), with the sentence and source; change sets are numbered.

    Example: kg changes --since 2026-03-01 --company "Northbridge Biologics" --format atom > northbridge.atom
    """
    atom = fmt == "atom"
    with Store.open(store_path(ctx), read_only=True) as store:
        found = list_changes(store, since="0" if atom and since is None else since, company=company,
                             relation=relation)  # fmt: skip
    if atom:
        sys.stdout.buffer.write(render_atom(found, company, _feed_link(store_path(ctx), company), limit))
        return
    columns = ("change", "what", "subject", "relation", "object", "sentence", "source")
    emit_rows(
        [c.to_row() for c in found], fmt, columns if resolve_format(fmt) == "table" else None, ("change",)
    )


def _feed_link(store: Path, company: str | None) -> str:
    return store.absolute().as_uri() + "/changes.atom" + (f"?company={quote(company)}" if company else "")


COMMANDS = [curate, review, changes]

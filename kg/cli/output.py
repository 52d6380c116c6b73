"""Printing results: one option group (``--format``) and one function for rows as table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from kg.sanitize import to_csv_cell, to_printable

__all__ = ["emit_rows", "format_option"]

FORMATS = ("table", "json", "csv")


def format_option(*extra: str, default: str | None = None) -> Callable:
    """``--format`` with table/json/csv (plus ``extra`` choices); table on a terminal, json otherwise."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS + extra),
        default=default,
        help="Output format (default: table on a terminal, json otherwise).",
    )


def resolve_format(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "json")


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str | None, columns: Sequence[str] | None = None,
              whole: Sequence[str] = ()) -> None:  # fmt: skip
    """Print ``rows`` as ``fmt``; a table never cuts the ``whole`` columns (ids to copy)."""
    fmt = resolve_format(fmt)
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _csv_cell(r.get(c)) for c in cols} for r in rows)
    else:
        _table(rows, cols, whole)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def _csv_cell(value: Any) -> str:
    """A cell no spreadsheet runs as a formula: text from data is neutralized, numbers are left alone."""
    cell = _cell(value)
    return cell if isinstance(value, (bool, int, float)) else to_csv_cell(cell)


def _table(rows: Sequence[dict[str, Any]], cols: list[str], whole: Sequence[str] = ()) -> None:
    # lazy: rich's tables add ~15 ms (10%) to `kg --help`
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for c in cols:
        table.add_column(c, no_wrap=c in whole, min_width=max((len(_cell(r.get(c))) for r in rows), default=0)
                         if c in whole else None)  # fmt: skip
    for r in rows:
        table.add_row(*(Text(to_printable(_cell(r.get(c)))) for c in cols))  # data never drives the terminal
    Console(soft_wrap=False).print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)

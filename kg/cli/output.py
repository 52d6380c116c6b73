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


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str | None, columns: Sequence[str] | None = None) -> None:
    fmt = resolve_format(fmt)
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _csv_cell(r.get(c)) for c in cols} for r in rows)
    else:
        _table(rows, cols)


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


def _table(rows: Sequence[dict[str, Any]], cols: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*cols, show_lines=False)
    for r in rows:
        table.add_row(*(Text(to_printable(_cell(r.get(c)))) for c in cols))  # data never drives the terminal
    Console(soft_wrap=False).print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)

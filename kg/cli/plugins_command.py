"""``kg plugins``: the parts installed under a name (readers, extractors, sinks, query backends), built-in
ones first."""

from __future__ import annotations

import click

from kg.cli.output import emit_rows, format_option
from kg.plugins import REGISTRIES

__all__ = ["COMMANDS"]

DEFAULTS = {"extractor": "builtin", "backend": "rdf"}


@click.command()
@format_option()
def plugins(fmt: str | None) -> None:
    """List the installed readers, extractors, sinks and query backends, and where each comes from.

    Each kind has its entry-point group: biopharma_kg.readers, biopharma_kg.extractors, biopharma_kg.sinks,
    biopharma_kg.backends.

    Example: kg plugins --format json
    """
    rows = [
        {"kind": r.kind, "name": name, "target": target, "default": DEFAULTS.get(r.kind) == name}
        for r in REGISTRIES
        for name, target in r.available().items()
    ]
    emit_rows(rows, fmt, ["kind", "name", "target", "default"])


COMMANDS = [plugins]

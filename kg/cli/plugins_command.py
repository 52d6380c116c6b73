"""``kg plugins``: the parts installed under a name (extractors so far), built-in ones first."""

from __future__ import annotations

import click

from kg.cli.output import emit_rows, format_option

__all__ = ["COMMANDS"]


@click.command()
@format_option()
def plugins(fmt: str | None) -> None:
    """List the installed extractors (entry-point group biopharma_kg.extractors) and where each comes from.

    Example: kg plugins --format json
    """
    from loaders.extractors import DEFAULT, available

    rows = [
        {"kind": "extractor", "name": name, "target": target, "default": name == DEFAULT}
        for name, target in available().items()
    ]
    emit_rows(rows, fmt, ["kind", "name", "target", "default"])


COMMANDS = [plugins]

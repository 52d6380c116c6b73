"""What every command reads from the ``kg`` group's context (the global options)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["store_path"]


def store_path(ctx: click.Context) -> Path:
    """The store the command works on (``kg --store PATH``, env ``KG_STORE``)."""
    path: Path = ctx.find_root().obj["store"]
    return path

"""The ``kg`` command: a thin layer over the library; each command parses options, makes one call, prints."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli import (
    bench_commands,
    curate_commands,
    neo4j_commands,
    plugins_command,
    rdf_commands,
    resolve_command,
    serve_command,
    viz_command,
    web_commands,
)
from kg.cli.context import store_path
from kg.errors import KgError
from kg.registry import default_registry
from kg.sanitize import to_printable

__all__ = ["main", "store_path"]


class KgGroup(click.Group):
    """Turns library errors into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {to_printable(str(exc))}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("kg-data"),
    envvar="KG_STORE",
    show_default=True,
    help="The embedded on-disk store (env KG_STORE).",
)
@click.option(
    "--registry",
    "registries",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KG_REGISTRY",
    help="A company registry file merged over the built-in one (repeatable; env KG_REGISTRY, "
    "os.pathsep-separated). Format: kg/registry.py.",
)
@click.version_option(package_name="biopharma-kg")
@click.pass_context
def main(ctx: click.Context, store: Path, registries: tuple[Path, ...]) -> None:
    """biopharma-kg: biopharma announcements -> a knowledge graph of partnerships, sites and products."""
    ctx.obj = {"store": store}
    if registries:
        os.environ["KG_REGISTRY"] = os.pathsep.join(map(str, registries))  # worker processes resolve alike
        default_registry()  # a bad file is reported now, in one line


def _register() -> None:
    modules = (rdf_commands, web_commands, resolve_command, curate_commands, neo4j_commands, serve_command,
               viz_command, bench_commands, plugins_command)  # fmt: skip
    for module in modules:
        for command in module.COMMANDS:
            main.add_command(command)


_register()

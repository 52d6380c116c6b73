"""Options that name a registered part (a sink, a query backend, an extractor): checked against the
registry when the command runs, so ``kg --help`` does not look for installed packages."""

from __future__ import annotations

from typing import Any

import click

from kg.plugins import Registry

__all__ = ["PartName"]


class PartName(click.ParamType):
    """The name of a part of ``registry``; the built-in names show in ``--help``, installed ones work too."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.name = registry.kind

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(self.registry.builtin) + "|...]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        names = self.registry.available()
        if value not in names:
            known = ", ".join(names)
            self.fail(f"{value!r} is not an installed {self.registry.kind} (one of {known})", param, ctx)
        return str(value)

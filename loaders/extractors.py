"""Extractors by name: the built-in one, and any a package registers in the ``biopharma_kg.extractors``
entry-point group (a spaCy- or LLM-based extractor plugs in without touching this repository).

An extractor is a callable taking a :class:`~kg.model.Document` and returning an
:class:`~kg.model.Extraction`.  A package registers one in its ``pyproject.toml``::

    [project.entry-points."biopharma_kg.extractors"]
    my-extractor = "my_package.module:extract"

and users pick it with ``kg extract --extractor my-extractor`` (or ``KG_EXTRACTOR=my-extractor``, which
worker processes inherit).

>>> "builtin" in available()
True
>>> load("builtin").__name__
'extract'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from kg.errors import KgError
from kg.model import Document, Extraction

__all__ = ["DEFAULT", "ENV", "GROUP", "Extractor", "available", "current", "load"]

GROUP = "biopharma_kg.extractors"
ENV = "KG_EXTRACTOR"
DEFAULT = "builtin"
_BUILTIN = {DEFAULT: "loaders.extraction:extract"}

Extractor = Callable[[Document], Extraction]


def available() -> dict[str, str]:
    """Extractor name -> where it comes from ("module:attr"), built-in first, then installed plugins."""
    found = dict(_BUILTIN)
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        found.setdefault(ep.name, ep.value)
    return found


@cache
def load(name: str) -> Extractor:
    """The extractor registered under ``name``; a clear error listing the known names otherwise."""
    target = available().get(name)
    if target is None:
        raise KgError(f"unknown extractor {name!r} (installed: {', '.join(available())})")
    module, _, attr = target.partition(":")
    try:
        found = getattr(import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise KgError(f"extractor {name!r} ({target}) cannot be loaded: {exc}") from None
    if not callable(found):
        raise KgError(f"extractor {name!r} ({target}) is not callable")
    return found  # type: ignore[no-any-return]


def current() -> Extractor:
    """The extractor chosen for this process: ``KG_EXTRACTOR`` or the built-in one."""
    return load(os.environ.get(ENV) or DEFAULT)

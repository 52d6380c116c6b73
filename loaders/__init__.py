"""Loaders: turn announcements (text, HTML, JSON Lines, RSS/Atom) into extraction results.

``read_sources(paths)`` yields, per document, a :class:`~kg.model.Document` (to be extracted),
an :class:`~kg.model.Extraction` (records that are already extracted) or a :class:`Failure`.
``extract(document)`` runs the extraction engine on one document.

The names load on first use: importing one loader (``loaders.files``, ``loaders.web``) does not load the
extraction engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loaders.extraction import extract
    from loaders.files import Failure
    from loaders.sources import read_sources, to_extractions

__all__ = ["Failure", "extract", "read_sources", "to_extractions"]

_LAZY = {
    "Failure": "loaders.files",
    "extract": "loaders.extraction",
    "read_sources": "loaders.sources",
    "to_extractions": "loaders.extractors",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'loaders' has no attribute {name!r}")
    return getattr(import_module(_LAZY[name]), name)

"""Loaders: turn announcements (text, HTML, JSON Lines, RSS/Atom) into extraction results.

``read_sources(paths)`` yields, per document, a :class:`~kg.model.Document` (to be extracted),
an :class:`~kg.model.Extraction` (records that are already extracted) or a :class:`Failure`.
``extract(document)`` runs the extraction engine on one document.
"""

from loaders.extraction import extract
from loaders.sources import Failure, read_sources, to_extractions

__all__ = ["Failure", "extract", "read_sources", "to_extractions"]

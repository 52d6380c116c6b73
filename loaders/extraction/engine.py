"""Orchestrates the extractors over one document (minimal first version)."""

from __future__ import annotations

from kg.model import Document, Extraction

__all__ = ["extract"]


def extract(document: Document) -> Extraction:
    """Extract entities, facts and agreements from one announcement."""
    source = {k: v for k, v in (("url", document.url), ("publisher", document.publisher),
                                ("published", document.published), ("title", document.title)) if v}
    return Extraction(doc=document.doc, source=source)

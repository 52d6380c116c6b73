"""The built-in extractor's record of a small announcement, and the candidates it scores, for tests that check
what it outputs and what the classifier reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.extraction import extract
from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import candidates
from loaders.text import read_text


def record(text: str) -> dict[str, Any]:
    """The extraction record (FORMAT.md shape) of ``text`` read as a plain-text announcement."""
    return extract(read_text(text, Path("news.txt"))).to_record()


def marked(text: str, relation: str, feature: str) -> set[tuple[str, str]]:
    """(subject name, object name or value) of the candidates of ``relation`` in ``text`` that have ``feature``."""
    doc = annotate(read_text(text, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return {
        (names[c.subject], names.get(c.object, c.object))
        for c in candidates(doc)
        if c.relation == relation and feature in c.features
    }

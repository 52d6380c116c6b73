"""Plain-text and Markdown announcements: title on the first line, then the body."""

from __future__ import annotations

from pathlib import Path

from kg.model import Document

__all__ = ["read_text"]


def read_text(text: str, path: Path, key: str | None = None) -> Document:
    """The announcement in ``text`` (read from ``path``), keyed ``key`` (default: the file name)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")
    return Document(doc=key or path.name, text=text, title=title, path=str(path), former_keys=(path.name,))

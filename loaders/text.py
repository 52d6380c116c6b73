"""Plain-text and Markdown announcements: title on the first line, then the body."""

from __future__ import annotations

from pathlib import Path

from kg.model import Document

__all__ = ["read_text"]


def read_text(text: str, path: Path) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")
    return Document(doc=path.name, text=text, title=title, path=str(path))

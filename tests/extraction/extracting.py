"""The built-in extractor's record of a small announcement, for tests that check what it outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.extraction import extract
from loaders.text import read_text


def record(text: str) -> dict[str, Any]:
    """The extraction record (FORMAT.md shape) of ``text`` read as a plain-text announcement."""
    return extract(read_text(text, Path("news.txt"))).to_record()

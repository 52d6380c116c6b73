"""Readers by name: how each kind of file (by suffix) or response (by media type) becomes documents.

A :class:`Reader` reads decoded text (``read_text``) or, for formats read as a stream, the file itself
(``read_file``). The built-in ones are ``text``, ``html``, ``feed`` and ``json``; a package adds its own
in the ``biopharma_kg.readers`` entry-point group (:data:`kg.plugins.READERS`), and ``kg ingest`` then
reads its suffixes too.

>>> by_suffix(".HTM").name, by_media_type("application/rss+xml").name
('html', 'feed')
>>> ".md" in suffixes()
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Extraction
from kg.plugins import READERS
from loaders.feed import read_feed
from loaders.files import Failure, SourceFile
from loaders.html import read_html
from loaders.jsonl import read_json_file
from loaders.text import read_text

__all__ = ["FEED", "HTML", "JSON", "TEXT", "Reader", "by_media_type", "by_suffix", "suffixes"]

Item = Document | Extraction | Failure


@dataclass(frozen=True)
class Reader:
    """One kind of input: the file suffixes (lower case, with the dot) and media types it reads, and how."""

    name: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...] = ()
    read_text: Callable[[str, Path, str], Iterable[Item]] | None = None  # text, path, document key
    read_file: Callable[[SourceFile], Iterable[Item]] | None = None  # reads (and streams) the file itself


def _one(read: Callable[[str, Path, str], Document]) -> Callable[[str, Path, str], Iterable[Item]]:
    return lambda text, path, key: [read(text, path, key)]


TEXT = Reader("text", (".txt", ".md"), ("text/plain", "text/markdown"), _one(read_text))
HTML = Reader("html", (".html", ".htm"), ("text/html", "application/xhtml+xml"), _one(read_html))
FEED = Reader(
    "feed",
    (".xml", ".rss", ".atom"),
    ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"),
    read_feed,
)
JSON = Reader(
    "json", (".jsonl", ".json"), ("application/json", "application/x-ndjson"), read_file=read_json_file
)


def readers() -> list[Reader]:
    """Every reader, built-in first, then the installed ones by name (a later one never shadows)."""
    found = READERS.load_all().values()
    return [r for r in found if isinstance(r, Reader)]


def suffixes() -> tuple[str, ...]:
    """The file suffixes some reader reads (what ``kg ingest`` picks up in folders)."""
    return tuple(dict.fromkeys(s for r in readers() for s in r.suffixes))


def by_suffix(suffix: str) -> Reader:
    """The reader of files ending in ``suffix``; an :class:`InputError` listing the known ones otherwise."""
    wanted = suffix.lower()
    for reader in readers():
        if wanted in reader.suffixes:
            return reader
    raise InputError(f"unsupported file type {suffix or '(none)'}; expected one of {' '.join(suffixes())}")


def by_media_type(media_type: str) -> Reader | None:
    """The reader of responses of ``media_type`` (lower case, without parameters), if any."""
    return next((r for r in readers() if media_type in r.media_types), None)

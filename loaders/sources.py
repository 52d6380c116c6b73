"""Find documents under paths and read each with the reader for its file type; failures are values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, KgError
from kg.model import Document, Extraction

__all__ = ["MAX_BYTES", "SUFFIXES", "Failure", "read_sources", "to_extractions"]

MAX_BYTES = 20 * 1024 * 1024  # a single announcement file larger than this is refused
TEXT = (".txt", ".md")
HTML = (".html", ".htm")
RECORDS = (".jsonl", ".json")
FEEDS = (".xml", ".rss", ".atom")
SUFFIXES = TEXT + HTML + RECORDS + FEEDS


@dataclass(frozen=True)
class Failure:
    """A document (or a part of a file) that could not be read; ``message`` is one line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


Item = Document | Extraction | Failure


def read_sources(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Yield every document under ``paths`` (files or folders, recursively, sorted)."""
    for path in _files(paths):
        try:
            yield from _read_file(path)
        except KgError as exc:
            yield Failure(str(path), str(exc))
        except OSError as exc:
            yield Failure(str(path), exc.strerror or str(exc))


def to_extractions(items: Iterable[Item]) -> Iterator[Extraction | Failure]:
    """Run extraction on documents; pass records and failures through; never raise for one document."""
    from loaders.extraction import extract

    for item in items:
        if isinstance(item, Document):
            try:
                yield extract(item)
            except KgError as exc:
                yield Failure(item.path or item.doc, str(exc))
        else:
            yield item


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
        else:
            yield path


def _wanted(path: Path) -> bool:
    name = path.name
    return path.suffix.lower() in SUFFIXES and not name.startswith(".") and ".gold." not in name


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError("no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file too large ({size} bytes; limit {MAX_BYTES})")
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty file")
    return data


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start})") from None


def _read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in RECORDS:
        yield from _read_json(path)
        return
    text = decode(read_bytes(path))
    if suffix in HTML:
        from loaders.html import read_html

        yield read_html(text, path)
    elif suffix in FEEDS:
        from loaders.feed import read_feed

        yield from read_feed(text, path)
    elif suffix in TEXT:
        from loaders.text import read_text

        yield read_text(text, path)
    else:
        raise InputError(f"unsupported file type {suffix or '(none)'}; expected one of {' '.join(SUFFIXES)}")


def _read_json(path: Path) -> Iterator[Item]:
    text = decode(read_bytes(path))
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" and stripped.startswith(("[", "{")) and "\n{" not in stripped[1:]:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc}") from None
        objs = value if isinstance(value, list) else [value]
        for i, obj in enumerate(objs, 1):
            yield _json_item(obj, f"{path}[{i}]", path)
        return
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not JSON: {exc.msg}")
            continue
        yield _json_item(obj, where, path)


def _json_item(obj: object, where: str, path: Path) -> Item:
    from loaders.jsonl import read_json_object

    try:
        return read_json_object(obj, where, path)
    except KgError as exc:
        return Failure(where, str(exc))

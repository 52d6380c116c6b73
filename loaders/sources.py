"""Find documents under paths and read each with the reader for its file type; failures are values."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, KgError
from kg.model import Document, Extraction

__all__ = ["MAX_BYTES", "SUFFIXES", "Failure", "iter_files", "read_file", "read_sources", "to_extractions"]

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
    for path in iter_files(paths):
        if isinstance(path, Failure):
            yield path
        else:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    """The documents of one file; whatever goes wrong becomes a :class:`Failure`, never an exception."""
    try:
        yield from _read_file(path)
    except KgError as exc:
        yield Failure(str(path), str(exc))
    except OSError as exc:
        yield Failure(str(path), exc.strerror or str(exc))
    except Exception as exc:  # a reader bug must not stop a batch of a million documents
        yield Failure(str(path), f"could not read: {type(exc).__name__}: {_one_line(exc)}")


def to_extractions(items: Iterable[Item]) -> Iterator[Extraction | Failure]:
    """Run the chosen extractor (:func:`loaders.extractors.current`) on documents; pass records and failures
    through; never raise for one document."""
    from loaders.extractors import current

    extract = current()
    for item in items:
        if isinstance(item, Document):
            try:
                yield extract(item)
            except KgError as exc:
                yield Failure(item.path or item.doc, str(exc))
            except Exception as exc:  # an extractor bug on one document must not stop the batch
                message = f"extraction failed: {type(exc).__name__}: {_one_line(exc)}"
                yield Failure(item.path or item.doc, message)
        else:
            yield item


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files to read under ``paths``, lazily, in a stable order (folders walked depth-first, entries sorted);
    unreadable folders become failures."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | Failure]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it)
    except OSError as exc:
        yield Failure(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for name, is_dir in entries:
        path = folder / name
        if is_dir:
            if not name.startswith("."):
                yield from _walk(path)
        elif _wanted(path):
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
    if path.suffix.lower() == ".jsonl":
        yield from _read_json_lines(path)
        return
    text = decode(read_bytes(path))
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")) and "\n{" not in stripped[1:]:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc}") from None
        except RecursionError:
            raise InputError("not JSON: nested too deeply") from None
        objs = value if isinstance(value, list) else [value]
        for i, obj in enumerate(objs, 1):
            yield _json_item(obj, f"{path}[{i}]", path)
        return
    for line_no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _json_line(line, f"{path}:{line_no}", path)


def _read_json_lines(path: Path) -> Iterator[Item]:
    """JSON Lines, streamed: a dump may be far larger than MAX_BYTES; each line is limited to it."""
    if not path.exists():
        raise InputError("no such file")
    with path.open("rb") as f:
        head = f.read(4096)
        if b"\x00" in head:
            raise InputError("binary file, not text")
        if not head.strip():
            raise InputError("empty file")
        f.seek(0)
        for line_no, raw in enumerate(_lines(f), 1):
            where = f"{path}:{line_no}"
            if raw is None:
                yield Failure(where, f"line too long (limit {MAX_BYTES} bytes)")
            elif raw.strip():
                try:
                    line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield Failure(where, f"not valid UTF-8 (byte {exc.start})")
                    continue
                yield _json_line(line, where, path)


def _lines(f) -> Iterator[bytes | None]:
    """Lines of a binary file, each read with at most MAX_BYTES in memory; None for a longer line."""
    while True:
        line = f.readline(MAX_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _json_line(line: str, where: str, path: Path) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Failure(where, f"not JSON: {exc.msg}")
    except RecursionError:
        return Failure(where, "not JSON: nested too deeply")
    return _json_item(obj, where, path)


def _json_item(obj: object, where: str, path: Path) -> Item:
    from loaders.jsonl import read_json_object

    try:
        return read_json_object(obj, where, path)
    except KgError as exc:
        return Failure(where, str(exc))
    except Exception as exc:  # a malformed record must not stop the file
        return Failure(where, f"malformed record: {type(exc).__name__}: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""

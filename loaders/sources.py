"""Read each document found under paths with the reader for its file type; failures are values.

Finding files, keying them and opening them safely is :mod:`loaders.files`'s; this module reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import InputError, KgError
from kg.model import Document, Extraction
from loaders.files import (
    FEEDS,
    HTML,
    RECORDS,
    SUFFIXES,
    TEXT,
    Failure,
    SourceFile,
    iter_files,
    open_regular,
    source_file,
)

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Failure",
    "extract_one",
    "iter_files",
    "read_file",
    "read_sources",
    "to_extractions",
]

MAX_BYTES = 20 * 1024 * 1024  # a single announcement file (or JSON line) larger than this is refused

Item = Document | Extraction | Failure


def read_sources(paths: Iterable[str | Path], root: str | Path | None = None,
                 follow_symlinks: bool = False) -> Iterator[Item]:  # fmt: skip
    """Yield every document under ``paths`` (files or folders, recursively, sorted); keys relative to
    ``root`` (default: the current folder), see :mod:`loaders.files`."""
    for found in iter_files(paths, root, follow_symlinks):
        if isinstance(found, Failure):
            yield found
        else:
            yield from read_file(found)


def read_file(found: SourceFile | Path) -> Iterator[Item]:
    """The documents of one file; whatever goes wrong becomes a :class:`Failure`, never an exception."""
    if isinstance(found, Path):
        found = source_file(found)
    try:
        yield from _read_file(found)
    except KgError as exc:
        yield Failure(str(found.path), str(exc))
    except OSError as exc:
        yield Failure(str(found.path), exc.strerror or str(exc))
    except Exception as exc:  # a reader bug must not stop a batch of a million documents
        yield Failure(str(found.path), f"could not read: {type(exc).__name__}: {_one_line(exc)}")


def to_extractions(items: Iterable[Item]) -> Iterator[Extraction | Failure]:
    """Run extraction on documents; pass records and failures through; never raise for one document."""
    for item in items:
        yield extract_one(item) if isinstance(item, Document) else item


def extract_one(document: Document) -> Extraction | Failure:
    """The extraction of one document by the chosen extractor (:func:`loaders.extractors.current`), or the
    failure it caused (an exception never escapes). A fetched document's provenance (fetch time, HTTP
    status, content hash) joins the record's ``source`` whichever extractor made it."""
    from loaders.extractors import current

    try:
        extraction = current()(document)
    except KgError as exc:
        return Failure(document.path or document.doc, str(exc))
    except Exception as exc:  # an extractor bug on one document must not stop the batch
        message = f"extraction failed: {type(exc).__name__}: {_one_line(exc)}"
        return Failure(document.path or document.doc, message)
    if document.retrieved is None:
        return extraction
    return replace(extraction, source={**extraction.source, **document.retrieved.to_source()})


def read_bytes(found: SourceFile) -> bytes:
    """The whole file, at most :data:`MAX_BYTES` (whatever its size claims); empty files refused."""
    with open_regular(found.real) as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large (more than {MAX_BYTES} bytes)")
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


def _read_file(found: SourceFile) -> Iterator[Item]:
    suffix = found.path.suffix.lower()
    if suffix in RECORDS:
        yield from _read_json(found)
        return
    text = decode(read_bytes(found))
    if suffix in HTML:
        from loaders.html import read_html

        yield read_html(text, found.path, found.key)
    elif suffix in FEEDS:
        from loaders.feed import read_feed

        yield from read_feed(text, found.path, found.key)
    elif suffix in TEXT:
        from loaders.text import read_text

        yield read_text(text, found.path, found.key)
    else:
        raise InputError(f"unsupported file type {suffix or '(none)'}; expected one of {' '.join(SUFFIXES)}")


def _read_json(found: SourceFile) -> Iterator[Item]:
    if found.path.suffix.lower() == ".jsonl":
        yield from _read_json_lines(found)
        return
    text = decode(read_bytes(found))
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
            yield _json_item(obj, f"{found.path}[{i}]", f"{found.key}#{i}")
        return
    for line_no, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _json_line(line, found, line_no)


def _read_json_lines(found: SourceFile) -> Iterator[Item]:
    """JSON Lines, streamed: a dump may be far larger than MAX_BYTES; each line is limited to it."""
    with open_regular(found.real) as f:
        head = f.read(4096)
        if b"\x00" in head:
            raise InputError("binary file, not text")
        if not head.strip():
            raise InputError("empty file")
        f.seek(0)
        for line_no, raw in enumerate(_lines(f), 1):
            where = f"{found.path}:{line_no}"
            if raw is None:
                yield Failure(where, f"line too long (limit {MAX_BYTES} bytes)")
            elif raw.strip():
                try:
                    line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield Failure(where, f"not valid UTF-8 (byte {exc.start})")
                    continue
                yield _json_line(line, found, line_no)


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


def _json_line(line: str, found: SourceFile, line_no: int) -> Item:
    where = f"{found.path}:{line_no}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Failure(where, f"not JSON: {exc.msg}")
    except RecursionError:
        return Failure(where, "not JSON: nested too deeply")
    return _json_item(obj, where, f"{found.key}#{line_no}")


def _json_item(obj: object, where: str, key: str) -> Item:
    """``key``: the document's key when the object has no ``id`` or ``url`` of its own."""
    from loaders.jsonl import read_json_object

    try:
        return read_json_object(obj, where, key)
    except KgError as exc:
        return Failure(where, str(exc))
    except Exception as exc:  # a malformed record must not stop the file
        return Failure(where, f"malformed record: {type(exc).__name__}: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""

"""JSON objects from .jsonl/.json files: extraction records, or raw announcements {id?, title, text, ...}.

A raw announcement's key is its ``id`` (``id:...``), else its feed ``guid`` (``guid:...``), else its
``url`` (``url:...``), else where it is in its file (``dumps/a.jsonl#12``); an extraction record names its
own document (``"doc"``). ``kg fetch -o DIR`` writes announcements in this shape, with their provenance
(``fetched``, ``http_status``, ``content_sha256``), so ``kg ingest DIR`` keys them as ``kg ingest URL`` does.

>>> read_json_object({"id": 7, "text": "Acme buys Beta"}, "a.jsonl:1", "a.jsonl#1").doc
'id:7'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from kg.errors import InputError, KgError, one_line
from kg.model import Document, Extraction, Retrieval
from loaders import files
from loaders.files import Failure, SourceFile, decode, open_regular, read_bytes

__all__ = ["read_json_file", "read_json_object"]

Item = Document | Extraction | Failure


def read_json_object(obj: object, where: str, key: str) -> Document | Extraction:
    """``where``: the object's place for messages (``a.jsonl:12``); ``key``: its key without id or url."""
    if not isinstance(obj, dict):
        raise InputError("not a JSON object")
    if "text" in obj and "facts" not in obj:
        return _document(obj, where, key)
    return Extraction.from_record(obj)


def _document(obj: dict, where: str, key: str) -> Document:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('"text" is empty or not a string')
    title = str(obj.get("title") or "").strip()
    if obj.get("id") not in (None, ""):
        key = f"id:{obj['id']}"
    elif obj.get("guid"):
        key = f"guid:{_text(obj['guid'])}"
    elif obj.get("url"):
        key = f"url:{obj['url']}"
    former = str(obj.get("id") or obj.get("url") or where)  # the key before keys said where
    body = f"{title}\n{text}" if title and not text.startswith(title) else text
    return Document(
        doc=key,
        text=body,
        title=title or body.split("\n", 1)[0].strip(),
        published=_text(obj.get("published")),
        url=_text(obj.get("url")),
        publisher=_text(obj.get("publisher")),
        path=where,
        former_keys=(former,),
        retrieved=_retrieval(obj),
    )


def _retrieval(obj: dict) -> Retrieval | None:
    """The provenance of a fetched announcement (``kg fetch``'s fields), when the object has it."""
    if not obj.get("fetched"):
        return None
    status = obj.get("http_status")
    if not isinstance(status, int) or isinstance(status, bool):
        raise InputError('"http_status" must be an integer when "fetched" is given')
    return Retrieval(str(_text(obj["fetched"])), status, str(_text(obj.get("content_sha256")) or ""))


def _text(value: object) -> str | None:
    """An optional string field; other JSON values (numbers, lists) are refused rather than passed on."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"expected a string, got {type(value).__name__} {json.dumps(value)[:40]}")
    return value


def read_json_file(found: SourceFile) -> Iterator[Item]:
    """The documents and records of a JSON or JSON Lines file; a bad line is a failure, the rest go on."""
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
    """JSON Lines, streamed: a dump may be far larger than files.MAX_BYTES; each line is limited to it."""
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
                yield Failure(where, f"line too long (limit {files.MAX_BYTES} bytes)")
            elif raw.strip():
                try:
                    line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield Failure(where, f"not valid UTF-8 (byte {exc.start})")
                    continue
                yield _json_line(line, found, line_no)


def _lines(f: BinaryIO) -> Iterator[bytes | None]:
    """Lines of a binary file, each read with at most files.MAX_BYTES in memory; None for a longer line."""
    while True:
        line = f.readline(files.MAX_BYTES + 1)
        if not line:
            return
        if len(line) > files.MAX_BYTES and not line.endswith(b"\n"):
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
    try:
        return read_json_object(obj, where, key)
    except KgError as exc:
        return Failure(where, str(exc))
    except Exception as exc:  # a malformed record must not stop the file
        return Failure(where, f"malformed record: {type(exc).__name__}: {one_line(exc)}")

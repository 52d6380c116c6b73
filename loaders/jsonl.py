"""JSON objects from .jsonl/.json files: extraction records, or raw announcements {id?, title, text, ...}."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Extraction

__all__ = ["read_json_object"]


def read_json_object(obj: object, where: str, path: Path) -> Document | Extraction:
    if not isinstance(obj, dict):
        raise InputError("not a JSON object")
    if "text" in obj and "facts" not in obj:
        return _document(obj, where, path)
    return Extraction.from_record(obj)


def _document(obj: dict, where: str, path: Path) -> Document:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('"text" is empty or not a string')
    title = str(obj.get("title") or "").strip()
    key = obj.get("id") or obj.get("url") or where
    body = f"{title}\n{text}" if title and not text.startswith(title) else text
    return Document(
        doc=str(key),
        text=body,
        title=title or body.split("\n", 1)[0].strip(),
        published=_text(obj.get("published")),
        url=_text(obj.get("url")),
        publisher=_text(obj.get("publisher")),
        path=where,
    )


def _text(value: object) -> str | None:
    """An optional string field; other JSON values (numbers, lists) are refused rather than passed on."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"expected a string, got {type(value).__name__} {json.dumps(value)[:40]}")
    return value

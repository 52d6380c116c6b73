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

from kg.errors import InputError
from kg.model import Document, Extraction, Retrieval

__all__ = ["read_json_object"]


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

"""``kg fetch``: fetched announcements as JSON objects, one file each in a folder (or lines on stdout).

Each object has the shape :mod:`loaders.jsonl` reads (``title``, ``text``, ``url``, ``published``,
``publisher``, and the provenance ``fetched``, ``http_status``, ``content_sha256``; ``guid`` for a feed
entry without a page), so ``kg ingest DIR`` keys and dates them as ``kg ingest URL`` would. A document's
file is named by its key (``DIR/HOST/NAME-HASH.json``): fetching again rewrites the same file, a changed page
replaces its file, and nothing is doubled. The folder keeps its fetch state in ``DIR/.kg-fetch/`` (a
hidden folder, which ``kg ingest DIR`` passes over), so a second ``kg fetch -o DIR`` sends conditional
requests only.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.model import Document
from loaders.files import Failure
from loaders.web.policy import FetchPolicy
from loaders.web.source import NotModified, WebSource
from loaders.web.state import FetchState

__all__ = ["STATE", "FetchReport", "document_file", "download", "to_json_object"]

STATE = Path(".kg-fetch") / "state.sqlite"


@dataclass
class FetchReport:
    written: int = 0  # documents new or changed
    not_modified: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.written} documents new or changed, {self.not_modified} unchanged, "
                f"{len(self.failures)} failed")  # fmt: skip


def download(urls: Iterable[str], policy: FetchPolicy, folder: Path | None,
             emit: Callable[[dict[str, Any]], None] | None = None) -> FetchReport:  # fmt: skip
    """Fetch ``urls`` into ``folder`` (state kept there); without a folder, each object to ``emit``."""
    report = FetchReport()
    state = FetchState.open(folder / STATE) if folder is not None else FetchState.in_memory()
    with state, WebSource(urls, policy, state) as web:
        for item in web.read():
            if isinstance(item, Failure):
                report.failures.append((item.path, item.message))
            elif isinstance(item, NotModified):
                report.not_modified += 1
            else:
                if folder is not None:
                    _write(document_file(folder, item), to_json_object(item))
                elif emit is not None:
                    emit(to_json_object(item))
                web.written([item.doc])
                report.written += 1
    return report


def to_json_object(doc: Document) -> dict[str, Any]:
    """A fetched document as the JSON object :mod:`loaders.jsonl` reads back into the same document."""
    out: dict[str, Any] = {}
    if doc.doc.startswith("guid:"):
        out["guid"] = doc.doc.removeprefix("guid:")
    out |= {"url": doc.url, "title": doc.title, "text": doc.text, "published": doc.published,
            "publisher": doc.publisher}  # fmt: skip
    if doc.retrieved is not None:
        out |= doc.retrieved.to_source()
    return {k: v for k, v in out.items() if v is not None}


def document_file(folder: Path, doc: Document) -> Path:
    """Where ``doc`` is kept in ``folder``: a folder per site, a name from its URL and a hash of its key.

    >>> document_file(Path("out"), Document("url:https://News.test:8080/2026/acme-buys-beta?x=1", "t"))
    PosixPath('out/news-test-8080/acme-buys-beta-2966c423a6f8.json')
    """
    from kg.resolve import doc_hash, slug

    parts = urlsplit(doc.url or doc.doc.split(":", 1)[-1])
    site = slug(f"{parts.hostname or 'feed'} {parts.port or ''}", 80) or "site"
    name = slug(Path(parts.path).stem or parts.hostname or "index", 60) or "index"
    return folder / site / f"{name}-{doc_hash(doc.doc)}.json"


def _write(path: Path, obj: dict[str, Any]) -> None:
    """Write ``obj`` to ``path`` whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

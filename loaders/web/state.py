"""What kg remembers of each URL between runs: its validators (ETag, Last-Modified), the hash of the text
last read from it, and for robots.txt the rules themselves; kept in SQLite beside what it fetched for.

``kg ingest URL`` and ``kg watch`` keep it in ``STORE/web/state.sqlite`` (beside the graph, like
``STORE/runs/``), ``kg fetch -o DIR`` in ``DIR/.kg-fetch/state.sqlite``. A URL's entry is written only once
what was read from it is safe (its announcement written to the store, its file to DIR): a run stopped
half-way sends full requests for what it had not finished, never a conditional one that a 304 would
answer with nothing.

>>> state = FetchState.in_memory()
>>> state.put(Seen("https://news.test/a", etag='"v1"', sha256="ab", fetched="2026-01-02T03:04:05Z"))
>>> state.get("https://news.test/a").etag
'"v1"'
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from kg.errors import StoreError

__all__ = ["FetchState", "Seen"]

_SCHEMA = """CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, sha256 TEXT, fetched TEXT, status INTEGER,
    body BLOB)"""


@dataclass(frozen=True)
class Seen:
    """One URL as last read: validators to send next time, and what came of it."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of the text read from it (a page), of the body (a feed, robots.txt)
    fetched: str | None = None  # ISO 8601 UTC of the response that text came from
    status: int = 200
    body: bytes | None = None  # kept for robots.txt only


class FetchState:
    """Seen URLs in one SQLite file (or in memory); safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn, self.path = conn, path
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute(_SCHEMA)

    @classmethod
    def open(cls, path: str | Path) -> FetchState:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
            return cls(conn, path)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the fetch state: {exc}") from None

    @classmethod
    def in_memory(cls) -> FetchState:
        """State for one run only (``kg fetch`` without ``-o``, ``kg extract URL``)."""
        return cls(sqlite3.connect(":memory:", check_same_thread=False))

    def get(self, url: str) -> Seen | None:
        with self._lock:
            row = self._conn.execute(f"SELECT {_COLUMNS} FROM seen WHERE url = ?", (url,)).fetchone()
        return Seen(*row) if row else None

    def put(self, seen: Seen) -> None:
        with self._lock, self._conn:
            self._conn.execute(f"INSERT OR REPLACE INTO seen ({_COLUMNS}) VALUES ({_MARKS})", astuple(seen))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> FetchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_COLUMNS = ", ".join(f.name for f in fields(Seen))
_MARKS = ", ".join("?" for _ in fields(Seen))

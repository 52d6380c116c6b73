"""The store as the endpoint sees it: a read-only snapshot, reopened when ``kg ingest`` has written.

An on-disk Oxigraph store admits one read-write process. ``kg serve`` therefore opens the store read-only
(``pyoxigraph.Store.read_only``), which ``kg ingest`` does not block: ingest keeps writing while the server
answers. A read-only handle sees the store as it was when opened, so a watcher thread checks the store's
files every ``refresh`` seconds and, when they changed, opens a new snapshot and swaps it in; queries
already running finish on the snapshot they started with.

What readers see: each ``kg ingest`` batch is written in transactions (atomic RocksDB writes: new
announcements in one, changed ones replaced in another, the merged default graph updated with them), and a
snapshot contains a prefix of the committed transactions, so an announcement is either absent or complete
in its old or new version, never half-written, and the default graph always matches the named graphs.

With ``writable=True`` (``kg serve --allow-update``) the server holds the one read-write handle instead:
SPARQL Update works, and ``kg ingest`` must wait until the server stops.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["LiveStore", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    store: ox.Store
    generation: int  # increases whenever the data may have changed (cache key for the viewer page)


class LiveStore:
    """Hands out the current snapshot; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, writable: bool = False, refresh: float = 1.0) -> None:
        self.path = Path(path)
        self.writable = writable
        self.refresh = refresh
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._signature = self._read_signature()
        self._current = Snapshot(self._open(), 0)
        self._watcher: threading.Thread | None = None
        if not writable and refresh > 0:
            self._watcher = threading.Thread(target=self._watch, name="kg-store-watcher", daemon=True)
            self._watcher.start()

    def snapshot(self) -> Snapshot:
        return self._current

    def reopen(self) -> Snapshot:
        """Open a fresh snapshot now (after writes, or when the old one lost files to a compaction)."""
        with self._lock:
            if self.writable:
                self._current = Snapshot(self._current.store, self._current.generation + 1)
            else:
                signature = self._read_signature()
                self._current = Snapshot(self._open(), self._current.generation + 1)
                self._signature = signature  # only once open: a failed open is retried on the next tick
            return self._current

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        if self.writable:
            self._current.store.flush()

    def __enter__(self) -> LiveStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> ox.Store:
        try:
            if self.writable:
                self.path.mkdir(parents=True, exist_ok=True)
                return ox.Store(str(self.path))
            if not self.path.is_dir():
                raise StoreError(f"{self.path}: no store here (run `kg ingest` first)")
            return ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports files deleted mid-open as "Corruption"
            hint = " (is another process, e.g. `kg ingest`, writing it?)" if self.writable else ""
            reason = str(exc).splitlines()[0]
            raise StoreError(f"{self.path}: cannot open the store{hint}: {reason}") from None

    def _watch(self) -> None:
        while not self._stop.wait(self.refresh):
            if self._read_signature() != self._signature:
                try:
                    self.reopen()
                except StoreError:
                    pass  # opened mid-compaction: keep serving the old snapshot, retry next tick

    def _read_signature(self) -> tuple:
        """Names, sizes and times of the store's files: any committed write changes them."""
        try:
            entries = list(os.scandir(self.path))
        except OSError:
            return ()
        signature = []
        for entry in entries:
            if entry.name.startswith(("LOG", "LOCK")):  # the info log and lock change without new data
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            signature.append((entry.name, stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(signature))

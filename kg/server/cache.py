"""Answers kept for repeated queries: the same query on the same snapshot of the data gives the same bytes.

Dashboards, the viewer and notebooks ask the same questions again and again, and the well-connected
companies they ask about are the most expensive to answer. The cache holds whole responses keyed by
everything that shapes them (query text, dataset, base IRI, requested format) and by the snapshot's
generation, so data written by ``kg ingest`` (or SPARQL Update) is never answered from an older snapshot:
a new generation empties the cache. Least recently used answers go first past ``max_bytes``.

>>> cache = ResultCache(max_bytes=10)
>>> cache.put(1, "q", "answer", size=5)
>>> cache.get(1, "q"), cache.get(2, "q")
('answer', None)
>>> cache.put(2, "big", "too large to keep", size=11)
>>> cache.get(2, "big") is None
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["ResultCache"]


class ResultCache:
    """A thread-safe LRU of answers, each of a given size in bytes, for one generation of the data."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = self.misses = 0
        self._generation: int | None = None
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable) -> Any:
        with self._lock:
            found = self._items.get(key) if generation == self._generation else None
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, generation: int, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            if self._generation is None or generation > self._generation:
                self._items.clear()
                self.bytes, self._generation = 0, generation
            elif generation < self._generation:
                return  # evaluated on a snapshot that has since been replaced
            old = self._items.pop(key, None)
            self.bytes += size - (old[1] if old is not None else 0)
            self._items[key] = (value, size)
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped

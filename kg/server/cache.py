"""Answers kept for repeated queries: the same query on the same snapshot of the data gives the same bytes.

Dashboards, the viewer and notebooks ask the same questions again and again, and the well-connected
companies they ask about are the most expensive to answer. The cache holds whole responses keyed by
everything that shapes them (query text, dataset, base IRI, requested format) and by the snapshot's
generation, so data written by ``kg ingest`` (or SPARQL Update) is never answered from an older snapshot:
a new generation empties the cache. Least recently used answers go first past ``max_bytes``.

Requests for an answer that is being computed wait for it instead of computing it again
(:meth:`ResultCache.answer`): when a dashboard asks about the biggest company from sixteen browsers at once,
the store evaluates that query once, not sixteen times side by side. The cache lives in the server's
event loop (one thread: no locks).

>>> cache = ResultCache(max_bytes=10)
>>> cache.put(1, "q", "answer", size=5)
>>> cache.get(1, "q"), cache.get(2, "q")
('answer', None)
>>> cache.put(2, "big", "too large to keep", size=11)
>>> cache.get(2, "big") is None
True
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

__all__ = ["ResultCache"]


class ResultCache:
    """An LRU of answers, each of a given size in bytes, for one generation of the data."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = self.misses = 0
        self._generation: int | None = None
        self.shared = 0  # answers handed to requests that waited for another request's evaluation
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._flights: dict[tuple[int, Hashable], asyncio.Future[Any]] = {}

    async def answer(
        self,
        generation: int,
        key: Hashable,
        compute: Callable[[], Awaitable[Any]],
        size: Callable[[Any], int | None],
    ) -> Any:
        """The cached answer for ``key``, or ``compute()``'s: evaluated once, however many ask at once.

        ``size(value)`` is the value's size in bytes, or None for a value not to keep (an error, say); the
        requests that waited get it all the same.
        """
        if (found := self.get(generation, key)) is not None:
            return found
        flight = self._flights.get((generation, key))
        if flight is not None:
            value, nbytes = await asyncio.shield(flight)
            if nbytes is None:
                return await compute()  # the evaluation we waited for failed: try our own
            self.shared += 1
            return value
        flight = self._flights[generation, key] = asyncio.get_running_loop().create_future()
        try:
            value = await compute()
            nbytes = size(value)
            if nbytes is not None:
                self.put(generation, key, value, nbytes)
            flight.set_result((value, nbytes))
            return value
        except BaseException:
            flight.set_result((None, None))
            raise
        finally:
            del self._flights[generation, key]

    def get(self, generation: int, key: Hashable) -> Any:
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

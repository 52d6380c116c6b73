"""Pacing per host: request starts at least ``1/rate`` seconds apart, and few requests in flight at once.

Each request reserves the next free start time of its host under a lock, then sleeps until it, so
threads sharing a host are spaced whatever order they wake in. robots.txt's ``Crawl-delay`` widens the
spacing for its host.

>>> clock = FakeClock()
>>> pace = HostPacing(rate=2.0, per_host=2, clock=clock.now, sleep=clock.sleep)
>>> for _ in range(3):
...     with pace.slot("news.test"):
...         pass
>>> clock.slept
[0.5, 0.5]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["FakeClock", "HostPacing"]


class HostPacing:
    """Per-host spacing of request starts and a per-host cap on requests in flight."""

    def __init__(self, rate: float, per_host: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:  # fmt: skip
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.per_host = max(per_host, 1)
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # host -> earliest start of its next request
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str, delay: float | None = None) -> Iterator[None]:
        """Hold one of ``host``'s slots, started no sooner than its spacing allows (``delay``: a longer
        spacing asked by the host, its robots.txt Crawl-delay)."""
        with self._lock:
            gate = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with gate:
            wait = self._reserve(host, max(self.interval, delay or 0.0))
            if wait > 0:
                self.sleep(wait)
            yield

    def _reserve(self, host: str, spacing: float) -> float:
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + spacing
            return start - now


class FakeClock:
    """A clock that only moves when slept on: for examples and tests of pacing."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds

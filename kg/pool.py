"""``map`` over worker processes, in order, with a time limit per item: what ingest extracts documents with.

Chunks of items go to ``jobs`` :class:`~kg.processes.Worker` processes; each applies ``fn`` to the items
of its chunk one by one and sends each result back as soon as it has it. A worker marks in shared memory
when it started its current item (and marks itself idle while it waits to hand a result over), so the
parent knows which item runs and for how long, whatever the parent was busy with meanwhile. An item that
runs past ``item_timeout`` seconds, or kills its worker (a segfault, an OOM kill), becomes
``on_fail(item, reason)``: the worker is killed and replaced, and the rest of its chunk goes on in the new
one. Results come back in input order, with at most ``window`` chunks in flight.

>>> list(map_ordered(abs, [[1, -2], [-3]], jobs=1))
[[1, 2], [3]]
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from kg.processes import Worker

__all__ = ["map_ordered"]

T = TypeVar("T")
R = TypeVar("R")
WINDOW = 4  # chunks in flight per worker: bounds memory, keeps workers busy
WARM_LIMIT = 120.0  # seconds a worker may take to start and warm up (imports, tables) before its first item


@dataclass
class _Task:
    seq: int  # the chunk's place in the input
    offset: int  # the first item of the chunk this task holds (the rest after a worker was replaced)
    items: list[Any]


@dataclass
class _Chunk:
    size: int
    results: dict[int, Any] = field(default_factory=dict)


def map_ordered(
    fn: Callable[[T], R],
    chunks: Iterable[list[T]],
    jobs: int,
    on_fail: Callable[[T, str], R] | None = None,
    window: int | None = None,
    item_timeout: float | None = None,
    warm: Callable[[], object] | None = None,
) -> Iterator[list[R]]:
    """``[fn(x) for x in chunk]`` for each chunk, computed in ``jobs`` processes; see the module doc.

    ``warm()`` runs in each worker before its first item (imports, tables built on first use: not charged to
    an item's time; a warm-up longer than ``WARM_LIMIT`` fails the item its worker holds).
    With ``jobs`` <= 1 and no ``item_timeout`` the items are computed here, in this process; so they are
    in a daemonic process (a Dask worker, say), which may not start children: there the cluster's own
    task limits apply.
    """
    if (jobs <= 1 and not item_timeout) or multiprocessing.current_process().daemon:
        for chunk in chunks:
            yield [fn(item) for item in chunk]
        return
    pool = _Pool(fn, max(jobs, 1), on_fail or _raise, item_timeout, warm)
    try:
        yield from pool.run(iter(chunks), window or max(jobs, 1) * WINDOW)
    finally:
        pool.close()


def _raise(item: Any, reason: str) -> Any:
    raise RuntimeError(f"a worker process failed: {reason}")


class _Slot:
    """One worker and the task it runs."""

    def __init__(self, fn: Callable[[Any], Any], warm: Callable[[], object] | None) -> None:
        # [item index in the task, start time or 0, 1 once the worker has warmed up]
        self.clock = get_context("spawn").RawArray("d", 3)
        self.started = time.monotonic()
        self.worker = Worker(_serve, fn, self.clock, warm, name="kg-extract")
        self.task: _Task | None = None
        self.done = 0  # results of the current task received

    @property
    def ready(self) -> bool:
        """Whether the worker has warmed up (its ``warm()`` returned)."""
        return bool(self.clock[2])

    def running_for(self, now: float) -> tuple[int, float]:
        """(index in the task of the item being computed, seconds it has run); 0 s when idle."""
        index, started = int(self.clock[0]), self.clock[1]
        return index, (now - started if started else 0.0)


class _Pool:
    def __init__(self, fn: Callable[[Any], Any], jobs: int, on_fail: Callable[[Any, str], Any],
                 item_timeout: float | None, warm: Callable[[], object] | None) -> None:  # fmt: skip
        self.fn, self.on_fail, self.item_timeout, self.warm = fn, on_fail, item_timeout, warm
        self.slots = [_Slot(fn, warm) for _ in range(jobs)]
        self.queue: deque[_Task] = deque()
        self.chunks: dict[int, _Chunk] = {}

    def run(self, chunks: Iterator[list[Any]], window: int) -> Iterator[list[Any]]:
        next_seq = emitted = 0
        exhausted = False
        while True:
            while not exhausted and next_seq - emitted < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                self.chunks[next_seq] = _Chunk(len(chunk))
                self.queue.append(_Task(next_seq, 0, list(chunk)))
                next_seq += 1
            while emitted in self.chunks and len(self.chunks[emitted].results) == self.chunks[emitted].size:
                results = self.chunks.pop(emitted).results
                yield [results[i] for i in range(len(results))]
                emitted += 1
            if exhausted and emitted == next_seq:
                return
            self._dispatch()
            self._collect()

    def close(self) -> None:
        for slot in self.slots:
            slot.worker.stop(timeout=1.0)

    def _dispatch(self) -> None:
        for slot in self.slots:
            if slot.task is None and self.queue:
                task = self.queue.popleft()
                if not task.items:
                    continue
                slot.task, slot.done = task, 0
                # counted from now, not from its start; by a worker still warming up, from when it takes it
                slot.clock[0], slot.clock[1] = 0, (time.monotonic() if slot.ready else 0.0)
                try:
                    slot.worker.conn.send((task.seq, task.offset, task.items))
                except OSError:
                    pass  # the worker is gone: _collect fails the item and replaces it

    def _collect(self) -> None:
        busy = [s for s in self.slots if s.task is not None]
        waits: list[Any] = [s.worker.conn for s in busy] + [s.worker.sentinel for s in busy]
        wait(waits, timeout=0.25 if self.item_timeout else None)
        for slot in busy:
            conn: Connection = slot.worker.conn
            try:
                while conn.poll():
                    self._receive(slot, *conn.recv())
            except (EOFError, OSError):
                pass
            if slot.task is not None and not slot.worker.alive:
                self._replace(slot, f"crashed its worker process ({slot.worker.reason()})")
            elif slot.task is not None and self.item_timeout:
                now = time.monotonic()
                _, seconds = slot.running_for(now)
                if seconds > self.item_timeout:
                    self._replace(slot, f"took longer than {self.item_timeout:g} s; stopped")
                elif not slot.ready and now - slot.started > max(WARM_LIMIT, self.item_timeout):
                    # a warm-up is bounded too: a worker that never gets ready fails the item it holds
                    self._replace(slot, f"its worker took longer than {WARM_LIMIT:g} s to start; stopped")

    def _receive(self, slot: _Slot, seq: int, index: int, result: Any) -> None:
        self.chunks[seq].results[index] = result
        slot.done += 1
        assert slot.task is not None
        if slot.done == len(slot.task.items):
            slot.task = None

    def _replace(self, slot: _Slot, reason: str) -> None:
        """Fail the item the worker is on, kill it, start a new one, and queue the rest of its task."""
        task = slot.task
        assert task is not None
        failed = slot.done  # results arrive in order: the first one missing is the culprit
        slot.worker.kill()
        self.chunks[task.seq].results[task.offset + failed] = self.on_fail(task.items[failed], reason)
        rest = _Task(task.seq, task.offset + failed + 1, task.items[failed + 1 :])
        if rest.items:
            self.queue.appendleft(rest)
        fresh = _Slot(self.fn, self.warm)
        self.slots[self.slots.index(slot)] = fresh


def _serve(conn: Connection, fn: Callable[[Any], Any], clock: Any, warm: Callable[[], object] | None) -> None:
    """Runs in a worker: for each task, compute its items in order and send each result at once."""
    if warm is not None:
        warm()
    clock[2] = 1.0
    while (message := conn.recv()) is not None:
        seq, offset, items = message
        for i, item in enumerate(items):
            clock[0], clock[1] = i, time.monotonic()
            result = fn(item)
            clock[1] = 0.0  # idle while the parent takes the result: not this item's time
            conn.send((seq, offset + i, result))

"""SPARQL evaluation in worker processes that the server kills and replaces: a runaway query frees its CPU.

``workers`` read-only :func:`~kg.server.worker.serve_tasks` processes (one per core by default), plus one
read-write process for SPARQL Update when the server accepts updates. A task waits for an idle worker,
then runs there; the server process stays free to answer HTTP. When a task passes its deadline (the
wait for a worker included; not a fresh worker's start, which has ``STARTUP_LIMIT`` of its own) or its
worker's memory passes ``memory_bytes``, the worker is killed at once (SIGKILL:
its CPU and memory are back within milliseconds) and a fresh one is started; the client gets 503. A
worker that dies by itself (a crash in the engine) is replaced too; the client gets 500. Nothing is
shared between requests but the store's files, so one request can never leave another's worker broken.

``generation`` counts changes of the data (``kg ingest`` wrote, an update ran): every task carries it, so
a worker reopens its snapshot before answering when the data is newer than what it holds.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.processes import Worker
from kg.server.response import Response
from kg.server.worker import serve_tasks

__all__ = ["Overrun", "QueryPool", "run_in_worker"]

MEMORY_CHECK = 0.05  # seconds between looks at a busy worker's memory
# seconds a fresh worker may take to start (a Python process, the store opened) before the task it holds
# fails; that time is no part of the task's own deadline, which runs from when the worker is ready
STARTUP_LIMIT = 60.0


@dataclass(frozen=True)
class Overrun:
    """Why a task was stopped: ``status`` 503 (time, memory, too busy) or 500 (the worker crashed)."""

    status: int
    message: str

    def response(self) -> Response:
        return Response.error(
            self.status, self.message, **({"Retry-After": "1"} if self.status == 503 else {})
        )


class _Process:
    """One worker process and what the event loop needs to hear from it."""

    def __init__(self, path: Path, writable: bool) -> None:
        self.worker = Worker(serve_tasks, str(path), writable, name="kg-sparql")
        self.ready = False  # its first message ("ready") has come: the store is open

    def kill(self) -> None:
        self.worker.kill()


class QueryPool:
    """Worker processes for queries (and one for updates); use from one asyncio event loop."""

    def __init__(self, path: Path, workers: int, writable: bool = False, memory_bytes: int = 2**30,
                 max_waiting: int = 512) -> None:  # fmt: skip
        self.path, self.memory_bytes, self.max_waiting = Path(path), memory_bytes, max_waiting
        self.generation = 0
        self.killed = self.crashed = 0  # workers stopped for overrunning / found dead
        self._readers = [_Process(self.path, False) for _ in range(max(workers, 1))]
        self._writer = _Process(self.path, True) if writable else None
        self._idle: deque[_Process] = deque(self._readers)
        self._waiting: deque[asyncio.Future[_Process]] = deque()
        self._writer_lock = asyncio.Lock() if writable else None

    @property
    def pids(self) -> list[int]:
        procs = [*self._readers, *([self._writer] if self._writer else [])]
        return [p.worker.process.pid for p in procs if p.worker.alive and p.worker.process.pid]

    def close(self) -> None:
        for proc in [*self._readers, *([self._writer] if self._writer else [])]:
            proc.kill()
        for waiter in self._waiting:
            waiter.cancel()

    async def run(self, kind: str, payload: Any, timeout: float) -> Any:
        """The worker's answer to one task, or an :class:`Overrun` when it was stopped."""
        deadline = time.monotonic() + timeout
        if kind in ("update", "curate"):
            assert self._writer is not None and self._writer_lock is not None
            async with self._writer_lock:
                proc = self._writer
                answer = await self._on(proc, kind, payload, deadline, timeout)
                if isinstance(answer, Overrun):
                    proc.kill()
                    self._writer = _Process(self.path, True)
                self.generation += 1  # even a failed update may have been half-way: readers reopen
                return answer
        proc_or_overrun = await self._acquire(deadline, timeout)
        if isinstance(proc_or_overrun, Overrun):
            return proc_or_overrun
        proc = proc_or_overrun
        answer = await self._on(proc, kind, payload, deadline, timeout)
        if isinstance(answer, Overrun):
            proc = self._replace(proc)
        self._release(proc)
        return answer

    async def _acquire(self, deadline: float, timeout: float) -> _Process | Overrun:
        if self._idle:
            return self._idle.popleft()
        if len(self._waiting) >= self.max_waiting:
            return Overrun(503, f"the server is busy ({self.max_waiting} queries waiting); retry shortly")
        waiter: asyncio.Future[_Process] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            return await asyncio.wait_for(waiter, max(deadline - time.monotonic(), 0.001))
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():  # handed a worker just as time ran out
                self._release(waiter.result())
            return Overrun(503, _timed_out(timeout))
        finally:
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    def _release(self, proc: _Process) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(proc)
                return
        self._idle.append(proc)

    def _replace(self, proc: _Process) -> _Process:
        proc.kill()
        fresh = _Process(self.path, False)
        self._readers[self._readers.index(proc)] = fresh
        return fresh

    async def _on(self, proc: _Process, kind: str, payload: Any, deadline: float, timeout: float) -> Any:
        """Send one task to ``proc`` and wait for its answer within the deadline and the memory cap."""
        conn = proc.worker.conn
        loop = asyncio.get_running_loop()
        try:
            conn.send((kind, self.generation, payload))
        except (OSError, ValueError):
            self.crashed += 1
            proc.kill()
            return Overrun(500, "the SPARQL worker process was gone; it has been replaced: retry")
        arrived = asyncio.Event()
        loop.add_reader(conn.fileno(), arrived.set)
        try:
            answer = await self._answer(proc, arrived, deadline, timeout)
        except (EOFError, OSError):
            answer = None
        finally:
            loop.remove_reader(conn.fileno())
        if answer is None:
            self.crashed += 1
            reason = proc.worker.reason()
            proc.kill()
            return Overrun(500, f"the query crashed the SPARQL engine ({reason}); "
                                "the server replaced it and goes on")  # fmt: skip
        if isinstance(answer, Overrun):
            self.killed += 1
            proc.kill()
        return answer

    async def _answer(self, proc: _Process, arrived: asyncio.Event, deadline: float, timeout: float) -> Any:
        """The worker's answer; an :class:`Overrun` past the deadline or the memory cap; None if it died. A
        worker still starting (a replacement, or one of the first) has until ``STARTUP_LIMIT`` to be ready;
        the task's deadline then runs from when it is."""
        conn = proc.worker.conn
        starting = None if proc.ready else time.monotonic()
        while True:
            while conn.poll():
                message = conn.recv()
                if isinstance(message, tuple) and message and message[0] == "ready":
                    proc.ready = True
                    if starting is not None:  # the time spent starting is the worker's, not the query's
                        deadline += time.monotonic() - starting
                        starting = None
                    continue
                return message
            if not proc.worker.alive:
                return None
            now = time.monotonic()
            if starting is not None and now - starting > STARTUP_LIMIT:
                return Overrun(503, f"the SPARQL worker did not start in {STARTUP_LIMIT:g} s; retry shortly")
            left = deadline - now if starting is None else MEMORY_CHECK
            if left <= 0:
                return Overrun(503, _timed_out(timeout))
            if proc.ready and proc.worker.rss() > self.memory_bytes:
                mb = self.memory_bytes / 2**20
                return Overrun(503, f"query stopped: it used more than the limit of {mb:g} MB (--memory-mb); "
                                    "narrow it or add a LIMIT")  # fmt: skip
            arrived.clear()
            try:
                await asyncio.wait_for(arrived.wait(), min(left, MEMORY_CHECK))
            except TimeoutError:
                pass


def _timed_out(seconds: float) -> str:
    limit = f"the limit of {seconds:g} s (--timeout)"
    return f"query timed out: it ran longer than {limit}; narrow it or add a LIMIT"


def run_in_worker(path: Path, kind: str, payload: Any, timeout: float, memory_bytes: int) -> Any:
    """One task in one worker process, from synchronous code (``kg sparql``): the answer or an Overrun."""

    async def once() -> Any:
        pool = QueryPool(path, 1, memory_bytes=memory_bytes)
        try:
            return await pool.run(kind, payload, timeout)
        finally:
            pool.close()

    return asyncio.run(once())

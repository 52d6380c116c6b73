"""Worker processes that can be stopped: spawned fresh, reached through a pipe, killed when they overrun.

Work that may run away (extracting a hostile document, evaluating a hostile query) runs in a child
process, because only a process can be stopped whatever it is doing: a thread stuck in a regular
expression or in the query engine's Rust code cannot. :class:`Worker` starts one child with the ``spawn``
method (never forked from a process holding a store's open files and threads), runs ``target(conn,
*args)`` there, and can :meth:`~Worker.kill` it. A child ends on its own once its parent is gone, so a
SIGKILL of the parent leaves no orphans.

>>> worker = Worker(echo_twice)
>>> worker.conn.send("hi"); worker.conn.recv()
'hihi'
>>> worker.kill(); worker.alive
False
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Worker", "echo_twice", "exit_reason"]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class Worker:
    """One child process running ``target(conn, *args)``; the parent talks to it through :attr:`conn`."""

    def __init__(self, target: Callable[..., None], *args: Any, name: str = "kg-worker") -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        args = (target, child, os.getpid(), *args)
        self.process = ctx.Process(target=_run, args=args, name=name, daemon=True)
        self.process.start()
        child.close()
        self.exitcode: int | None = None  # set once the process has ended and been reaped

    @property
    def alive(self) -> bool:
        return self.exitcode is None and self.process.is_alive()

    @property
    def sentinel(self) -> int:
        """Ready (for :func:`multiprocessing.connection.wait`) once the process has ended."""
        return self.process.sentinel

    def rss(self) -> int:
        """Resident memory of the process in bytes (0 when it cannot be read)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        """Stop the process now (SIGKILL), reap it and close its pipe (no file descriptor is left open)."""
        if self.exitcode is not None:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.exitcode = self.process.exitcode if self.process.exitcode is not None else -9
        self.conn.close()
        self.process.close()

    def reason(self) -> str:
        """How the process ended, in words (``killed by SIGSEGV``, ``exit code 3``)."""
        if self.exitcode is not None:
            return exit_reason(self.exitcode)
        self.process.join(timeout=1.0)  # it has just died: reap it to read its exit code
        return exit_reason(self.process.exitcode)

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the process to end (``None`` on its pipe), then kill it if it has not after ``timeout``."""
        if self.exitcode is not None:
            return
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=timeout)
        self.kill()


def exit_reason(code: int | None) -> str:
    """How a child ended, from its exit code, in words: ``killed by SIGSEGV``, ``exit code 3``."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def echo_twice(conn: Connection) -> None:
    """A worker target for examples and tests: answers each message with itself twice."""
    while (message := conn.recv()) is not None:
        conn.send(message * 2)


def _run(target: Callable[..., None], conn: Connection, parent: int, *args: Any) -> None:
    _watch_parent(parent)
    try:
        target(conn, *args)
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the parent went away or stopped us


def _watch_parent(parent: int) -> None:
    """A daemon thread that ends this process once ``parent`` is gone (re-parented to init or a subreaper)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()

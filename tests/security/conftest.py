"""What the security tests share: a served store, the server's process tree measured, a listener that
counts the connections it gets (to prove no request left the server)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests

from tests.plugins import server as server_plugin

records_store = server_plugin.records_store
kg_server = server_plugin.kg_server


@dataclass(frozen=True)
class TreeStats:
    cpu: float  # seconds of CPU used so far (server and workers)
    fds: int
    rss: int


def server_process(url: str) -> psutil.Process:
    """The `kg serve` process listening at ``url``."""
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return psutil.Process(conn.pid)
    raise AssertionError(f"nothing listens on port {port}")


def tree_stats(process: psutil.Process) -> TreeStats:
    procs = [process, *process.children(recursive=True)]
    cpu = fds = rss = 0
    for p in procs:
        try:
            times = p.cpu_times()
            cpu += times.user + times.system
            fds += p.num_fds()
            rss += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return TreeStats(cpu, fds, rss)


def trivial_query_seconds(url: str) -> float:
    """How long the server takes to answer ASK {} (on a new connection)."""
    started = time.monotonic()
    r = requests.get(url, params={"query": "ASK {}"}, headers={"Accept": "application/json"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True, r.text
    return time.monotonic() - started


class Listener:
    """A TCP server on loopback that counts connections: where a request must never arrive."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


@pytest.fixture
def store_copy(records_store: Path, tmp_path: Path) -> Path:
    """A copy of the records store a test may change."""
    import shutil

    target = tmp_path / "store"
    shutil.copytree(records_store, target, ignore=shutil.ignore_patterns("LOCK"))
    return target


def settled_rss(process: psutil.Process, timeout: float = 15.0) -> int:
    """The process tree's resident memory once its workers have finished starting (two looks half a second
    apart within 2 MB of each other), so that a baseline does not miss a worker still importing."""
    deadline = time.monotonic() + timeout
    last = tree_stats(process).rss
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tree_stats(process).rss
        if abs(now - last) < 2 * 2**20:
            return now
        last = now
    return last

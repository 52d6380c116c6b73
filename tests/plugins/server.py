"""A real ``kg serve`` for tests: :func:`running_server` starts the command as a subprocess on a free port.

Also the fixtures ``records_store`` (a store ingested with ``kg ingest`` from small extraction records of
our own, once per session) and ``kg_server`` (a read-only server over it). Add
``"tests.plugins.server"`` to ``pytest_plugins`` in tests/conftest.py to use the fixtures anywhere.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = [
    "OXIGRAPH",
    "RECORDS",
    "TOKEN",
    "WRITE",
    "kg",
    "kg_server",
    "records_store",
    "running_oxigraph",
    "running_server",
    "write_records",
]

ID = "https://w3id.org/biopharma-kg/id/"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))  # the PyPI server
TOKEN = "test-write-token"  # what servers started here with --allow-update take for writes
WRITE = {"Authorization": f"Bearer {TOKEN}"}


def _record(doc: str, a: str, b: str, site: str, country: str, year: int) -> dict:
    return {
        "doc": doc,
        "source": {"url": f"https://example.org/news/{doc}", "publisher": "Example Wire", "published": "2031-02-03"},
        "entities": [
            {"id": "e1", "type": "Organization", "name": a, "country": country},
            {"id": "e2", "type": "Organization", "name": b, "country": "US"},
            {"id": "s1", "type": "Site", "name": site},
        ],
        "facts": [
            ["e1", "contracts_with", "e2"],
            ["e1", "operates", "s1"],
            ["s1", "located_in", country],
            ["s1", "starts_operations", str(year)],
        ],
        "agreements": [
            {"provider": "e1", "client": "e2", "type": "manufacturing", "service": "drug substance",
             "stage": ["clinical"], "product": None, "end_year": year + 5, "value": [], "announced": None}
        ],
    }  # fmt: skip


RECORDS = [
    _record(
        "kestrel-harbor.json", "Kestrel Biologics", "Harbor Therapeutics", "Kestrel Basel plant", "CH", 2032
    ),
    _record("harbor-orinoco.json", "Harbor Therapeutics", "Orinoco Pharma", "Harbor Austin site", "DE", 2033),
    _record("orinoco-pinecrest.json", "Orinoco Pharma", "Pinecrest Bio", "Orinoco Leipzig plant", "FR", 2034),
]


def kg(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` command (this interpreter's)."""
    command = [sys.executable, "-c", "from kg.cli import main; main()", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=check, timeout=300)


def write_records(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / record["doc"]).write_text(json.dumps(record), encoding="utf-8")
    return folder


@contextmanager
def running_server(store: Path, *options: str, startup: float = 30.0) -> Iterator[str]:
    """``kg --store STORE serve --port 0 OPTIONS...`` until the block ends; yields the endpoint URL."""
    command = [sys.executable, "-c", "from kg.cli import main; main()", "--store", str(store),
               "serve", "--port", "0", *options]  # fmt: skip
    env = os.environ | {"KG_SERVE_TOKEN": TOKEN}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    lines: queue.Queue[str | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(proc, lines), daemon=True)
    pump.start()
    try:
        yield _wait_ready(proc, lines, startup)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        pump.join(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()


@contextmanager
def running_oxigraph(location: Path, mode: str = "serve") -> Iterator[str]:
    """Oxigraph's own server (``oxigraph serve`` or ``serve-read-only``) on ``location``; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [OXIGRAPH, mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the oxigraph server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _pump(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.put(line)
    lines.put(None)


def _wait_ready(proc: subprocess.Popen[str], lines: queue.Queue[str | None], startup: float) -> str:
    seen = []
    while True:
        try:
            line = lines.get(timeout=startup)
        except queue.Empty:
            raise RuntimeError(f"kg serve did not start in {startup} s: {''.join(seen)}") from None
        if line is None:
            raise RuntimeError(f"kg serve exited ({proc.wait()}): {''.join(seen)}")
        seen.append(line)
        if "SPARQL endpoint " in line:
            return line.split("SPARQL endpoint ")[1].split()[0]


@pytest.fixture(scope="session")
def records_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by ``kg ingest`` from :data:`RECORDS`."""
    root = tmp_path_factory.mktemp("served")
    kg("--store", root / "store", "ingest", write_records(root / "records", RECORDS))
    return root / "store"


@pytest.fixture(scope="session")
def kg_server(records_store: Path) -> Iterator[str]:
    """The URL of /sparql on a read-only ``kg serve`` over :func:`records_store`."""
    with running_server(records_store) as url:
        yield url

"""Beyond one machine, on one machine: extraction mapped with Dask over a local cluster, each worker
writing its announcements to a SPARQL 1.1 Graph Store Protocol server (Oxigraph's), which ends up with the
same graphs as the embedded store. Skips cleanly without `distributed` or the `oxigraph` server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.bench import write_corpus
from kg.ingest import iter_extractions, write_graph_store
from kg.model import Extraction
from kg.store import Store

SERVER = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def graph_store(tmp_path):
    """An Oxigraph server with the Graph Store Protocol at /store; yields its base URL."""
    if not Path(SERVER).is_file():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([SERVER, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the oxigraph server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _dataset(base: str) -> set[ox.Quad]:
    request = urllib.request.Request(f"{base}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return set(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS))


def _shards(files: list[str], n: int) -> list[list[str]]:
    return [files[i::n] for i in range(n)]


@pytest.mark.slow
def test_dask_workers_write_the_same_graphs_through_the_graph_store_protocol(tmp_path, graph_store):
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 200, seed=5)
    files = sorted(str(p) for p in corpus.glob("*.txt"))

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        futures = client.map(write_graph_store, _shards(files, 8), endpoint=f"{graph_store}/store")
        reports = client.gather(futures)
    assert sum(r.read for r in reports) == 200 and not any(r.failures for r in reports)

    local = Store.in_memory()  # each announcement resolved on its own, as write_graph_store does
    local.write(ex for ex in iter_extractions([corpus]) if isinstance(ex, Extraction))
    assert _dataset(graph_store) == set(local.quads())

    again = write_graph_store(files[:10], f"{graph_store}/store")  # PUT replaces: re-running is idempotent
    assert again.written.added == 10 and _dataset(graph_store) == set(local.quads())

"""Beyond one machine, on one machine: extraction mapped with Dask over a local cluster, each worker
writing its announcements to a SPARQL 1.1 Graph Store Protocol server (Oxigraph's), which ends up with the
same graphs as the embedded store. Skips cleanly without `distributed` or the `oxigraph` server."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.bench import write_corpus
from kg.model import Extraction
from kg.pipeline import iter_extractions, write_graph_store
from kg.store import Store
from tests.plugins.server import OXIGRAPH, running_oxigraph


@pytest.fixture
def graph_store(tmp_path):
    """An Oxigraph server with the Graph Store Protocol at /store; yields its base URL."""
    if not Path(OXIGRAPH).is_file():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    with running_oxigraph(tmp_path / "server") as base:
        yield base


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
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
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

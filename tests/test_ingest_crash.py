"""Crash safety for real: SIGKILL `kg ingest` mid-run, re-run the same command, get a clean run's store."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from kg.bench import write_corpus

psutil = pytest.importorskip("psutil")

KG = [str(Path(sys.executable).with_name("kg"))]
DOCS = 3000


def _kg(store: Path, *args: str) -> list[str]:
    return [*KG, "--store", str(store), *args]


def _export(store: Path) -> bytes:
    done = subprocess.run(_kg(store, "export", "--format", "nq"), capture_output=True, check=True)
    return done.stdout


def _written_alone(corpus: Path) -> bytes:
    """The announcements as written before the store-wide resolution pass that ends a run."""
    import pyoxigraph as ox

    from kg.ingest import Sources, iter_extractions
    from kg.model import Extraction
    from kg.store import Store

    store = Store.in_memory()
    sources = Sources((corpus,), root=corpus.parent)  # keyed as kg ingest keys them (the store sits beside)
    store.write(x for x in iter_extractions(sources) if isinstance(x, Extraction))
    return ox.serialize(list(store.quads()), format=ox.RdfFormat.N_QUADS)


def _graphs(nquads: bytes) -> dict[str, set[bytes]]:
    """N-Quads lines grouped by graph (the last term of each line; our graphs have no blank nodes)."""
    out: dict[str, set[bytes]] = defaultdict(set)
    for line in nquads.splitlines():
        graph = line.rstrip(b" .").rsplit(b" ", 1)[1]
        out[graph.decode()].add(line)
    return out


def _kill_mid_run(store: Path, corpus: Path) -> None:
    """Start an ingest and SIGKILL it once some batches are in the store but before it ends."""
    cmd = _kg(store, "ingest", str(corpus), "--jobs", "2", "--batch", "40", "--progress-every", "0")
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            fields = dict(f.split("=", 1) for f in line.decode().split()[2:] if "=" in f)
            if line.startswith(b"kg: progress") and int(fields["ingested"]) >= DOCS // 5:
                break
        assert proc.poll() is None, "the run ended before it could be killed"
        workers = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, "worker processes outlived the killed run"


@pytest.mark.slow
def test_killed_run_then_rerun_equals_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, DOCS, seed=11)
    clean = tmp_path / "clean"
    subprocess.run(_kg(clean, "ingest", str(corpus), "--jobs", "2"), check=True, capture_output=True)
    expected = _export(clean)

    killed = tmp_path / "killed"
    _kill_mid_run(killed, corpus)
    partial, full = _graphs(_export(killed)), _graphs(_written_alone(corpus))
    assert 0 < len(partial) < len(full)
    for graph, quads in partial.items():  # every announcement fully in (as resolved on its own) or fully out
        assert quads == full[graph], graph

    rerun = subprocess.run(_kg(killed, "ingest", str(corpus), "--jobs", "2"), capture_output=True)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert b" 0 failed" in rerun.stderr and re.search(rb" [1-9]\d* unchanged", rerun.stderr)
    assert _export(killed) == expected  # same statements, none duplicated, nothing missing, same hashes
    assert not list(killed.glob("bulk-*.sst"))  # a bulk load cut short leaves no files behind

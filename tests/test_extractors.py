"""Extractors by name: a third-party package registers one in the ``biopharma_kg.extractors`` entry-point
group, and `kg plugins`, `kg extract --extractor` and `kg ingest --extractor` find and use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.extractors import available, load

TINY = '''
from kg.model import Entity, EntityType, Extraction

def extract(document):
    """Names the first word of the title as a company, nothing else."""
    first = (document.title or document.text).split()[0]
    return Extraction(document.doc, {}, (Entity("e1", EntityType.ORGANIZATION, first),), (), (), "none")
'''


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    """A tiny installed distribution: its code and its dist-info with an entry point."""
    site = tmp_path / "site"
    (site / "tinyext").mkdir(parents=True)
    (site / "tinyext" / "__init__.py").write_text(TINY, encoding="utf-8")
    info = site / "tinyext-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinyext\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[biopharma_kg.extractors]\ntiny = tinyext:extract\n", encoding="utf-8"
    )
    return site


def _kg(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    env.pop("KG_EXTRACTOR", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_the_builtin_extractor_is_registered() -> None:
    assert available()["builtin"] == "loaders.extraction:extract"
    assert callable(load("builtin"))


def test_a_plugin_is_listed_and_used_by_extract_and_ingest(tiny_package: Path, tmp_path: Path) -> None:
    listed = json.loads(_kg(tiny_package, "plugins", "--format", "json", cwd=tmp_path).stdout)
    assert {"kind": "extractor", "name": "tiny", "target": "tinyext:extract", "default": False} in listed
    doc = tmp_path / "news.txt"
    doc.write_text("Quillon signs nothing\nQuillon Biologics said hello.", encoding="utf-8")
    out = _kg(tiny_package, "extract", "--extractor", "tiny", str(doc), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert [e["name"] for e in record["entities"]] == ["Quillon"]
    store = tmp_path / "store"
    done = _kg(
        tiny_package,
        "--store",
        str(store),
        "ingest",
        "--extractor",
        "tiny",
        "--jobs",
        "2",
        str(doc),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    query = "SELECT ?n WHERE { ?o a bpk:Organization ; rdfs:label ?n }"
    names = json.loads(
        _kg(tiny_package, "--store", str(store), "sparql", query, "--format", "json", cwd=tmp_path).stdout
    )
    assert [row["n"] for row in names] == ["Quillon"]


def test_an_unknown_extractor_is_one_clear_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("T\nBody.", encoding="utf-8")
    out = _kg(tmp_path, "extract", "--extractor", "nope", str(doc), cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == ["kg: error: unknown extractor 'nope' (installed: builtin)"]

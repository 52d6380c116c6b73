"""Extractors by name: a third-party package registers one in the ``biopharma_kg.extractors`` entry-point
group, and `kg plugins`, `kg extract --extractor` and `kg ingest --extractor` find and use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.extractors import available, load
from tests.plugins.installed import install_package, run_kg

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
    return install_package(
        tmp_path / "site", "tinyext", TINY, "[biopharma_kg.extractors]\ntiny = tinyext:extract\n"
    )


def test_the_builtin_extractor_is_registered() -> None:
    assert available()["builtin"] == "loaders.extraction:extract"
    assert callable(load("builtin"))


def test_a_plugin_is_listed_and_used_by_extract_and_ingest(tiny_package: Path, tmp_path: Path) -> None:
    listed = json.loads(run_kg(tiny_package, "plugins", "--format", "json", cwd=tmp_path).stdout)
    assert {"kind": "extractor", "name": "tiny", "target": "tinyext:extract", "default": False} in listed
    doc = tmp_path / "news.txt"
    doc.write_text("Quillon signs nothing\nQuillon Biologics said hello.", encoding="utf-8")
    out = run_kg(tiny_package, "extract", "--extractor", "tiny", str(doc), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert [e["name"] for e in record["entities"]] == ["Quillon"]
    store = tmp_path / "store"
    done = run_kg(
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
        run_kg(tiny_package, "--store", str(store), "sparql", query, "--format", "json", cwd=tmp_path).stdout
    )
    assert [row["n"] for row in names] == ["Quillon"]


def test_an_unknown_extractor_is_one_clear_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("T\nBody.", encoding="utf-8")
    out = run_kg(tmp_path, "extract", "--extractor", "nope", str(doc), cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == ["kg: error: unknown extractor 'nope' (installed: builtin)"]

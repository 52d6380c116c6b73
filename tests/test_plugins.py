"""Parts by name: a tiny installed third-party package adds a reader, a sink and an extractor through the
entry-point groups, and `kg plugins`, `kg ingest`, `kg extract` and `kg export` find and use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.plugins import BACKENDS, EXTRACTORS, REGISTRIES, SINKS, Registry
from loaders import readers
from tests.plugins.installed import install_package, run_kg

TINY = '''
from pathlib import Path

from kg.model import Document, Entity, EntityType, Extraction
from kg.sinks import Sink
from loaders.readers import Reader


def extract(document):
    """Names every capitalised word of the title a company (nothing else)."""
    names = [w for w in document.title.split() if w[:1].isupper()]
    entities = tuple(Entity(f"e{i}", EntityType.ORGANIZATION, n) for i, n in enumerate(names, 1))
    return Extraction(document.doc, {"title": document.title}, entities, (), (), "none")


def _read_memo(text, path, key):
    """A memo: 'TITLE: ...' on its first line, the body after it."""
    first, _, body = text.partition("\\n")
    title = first.removeprefix("TITLE:").strip()
    return [Document(doc=key, text=f"{title}\\n{body}", title=title, path=str(path))]


MEMO = Reader("memo", (".memo",), ("text/x-memo",), _read_memo)


def _write_count(store, target):
    Path(target).write_text(str(len(store)) + "\\n", encoding="utf-8")
    return f"counted {len(store)} statements into {target}"


COUNT = Sink("count", "the number of statements, in a text file", _write_count)
'''
ENTRY_POINTS = """[biopharma_kg.extractors]
tiny = tinykg:extract

[biopharma_kg.readers]
memo = tinykg:MEMO

[biopharma_kg.sinks]
count = tinykg:COUNT
"""


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    return install_package(tmp_path / "site", "tinykg", TINY, ENTRY_POINTS)


def test_the_built_in_parts_are_registered_and_load() -> None:
    assert [r.group for r in REGISTRIES] == [
        "biopharma_kg.readers", "biopharma_kg.extractors", "biopharma_kg.sinks", "biopharma_kg.backends"
    ]  # fmt: skip
    for registry in REGISTRIES:
        for name, part in registry.load_all().items():
            assert part is not None, (registry.kind, name)
    assert {r.name for r in readers.readers()} >= {"text", "html", "feed", "json"}
    assert SINKS.load("neo4j-csv").target_kind == "folder" and BACKENDS.load("rdf").name == "rdf"
    assert callable(EXTRACTORS.load("builtin"))


def test_an_unknown_or_broken_part_is_one_clear_error() -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match=r"unknown sink 'nope' \(installed: ttl, nt"):
        SINKS.load("nope")
    broken = Registry("reader", "biopharma_kg.tests-none", {"gone": "loaders.readers:NOTHING"})
    with pytest.raises(KgError, match=r"reader 'gone' .* cannot be loaded"):
        broken.load("gone")


def test_a_third_party_reader_sink_and_extractor_work_from_the_cli(
    tiny_package: Path, tmp_path: Path
) -> None:
    listed = json.loads(run_kg(tiny_package, "plugins", "--format", "json", cwd=tmp_path).stdout)
    mine = {(row["kind"], row["name"], row["target"]) for row in listed}
    assert {("reader", "memo", "tinykg:MEMO"), ("sink", "count", "tinykg:COUNT"),
            ("extractor", "tiny", "tinykg:extract")} <= mine  # fmt: skip
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.memo").write_text("TITLE: Quillon Partners Veltra\nThe rest of the memo.", encoding="utf-8")
    (news / "b.txt").write_text("Ignored By The Tiny Extractor? No: Read Too\nbody", encoding="utf-8")
    store = tmp_path / "store"
    done = run_kg(
        tiny_package, "--store", str(store), "ingest", "--extractor", "tiny", str(news), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    query = "SELECT ?n WHERE { ?o a bpk:Organization ; rdfs:label ?n } ORDER BY ?n"
    rows = run_kg(tiny_package, "--store", str(store), "sparql", query, "--format", "json", cwd=tmp_path)
    names = [row["n"] for row in json.loads(rows.stdout)]
    assert {"Quillon", "Partners", "Veltra"} <= set(
        names
    ) and "TITLE:" not in names  # the memo reader read it
    out = tmp_path / "count.txt"
    exported = run_kg(
        tiny_package, "--store", str(store), "export", "--format", "count", "-o", str(out), cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert int(out.read_text(encoding="utf-8")) > 0 and "counted" in exported.stderr
    extracted = run_kg(tiny_package, "extract", "--extractor", "tiny", str(news / "a.memo"), cwd=tmp_path)
    assert json.loads(extracted.stdout)["source"]["title"] == "Quillon Partners Veltra"


def test_without_the_package_its_parts_are_unknown(tmp_path: Path) -> None:
    (tmp_path / "a.memo").write_text("TITLE: x\nbody", encoding="utf-8")
    out = run_kg(tmp_path, "export", "--format", "count", "-o", str(tmp_path / "c.txt"), cwd=tmp_path)
    assert out.returncode == 2 and "'count' is not an installed sink" in out.stderr
    extracted = run_kg(tmp_path, "extract", str(tmp_path / "a.memo"), cwd=tmp_path)
    assert extracted.returncode == 1 and "unsupported file type .memo" in extracted.stderr

"""The outputs on the bundled examples' records are those main wrote before the one graph view (kg.graph) replaced
its three conversions of the store: the same GraphML and neo4j-admin CSV bytes, and the same viewer data.

``expected/`` was written by ``tests/graph/outputs.py`` on main before the change (the commit is named in
``expected/SOURCE``). Documented differences of the viewer data, each undone here before comparing:

- an agreement's values are listed in the order of its value nodes (``...-value-1``, ``-value-2``: the
  record's order, as Neo4j and the exports have them), not in the order the SPARQL engine returned them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.graph.outputs import VIEWS, build_store, file_digests, view_data

EXPECTED = Path(__file__).with_name("expected")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("examples"))


def test_graphml_and_neo4j_csv_are_byte_identical(store: Path, tmp_path: Path) -> None:
    expected = json.loads((EXPECTED / "digests.json").read_text(encoding="utf-8"))
    assert file_digests(store, tmp_path) == expected


def _values_in_any_order(data: dict[str, Any]) -> dict[str, Any]:
    """An agreement's value fields sorted among themselves (their order is the documented difference)."""
    for node in data["nodes"]:
        fields = node["fields"]
        at = [i for i, (name, _) in enumerate(fields) if name.startswith("Value")]
        for i, field in zip(at, sorted(fields[i] for i in at), strict=True):
            fields[i] = field
    return data


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_viewer_data_is_the_same(store: Path, name: str) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    now = json.loads(json.dumps(view_data(store)[name]))  # the same JSON types as the file's
    assert _values_in_any_order(now) == _values_in_any_order(expected)
    assert len(now["nodes"]) > 5 and len(now["edges"]) > 5

"""What the graph outputs are on the bundled examples' records: GraphML, neo4j-admin CSVs and the viewer's
data.

Uses only what every version of kg has (the ``kg`` command, ``viz.read_view``, ``viz.page.page_data``), so
the same code records the outputs of another checkout:

    PYTHONPATH=/path/to/checkout python -m tests.graph.outputs tests/graph/expected

writes ``digests.json`` (SHA-256 of each file) and the viewer data (``view-*.json``) there.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VIEWS = {"view-all": {}, "view-focus": {"focus": "Northbridge Biologics", "depth": 1}}


def _kg(*args: str) -> None:
    code = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, cwd=ROOT)


RECORDS = Path(__file__).with_name("examples.jsonl")  # the examples' extraction records, frozen


def build_store(folder: Path) -> Path:
    """The examples' extraction records (``examples.jsonl``: ``kg extract examples/* --format json`` on
    2026-12-03) ingested into a store in ``folder``: records, not the texts, so that what is compared is the
    graph outputs of one store, whatever the extractor of the day makes of the texts."""
    store = folder / "store"
    _kg("--store", str(store), "ingest", str(RECORDS))
    return store


def file_digests(store: Path, folder: Path) -> dict[str, str]:
    """SHA-256 of the GraphML export and of each file of the neo4j-csv export."""
    _kg("--store", str(store), "export", "--format", "graphml", "-o", str(folder / "graph.graphml"))
    _kg("--store", str(store), "export", "--format", "neo4j-csv", "-o", str(folder / "csv"))
    files = [folder / "graph.graphml", *sorted((folder / "csv").iterdir())]
    return {f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def view_data(store: Path) -> dict[str, Any]:
    """The viewer page's data for each of :data:`VIEWS`, without the layout's coordinates (the spring
    layout's last digits vary from run to run)."""
    import viz
    from kg.store import Store
    from viz.page import page_data

    out = {}
    with Store.open(store, read_only=True) as opened:
        for name, options in VIEWS.items():
            data = page_data(viz.read_view(opened, **options))
            for node in data["nodes"]:
                node.pop("x"), node.pop("y")
            out[name] = data
    return out


def write_expected(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp))
        digests = file_digests(store, Path(tmp))
        views = view_data(store)
    (target / "digests.json").write_text(
        json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    for name, data in views.items():
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
        (target / f"{name}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_expected(Path(sys.argv[1]))

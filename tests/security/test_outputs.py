"""Issue 12's output rows: data written where other programs read it, through the real ``kg`` command.

Rows: 12 CSV formula injection, 13 GraphML with control characters, 15 control characters on a terminal,
16 a Neo4j URI with a password or of the wrong kind. (Row 14, neo4j-admin import: test_neo4j_import_script.)
"""

from __future__ import annotations

import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from tests.plugins.server import kg
from tests.records import ACME, record

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    hostile = record(ACME, doc="hostile.txt")
    hostile["entities"][0] = {"id": "e1", "type": "Organization", "name": FORMULA,
                              "aliases": ["Bell\x07 Bio", "Esc\x1b[2J Bio", "@SUM(1+1)"]}  # fmt: skip
    hostile["entities"][1] = {"id": "e2", "type": "Organization", "name": '+HYPERLINK("http://x")'}
    hostile["entities"][2] = {"id": "s1", "type": "Site", "name": "Title\x1b]0;owned\x07 \x1b[2J@SUM(1+1)"}
    hostile["entities"][3] = {"id": "s2", "type": "Site", "name": "Plant\x01 7"}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.json").write_text(json.dumps(hostile))
    kg("--store", tmp_path / "store", "ingest", folder)
    return tmp_path / "store"


# --- row 12 -------------------------------------------------------------------------------------------
def test_csv_cells_never_start_a_formula(hostile_store: Path, tmp_path: Path) -> None:
    query = "SELECT ?name WHERE { ?x rdfs:label ?name } ORDER BY ?name"
    cells = kg("--store", hostile_store, "sparql", query, "--format", "csv").stdout.splitlines()[1:]
    assert f"'{FORMULA}" in cells and '"\'+HYPERLINK(""http://x"")"' in cells
    assert not [c for c in cells if c.lstrip('"')[:1] in ("=", "+", "-", "@")]
    kg("--store", hostile_store, "export", "--format", "neo4j-csv", "-o", tmp_path / "csv")
    exported = [cell for f in (tmp_path / "csv").glob("*.csv") for line in f.read_text().splitlines()[1:]
                for cell in line.split(",")]  # fmt: skip
    assert f"'{FORMULA}" in exported
    assert not [c for c in exported if c.lstrip('"')[:1] in ("=", "+", "@")]


# --- row 13 -------------------------------------------------------------------------------------------
def test_graphml_of_names_with_control_characters_is_well_formed_xml(hostile_store: Path) -> None:
    out = kg("--store", hostile_store, "export", "--format", "graphml").stdout.encode()
    ET.fromstring(out)  # raises on characters XML 1.0 forbids
    graph = nx.read_graphml(io.BytesIO(out), force_multigraph=True)
    aliases = {a for _, d in graph.nodes(data=True) if "aliases" in d for a in json.loads(d["aliases"])}
    assert {"Bell\x07 Bio", "Esc\x1b[2J Bio"} <= aliases  # lists are JSON text: escaped, and kept exactly
    assert "Plant\ufffd 7" in {d.get("name") for _, d in graph.nodes(data=True)}


# --- row 15 -------------------------------------------------------------------------------------------
def test_table_output_on_a_terminal_shows_control_characters_as_escapes(hostile_store: Path) -> None:
    import pty

    query = "SELECT ?name WHERE { ?x rdfs:label ?name } ORDER BY ?name"
    pid, fd = pty.fork()  # a real terminal: rich draws a table there
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-m", "kg", "--store", str(hostile_store), "sparql", query,
                                  "--format", "table"])  # fmt: skip
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    assert b"\x1b]0;owned" not in out and b"\x1b[2J" not in out and b"\x07" not in out
    assert b"\\x1b]0;owned\\x07" in out


# --- row 16 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("uri", ["http://localhost:7474", "bolt://neo4j:s3cret-pw@127.0.0.1:7687",
                                 "neo4j+s://neo4j:s3cret-pw@[::1", "https://neo4j:s3cret-pw@db.example.org"])  # fmt: skip
def test_push_with_a_bad_uri_is_one_line_that_never_shows_the_password(hostile_store: Path, uri: str) -> None:
    proc = kg("--store", hostile_store, "push", "--uri", uri, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("kg: error: bad Neo4j URI") and len(proc.stderr.strip().splitlines()) == 1
    assert "s3cret-pw" not in proc.stderr + proc.stdout

"""``kg export --format neo4j-csv``'s import.sh run by the real neo4j-admin (``org.neo4j.cli.AdminTool`` from
the same Maven artifacts as the test server), then read back from a real Neo4j: hostile names survive."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import neo4j
import pytest

from kg.graph import read_store
from kg.model import Extraction
from kg.sinks.neo4j_csv import write_neo4j_csv
from kg.store import Store
from scripts.neo4j_server import ROOT, Neo4jServer, missing_tools, resolve_classpath
from tests.records import ACME, record

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

FORMULA = "=cmd|' /C calc'!A0"
# every delimiter candidate, a quote, a comma and a line break in one list of aliases
TRICKY_ALIASES = [
    "Semi;colon Bio",
    "Pipe|Bio",
    "Unit\x1fsep",
    "Rec\x1esep",
    'Quote "Q" Bio, Inc.',
    "Two\nlines",
]


def _hostile_record() -> dict:
    hostile = record(ACME, doc="hostile.txt")
    hostile["entities"][0] = {"id": "e1", "type": "Organization", "name": FORMULA, "aliases": TRICKY_ALIASES}
    hostile["entities"][2] = {"id": "s1", "type": "Site", "name": "@SUM(1+1)", "city": '+HYPERLINK("x")'}
    return hostile


def _admin_shim(bin_dir: Path, home: Path) -> Path:
    if reason := missing_tools():
        if os.environ.get("KG_REQUIRE_NEO4J") == "1":
            pytest.fail(f"KG_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    classpath = resolve_classpath(Path(os.environ.get("KG_NEO4J_CACHE", ROOT / ".cache" / "neo4j")))
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("")
    bin_dir.mkdir()
    shim = bin_dir / "neo4j-admin"
    shim.write_text(f'#!/bin/sh\nexec java -cp "{classpath}" org.neo4j.cli.AdminTool "$@"\n')
    shim.chmod(0o755)
    return bin_dir


def test_import_script_loads_hostile_names_with_the_real_neo4j_admin(tmp_path: Path) -> None:
    store = Store.in_memory()
    store.write([Extraction.from_record(_hostile_record())])
    graph = read_store(store)
    out = tmp_path / "csv"
    write_neo4j_csv(graph, out)
    home = tmp_path / "home"
    bin_dir = _admin_shim(tmp_path / "bin", home)
    env = os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"),
                        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    run = subprocess.run(["sh", str(out / "import.sh")], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]

    with Neo4jServer(store=home) as connection:
        auth = (connection.user, connection.password)
        with neo4j.GraphDatabase.driver(connection.uri, auth=auth) as driver:
            org = driver.execute_query("MATCH (o:Organization) WHERE o.name STARTS WITH \"'\" RETURN o",
                                       database_=connection.database).records[0]["o"]  # fmt: skip
            site = driver.execute_query("MATCH (s:Site) RETURN s", database_=connection.database).records
            counts = driver.execute_query("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r",
                                          database_=connection.database).records[0]  # fmt: skip
    assert org["name"] == "'" + FORMULA  # shown as text by spreadsheets, one ' more than the store's name
    assert sorted(org["aliases"]) == sorted(a for a in graph_aliases(graph) if a != FORMULA)
    assert {s["s"]["name"] for s in site} >= {"'@SUM(1+1)"}
    assert (counts["n"], counts["r"]) == (graph.node_count, graph.relationship_count)


def graph_aliases(graph) -> list[str]:
    orgs = graph.nodes["Organization"]
    return next(props["aliases"] for props in orgs.values() if props.get("name") == FORMULA)

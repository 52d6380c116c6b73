"""kg export --format neo4j-csv / graphml: neo4j-admin headers, and the same graph as kg push writes."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
from click.testing import CliRunner

from kg.cli import main
from kg.model import Extraction
from kg.sinks.files import write_neo4j_csv
from kg.sinks.neo4j import read_property_graph
from kg.store import Store
from tests.records import ACME, BETA


def _store_dir(tmp_path):
    path = tmp_path / "store"
    with Store.open(path) as store:
        store.write([Extraction.from_record(ACME), Extraction.from_record(BETA)])
    return path


def _read(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_neo4j_csv_has_admin_import_headers(tmp_path) -> None:
    out = tmp_path / "csv"
    result = CliRunner().invoke(main, ["--store", str(_store_dir(tmp_path)), "export", "--format", "neo4j-csv",
                                       "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    sites = _read(out / "nodes-Site.csv")
    assert sites[0][0] == "iri:ID" and sites[0][-1] == ":LABEL" and "startsOperations:long" in sites[0]
    assert "aliases:string[]" in sites[0] and "sources:string[]" in sites[0]
    column = sites[0].index("startsOperations:long")
    assert sorted(row[column] for row in sites[1:]) == ["", "2027"]
    party = _read(out / "relationships-PARTY.csv")
    assert party[0][:4] == [":START_ID", ":END_ID", ":TYPE", "role"]
    assert sorted(row[3] for row in party[1:]) == ["client", "client", "provider", "provider"]
    script = (out / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--nodes=nodes-Site.csv" in script


def test_neo4j_csv_ids_cover_every_relationship_endpoint(tmp_path) -> None:
    store = Store.in_memory()
    store.write([Extraction.from_record(ACME), Extraction.from_record(BETA)])
    graph = read_property_graph(store)
    files = write_neo4j_csv(graph, tmp_path / "csv")
    ids = {row[0] for f in files if f.name.startswith("nodes-") for row in _read(f)[1:]}
    rels = [row for f in files if f.name.startswith("relationships-") for row in _read(f)[1:]]
    assert len(ids) == graph.node_count and len(rels) == graph.relationship_count
    assert all(row[0] in ids and row[1] in ids for row in rels)


def test_graphml_to_stdout_round_trips_through_networkx(tmp_path) -> None:
    result = CliRunner().invoke(main, ["--store", str(_store_dir(tmp_path)), "export", "--format", "graphml"])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(io.BytesIO(result.stdout_bytes), force_multigraph=True)
    acme = graph.nodes["https://w3id.org/biopharma-kg/id/org/acme-biologics"]
    assert acme["label"] == "Organization" and acme["name"] == "Acme Biologics"
    assert json.loads(acme["aliases"]) == ["ACME BIOLOGICS", "ACME BIOLOGICS, INC", "Acme Biologics Inc."]
    types = sorted({data["type"] for _, _, data in graph.edges(data=True)})
    assert {"CONTRACTS_WITH", "OPERATES", "PARTY", "DERIVED_FROM"} <= set(types)
    assert all(data.get("sources") for _, _, data in graph.edges(data=True))


def test_graphml_file_output(tmp_path) -> None:
    target = tmp_path / "graph.graphml"
    result = CliRunner().invoke(main, ["--store", str(_store_dir(tmp_path)), "export", "--format", "graphml",
                                       "-o", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(target).number_of_nodes() > 0

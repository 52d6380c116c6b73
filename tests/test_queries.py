"""Query helpers: one contract suite run over every registered query backend (kg.plugins.BACKENDS: the RDF
store, a real Neo4j, and any installed one): right answers on small hand-written records, and for every
name the same answers as the RDF store's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import queries
from kg.bolt import Neo4jSettings
from kg.cli import main
from kg.curation.facts import fact_id
from kg.model import Extraction
from kg.plugins import BACKENDS
from kg.queries import Backend, RdfBackend, bind_sparql
from kg.queries.kinds import Connection
from kg.store import Store
from tests.conftest import EVAL_DEV
from tests.records import ACME, BETA

GAMMA = {
    "doc": "gamma-acquires-2025.txt",
    "source": {"published": "2025-11-20", "title": "Gamma Bio buys Delta's plant; O'Brien & \"Sons\" advise"},
    "entities": [
        {"id": "e1", "type": "Organization", "name": "Gamma Bio"},
        {"id": "e2", "type": "Organization", "name": "Delta Pharma"},
        {"id": "e3", "type": "Organization", "name": "O'Brien & \"Sons\" Ltd"},
        {"id": "s1", "type": "Site", "name": "Delta Plant Cork", "city": "Cork", "country": "IE"},
    ],
    "facts": [["e1", "acquires", "s1"], ["e1", "operates", "s1"], ["s1", "located_in", "Cork, IE"],
              ["s1", "starts_operations", "2026"], ["e1", "contracts_with", "e2"], ["e1", "contracts_with", "e3"],
              ["e1", "headquartered_in", "DE"], ["e2", "headquartered_in", "US"]],
    "agreements": [{"provider": "e2", "client": "e1", "type": "acquisition", "service": "none", "stage": None,
                    "product": None, "end_year": None, "value": [{"amount": 1.2e8, "currency": "EUR", "what": "price"}],
                    "announced": "2025-11-20"}],
}  # fmt: skip
# confidences as an extractor gives them: one partner the extractor is sure of, one it doubts
EPSILON = {
    "doc": "epsilon-partners-2026.txt",
    "source": {"published": "2026-01-15"},
    "entities": [
        {"id": "e1", "type": "Organization", "name": "Epsilon Therapeutics"},
        {"id": "e2", "type": "Organization", "name": "Zeta Biologics"},
        {"id": "e3", "type": "Organization", "name": "Eta Pharma"},
        {"id": "s1", "type": "Site", "name": "Epsilon Plant Basel", "city": "Basel", "country": "CH"},
    ],
    "facts": [["e1", "contracts_with", "e2"], ["e1", "contracts_with", "e3"], ["e1", "operates", "s1"]],
    "agreements": [{"provider": "e2", "client": "e1", "type": "manufacturing", "service": "CDMO",
                    "announced": "2026-01-15"}],
    "evidence": [
        {"fact": 0, "sentence": "Epsilon signed with Zeta.", "start": 0, "end": 25, "confidence": 0.93},
        {"fact": 1, "sentence": "Eta may work with Epsilon.", "start": 26, "end": 52, "confidence": 0.31},
        {"fact": 2, "sentence": "Epsilon runs a plant in Basel.", "start": 53, "end": 83, "confidence": 0.58},
        {"agreement": 0, "sentence": "Epsilon signed with Zeta.", "start": 0, "end": 25, "confidence": 0.93},
    ],
}  # fmt: skip
RECORDS = [ACME, BETA, GAMMA, EPSILON]


def _records() -> list[dict]:
    gold = sorted(EVAL_DEV.glob("*.gold.json")) if EVAL_DEV.is_dir() else []
    return RECORDS + [json.loads(p.read_text(encoding="utf-8")) for p in gold]


def _names(records: list[dict]) -> list[str]:
    names = {e["name"] for r in records for e in r["entities"] if e.get("name")}
    return [*sorted(names), "acme biologics", "NOBODY", 'O\'Brien & "Sons" Ltd', "x') OR 1=1 //"]


@pytest.fixture(scope="module")
def rdf_store() -> Store:
    """The reference: the records in an in-memory store."""
    store = Store.in_memory()
    store.write([Extraction.from_record(r) for r in _records()])
    return store


def _kinds() -> list:
    return [pytest.param(name, marks=pytest.mark.neo4j) if name == "neo4j" else name
            for name in BACKENDS.available()]  # fmt: skip


@pytest.fixture(scope="module", params=_kinds())
def backend(request, rdf_store, tmp_path_factory) -> Iterator[Backend]:
    """Each registered backend, filled with the records (a store on disk, pushed where the backend needs)."""
    kind, settings = BACKENDS.load(request.param), None
    if request.param == "neo4j":
        import neo4j

        from tests.plugins.neo4j import clear_database

        server = request.getfixturevalue("neo4j_server")
        settings = Neo4jSettings(server.uri, server.user, server.password, server.database)
        with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
            clear_database(driver, server.database)
    connection = Connection(tmp_path_factory.mktemp("backend") / "store", settings)
    with Store.open(connection.store) as store:
        store.write([Extraction.from_record(r) for r in _records()])
        kind.fill(store, connection)
    with kind.open(connection) as opened:
        yield opened


# --- the RDF answers ----------------------------------------------------------------------------------
def test_partners_match_names_case_insensitively_and_by_resolved_iri(backend) -> None:
    rdf = backend
    rows = queries.partners(rdf, "gamma bio")
    assert [(r["partner"], r["agreements"], r["types"]) for r in rows] == [
        ("Delta Pharma", 1, ["acquisition"]), ("O'Brien & \"Sons\"", 0, [])]  # fmt: skip
    assert queries.partners(rdf, "ACME BIOLOGICS") == queries.partners(rdf, "Acme Biologics Inc.")
    assert queries.partners(rdf, "x') OR 1=1 //") == []


def test_names_and_aliases_are_found_whatever_the_case() -> None:
    alias = {"id": "e9", "type": "Organization", "name": "Northwind Biologics", "aliases": ["NWB"]}
    store = Store.in_memory()
    store.write([Extraction.from_record(ACME | {"entities": [*ACME["entities"], alias]})])
    rdf = RdfBackend(store)
    found = [r["iri"] for r in queries.lookup(rdf, "nwb")]
    assert found == [r["iri"] for r in queries.lookup(rdf, "NORTHWIND biologics")] and len(found) == 1
    assert queries.sites(rdf, "incheon plant 2") == []  # a site's name does not make it an organization
    assert len(queries.lookup(rdf, "incheon plant 2")) == 1


def test_sites_timeline_agreements_network(backend) -> None:
    rdf = backend
    assert queries.sites(rdf, "Gamma Bio") == [{
        "organization": "Gamma Bio", "site": "Delta Plant Cork",
        "site_iri": "https://w3id.org/biopharma-kg/id/site/delta-pharma/delta-plant-cork", "city": "Cork",
        "countries": ["IE"], "starts_operations": 2026, "confidence": 1.0,
        "fact": fact_id("https://w3id.org/biopharma-kg/id/org/gamma-bio", "operates",
                        "https://w3id.org/biopharma-kg/id/site/delta-pharma/delta-plant-cork")}]  # fmt: skip
    events = [(e["date"], e["event"]) for e in queries.timeline(rdf, "Gamma Bio")]
    assert events == [("2025-11-20", "agreement"), ("2026", "site-opening")]
    mine = {r["agreement"] for r in queries.agreements(rdf, country="de")}
    assert "acquisition" in [a["type"] for a in queries.agreements(rdf) if a["agreement"] in mine]
    assert all(a["announced"] >= "2026-01" for a in queries.agreements(rdf, since="2026-01"))
    edges = queries.network(rdf, "Delta Plant Cork", depth=1)
    assert {(e["source"], e["relation"], e["target"]) for e in edges} == {
        ("Gamma Bio", "acquires", "Delta Plant Cork"), ("Gamma Bio", "operates", "Delta Plant Cork"),
        ("Delta Plant Cork", "located_in", "Ireland")}  # fmt: skip


def test_sparql_values_are_bound_as_terms_never_spliced() -> None:
    bound = bind_sparql("SELECT ?x WHERE { ?x ?p ?want }", {"want": '"} } DROP ALL ; #', "n": None})
    assert 'VALUES (?want ?n) { ("\\"} } DROP ALL ; #" UNDEF) }' in bound


def test_cli_query_on_the_rdf_store(tmp_path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.write([Extraction.from_record(r) for r in RECORDS])
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "query", "partners", "Gamma Bio",
                                       "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["partner"] for r in json.loads(result.output)] == ["Delta Pharma", 'O\'Brien & "Sons"']


# --- parity with Neo4j --------------------------------------------------------------------------------
AGREEMENT_FILTERS = [{}, {"type": "licensing"}, {"type": "MANUFACTURING"}, {"stage": "phase 3"},
                     {"since": "2022-01-01"}, {"until": "2021"}, {"since": "2020", "until": "2026-01-31"},
                     {"country": "us"}, {"country": "KR", "type": "manufacturing"}]  # fmt: skip


def test_min_confidence_drops_doubted_facts(backend) -> None:
    rdf = backend
    everything = queries.partners(rdf, "Epsilon Therapeutics")
    assert [(r["partner"], r["confidence"]) for r in everything] == [
        ("Eta Pharma", 0.31),
        ("Zeta Biologics", 0.93),
    ]
    sure = queries.partners(rdf, "Epsilon Therapeutics", min_confidence=0.5)
    assert [r["partner"] for r in sure] == ["Zeta Biologics"]
    assert [r["site"] for r in queries.sites(rdf, "Epsilon Therapeutics", min_confidence=0.5)] == [
        "Epsilon Plant Basel"
    ]
    assert queries.sites(rdf, "Epsilon Therapeutics", min_confidence=0.6) == []
    assert [r["name"] for r in queries.agreements(rdf, min_confidence=0.9)] != []
    assert all(r["confidence"] >= 0.9 for r in queries.agreements(rdf, min_confidence=0.9))
    edges = {r["target"] for r in queries.network(rdf, "Epsilon Therapeutics", 1, min_confidence=0.5)}
    assert "Eta Pharma" not in edges and "Zeta Biologics" in edges


@pytest.mark.parametrize("helper", ["partners", "sites", "timeline", "network"])
@pytest.mark.parametrize("minimum", [None, 0.5])
def test_helpers_agree_with_the_store_for_every_name(helper, minimum, rdf_store, backend) -> None:
    rdf, function, differ = RdfBackend(rdf_store), getattr(queries, helper), []
    answered = 0
    for name in _names(_records()):
        kwargs = {"min_confidence": minimum}
        expected = function(rdf, name, **kwargs)
        answered += bool(expected)
        if function(backend, name, **kwargs) != expected:
            differ.append(name)
    assert differ == [] and answered > 0


@pytest.mark.parametrize("filters", AGREEMENT_FILTERS, ids=lambda f: json.dumps(f))
def test_agreements_agree_with_the_store(filters, rdf_store, backend) -> None:
    expected = queries.agreements(RdfBackend(rdf_store), **filters)
    assert queries.agreements(backend, **filters) == expected


@pytest.mark.neo4j
def test_cli_query_backend_neo4j(neo4j_server, tmp_path) -> None:
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}  # fmt: skip
    with Store.open(tmp_path / "store") as store:
        store.write([Extraction.from_record(r) for r in _records()])
    runner, outputs = CliRunner(), []
    pushed = runner.invoke(main, ["--store", str(tmp_path / "store"), "push"], env=env)
    assert pushed.exit_code == 0, pushed.output
    for backend in ("rdf", "neo4j"):
        result = runner.invoke(main, ["--store", str(tmp_path / "store"), "query", "timeline", "Gamma Bio",
                                      "--backend", backend, "--format", "json"], env=env)  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.output))
    assert outputs[0] == outputs[1] != []


def test_every_helper_has_both_halves() -> None:
    folder = Path(queries.__file__).parent
    for name in (*queries.HELPERS, "lookup", "neighbours"):
        if name == "network":
            continue  # network = lookup + neighbours, hop by hop
        assert (folder / f"{name}.rq").is_file() and (folder / f"{name}.cypher").is_file()

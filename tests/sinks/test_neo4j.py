"""The Neo4j sink: Cypher built from the vocabulary only, the property-graph mapping, and pushes to a real
Neo4j that are idempotent and reconcile re-ingested announcements."""

from __future__ import annotations

import neo4j
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import Neo4jError
from kg.model import Extraction
from kg.sinks.neo4j import (
    LABELS,
    Neo4jSettings,
    RelationshipGroup,
    connect,
    constraint_cypher,
    create_nodes_cypher,
    create_relationships_cypher,
    merge_nodes_cypher,
    push_store,
    read_property_graph,
    run_cypher,
)
from kg.store import Store
from scripts.neo4j_server import Neo4jConnection
from tests.records import ACME, BETA, record

ORG = "https://w3id.org/biopharma-kg/id/org/"
SITE = "https://w3id.org/biopharma-kg/id/site/"


def _store(*records: dict) -> Store:
    store = Store.in_memory()
    store.write([Extraction.from_record(r) for r in records])
    return store


def _settings(server: Neo4jConnection) -> Neo4jSettings:
    return Neo4jSettings(uri=server.uri, user=server.user, password=server.password, database=server.database)


# --- Cypher from the closed vocabulary ----------------------------------------------------------------
@pytest.mark.parametrize("label", LABELS)
def test_constraint_and_merge_statements_use_parameters_only(label: str) -> None:
    assert constraint_cypher(label).endswith(f"FOR (n:{label}) REQUIRE n.iri IS UNIQUE")
    assert (
        merge_nodes_cypher(label)
        == f"UNWIND $rows AS row MERGE (n:{label} {{iri: row.iri}}) SET n += row.props"
    )


def test_new_nodes_and_relationships_are_created_with_all_properties() -> None:
    assert create_nodes_cypher("Site") == "UNWIND $rows AS row CREATE (n:Site) SET n = row"
    operates = create_relationships_cypher(RelationshipGroup("OPERATES", "Organization", "Site"))
    assert "MATCH (a:Organization {iri: row.start})" in operates
    assert operates.endswith("CREATE (a)-[r:OPERATES]->(b) SET r = row.props")


@pytest.mark.parametrize("bad", ["Organization) DETACH DELETE (m", "organization", "Foo"])
def test_labels_and_types_outside_the_vocabulary_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        merge_nodes_cypher(bad)
    with pytest.raises(ValueError):
        create_relationships_cypher(RelationshipGroup(bad, "Organization", "Site"))


# --- the property graph -------------------------------------------------------------------------------
def test_property_graph_maps_the_store() -> None:
    graph = read_property_graph(_store(ACME, BETA))
    for label, nodes in graph.nodes.items():
        for iri, props in nodes.items():
            assert iri and props["name"], (label, iri)
            assert props["sources"], (label, iri)
    acme = graph.nodes["Organization"][ORG + "acme-biologics"]
    assert acme["name"] == "Acme Biologics"
    assert acme["aliases"] == ["ACME BIOLOGICS", "ACME BIOLOGICS, INC", "Acme Biologics Inc."]
    assert len(acme["sources"]) == 2
    assert graph.nodes["Site"][SITE + "acme-biologics/incheon-plant-2"]["startsOperations"] == 2027
    (agreement,) = [a for a in graph.nodes["Agreement"].values() if a["agreementType"] == "manufacturing"]
    assert agreement["stages"] == ["Phase 3", "commercial"] and agreement["endYear"] == 2030
    assert agreement["valueAmounts"] == [12500000.0] and agreement["valueCurrencies"] == ["USD"]
    parties = graph.relationships[RelationshipGroup("PARTY", "Agreement", "Organization")]
    assert sorted(role for (_, _, role) in parties) == ["client", "client", "provider", "provider"]
    for group, rels in graph.relationships.items():
        for key, props in rels.items():
            assert props["sources"], (group, key)
    contracts = graph.relationships[RelationshipGroup("CONTRACTS_WITH", "Organization", "Organization")]
    sentences = [p["sentences"] for p in contracts.values() if p["sentences"]]
    assert sentences == [["Acme Biologics signed a CMO contract with a U.S. biotech."]]


def test_property_graph_is_deterministic() -> None:
    one, two = read_property_graph(_store(ACME, BETA)), read_property_graph(_store(BETA, ACME))
    assert one.nodes == two.nodes and one.relationships == two.relationships


def test_settings_from_environment() -> None:
    settings = Neo4jSettings.from_env({"NEO4J_URI": "neo4j://db:7687", "NEO4J_DATABASE": "kg"})
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "neo4j://db:7687", "neo4j", "biopharma-kg", "kg")  # fmt: skip


@pytest.mark.parametrize(
    "uri", ["bolt://127.0.0.1:1", "nope://localhost", "bolt://no-such-host.invalid:7687"]
)
def test_connection_problems_are_one_line_errors_naming_the_uri(uri: str) -> None:
    with pytest.raises(Neo4jError) as error:
        with connect(Neo4jSettings(uri=uri)):
            pass
    assert uri in str(error.value) and "\n" not in str(error.value)


# --- against a real Neo4j -----------------------------------------------------------------------------
def _snapshot(driver: neo4j.Driver, database: str) -> tuple[list, list]:
    nodes = run_cypher(driver, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.iri",
                       database=database)  # fmt: skip
    rels = run_cypher(
        driver,
        "MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS type, b.iri AS b, properties(r) AS props "
        "ORDER BY a, type, b, r.role",
        database=database,
    )
    return nodes, rels


@pytest.mark.neo4j
def test_push_writes_constraints_nodes_and_relationships(neo4j_driver, neo4j_server) -> None:
    statements: list[tuple[str, dict]] = []
    report = push_store(
        _store(ACME, BETA), _settings(neo4j_server), tracer=lambda q, p: statements.append((q, p))
    )
    db = neo4j_server.database
    constraints = run_cypher(
        neo4j_driver, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type", database=db
    )
    assert sorted(c["labelsOrTypes"][0] for c in constraints) == sorted(LABELS)
    assert all(c["properties"] == ["iri"] and c["type"] == "UNIQUENESS" for c in constraints)
    assert len(statements) == report.statements and statements[0][0].startswith("CREATE CONSTRAINT")
    assert all("Acme" not in q for q, _ in statements)  # values travel as parameters, never in the text
    nodes, rels = _snapshot(neo4j_driver, db)
    assert len(nodes) == report.nodes and len(rels) == report.relationships
    assert all(n["props"].get("iri") and n["props"].get("name") for n in nodes)
    site = run_cypher(neo4j_driver, "MATCH (s:Site {name: 'Incheon Plant 2'}) RETURN s.startsOperations AS y",
                      database=db)  # fmt: skip
    assert site == [{"y": 2027}]
    roles = run_cypher(neo4j_driver, "MATCH (:Agreement)-[p:PARTY]->(o:Organization) RETURN p.role AS role, "
                       "o.name AS org ORDER BY role, org", database=db)  # fmt: skip
    assert [r["role"] for r in roles] == ["client", "client", "provider", "provider"]


@pytest.mark.neo4j
def test_evidence_is_reachable_from_every_relationship(neo4j_driver, neo4j_server) -> None:
    push_store(_store(ACME, BETA), _settings(neo4j_server))
    orphans = run_cypher(
        neo4j_driver,
        "MATCH ()-[r]->() WHERE size(r.sources) = 0 OR NOT all(s IN r.sources WHERE "
        "EXISTS { MATCH (a:Announcement {iri: s}) }) RETURN count(r) AS n",
        database=neo4j_server.database,
    )
    assert orphans == [{"n": 0}]
    found = run_cypher(
        neo4j_driver,
        "MATCH (:Organization {name: 'Acme Biologics'})-[r:CONTRACTS_WITH]->() "
        "UNWIND r.evidence AS e MATCH (ev:Evidence {iri: e})-[:DERIVED_FROM]->(a:Announcement) "
        "WHERE ev.sentence IS NOT NULL "
        "RETURN ev.sentence AS sentence, a.title AS title",
        database=neo4j_server.database,
    )
    assert found == [{"sentence": "Acme Biologics signed a CMO contract with a U.S. biotech.",
                      "title": "Acme Biologics signs CMO deal"}]  # fmt: skip


@pytest.mark.neo4j
def test_pushing_twice_changes_nothing(neo4j_driver, neo4j_server) -> None:
    store, settings = _store(ACME, BETA), _settings(neo4j_server)
    push_store(store, settings)
    first = _snapshot(neo4j_driver, neo4j_server.database)
    report = push_store(store, settings)
    assert _snapshot(neo4j_driver, neo4j_server.database) == first
    assert (report.nodes_deleted, report.relationships_deleted, report.sources_trimmed) == (0, 0, 0)
    assert (report.nodes, report.relationships) == (0, 0) and report.unchanged == len(first[0]) + len(
        first[1]
    )


@pytest.mark.neo4j
def test_second_push_of_a_changed_store_updates_properties(neo4j_driver, neo4j_server) -> None:
    store, settings, db = _store(ACME, BETA), _settings(neo4j_server), neo4j_server.database
    push_store(store, settings)
    sentence = "Acme Biologics signed a long-term CMO contract with a U.S. biotech."
    changed = record(ACME, source={**ACME["source"], "title": "Acme Biologics signs a new CMO deal"},
                     evidence=[{**ACME["evidence"][0], "sentence": sentence}, ACME["evidence"][1]])  # fmt: skip
    store.write([Extraction.from_record(changed)])
    report = push_store(store, settings)
    assert report.nodes and report.relationships and report.unchanged
    title = run_cypher(neo4j_driver, "MATCH (a:Announcement {iri: $iri}) RETURN a.title AS title",
                       {"iri": _announcement(ACME)}, database=db)  # fmt: skip
    assert title == [{"title": "Acme Biologics signs a new CMO deal"}]
    sentences = run_cypher(neo4j_driver, "MATCH (:Organization {iri: $iri})-[r:CONTRACTS_WITH]->() "
                           "WHERE r.sentences IS NOT NULL RETURN r.sentences AS s", {"iri": ORG + "acme-biologics"}, database=db)  # fmt: skip
    assert sentences == [{"s": [sentence]}]
    updated = _snapshot(neo4j_driver, db)
    run_cypher(neo4j_driver, "MATCH (n) DETACH DELETE n", database=db, write=True)
    push_store(_store(changed, BETA), settings)  # the same content pushed into an empty database
    assert _snapshot(neo4j_driver, db) == updated


@pytest.mark.neo4j
def test_reingested_announcement_loses_only_what_it_alone_supported(neo4j_driver, neo4j_server) -> None:
    beta = record(
        BETA, facts=[*BETA["facts"], ["e1", "develops", "p1"]]
    )  # Acme develops ACM-101: both say so
    store, settings, db = _store(ACME, beta), _settings(neo4j_server), neo4j_server.database
    push_store(store, settings)
    changed = record(ACME, entities=[e for e in ACME["entities"] if e["id"] != "s2"],
                     facts=[f for f in ACME["facts"] if "s2" not in f and f[1] != "develops"],
                     evidence=ACME["evidence"][:1])  # fmt: skip
    store.write([Extraction.from_record(changed)])
    report = push_store(store, settings)
    assert report.relationships_deleted >= 2 and report.nodes_deleted >= 1
    sites = run_cypher(neo4j_driver, "MATCH (s:Site) RETURN s.name AS name", database=db)
    assert sites == [{"name": "Austin Bio Campus"}]
    develops = run_cypher(neo4j_driver, "MATCH (o:Organization)-[r:DEVELOPS]->(p) WHERE o.iri = $iri "
                          "RETURN r.sources AS sources", {"iri": ORG + "acme-biologics"}, database=db)  # fmt: skip
    assert develops == [{"sources": [_announcement(beta)]}]
    reconciled = _snapshot(neo4j_driver, db)
    push_store(store, settings)
    assert _snapshot(neo4j_driver, db) == reconciled
    run_cypher(neo4j_driver, "MATCH (n) DETACH DELETE n", database=db, write=True)
    push_store(_store(changed, beta), settings)  # the same content pushed into an empty database
    assert _snapshot(neo4j_driver, db) == reconciled


def _announcement(rec: dict) -> str:
    from kg.resolve import announcement_iri

    return announcement_iri(rec["doc"])


@pytest.mark.neo4j
def test_removed_announcement_stays_unless_pruned(neo4j_driver, neo4j_server) -> None:
    store, settings, db = _store(ACME, BETA), _settings(neo4j_server), neo4j_server.database
    push_store(store, settings)
    store.remove(BETA["doc"])
    push_store(store, settings)
    count = "MATCH (a:Announcement) RETURN count(a) AS n"
    assert run_cypher(neo4j_driver, count, database=db) == [{"n": 2}]
    push_store(store, settings, prune=True)
    assert run_cypher(neo4j_driver, count, database=db) == [{"n": 1}]
    assert run_cypher(neo4j_driver, "MATCH (o:Organization {iri: $i}) RETURN o.sources AS s",
                      {"i": ORG + "beta-pharma"}, database=db) == []  # fmt: skip


@pytest.mark.neo4j
def test_wrong_password_is_a_one_line_error(neo4j_server) -> None:
    settings = Neo4jSettings(uri=neo4j_server.uri, password="not-the-password")
    with pytest.raises(Neo4jError, match="refused the credentials") as error:
        push_store(_store(ACME), settings)
    assert neo4j_server.uri in str(error.value)


@pytest.mark.neo4j
def test_cli_push_and_cypher(neo4j_driver, neo4j_server, tmp_path) -> None:
    with Store.open(tmp_path / "store") as store:
        store.write([Extraction.from_record(ACME)])
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}  # fmt: skip
    runner = CliRunner()
    pushed = runner.invoke(main, ["--store", str(tmp_path / "store"), "push"], env=env)
    assert pushed.exit_code == 0, pushed.output
    out = runner.invoke(main, ["cypher", "MATCH (s:Site) WHERE s.startsOperations >= $y RETURN s.name AS name",
                               "-p", "y=2027", "--format", "json"], env=env)  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.output.strip().startswith("[") and "Incheon Plant 2" in out.output
    bad = runner.invoke(main, ["cypher", "MATCH (n", "--format", "json"], env=env)
    assert bad.exit_code == 1 and "Cypher failed" in bad.output


@pytest.mark.neo4j
def test_cli_ingest_with_neo4j_flag_pushes_what_it_ingested(neo4j_driver, neo4j_server, tmp_path) -> None:
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "acme.json").write_text(json.dumps(ACME))
    (folder / "beta.json").write_text(json.dumps(BETA))
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}  # fmt: skip
    args = ["--store", str(tmp_path / "store"), "ingest", "--jobs", "1", "--neo4j", str(folder)]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output
    with neo4j_driver.session(database=neo4j_server.database) as session:
        found = session.run(
            "MATCH (a:Organization)-[:CONTRACTS_WITH]-(b:Organization {name: $n}) RETURN count(a) AS c, "
            "b.aliases AS aliases",
            n="Beta Pharma",  # the node's name: the name as written less its legal form, which is an alias
        ).single()
    assert found["c"] == 1 and "Beta Pharma AG" in found["aliases"]


@pytest.mark.neo4j
def test_one_node_per_company_with_aliases_identifiers_and_parent(neo4j_driver, neo4j_server) -> None:
    from kg.reconcile import reconcile

    lilly = record(BETA, doc="lilly.txt", entities=[
        {"id": "e1", "type": "Organization", "name": "Eli Lilly and Company", "aliases": ["Lilly"]},
        {"id": "e2", "type": "Organization", "name": "Janssen Biotech, Inc."},
        {"id": "p1", "type": "Product", "name": "ACM-101"}])  # fmt: skip
    again = record(BETA, doc="lilly-2.txt", entities=[
        {"id": "e1", "type": "Organization", "name": "ELI LILLY"},
        {"id": "e2", "type": "Organization", "name": "Beta Pharma AG"},
        {"id": "p1", "type": "Product", "name": "ACM-101"}])  # fmt: skip
    store = _store(lilly, again)
    reconcile(store)
    push_store(store, _settings(neo4j_server))
    db = neo4j_server.database
    found = run_cypher(  # aliases: the names as written and the registry's
        neo4j_driver,
        "MATCH (o:Organization) WHERE o.name IN ['Eli Lilly', 'Janssen'] "
        "OPTIONAL MATCH (o)-[:SUBSIDIARY_OF]->(p:Organization) "
        "RETURN o.name AS name, o.aliases AS aliases, o.wikidata AS qid, o.tickers AS tickers, "
        "size(o.sources) AS sources, p.name AS parent ORDER BY name",
        database=db,
    )
    assert found == [
        {"name": "Eli Lilly", "aliases": ["ELI LILLY", "Eli Lilly and Company", "Lilly", "Lilly USA"],
         "qid": "Q632000", "tickers": ["NYSE:LLY"], "sources": 3, "parent": None},
        {"name": "Janssen", "aliases": found[1]["aliases"], "qid": None, "tickers": None, "sources": 2,
         "parent": "Johnson & Johnson"},
    ]  # fmt: skip
    assert "Janssen Biotech, Inc." in found[1]["aliases"]
    count = run_cypher(neo4j_driver, "MATCH (o:Organization) WHERE o.name CONTAINS 'Lilly' RETURN count(o) AS n",
                       database=db)  # fmt: skip
    assert count == [{"n": 1}]

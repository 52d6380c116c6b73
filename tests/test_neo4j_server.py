"""The Neo4j test fixtures give a working, empty, password-protected server."""

from __future__ import annotations

import neo4j
import pytest

from scripts.neo4j_server import Neo4jConnection
from tests.plugins.neo4j import clear_database

pytestmark = pytest.mark.neo4j


def test_nodes_round_trip_with_parameters(neo4j_driver: neo4j.Driver, neo4j_server: Neo4jConnection) -> None:
    db = neo4j_server.database
    neo4j_driver.execute_query(
        "CREATE (:Organization {iri: $iri, name: $name})",
        iri="urn:test:acme",
        name="Acme 'Bio' <b>",
        database_=db,
    )
    records = neo4j_driver.execute_query(
        "MATCH (o:Organization {iri: $iri}) RETURN o.name AS name", iri="urn:test:acme", database_=db
    ).records
    assert [record["name"] for record in records] == ["Acme 'Bio' <b>"]


def test_clear_database_removes_data_and_schema(
    neo4j_driver: neo4j.Driver, neo4j_server: Neo4jConnection
) -> None:
    db = neo4j_server.database
    neo4j_driver.execute_query(
        "CREATE CONSTRAINT org_iri FOR (o:Organization) REQUIRE o.iri IS UNIQUE", database_=db
    )
    neo4j_driver.execute_query(
        "CREATE (:Organization {iri: 'urn:test:x'})-[:OPERATES]->(:Site)", database_=db
    )
    clear_database(neo4j_driver, db)
    counts = neo4j_driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]-() RETURN count(DISTINCT n) AS nodes, count(r) AS rels",
        database_=db,
    ).records[0]
    assert (counts["nodes"], counts["rels"]) == (0, 0)
    constraints = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=db).records
    assert constraints == []


def test_wrong_password_is_refused(neo4j_server: Neo4jConnection) -> None:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()

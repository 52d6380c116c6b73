"""Pytest fixtures for a real Neo4j: `neo4j_server` (one per session) and `neo4j_driver` (clean database).

NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) points the tests at any running server;
otherwise the embedded launcher of scripts/neo4j_server.py is started once. Without java, javac or mvn
the tests skip, unless KG_REQUIRE_NEO4J=1, under which they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from scripts.neo4j_server import (
    DEFAULT_DATABASE,
    DEFAULT_PASSWORD,
    DEFAULT_USER,
    Neo4jConnection,
    Neo4jServer,
    missing_tools,
)

__all__ = ["clear_database", "neo4j_driver", "neo4j_server"]


def _from_environment() -> Neo4jConnection | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Neo4jConnection(
        uri=uri,
        user=os.environ.get("NEO4J_USER", DEFAULT_USER),
        password=os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
        database=os.environ.get("NEO4J_DATABASE", DEFAULT_DATABASE),
    )


def clear_database(driver: neo4j.Driver, database: str) -> None:
    """Delete every node and relationship, then every constraint and (non-lookup) index."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    for kind, query in (
        ("CONSTRAINT", "SHOW CONSTRAINTS YIELD name RETURN name"),
        ("INDEX", "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"),
    ):
        names = [record["name"] for record in driver.execute_query(query, database_=database).records]
        for name in names:
            quoted = name.replace("`", "``")
            driver.execute_query(f"DROP {kind} `{quoted}` IF EXISTS", database_=database)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jConnection]:
    """Where the test Neo4j listens: NEO4J_URI if set, else a launcher started for this session."""
    external = _from_environment()
    if external is not None:
        yield external
        return
    reason = missing_tools()
    if reason is not None:
        if os.environ.get("KG_REQUIRE_NEO4J") == "1":
            pytest.fail(f"KG_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    with Neo4jServer() as connection:
        yield connection


@pytest.fixture
def neo4j_driver(neo4j_server: Neo4jConnection) -> Iterator[neo4j.Driver]:
    """A driver on an emptied database (`neo4j_server.database`); closed after the test."""
    auth = (neo4j_server.user, neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        clear_database(driver, neo4j_server.database)
        yield driver

"""Issue 13, done when: an announcement is ingested, one of its facts rejected, another confirmed, two names
of one company merged; a changed version is re-ingested; the rejected fact stays gone in SPARQL (over HTTP),
in ``kg query`` (both backends, against a real Neo4j), in the TriG export and in the viewer's data; the
confirmed fact survives although the new version no longer states it; the merge is one node in Neo4j.
Raw extraction stays queryable in the announcement graphs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from tests.curation.conftest import BPK, ID, MERIDIAN, MERIDIAN_BIO, TLS_310, VISP_SITE, kg, kg_json, revise
from tests.plugins.server import running_server

pytestmark = pytest.mark.neo4j

REJECTED = f"<{MERIDIAN}> <{BPK}develops> <{TLS_310}>"  # Meridian makes TLS-310; Tallis develops it
CONFIRMED = f"<{MERIDIAN}> <{BPK}operates> <{VISP_SITE}>"  # the revised release no longer says it
# ... nor this, which no other announcement says (the "Meridian Bio" one does say that Meridian, merged,
# operates Visp: resolution follows the merge into the announcement graphs)
STARTED = f"<{VISP_SITE}> <{BPK}startsOperations> '2027'^^<http://www.w3.org/2001/XMLSchema#gYear>"


def _neo4j_env(server) -> dict[str, str]:
    return {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password,
            "NEO4J_DATABASE": server.database}  # fmt: skip


def _ask(url: str, query: str) -> bool:
    r = requests.post(url, data=query.encode(), timeout=60, headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})  # fmt: skip
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def _network(store: Path, backend: str, env: dict[str, str]) -> set[tuple[str, str, str]]:
    rows = kg_json("--store", store, "query", "network", "Meridian Biologics", "--depth", "1",
                   "--backend", backend, env=env)  # fmt: skip
    return {(r["source_iri"], r["relation"], r["target_iri"]) for r in rows}


def _viewer_data(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    text = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(text)


def test_corrections_survive_reingest_in_every_output(corpus: Path, tmp_path: Path, neo4j_server,
                                                      neo4j_driver) -> None:  # fmt: skip
    store, env = tmp_path / "store", _neo4j_env(neo4j_server)
    kg("--store", store, "ingest", corpus)
    # the review queue shows the wrong fact with its id and sentence; reject it by that id
    queue = kg_json("--store", store, "review", "--relation", "develops", "--limit", "0")
    wrong = next(r for r in queue if r["subject_iri"] == MERIDIAN and r["object_value"] == TLS_310)
    assert "Meridian Biologics" in wrong["sentence"] and wrong["id"].startswith("f-")
    kg(
        "--store",
        store,
        "curate",
        "reject",
        wrong["id"],
        "--why",
        "Meridian manufactures TLS-310; Tallis develops it",
    )
    kg(
        "--store",
        store,
        "curate",
        "confirm",
        "Meridian Biologics",
        "operates",
        "Visp Drug Substance Facility",
    )
    kg("--store", store, "curate", "merge", "Meridian Biologics", "Meridian Bio", "--why", "one company")
    # one Visp plant now (sites are their company's: the two companies' plants of one name were two)
    kg("--store", store, "curate", "confirm", "Visp Drug Substance Facility", "starts_operations", "2027")
    kg("--store", store, "push", env=env)
    revise(corpus)
    again = kg("--store", store, "ingest", corpus)
    assert "1 replaced" in again.stderr
    kg("--store", store, "push", env=env)

    # SPARQL over HTTP: the rejected fact is gone, the confirmed one stays, the merged name is one node
    with running_server(store) as url:
        assert not _ask(url, f"ASK {{ {REJECTED} }}")
        assert _ask(url, f"ASK {{ {CONFIRMED} }}") and _ask(url, f"ASK {{ {STARTED} }}")
        assert not _ask(url, f"ASK {{ <{MERIDIAN_BIO}> ?p ?o }}") and not _ask(
            url, f"ASK {{ ?s ?p <{MERIDIAN_BIO}> }}"
        )
        # the merged name stays a name of the node: resolution, which follows the merge, keeps it as the name
        # the announcement wrote (bpk:nameInSource, an alternate name; an alias in Neo4j and the viewer)
        assert _ask(url, f"ASK {{ <{MERIDIAN}> <{BPK}alias>|<{BPK}nameInSource> 'Meridian Bio' }}")
        assert _ask(url, f"ASK {{ GRAPH ?g {{ {REJECTED} }} }}")  # raw extraction stays queryable
        assert not _ask(url, f"ASK {{ GRAPH ?g {{ {STARTED} }} }}")  # no announcement states it now

    # kg query, both backends (Neo4j pushed after the re-ingest): the same answers, corrections applied
    rdf, neo = _network(store, "rdf", env), _network(store, "neo4j", env)
    assert rdf == neo
    assert (MERIDIAN, "develops", TLS_310) not in rdf and (MERIDIAN, "operates", VISP_SITE) in rdf
    sites = {r["site_iri"] for r in kg_json("--store", store, "query", "sites", "Meridian Bio", "--backend",
                                            "neo4j", env=env)}  # fmt: skip
    assert VISP_SITE in sites  # found by the merged name, through its alias

    # Neo4j: one node for the company, both names; no DEVELOPS relationship from it to TLS-310
    with neo4j_driver.session(database=neo4j_server.database) as s:
        nodes = s.run("MATCH (o:Organization) WHERE o.name STARTS WITH 'Meridian' OR "
                      "any(a IN coalesce(o.aliases, []) WHERE a STARTS WITH 'Meridian') "
                      "RETURN o.iri AS iri, o.aliases AS aliases").data()  # fmt: skip
        develops = s.run("MATCH (:Organization {iri: $m})-[r:DEVELOPS]->(:Product {iri: $p}) RETURN count(r) AS n",
                         m=MERIDIAN, p=TLS_310).single()["n"]  # fmt: skip
    assert [n["iri"] for n in nodes] == [MERIDIAN] and "Meridian Bio" in nodes[0]["aliases"]
    assert develops == 0

    # the TriG export: in no graph; the confirmed fact is there (stated by the curation graph)
    trig = kg("--store", store, "export", "--format", "trig").stdout.encode()
    quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    triples = {str(q.triple) for q in quads}
    assert REJECTED not in triples and CONFIRMED in triples and STARTED.replace("'", '"') in triples
    facts = [q for q in quads if not q.subject.value.startswith(ID + "correction/")]  # records name it
    assert not any(MERIDIAN_BIO in (q.subject.value, getattr(q.object, "value", "")) for q in facts)

    # the viewer's data
    page = tmp_path / "page.html"
    kg("--store", store, "viz", "-o", page)
    data = _viewer_data(page)
    edges = {(e["from"], e["relation"], e["to"]) for e in data["edges"]}
    assert (MERIDIAN, "develops", TLS_310) not in edges and (MERIDIAN, "operates", VISP_SITE) in edges
    assert MERIDIAN_BIO not in {n["id"] for n in data["nodes"]}


def test_without_the_corrections_the_same_run_brings_the_fact_back(corpus: Path, tmp_path: Path) -> None:
    """The control: the same ingests without corrections leave the wrong fact and lose the Visp plant
    (what the test above checks can fail)."""
    store = tmp_path / "store"
    kg("--store", store, "ingest", corpus)
    revise(corpus)
    kg("--store", store, "ingest", corpus)
    with running_server(store) as url:
        assert _ask(url, f"ASK {{ {REJECTED} }}")
        assert not _ask(url, f"ASK {{ {CONFIRMED} }}") and not _ask(url, f"ASK {{ {STARTED} }}")
        assert _ask(url, f"ASK {{ <{MERIDIAN_BIO}> ?p ?o }}")

"""Issue 2's acceptance: the seed announcement, ingested as text, answers the analyst's questions via SPARQL."""

from __future__ import annotations

import pytest

from kg.pipeline import ingest
from kg.store import Store

QUERY = """
SELECT ?client ?desc ?service ?end (GROUP_CONCAT(DISTINCT ?stage; separator="|") AS ?stages) ?sentence WHERE {
  ?lotte rdfs:label "Lotte Biologics" ; bpk:contractsWith ?c .
  ?c bpk:undisclosed true ; bpk:description ?desc ; bpk:headquarteredIn/bpk:countryCode "US" .
  ?a a bpk:Agreement ; bpk:provider ?lotte ; bpk:client ?c ; bpk:service ?service ; bpk:endYear ?end ;
     bpk:stage ?stage .
  ?ev rdf:subject ?lotte ; rdf:predicate bpk:contractsWith ; rdf:object ?c ; bpk:sentence ?sentence .
  BIND(STR(?c) AS ?client)
} GROUP BY ?client ?desc ?service ?end ?sentence
"""

SITES = """
SELECT ?site ?cc ?start ?sentence WHERE {
  ?lotte rdfs:label "Lotte Biologics" ; bpk:operates ?s .
  ?s rdfs:label ?site ; bpk:locatedIn/bpk:countryCode ?cc .
  OPTIONAL { ?s bpk:startsOperations ?start }
  ?ev rdf:subject ?lotte ; rdf:predicate bpk:operates ; rdf:object ?s ; bpk:sentence ?sentence .
} ORDER BY ?site
"""


@pytest.fixture
def seed_store(eval_dev, tmp_path):
    with Store.open(tmp_path / "store") as store:
        report = ingest(store, sorted(eval_dev.glob("seed-*.txt")))
        assert report.failed == 0 and report.written.added == 1
        yield store


def test_seed_contract_with_undisclosed_us_client(seed_store):
    rows = seed_store.select(QUERY)
    assert len(rows) >= 1
    row = rows[0]
    assert row["service"] == "CMO" and row["end"] == 2030
    assert set(row["stages"].split("|")) == {"Phase 3", "commercial"}
    assert "United States" in row["desc"]
    assert "contract" in row["sentence"] and "Lotte Biologics" in row["sentence"]


def test_seed_sites_with_countries_and_start_year(seed_store):
    rows = {r["site"]: r for r in seed_store.select(SITES)}
    assert rows["Syracuse Bio Campus"]["cc"] == "US"
    assert rows["Songdo Bio Campus"]["cc"] == "KR"
    assert rows["Songdo Bio Campus"]["start"] == 2027
    assert rows["Syracuse Bio Campus"]["start"] is None
    assert all("Campus" in r["sentence"] for r in rows.values())

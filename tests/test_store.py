"""The embedded store: named graph per announcement, union default graph, idempotent replace, persistence."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.export import union_triples, write_rdf
from kg.model import Extraction
from kg.store import Store
from tests.records import ACME, BETA, record


def _dataset(store: Store) -> set[ox.Quad]:
    """The store's quads as parsed back from its N-Quads export (the graph has no blank nodes, so set
    equality is graph isomorphism)."""
    buf = io.BytesIO()
    write_rdf(store, "nq", buf)
    return set(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS))


def test_same_company_in_two_announcements_is_one_node(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.write([Extraction.from_record(ACME), Extraction.from_record(BETA)])
        rows = store.select("SELECT DISTINCT ?o WHERE { ?o bpk:contractsWith|^bpk:contractsWith ?x }")
        names = store.select(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?o rdfs:label ?l . FILTER(CONTAINS(LCASE(?l), 'acme')) } }"
        )
    assert len(rows) == 3  # Acme, the undisclosed client, Beta Pharma
    assert names[0]["n"] == 2  # Acme is stated in both announcement graphs


def test_writing_twice_changes_nothing(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.write([Extraction.from_record(ACME), Extraction.from_record(BETA)])
        before = _dataset(store)
        report = store.write([Extraction.from_record(ACME), Extraction.from_record(BETA)])
        after = _dataset(store)
    assert report.unchanged == 2 and report.quads_added == 0
    assert before == after and len(before) > 100


def test_reingest_replaces_the_announcement_graph(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.write([Extraction.from_record(ACME)])
        changed = record(ACME, facts=[["e1", "contracts_with", "e2"]], agreements=[], evidence=[])
        report = store.write([Extraction.from_record(changed)])
        assert report.replaced == 1
        assert not store.ask("ASK { ?s bpk:startsOperations ?y }")
        assert store.ask("ASK { ?a bpk:contractsWith ?b }")


def test_store_survives_reopening(tmp_path):
    with Store.open(tmp_path / "s") as store:
        store.write([Extraction.from_record(ACME)])
        n = len(union_triples(store))
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert len(union_triples(store)) == n
        assert list(store.documents()) == ["acme-cmo-2026.txt"]


def test_evidence_is_reachable_from_each_fact():
    store = Store.in_memory()
    store.write([Extraction.from_record(ACME)])
    rows = store.select("""
        SELECT ?sentence ?doc WHERE {
          ?a bpk:contractsWith ?b .
          ?ev rdf:subject ?a ; rdf:predicate bpk:contractsWith ; rdf:object ?b ;
              bpk:sentence ?sentence ; prov:wasDerivedFrom ?g .
          ?g bpk:documentKey ?doc }""")
    assert rows == [
        {"sentence": "Acme Biologics signed a CMO contract with a U.S. biotech.", "doc": ACME["doc"]}
    ]

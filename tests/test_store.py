"""The embedded store: named graph per announcement, their merge as the default graph, idempotent replace,
persistence."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.merged import is_source
from kg.model import Extraction
from kg.sinks.rdf import union_triples, write_rdf
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


def _merge_matches_the_announcement_graphs(store: Store) -> bool:
    """The default graph is the merge of the announcement graphs (the curation and change-set graphs are the
    store's own, not sources of facts)."""
    inner = store.oxigraph
    default = {q.triple for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = {q.triple for q in inner if is_source(q.graph_name)}
    return default == named


def test_the_default_graph_is_the_merge_through_adds_replaces_and_removes(tmp_path):
    acme, beta = Extraction.from_record(ACME), Extraction.from_record(BETA)
    shared = "ASK { ?o bpk:nameInSource 'ACME BIOLOGICS, INC' }"  # stated by BETA only
    with Store.open(tmp_path / "s") as store:
        store.write([acme, beta])
        assert _merge_matches_the_announcement_graphs(store)
        # a statement both announcements make matches once, not once per announcement graph
        rows = store.select(
            "SELECT ?t WHERE { ?o a bpk:Organization ; bpk:nameInSource 'Acme Biologics Inc.' . ?o a ?t }"
        )
        assert len(rows) == len({r["t"] for r in rows})
        changed = record(BETA, facts=[], agreements=[], evidence=[])
        assert store.write([Extraction.from_record(changed)]).replaced == 1
        assert _merge_matches_the_announcement_graphs(store) and store.ask(shared)
        assert store.remove(BETA["doc"])
        assert _merge_matches_the_announcement_graphs(store) and not store.ask(shared)
        assert store.ask("ASK { ?o bpk:nameInSource 'Acme Biologics Inc.' }")  # still stated by ACME
        assert store.remove(ACME["doc"])
        left = {q.graph_name.value for q in store.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}
        assert left == {"https://w3id.org/biopharma-kg/id/graph/changes"}  # only the journal of what happened
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_replacing_announcements_together_keeps_the_merge():
    store = Store.in_memory()
    a, b = record(ACME, doc="a.txt"), record(ACME, doc="b.txt")  # the same statements, twice
    store.write([Extraction.from_record(a), Extraction.from_record(b)])
    bare = {"facts": [], "agreements": [], "evidence": []}
    # one drops the facts both made, the other keeps them: they stay in the merge
    assert store.write([Extraction.from_record(record(a, **bare)), Extraction.from_record(b)]).replaced == 1
    assert _merge_matches_the_announcement_graphs(store) and store.ask("ASK { ?o bpk:operates ?s }")
    # the last one stating them drops them: they leave it
    assert store.write([Extraction.from_record(record(b, **bare))]).replaced == 1
    assert _merge_matches_the_announcement_graphs(store) and not store.ask("ASK { ?o bpk:operates ?s }")
    # both take them back in one write, then drop them in one write
    assert store.write([Extraction.from_record(a), Extraction.from_record(b)]).replaced == 2
    assert _merge_matches_the_announcement_graphs(store) and store.ask("ASK { ?o bpk:operates ?s }")
    both = [Extraction.from_record(record(x, **bare)) for x in (a, b)]
    assert store.write(both).replaced == 2
    assert _merge_matches_the_announcement_graphs(store) and not store.ask("ASK { ?o bpk:operates ?s }")


def test_a_store_without_the_merge_gets_it_when_opened_for_writing(tmp_path):
    path = tmp_path / "s"
    inner = ox.Store(str(path))  # as an older version wrote it: announcement graphs only
    with Store.open(tmp_path / "elsewhere") as source:
        source.write([Extraction.from_record(ACME)])
        inner.extend(list(source.quads()))
    inner.flush()
    del inner
    with Store.open(path, read_only=True) as store:  # read-only: the union stands in for the merge
        assert store.ask("ASK { ?s bpk:operates ?site }")
    with Store.open(path) as store:
        assert _merge_matches_the_announcement_graphs(store)
        assert store.ask("ASK { ?s bpk:operates ?site }")


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


def test_replacing_keeps_every_character_of_a_literal():
    store = Store.in_memory()
    store.write([Extraction.from_record(ACME)])
    name = 'Q "quoted" \\ back\nnew line — ünïcode \t tab \u0007 bell'
    entities = [dict(e) for e in ACME["entities"]]
    entities[0]["name"] = name
    assert store.write([Extraction.from_record(record(ACME, entities=entities))]).replaced == 1
    rows = store.select("SELECT ?l WHERE { ?o rdfs:label ?l FILTER(STRSTARTS(?l, 'Q ')) }")
    assert [r["l"] for r in rows] == [name]
    assert _merge_matches_the_announcement_graphs(store)


def test_compacting_keeps_every_statement_and_merges_the_files_of_bulk_loads(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as store:
        for n in range(8):  # each write of new announcements is one bulk load: files of its own
            store.write(
                Extraction.from_record(record(base, doc=f"{n}-{base['doc']}")) for base in (ACME, BETA)
            )
        before, files = _dataset(store), len(list(path.glob("*.sst")))
        store.compact()
        assert _dataset(store) == before and len(before) > 0
        assert _merge_matches_the_announcement_graphs(store)
        assert len(list(path.glob("*.sst"))) < files
        assert store.announcements() == 16

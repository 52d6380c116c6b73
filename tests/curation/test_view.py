"""What each correction does to the graph, as the README says it: the latest decision wins, an agreement is
followed by its parties when its announcement renumbers its agreements, a merge leaves no loop, a renamed
company is still found by its old name, and the store's corrections reach every reader."""

from __future__ import annotations

import copy

from kg import queries
from kg.curation import commands as cmd
from kg.curation.facts import fact_id
from kg.model import Extraction
from kg.queries import RdfBackend
from kg.store import Store
from tests.curation.test_merged import A, B, C

WHO = cmd.Who("ana")
ID = "https://w3id.org/biopharma-kg/id/"
ALDER, BIRCH, CEDAR = ID + "org/alder-bio", ID + "org/birch-pharma", ID + "org/cedar-therapeutics"


def _store(*docs: dict) -> Store:
    store = Store.in_memory()
    store.write([Extraction.from_record(d) for d in docs])
    return store


def _partners(store: Store, name: str) -> list[str]:
    return [r["partner"] for r in queries.partners(RdfBackend(store), name)]


def test_the_latest_decision_about_a_fact_wins():
    store = _store(A)
    fact = fact_id(ALDER, "contracts_with", BIRCH)
    ask = f"ASK {{ <{ALDER}> bpk:contractsWith <{BIRCH}> }}"
    cmd.reject(store, fact, WHO)
    assert not store.ask(ask)
    cmd.confirm(store, fact, WHO)  # a rejected fact comes back
    assert store.ask(ask)
    cmd.reject(store, fact, WHO)
    assert not store.ask(ask) and len(store.overlay.corrections) == 3


def test_an_agreement_correction_follows_its_parties_when_the_announcement_renumbers_them():
    two = copy.deepcopy(A)
    two["agreements"].append({"provider": "e2", "client": "e1", "type": "supply"})
    store = _store(two)
    first = ID + store.select("SELECT ?a WHERE { ?a a bpk:Agreement ; bpk:agreementType 'manufacturing' }")[0][
        "a"].removeprefix(ID)  # fmt: skip
    cmd.edit(store, first.removeprefix(ID), "stage", ["Phase 3"], WHO)
    cmd.reject(store, first.removeprefix(ID), WHO)
    assert not store.ask("ASK { ?a bpk:agreementType 'manufacturing' }")
    renumbered = copy.deepcopy(two)
    renumbered["agreements"].reverse()  # the revised release lists the supply deal first
    store.write([Extraction.from_record(renumbered)])
    assert store.ask("ASK { ?a bpk:agreementType 'supply' }")  # the other agreement, now at index 1
    assert not store.ask("ASK { ?a bpk:agreementType 'manufacturing' }")  # still rejected, whatever its index


def test_a_merge_leaves_no_company_contracting_with_itself_and_a_split_restores_both():
    store = _store(A, B)
    cmd.merge(store, "Alder Bio", "Birch Pharma", WHO)
    assert not store.ask(f"ASK {{ <{ALDER}> bpk:contractsWith <{ALDER}> }}")
    assert not store.ask(f"ASK {{ <{BIRCH}> ?p ?o }}")
    assert _partners(store, "Birch Pharma") == ["Cedar Therapeutics"]  # found by its old name, now an alias
    cmd.split(store, "Alder Bio", "Birch Pharma", WHO)
    assert _partners(store, "Birch Pharma") == ["Alder Bio", "Cedar Therapeutics"]


def test_a_renamed_company_keeps_its_old_name_as_an_alias():
    store = _store(A, B, C)
    cmd.rename(store, "Cedar Therapeutics", "Cedar Therapeutics GmbH", WHO)
    names = {r["name"] for r in queries.lookup(RdfBackend(store), "Cedar Therapeutics")}
    assert names == {"Cedar Therapeutics GmbH"}
    assert {r["name"] for r in queries.lookup(RdfBackend(store), "cedar therapeutics gmbh")} == names


def test_an_added_fact_creates_its_site_and_survives_removal_of_every_announcement():
    store = _store(A)
    cmd.add(store, "Alder Bio", "operates", "Alder Leipzig Plant", "https://alder.example/leipzig",
            "Alder Bio runs a fill-finish plant in Leipzig.", WHO)  # fmt: skip
    store.remove(A["doc"])
    rows = queries.sites(RdfBackend(store), "Alder Bio")
    assert [(r["site"], r["confidence"]) for r in rows] == [("Alder Leipzig Plant", 1.0)]
    evidence = store.select("SELECT ?url ?sentence WHERE { ?e bpk:sourceUrl ?url ; bpk:sentence ?sentence }")
    assert evidence == [
        {"url": "https://alder.example/leipzig", "sentence": "Alder Bio runs a fill-finish plant in Leipzig."}
    ]


def test_raw_extraction_stays_in_the_announcement_graphs():
    store = _store(A)
    cmd.reject(store, fact_id(ALDER, "contracts_with", BIRCH), WHO)
    assert not store.ask(f"ASK {{ <{ALDER}> bpk:contractsWith <{BIRCH}> }}")
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{ALDER}> bpk:contractsWith <{BIRCH}> }} }}")
    assert store.ask("ASK { GRAPH <https://w3id.org/biopharma-kg/id/graph/curation> { ?c a bpk:Rejection ; "
                     "rdf:predicate bpk:contractsWith ; prov:wasAttributedTo/rdfs:label 'ana' } }")  # fmt: skip


def test_a_correction_read_back_from_the_store_is_the_same_correction():
    """The store keeps times canonical ("...56.426850Z" as "...56.42685Z"): ids and evidence must not move."""
    from kg.curation.graph import read_corrections
    from kg.curation.view import evidence_iri

    store = _store(A)
    outcome = cmd.add(store, "Alder Bio", "headquartered_in", "US", "https://alder.example/about",
                      "Alder Bio is based in Austin.", cmd.Who("ana", at="2026-12-03T18:33:56.426850Z"))  # fmt: skip
    (made,) = outcome.corrections
    (read,) = read_corrections(store.oxigraph)
    assert read == made and read.id == made.id and made.at == "2026-12-03T18:33:56.42685Z"
    assert store.ask(f"ASK {{ <{evidence_iri(made)}> prov:wasDerivedFrom ?g . ?g a bpk:Announcement }}")

"""The merged default graph under any sequence of writes, removals and corrections: always the corrected merge
of the announcement graphs, computed from scratch; and each change set records exactly the facts that entered
and left it (compared with a set difference of the merged graph before and after)."""

from __future__ import annotations

import copy

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.curation import commands as cmd
from kg.curation.changes import read_change_sets, read_changes
from kg.curation.facts import JOURNALED
from kg.curation.model import CurationError
from kg.model import Extraction
from kg.store import Store

WHO = cmd.Who("tester", "property test")


def _doc(name: str, entities: list, facts: list, agreements: list | None = None) -> dict:
    return {"doc": f"{name}.json", "source": {"title": f"{name} news", "url": f"https://example.org/{name}"},
            "entities": entities, "facts": facts, "agreements": agreements or [],
            "evidence": [{"fact": i, "sentence": f"{name} sentence {i}.", "start": 0, "end": 9}
                         for i in range(len(facts))]}  # fmt: skip


def _org(i: str, name: str) -> dict:
    return {"id": i, "type": "Organization", "name": name}


A = _doc("a", [_org("e1", "Alder Bio"), _org("e2", "Birch Pharma"),
               {"id": "s1", "type": "Site", "name": "Alder Plant 1"}],
         [["e1", "contracts_with", "e2"], ["e1", "operates", "s1"], ["s1", "located_in", "US"],
          ["s1", "starts_operations", "2027"]],
         [{"provider": "e1", "client": "e2", "type": "manufacturing", "stage": ["Phase 2"], "end_year": 2030,
           "value": [{"amount": 5e7, "currency": "USD", "what": "total"}]}])  # fmt: skip
B = _doc("b", [_org("e1", "Birch Pharma"), _org("e2", "Cedar Therapeutics"),
               {"id": "p1", "type": "Product", "name": "CDR-7"}],
         [["e1", "contracts_with", "e2"], ["e2", "develops", "p1"], ["e2", "headquartered_in", "DE"]],
         [{"partner": ["e1", "e2"], "type": "collaboration"}])  # fmt: skip
C = _doc("c", [_org("e1", "Alder Biologics"), _org("e2", "Cedar Therapeutics"),
               {"id": "s1", "type": "Site", "name": "Alder Plant 1"}],
         [["e1", "acquires", "e2"], ["e1", "operates", "s1"], ["e1", "headquartered_in", "US"]])  # fmt: skip


def _variant(doc: dict, k: int) -> dict:
    """Variant k of a document: as written, without its last fact, or with another stage."""
    out = copy.deepcopy(doc)
    if k == 1:
        out["facts"] = out["facts"][:-1]
        out["evidence"] = out["evidence"][: len(out["facts"])]
    elif k == 2 and out["agreements"]:
        out["agreements"][0]["stage"] = ["Phase 3"]
    return out


DOCS = (A, B, C)
OPS = st.lists(st.tuples(st.sampled_from(["write", "write", "remove", "reject", "confirm", "add", "merge",
                                          "split", "rename", "edit", "reject-agreement"]),
                         st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=12)  # fmt: skip


def _merge(store: Store) -> set[ox.Triple]:
    return {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _expected(store: Store) -> set[ox.Triple]:
    """The corrected merge computed from scratch: every announcement graph's view, and the analysts'."""
    return {q.triple for q in store.quads(records=False)}


def _facts(triples: set[ox.Triple]) -> set[ox.Triple]:
    return {t for t in triples if t.predicate.value in JOURNALED}


def _pick(items: list, i: int):
    return items[i % len(items)] if items else None


def _step(store: Store, op: str, i: int, j: int) -> None:
    facts = sorted((t for t in _facts(_merge(store)) if t.predicate.value.endswith(
        ("contractsWith", "operates", "acquires", "develops", "locatedIn", "headquarteredIn", "startsOperations"))),
        key=str)  # fmt: skip
    orgs = sorted(r["o"] for r in store.select("SELECT DISTINCT ?o WHERE { ?o a bpk:Organization }"))
    agreements = sorted(r["a"] for r in store.select("SELECT DISTINCT ?a WHERE { ?a a bpk:Agreement }"))
    if op == "write":
        store.write([Extraction.from_record(_variant(DOCS[i % 3], j % 3))])
    elif op == "remove":
        store.remove(DOCS[i % 3]["doc"])
    elif op in ("reject", "confirm") and facts:
        t = _pick(facts, i)
        from kg.curation.facts import fact_id_of

        (cmd.reject if op == "reject" else cmd.confirm)(store, fact_id_of(t), WHO)
    elif op == "add" and len(orgs) >= 2:
        cmd.add(store, _pick(orgs, i), "contracts_with", _pick(orgs, j), "https://example.org/src",
                "They signed.", WHO)  # fmt: skip
    elif op == "merge" and len(orgs) >= 2 and _pick(orgs, i) != _pick(orgs, j):
        cmd.merge(store, _pick(orgs, i), _pick(orgs, j), WHO)
    elif op == "split" and store.overlay.merges:
        m = _pick(list(store.overlay.merges), i)
        cmd.split(store, m.subject, m.object, WHO)
    elif op == "rename" and orgs:
        cmd.rename(store, _pick(orgs, i), f"Renamed {j % 3}", WHO)
    elif op == "edit" and agreements:
        cmd.edit(store, _pick(agreements, i), "stage", [("Phase 1", "commercial", "Phase 3")[j % 3]], WHO)
    elif op == "reject-agreement" and agreements:
        cmd.reject(store, _pick(agreements, i), WHO)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_the_merge_is_the_corrected_union_and_the_journal_its_difference(ops):
    store = Store.in_memory()
    store.write([Extraction.from_record(d) for d in DOCS])
    for op, i, j in ops:
        before, sets = _facts(_merge(store)), len(read_change_sets(store.oxigraph))
        try:
            _step(store, op, i, j)
        except CurationError:
            pass  # refused input (a merge of a node with itself...) changes nothing
        after = _facts(_merge(store))
        assert _merge(store) == _expected(store), op
        if len(read_change_sets(store.oxigraph)) == sets:
            assert after == before, f"{op} changed facts without a change set"
            continue
        changes = read_changes(store.oxigraph)  # the last change set
        added = {c.triple for c in changes if c.what == "added"}
        removed = {c.triple for c in changes if c.what == "removed"}
        assert (added, removed) == (after - before, before - after), op


def test_a_refused_correction_changes_nothing():
    store = Store.in_memory()
    store.write([Extraction.from_record(A)])
    before = set(store.oxigraph)
    for bad in (lambda: cmd.merge(store, "Alder Bio", "alder bio", WHO),
                lambda: cmd.reject(store, "f-0000000000000000", WHO),
                lambda: cmd.merge(store, "Alder Bio", "Alder Plant 1", WHO),
                lambda: cmd.edit(store, "f-0000000000000000", "stage", ["Phase 1"], WHO)):  # fmt: skip
        try:
            bad()
        except CurationError:
            pass
        else:
            raise AssertionError("accepted")
    assert set(store.oxigraph) == before

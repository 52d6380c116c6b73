"""Corrections and entity resolution: what analysts decide wins over what resolution would do, and survives
re-ingest and the store-wide pass. Sites and products are their company's (``site/COMPANY/NAME``), so a
merge of two companies is a merge of their same-named plants too, and a correction about a merged company's
plant follows it there."""

from __future__ import annotations

import json
from pathlib import Path

from kg.curation import commands as cmd
from kg.pipeline import ingest
from kg.reconcile import reconcile, report
from kg.store import Store

WHO = cmd.Who("ana")
ID = "https://w3id.org/biopharma-kg/id/"
ALDER, BIRCH = ID + "org/alder-bio", ID + "org/birch-pharma"
ALDER_PLANT, BIRCH_PLANT = ID + "site/alder-bio/leipzig-plant", ID + "site/birch-pharma/leipzig-plant"
OPENS_2028 = "bpk:startsOperations '2028'^^xsd:gYear"


def _record(doc: str, company: str, facts: list, entities: tuple = (), sentence: str = "") -> dict:
    out = {"doc": doc, "source": {"title": doc, "url": f"https://news.example/{doc}"},
           "entities": [{"id": "e1", "type": "Organization", "name": company},
                        {"id": "s1", "type": "Site", "name": "Leipzig Plant"}, *entities],
           "facts": [["e1", "operates", "s1"], ["s1", "located_in", "DE"], *facts], "agreements": []}  # fmt: skip
    if sentence:
        out["evidence"] = [{"fact": 0, "sentence": sentence, "start": 0, "end": len(sentence)}]
    return out


ALDER_NEWS = _record("alder.json", "Alder Bio", [["e1", "contracts_with", "e2"]],
                     ({"id": "e2", "type": "Organization", "name": "Cedar Therapeutics"},))  # fmt: skip
BIRCH_NEWS = _record("birch.json", "Birch Pharma", [["s1", "starts_operations", "2028"]])
BIRCH_REVISED = _record("birch.json", "Birch Pharma", [["s1", "starts_operations", "2028"], ["e1", "develops", "p1"]],
                        ({"id": "p1", "type": "Product", "name": "BP-11"},))  # fmt: skip


def _write(folder: Path, *records: dict) -> Path:
    folder.mkdir(exist_ok=True)
    for r in records:
        (folder / f"{r['doc']}l").write_text(json.dumps(r) + "\n", encoding="utf-8")
    return folder


def _anywhere(store: Store, iri: str) -> bool:
    """Whether any graph (the merge or an announcement's) names ``iri``."""
    return store.ask(f"ASK {{ {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} UNION {{ <{iri}> ?p ?o }} }}")


def test_a_merge_wins_over_resolution_and_survives_reingest_and_the_store_wide_pass(tmp_path: Path) -> None:
    news = _write(tmp_path / "news", ALDER_NEWS, BIRCH_NEWS)
    with Store.open(tmp_path / "store") as store:
        ingest(store, [news])
        assert _anywhere(store, BIRCH) and _anywhere(store, BIRCH_PLANT)  # two companies, two plants
        cmd.merge(store, "Alder Bio", "Birch Pharma", WHO)
        # resolution follows the merge into the announcement graphs: one company, one Leipzig plant
        assert not _anywhere(store, BIRCH) and not _anywhere(store, BIRCH_PLANT)
        assert store.ask(
            f"ASK {{ <{ALDER}> bpk:operates <{ALDER_PLANT}> ; bpk:nameInSource 'Birch Pharma' }}"
        )
        assert store.select(f"SELECT ?s WHERE {{ <{ALDER}> bpk:operates ?s }}") == [{"s": ALDER_PLANT}]
        assert reconcile(store).rewritten == 0  # the store-wide pass agrees with the merge
        _write(news, BIRCH_REVISED)
        again = ingest(store, [news])  # the workers resolve with the analysts' merge: nothing to rewrite
        assert again.written.replaced == 1 and again.resolution.rewritten == 0
        assert not _anywhere(store, BIRCH) and not _anywhere(store, BIRCH_PLANT)
        assert store.ask(f"ASK {{ <{ALDER}> bpk:develops <{ID}product/alder-bio/bp-11> }}")
        cmd.split(store, "Alder Bio", "Birch Pharma", WHO)  # two companies and two plants again
        assert store.ask(
            f"ASK {{ <{BIRCH}> bpk:operates <{BIRCH_PLANT}> ; bpk:develops <{ID}product/birch-pharma/bp-11> }}"
        )
        assert not store.ask(f"ASK {{ <{ALDER}> bpk:nameInSource 'Birch Pharma' }}")
        assert reconcile(store).rewritten == 0


def test_a_split_wins_over_an_alias_an_announcement_states(tmp_path: Path) -> None:
    says = "Alder Bio (formerly Birch Pharma) opened its Leipzig Plant."
    renamed = _record("renamed.json", "Alder Bio", [], sentence=says)
    for split in (False, True):
        news = _write(tmp_path / f"news-{split}", ALDER_NEWS, BIRCH_NEWS)
        with Store.open(tmp_path / f"store-{split}") as store:
            ingest(store, [news])
            if split:
                cmd.merge(store, "Alder Bio", "Birch Pharma", WHO)
                cmd.split(store, "Alder Bio", "Birch Pharma", WHO)
            ingest(store, [_write(news, renamed)])
            # the alias joins Birch Pharma to Alder Bio, unless an analyst said they are two
            assert _anywhere(store, BIRCH) is split, split
            assert reconcile(store).rewritten == 0
            refused = [c for c in report(store).conflicts if "an analyst split" in c]
            assert refused == (["alias 'birch-pharma' of 'Alder Bio' names a company an analyst split from it"]
                               if split else [])  # fmt: skip


def test_a_rejected_fact_about_a_merged_companys_plant_stays_rejected(tmp_path: Path) -> None:
    news = _write(tmp_path / "news", ALDER_NEWS, BIRCH_NEWS)
    with Store.open(tmp_path / "store") as store:
        ingest(store, [news])
        cmd.reject(store, (BIRCH_PLANT, "starts_operations", "2028"), WHO)  # only Birch's news gives a year
        assert not store.ask(f"ASK {{ ?site {OPENS_2028} }}")
        cmd.merge(store, "Alder Bio", "Birch Pharma", WHO)  # Birch's plant is now Alder's: ALDER_PLANT
        assert store.ask(f"ASK {{ GRAPH ?g {{ <{ALDER_PLANT}> {OPENS_2028} }} }}")  # as Birch's news says
        assert not store.ask(f"ASK {{ ?site {OPENS_2028} }}")
        _write(news, BIRCH_REVISED)
        ingest(store, [news])
        assert not store.ask(f"ASK {{ ?site {OPENS_2028} }}")
        cmd.split(store, "Alder Bio", "Birch Pharma", WHO)
        assert store.ask(f"ASK {{ GRAPH ?g {{ <{BIRCH_PLANT}> {OPENS_2028} }} }}")
        assert not store.ask(f"ASK {{ ?site {OPENS_2028} }}")


def test_a_run_counts_the_facts_kg_changes_lists_though_its_last_pass_rewrites_some(tmp_path: Path) -> None:
    """The store-wide pass that ends an ingest rewrites what the run's first writes named otherwise (Zeta
    Pharma's contract, written as ``org/zeta-pharma``, is Acme Bio's): within the run's change set that fact
    was added and removed, which is neither."""
    from kg.curation.changes import list_changes

    acme = {
        "doc": "acme.json",
        "source": {"title": "Acme"},
        "facts": [],
        "agreements": [],
        "entities": [{"id": "e1", "type": "Organization", "name": "Acme Bio", "aliases": ["Zeta Pharma"]}],
    }
    zeta = {"doc": "zeta.json", "source": {"title": "Zeta"}, "agreements": [],
            "entities": [{"id": "e1", "type": "Organization", "name": "Zeta Pharma Inc."},
                         {"id": "e2", "type": "Organization", "name": "Cedar Therapeutics"}],
            "facts": [["e1", "contracts_with", "e2"]]}  # fmt: skip
    with Store.open(tmp_path / "store") as store:
        run = ingest(store, [_write(tmp_path / "news", acme, zeta)])
        assert run.resolution.rewritten == 1  # the pass did rewrite a fact the run had written
        changes = list_changes(store)  # the last change set: the run
        assert [(c.what, c.subject_iri) for c in changes] == [("added", ID + "org/acme-bio")]
        assert (run.facts_added, run.facts_removed) == (1, 0)

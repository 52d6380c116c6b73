"""``kg changes``: after two ingests it lists exactly what the second changed — the set difference of two
exports of the merged graph, fact for fact — with sentence and source; as Atom it is a feed that parses
(feedparser), from the command and from ``kg serve``."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pyoxigraph as ox
import requests

from kg.curation.facts import JOURNALED
from tests.curation.conftest import MERIDIAN, change_set_of, kg, kg_json, revise
from tests.plugins.server import running_server


def _facts(store: Path) -> set[ox.Triple]:
    """The facts (relations and agreement terms) of an N-Triples export of the merged graph."""
    nt = kg("--store", store, "export", "--format", "nt").stdout.encode()
    return {t.triple for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES) if t.predicate.value in JOURNALED}


def _listed(rows: list[dict]) -> tuple[set[ox.Triple], set[ox.Triple]]:
    def triple(r: dict) -> ox.Triple:
        line = f"<{r['subject_iri']}> <{r['predicate_iri']}> {r['object_term']} .".encode()
        return next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))).triple

    return (
        {triple(r) for r in rows if r["what"] == "added"},
        {triple(r) for r in rows if r["what"] == "removed"},
    )


def test_changes_after_two_ingests_are_the_difference_of_two_exports(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = change_set_of(kg("--store", store, "ingest", corpus).stderr)
    before = _facts(store)
    revise(corpus)
    second = change_set_of(kg("--store", store, "ingest", corpus).stderr)
    after = _facts(store)
    assert second > first and after != before
    rows = kg_json("--store", store, "changes", "--since", str(first))
    assert _listed(rows) == (after - before, before - after)
    assert {r["change"] for r in rows} == {second}
    assert rows == kg_json("--store", store, "changes")  # without --since: the last change set
    # each row says where it comes from: the sentence that stated it (or stops stating it) and its source
    dropped = next(r for r in rows if r["what"] == "removed" and r["relation"] == "operates")
    assert dropped["object"] == "Visp Drug Substance Facility" and "Visp" in dropped["sentence"]
    assert dropped["source"].endswith("meridian-tallis.txt")
    end = next(r for r in rows if r["what"] == "added" and r["relation"] == "end year")
    assert end["object"] == "2031" and "Tallis" in end["sentence"] and end["agreement"]  # the agreement's
    # the first run added everything the first export holds
    assert _listed(kg_json("--store", store, "changes", "--since", "0"))[0] >= before


def test_filters_company_relation_and_date(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    kg("--store", store, "ingest", corpus)
    rows = kg_json("--store", store, "changes", "--since", "0", "--company", "Meridian Bio",
                   "--relation", "operates")  # fmt: skip
    assert rows and all(r["relation"] == "operates" for r in rows)
    assert {r["subject"] for r in rows} == {"Meridian Bio"}
    assert kg_json("--store", store, "changes", "--since", "2000-01-01") == kg_json(
        "--store", store, "changes", "--since", "0"
    )
    assert kg_json("--store", store, "changes", "--since", "2999-01-01") == []
    bad = kg("--store", store, "changes", "--relation", "sells", check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("kg: error: unknown relation 'sells'")


def test_the_atom_feed_parses_and_follows_a_company(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    kg("--store", store, "ingest", corpus)
    revise(corpus)
    kg("--store", store, "ingest", corpus)
    kg("--store", store, "curate", "reject", "Meridian Biologics", "develops", "TLS-310")
    atom = kg("--store", store, "changes", "--company", "Meridian Biologics", "--format", "atom").stdout
    feed = feedparser.parse(atom.encode("utf-8"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and "Meridian Biologics" in feed.feed.title
    titles = [e.title for e in feed.entries]
    assert "Meridian Biologics: new site Raleigh Biologics Plant" in titles
    assert "Meridian Biologics: site Visp Drug Substance Facility withdrawn" in titles
    assert "Meridian Biologics: no longer develops TLS-310" in titles  # the correction is a change set too
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert all(e.updated for e in feed.entries)
    with running_server(store) as url:
        base = url.removesuffix("/sparql")
        r = requests.get(f"{base}/changes.atom", params={"company": "Meridian Biologics"}, timeout=60)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        served = feedparser.parse(r.content)
        assert not served.bozo and [e.id for e in served.entries] == [e.id for e in feed.entries]
        assert requests.get(f"{base}/changes.atom", params={"since": "soon"}, timeout=60).status_code == 400


def test_every_ingest_run_and_correction_is_numbered(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert change_set_of(kg("--store", store, "ingest", corpus).stderr) == 1
    assert change_set_of(kg("--store", store, "ingest", corpus).stderr) == 2  # nothing new: still a run
    out = kg("--store", store, "curate", "rename", "Meridian Bio", "Meridian Bio (Visp)").stdout
    assert "change set 3" in out
    assert kg_json("--store", store, "changes", "--since", "1") == []  # a run and a rename: no fact changed
    assert MERIDIAN not in kg("--store", store, "curate", "export").stdout  # the rename is of Meridian Bio

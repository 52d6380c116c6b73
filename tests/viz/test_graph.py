"""viz.graph and viz.select: what the viewer reads from the store, and what the options keep."""

from __future__ import annotations

import pytest

from kg.graph import read_store
from kg.resolve import org_iri
from tests.viz.conftest import HOSTILE_IMG
from viz.graph import to_view_graph
from viz.select import Filters, VizError, parse_types, select_view

LOTTE, TANAKA, VELDT = org_iri("Lotte Biologics"), org_iri("Tanaka Pharma"), org_iri("Veldt Bio")


def read_graph(store):
    """What the viewer draws of ``store``: the one graph view, as the page shows it."""
    return to_view_graph(read_store(store))


def _types(g):
    return sorted({d["type"] for _, d in g.nodes(data=True)})


def test_nodes_edges_and_details(store):
    g = read_graph(store)
    assert _types(g) == ["Agreement", "Organization", "Place", "Product", "Site"]
    assert g.nodes[LOTTE]["label"] == "Lotte Biologics"
    assert g.nodes[LOTTE]["country"] == "KR"
    assert g.has_edge(TANAKA, VELDT, "acquires")
    (deal,) = [n for n, d in g.nodes(data=True) if d.get("agreement_type") == "manufacturing"]
    d = g.nodes[deal]
    assert (d["service"], d["stages"], d["end_year"], d["years"]) == (
        "CMO",
        ["Phase 3", "commercial"],
        2030,
        [2025],
    )
    assert d["values"] == [{"amount": 120_000_000.0, "currency": "USD", "what": "total"}]
    assert [e["sentence"] for e in d["evidence"]] == [
        "Lotte Biologics signed a USD 120 million manufacturing agreement."
    ]
    (site,) = [d for _, d in g.nodes(data=True) if d["type"] == "Site"]
    assert (site["starts"], site["country"], site["city"]) == (2027, "US", "Syracuse")


def test_contracts_with_behind_an_agreement_is_a_shortcut(store):
    g = read_graph(store)
    shortcuts = {
        (g.nodes[s]["label"], g.nodes[o]["label"]) for s, o, d in g.edges(data=True) if d["shortcut"]
    }
    assert ("Lotte Biologics", "US-based global biopharmaceutical company") in shortcuts
    assert not g.edges[LOTTE, TANAKA, "contracts_with"]["shortcut"]  # no agreement node between them


def test_evidence_names_its_announcement(store):
    g = read_graph(store)
    (item,) = g.edges[TANAKA, VELDT, "acquires"]["evidence"]
    source = g.graph["announcements"][item["doc"]]
    assert item["sentence"] == "Tanaka Pharma will acquire Veldt Bio."
    assert source == {"title": "Tanaka Pharma acquires Veldt Bio", "published": "2023-05-10",
                      "url": "https://example.com/news/tanaka", "doc": "tanaka-2023.txt"}  # fmt: skip


def test_focus_treats_agreements_as_one_hop(store):
    g = read_graph(store)
    view = select_view(g, Filters(focus="LOTTE BIOLOGICS Co., Ltd.", depth=1))
    labels = {d["label"] for _, d in view.graph.nodes(data=True)}
    assert {"Lotte Biologics", "US-based global biopharmaceutical company", "Tanaka Pharma"} <= labels
    assert "Veldt Bio" not in labels  # two hops away
    assert view.focus == [LOTTE]
    assert "Veldt Bio" in {
        d["label"] for _, d in select_view(g, Filters(focus="Lotte", depth=2)).graph.nodes(data=True)
    }


def test_focus_does_not_walk_through_countries(store):
    g = read_graph(store)
    labels = {
        d["label"] for _, d in select_view(g, Filters(focus="Veldt Bio", depth=3)).graph.nodes(data=True)
    }
    assert "Japan" in labels and "Lotte Biologics" in labels
    assert all(
        d["type"] != "Site"
        for _, d in select_view(g, Filters(focus="Veldt Bio", depth=1)).graph.nodes(data=True)
    )


def test_unknown_focus_is_a_clear_error(store):
    with pytest.raises(VizError, match=r"no company or site named 'Lotte Pharma'.*Lotte Biologics"):
        select_view(read_graph(store), Filters(focus="Lotte Pharma"))


def test_types_years_and_country(store):
    g = read_graph(store)
    only = select_view(g, Filters(node_types=frozenset({"Organization"}))).graph
    assert _types(only) == ["Organization"]
    acquisitions = select_view(g, Filters(relations=frozenset({"acquires"}))).graph
    assert {k for *_, k in acquisitions.edges(keys=True)} == {"acquires"}
    recent = select_view(g, Filters(since=2024)).graph
    assert not recent.has_edge(TANAKA, VELDT) and recent.has_node(LOTTE)
    old = select_view(g, Filters(until=2023)).graph
    assert old.has_edge(TANAKA, VELDT, "acquires") and all(
        d["type"] != "Agreement" for _, d in old.nodes(data=True)
    )
    korea = select_view(g, Filters(country="South Korea")).graph
    assert LOTTE in korea and TANAKA in korea and VELDT not in korea


def test_parse_types_rejects_unknown_names():
    assert parse_types(["agreements,located-in"]) == (frozenset({"Agreement"}), frozenset({"located_in"}))
    with pytest.raises(VizError, match="unknown type 'deals'"):
        parse_types(["deals"])


def test_limit_keeps_the_most_connected_and_says_what_was_cut(store):
    view = select_view(read_graph(store), Filters(limit=4))
    assert view.graph.number_of_nodes() <= 4 and view.total == 13
    assert LOTTE in view.graph and TANAKA in view.graph
    assert "Showing" in view.note and "of 13 nodes" in view.note and "--focus" in view.note


def test_hostile_names_are_kept_verbatim(store):
    g = read_graph(store)
    assert HOSTILE_IMG in {d["label"] for _, d in g.nodes(data=True)}


def test_min_confidence_drops_doubted_links():
    from kg.model import Extraction
    from kg.store import Store

    record = {
        "doc": "conf.txt",
        "entities": [{"id": "e1", "type": "Organization", "name": "Iota Bio"},
                     {"id": "e2", "type": "Organization", "name": "Kappa Pharma"},
                     {"id": "e3", "type": "Organization", "name": "Lambda Labs"}],
        "facts": [["e1", "contracts_with", "e2"], ["e1", "contracts_with", "e3"]],
        "agreements": [],
        "evidence": [{"fact": 0, "sentence": "Iota signed with Kappa.", "confidence": 0.9},
                     {"fact": 1, "sentence": "Iota might work with Lambda.", "confidence": 0.3}],
    }  # fmt: skip
    store = Store.in_memory()
    store.write([Extraction.from_record(record)])
    g = read_graph(store)
    assert g.edges[org_iri("Iota Bio"), org_iri("Lambda Labs"), "contracts_with"]["confidence"] == 0.3
    everything = select_view(g, Filters()).graph
    sure = select_view(g, Filters(min_confidence=0.5)).graph
    assert org_iri("Lambda Labs") in everything and org_iri("Lambda Labs") not in sure
    assert sure.has_edge(org_iri("Iota Bio"), org_iri("Kappa Pharma"), "contracts_with")

"""The page in a real headless Chromium, network blocked: nodes, edges, panel, search, filters, hostile data."""

from __future__ import annotations

import pytest

from kg.resolve import org_iri
from tests.viz.conftest import HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_SENTENCE, HOSTILE_URL
from viz import write_store_html

pytestmark = pytest.mark.browser

READY = "() => window.kg && window.kg.ready"
LOTTE, TANAKA, VELDT = org_iri("Lotte Biologics"), org_iri("Tanaka Pharma"), org_iri("Veldt Bio")


@pytest.fixture
def page(store, tmp_path, open_page):
    path = tmp_path / "graph.html"
    write_store_html(store, path)
    page = open_page(path, wait_for=READY)
    yield page
    page.screenshot(path=str(tmp_path / "graph.png"))
    log = page.kg_log
    assert log.console_errors == [] and log.page_errors == []
    assert log.requests == [] and log.dialogs == []
    assert page.evaluate("window.__pwned") is None


def _nodes(page):
    return page.evaluate("network.body.data.nodes.get().map(n => [n.id, n.label, n.group, !!n.hidden])")


def _edges(page):
    return page.evaluate("network.body.data.edges.get().map(e => [e.from, e.to, e.label, !!e.hidden])")


def _details(page) -> str:
    return page.locator("#details").inner_text()


def test_expected_nodes_and_edges_are_drawn(page):
    nodes = {n[0]: n for n in _nodes(page)}
    assert nodes[LOTTE][1:] == ["Lotte Biologics", "Organization", False]
    assert sorted(n[2] for n in nodes.values()).count("Agreement") == 2
    assert any(label == "Syracuse Bio Campus\nopens 2027" for _, label, *_ in nodes.values())
    edges = {(f, t, label) for f, t, label, hidden in _edges(page) if not hidden}
    assert (TANAKA, VELDT, "acquires") in edges
    assert (LOTTE, TANAKA, "contracts with") in edges
    assert any(t == LOTTE and label == "provider" for _, t, label in edges)
    assert page.evaluate("network.getPositions()")[LOTTE]  # laid out
    legend = page.locator("#legend").inner_text()
    assert "Company" in legend and "Agreement" in legend and "Site / plant" in legend
    assert page.locator("#summary").inner_text() == "13 nodes · 12 links"


def test_click_shows_details_and_evidence(page):
    deal = page.evaluate("network.body.data.nodes.get().find(n => n.label.startsWith('manufacturing')).id")
    xy = page.evaluate(f"network.canvasToDOM(network.getPositions([{deal!r}])[{deal!r}])")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    text = _details(page)
    for expected in ("CMO", "Phase 3, commercial", "2030", "USD 120M", "Lotte Biologics signed a USD 120 million",
                     "Lotte Biologics signs CMO agreement with US pharma", "2025-09-02"):  # fmt: skip
        assert expected in text
    link = page.locator("#details a").first
    assert link.get_attribute("href") == "https://example.com/news/lotte"
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_search_focuses_a_company(page):
    page.fill("#search", "veldt")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [VELDT]
    assert "Tanaka Pharma will acquire Veldt Bio." in _details(page)


def test_relation_and_year_filters(page):
    page.locator("#relations input[data-key=acquires]").uncheck()
    assert all(hidden for f, t, label, hidden in _edges(page) if label == "acquires")
    assert [h for i, _, _, h in _nodes(page) if i == VELDT] == [True]  # nothing left to connect it
    page.locator("#relations input[data-key=acquires]").check()
    page.fill("#year-from", "2024")
    visible = {(f, t) for f, t, label, hidden in _edges(page) if not hidden}
    assert (TANAKA, VELDT) not in visible and (LOTTE, TANAKA) not in visible
    assert page.locator("#summary").inner_text() != "13 nodes · 12 links"
    page.click("#fit")
    assert page.locator("#summary").inner_text() == "13 nodes · 12 links"


def test_hostile_strings_render_as_text(page):
    assert page.locator("#details img, #details script, #details b, a[href^='javascript']").count() == 0
    page.evaluate(f"kg.find({HOSTILE_IMG!r})")
    details = page.locator("#details")
    assert details.locator("h3").inner_text() == HOSTILE_IMG
    assert HOSTILE_SCRIPT in details.inner_text()
    assert "Tanaka buys " + HOSTILE_IMG in details.inner_text()
    edge = page.evaluate(
        f"network.body.data.edges.get().find(e => e.label === 'contracts with' && e.from === {org_iri(HOSTILE_IMG)!r}"
        f" || e.label === 'contracts with' && e.to === {org_iri(HOSTILE_IMG)!r}).id"
    )
    page.evaluate(f"network.selectEdges([{edge!r}])")
    page.evaluate(f"network.body.emitter.emit('click', {{nodes: [], edges: [{edge!r}]}})")
    text = details.inner_text()
    assert HOSTILE_SENTENCE.split("\u2028")[0] in text and HOSTILE_URL in text
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("script").count() == 3
    assert page.locator("a[href^='javascript'], [onerror], [onclick]").count() == 0
    assert page.locator("#details b").count() == 0 and "<b>Hostile</b> title" in text

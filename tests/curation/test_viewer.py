"""Corrections from the viewer (``kg serve --curate``), in headless Chromium: reject a fact by clicking,
reload, it is gone (and gone from ``kg query``); a write without the token, or from another origin, is
refused (403) and changes nothing; the read-only server has no buttons and no ``/curate``."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.curation.conftest import BPK, MERIDIAN, TLS_310, kg, kg_json
from tests.plugins.server import TOKEN, WRITE, running_server

pytestmark = pytest.mark.browser

STATUS = "document.querySelector('#details .curation .status')"


def _ask(url: str, query: str) -> bool:
    r = requests.post(url, data=query.encode(), timeout=60, headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})  # fmt: skip
    return r.json()["boolean"]


def _ids(store: Path) -> tuple[str, str]:
    queue = kg_json("--store", store, "review", "--limit", "0")
    wrong = next(r["id"] for r in queue if r["subject_iri"] == MERIDIAN and r["object_value"] == TLS_310)
    other = next(r["id"] for r in queue if r["relation"] == "operates")
    return wrong, other


def _click_reject(page, fact: str) -> str:
    """Show the fact's details, click its Reject button, and wait for the answer shown beside it."""
    assert page.evaluate("id => kg.showFact(id)", fact)
    page.click("#details button.kg-reject")
    done = f"() => {{ const s = {STATUS}; return !!s && !!s.textContent && s.textContent !== '\u2026'; }}"
    page.wait_for_function(done, timeout=30_000)
    return page.evaluate(f"{STATUS}.textContent")


def test_reject_by_clicking_reload_and_it_is_gone(corpus: Path, tmp_path: Path, browser) -> None:
    store = tmp_path / "store"
    kg("--store", store, "ingest", corpus)
    wrong, other = _ids(store)
    develops = f"ASK {{ <{MERIDIAN}> <{BPK}develops> <{TLS_310}> }}"
    with running_server(store, "--curate", "--by", "ana") as url:
        base = url.removesuffix("/sparql")
        # without the token, or from another origin: 403, nothing changed
        assert (
            requests.post(f"{base}/curate", json={"action": "reject", "id": wrong}, timeout=30).status_code
            == 403
        )
        evil = {**WRITE, "Origin": "http://localhost:9999"}
        r = requests.post(f"{base}/curate", json={"action": "reject", "id": wrong}, headers=evil, timeout=30)
        assert r.status_code == 403 and "another origin" in r.text
        assert _ask(url, develops)
        context = browser.new_context()
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/")
            page.wait_for_function("() => window.kg && window.kg.ready", timeout=60_000)
            assert page.is_visible("#curation")
            # the page's own request, without the token in the box: refused
            assert _click_reject(page, wrong).startswith("refused: a write needs the token")
            assert _ask(url, develops)
            page.fill("#token", TOKEN)
            assert "change set" in _click_reject(page, wrong)
            page.reload()
            page.wait_for_function("() => window.kg && window.kg.ready", timeout=60_000)
            facts = page.evaluate("kg.data.edges.map(e => e.fact)")
            assert wrong not in facts and other in facts
            assert page.evaluate("id => kg.showFact(id)", wrong) is None
        finally:
            context.close()
        assert errors == []
        assert not _ask(url, develops)
    network = kg_json("--store", store, "query", "network", "Meridian Biologics", "--depth", "1")
    assert wrong not in {r["fact"] for r in network} and network
    assert [c["by"] for c in kg_json("--store", store, "curate", "list")] == ["ana"]


def test_the_read_only_viewer_has_no_buttons_and_refuses_corrections(corpus: Path, tmp_path: Path,
                                                                    browser) -> None:  # fmt: skip
    store = tmp_path / "store"
    kg("--store", store, "ingest", corpus)
    wrong, _ = _ids(store)
    with running_server(store) as url:
        base = url.removesuffix("/sparql")
        r = requests.post(f"{base}/curate", json={"action": "reject", "id": wrong}, headers=WRITE, timeout=30)
        assert r.status_code == 403
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{base}/")
            page.wait_for_function("() => window.kg && window.kg.ready", timeout=60_000)
            assert page.evaluate("id => kg.showFact(id)", wrong)
            assert (
                not page.is_visible("#curation") and page.query_selector("#details button.kg-reject") is None
            )
        finally:
            context.close()

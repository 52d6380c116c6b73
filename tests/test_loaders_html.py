"""HTML pages: navigation, ads and scripts are dropped; title, dateline and body are kept; metadata is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from loaders import read_sources, to_extractions
from loaders.html import read_html

PAGE = """<!doctype html><html><head>
<title>Acme Bio signs deal | Pharma Wire</title>
<meta property="og:site_name" content="Pharma Wire">
<meta property="article:published_time" content="2024-05-02T09:00:00Z">
<link rel="canonical" href="https://wire.test/acme-beta">
<script>var tracking = "Pfizer acquires everything";</script>
<style>.x{}</style></head>
<body>
<nav><a href="/">Home</a> <a href="/news">Lonza news</a></nav>
<div class="cookie-banner">We use cookies</div>
<article>
<h1>Acme Biologics signs manufacturing agreement with Beta Therapeutics</h1>
<p>BOSTON, May 2, 2024 /PRNewswire/ -- Acme Biologics today announced that it has signed a contract manufacturing
agreement with Beta Therapeutics for the commercial supply of BT-101.</p>
<div class="ad-slot">Buy Samsung Biologics shares now</div>
<p>The agreement runs until 2029.</p>
<ul><li>Acme Biologics operates a plant in Syracuse, New York.</li></ul>
</article>
<aside class="related">Related: WuXi Biologics acquires plant</aside>
<footer>© Pharma Wire</footer>
</body></html>"""


def test_keeps_title_dateline_and_body(tmp_path: Path) -> None:
    doc = read_html(PAGE, tmp_path / "acme.html")
    assert doc.doc == "acme.html"
    assert doc.title == "Acme Biologics signs manufacturing agreement with Beta Therapeutics"
    lines = doc.text.split("\n")
    assert lines[0] == doc.title
    assert lines[1].startswith("BOSTON, May 2, 2024 /PRNewswire/ -- Acme Biologics")
    assert "The agreement runs until 2029." in lines
    for noise in ("tracking", "cookies", "Samsung", "Related", "Home", "© Pharma Wire"):
        assert noise not in doc.text


def test_reads_metadata(tmp_path: Path) -> None:
    doc = read_html(PAGE, tmp_path / "acme.html")
    assert (doc.published, doc.url, doc.publisher) == (
        "2024-05-02",
        "https://wire.test/acme-beta",
        "Pharma Wire",
    )


def test_extracts_facts_from_a_page(tmp_path: Path) -> None:
    path = tmp_path / "acme.html"
    path.write_text(PAGE, encoding="utf-8")
    (ex,) = list(to_extractions(read_sources([path])))
    names = {e.id: e.label for e in ex.entities}
    facts = {(names[f.subject], f.predicate, names.get(f.object, f.object)) for f in ex.facts}
    assert ("Acme Biologics", "contracts_with", "Beta Therapeutics") in facts
    assert ex.agreements[0].end_year == 2029
    assert ex.source["url"] == "https://wire.test/acme-beta"


def test_page_without_text_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_html(
            "<html><head><script>x</script></head><body><nav>menu</nav></body></html>", tmp_path / "e.html"
        )


def test_broken_markup_is_read(tmp_path: Path) -> None:
    doc = read_html("<p>Acme Pharma signs <b>deal<p>Second paragraph", tmp_path / "b.html")
    assert "Second paragraph" in doc.text

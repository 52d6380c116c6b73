"""HTML pages: navigation, ads and scripts are dropped; title, dateline and body are kept; metadata is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from loaders import read_sources, to_extractions
from loaders.html import read_html
from tests.conftest import EXAMPLES
from tests.plugins.pages import LAYOUTS, render_page

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


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_newsroom_layout_gives_back_the_article_and_nothing_else(layout: str, tmp_path: Path) -> None:
    text = (EXAMPLES / "northbridge-cmo-undisclosed-2026-03.txt").read_text(encoding="utf-8")
    page = render_page(text, layout, "https://news.test/northbridge", "2026-03-10")
    doc = read_html(page, tmp_path / "northbridge.html")
    assert doc.text.split("\n") == [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert doc.published == "2026-03-10" and doc.url == "https://news.test/northbridge"


def test_paragraphs_written_as_line_breaks_are_lines(tmp_path: Path) -> None:
    page = "<html><body><table><tr><td>Acme Pharma signs a deal.<br><br>Beta Bio opens a plant.<br>In Ohio.</td></tr></table></body></html>"
    doc = read_html(page, tmp_path / "t.html")
    assert doc.text.split("\n") == ["Acme Pharma signs a deal.", "Beta Bio opens a plant.", "In Ohio."]

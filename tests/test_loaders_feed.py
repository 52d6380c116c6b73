"""RSS/Atom feeds: one document per entry, keyed by entry id or link; broken entries become failures."""

from __future__ import annotations

from pathlib import Path

from kg.model import Document
from loaders import Failure, read_sources, to_extractions
from loaders.feed import read_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Biopharma Wire</title>
<item><title>Acme Biologics signs manufacturing agreement with Beta Therapeutics</title>
<link>https://wire.test/1</link><guid>wire-1</guid><pubDate>Tue, 02 Apr 2024 08:00:00 GMT</pubDate>
<description><![CDATA[<p>BOSTON, April 2, 2024 -- Acme Biologics today announced that it has signed a contract
manufacturing agreement with Beta Therapeutics.</p><script>alert(1)</script>]]></description></item>
<item><title>Gamma Pharma appoints CFO</title><link>https://wire.test/2</link>
<description>Gamma Pharma named a new chief financial officer.</description></item>
<item><link>https://wire.test/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><id>urn:news:42</id><title>Delta Bio acquires plant</title><updated>2023-09-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;Delta Bio agreed to acquire a plant.&lt;/p&gt;</content></entry>
</feed>"""


def test_one_document_per_entry(tmp_path: Path) -> None:
    items = list(read_feed(RSS, tmp_path / "news.xml"))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.doc for d in docs] == ["guid:wire-1", "url:https://wire.test/2"]
    assert docs[0].published == "2024-04-02"
    assert docs[0].publisher == "Biopharma Wire"
    assert docs[0].text.split("\n")[0] == docs[0].title
    assert "alert" not in docs[0].text


def test_broken_entry_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    items = list(read_feed(RSS, tmp_path / "news.xml"))
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) == 1 and "no title" in failures[0].message


def test_atom_entries(tmp_path: Path) -> None:
    (doc,) = list(read_feed(ATOM, tmp_path / "news.atom"))
    assert isinstance(doc, Document)
    assert (doc.doc, doc.published) == ("guid:urn:news:42", "2023-09-01")
    assert "Delta Bio agreed to acquire a plant." in doc.text


def test_feed_file_through_sources(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    results = list(to_extractions(read_sources([path])))
    assert sum(isinstance(r, Failure) for r in results) == 1
    deal = next(r for r in results if not isinstance(r, Failure) and r.doc == "guid:wire-1")
    assert any(f.predicate == "contracts_with" for f in deal.facts)


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("this is not xml at all <<<", encoding="utf-8")
    results = list(read_sources([path]))
    assert len(results) == 1 and isinstance(results[0], Failure)


def test_a_feed_file_naming_another_file_is_not_followed(tmp_path: Path) -> None:
    """feedparser opens a string that names a file (or fetches one that looks like a URL): never ours."""
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>Secret</title><link>https://x.test/s</link>'
                      "<description>Acme bought Beta.</description></item></channel></rss>", encoding="utf-8")  # fmt: skip
    pointer = tmp_path / "pointer.xml"
    pointer.write_text(str(secret), encoding="utf-8")
    (item,) = list(read_sources([pointer]))
    assert isinstance(item, Failure) and "not an RSS/Atom feed" in item.message

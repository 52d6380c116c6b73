"""RSS/Atom feeds read from files: one Document per entry; a broken entry is a Failure, never an exception."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from kg.errors import InputError
from kg.model import Document
from loaders.sources import Failure

__all__ = ["read_feed"]


def read_feed(text: str, path: Path) -> Iterator[Document | Failure]:
    """Entries of an RSS or Atom feed; the entry id (or link) is the document key.

    >>> rss = '<rss version="2.0"><channel><title>News</title><item><title>Acme buys Beta</title>'
    >>> rss += '<link>https://x.test/1</link><description>Acme bought Beta.</description>'
    >>> rss += '</item></channel></rss>'
    >>> [d.doc for d in read_feed(rss, Path("f.xml"))]
    ['https://x.test/1']
    """
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"not an RSS/Atom feed: {getattr(parsed, 'bozo_exception', 'unreadable')}")
    publisher = parsed.feed.get("title") if parsed.get("feed") else None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{path}[{i}]"
        try:
            yield _document(entry, where, publisher)
        except (InputError, KeyError, TypeError, ValueError) as exc:
            yield Failure(where, str(exc))


def _document(entry: feedparser.FeedParserDict, where: str, publisher: str | None) -> Document:
    title = " ".join((entry.get("title") or "").split())
    body = _body(entry)
    if not body and not title:
        raise InputError("feed entry has no title and no text")
    key = entry.get("id") or entry.get("link") or where
    text = body if body.startswith(title) else "\n".join(x for x in (title, body) if x)
    return Document(
        doc=str(key),
        text=text,
        title=title or text.split("\n", 1)[0],
        published=_date(entry),
        url=entry.get("link"),
        publisher=publisher,
        path=where,
    )


def _body(entry: feedparser.FeedParserDict) -> str:
    html = ""
    if entry.get("content"):
        html = max((c.get("value") or "" for c in entry["content"]), key=len)
    html = html or entry.get("summary") or entry.get("description") or ""
    if "<" not in html:
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())
    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    blocks = [" ".join(n.text(separator=" ").split()) for n in tree.css("p, li, h1, h2, h3, blockquote")]
    blocks = [b for b in blocks if b]
    if not blocks:
        root = tree.body or tree.root
        blocks = [
            " ".join(line.split())
            for line in (root.text(separator="\n") if root else "").split("\n")
            if line.strip()
        ]
    return "\n".join(blocks)


def _date(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None

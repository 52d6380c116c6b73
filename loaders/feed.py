"""RSS/Atom feeds read from files: one Document per entry; a broken entry is a Failure, never an exception."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from kg.errors import InputError
from kg.model import Document
from loaders.sources import Failure

__all__ = ["read_feed"]


def read_feed(
    text: str | bytes, path: Path | str, key: str | None = None, base: str | None = None
) -> Iterator[Document | Failure]:
    """Entries of an RSS or Atom feed. An entry's key is its guid/id (``guid:...``), else its link
    (``url:...``), else its place in the feed file (``KEY#3``, ``key`` defaulting to the file name).
    ``base``: the URL the feed came from, which relative links are resolved against.

    The feed is handed to feedparser as a stream: given a string, feedparser fetches it when it looks
    like a URL and opens it when it names a file (a feed file holding ``file:///etc/passwd`` or a cloud
    metadata URL would have been read).

    >>> rss = '<rss version="2.0"><channel><title>News</title><item><title>Acme buys Beta</title>'
    >>> rss += '<link>https://x.test/1</link><description>Acme bought Beta.</description>'
    >>> rss += '</item></channel></rss>'
    >>> [d.doc for d in read_feed(rss, Path("f.xml"))]
    ['url:https://x.test/1']
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    headers = {"content-location": base} if base else None
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"not an RSS/Atom feed: {getattr(parsed, 'bozo_exception', 'unreadable')}")
    publisher = parsed.feed.get("title") if parsed.get("feed") else None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{path}[{i}]"
        try:
            yield _document(entry, where, f"{key or Path(path).name}#{i}", publisher)
        except (InputError, KeyError, TypeError, ValueError) as exc:
            yield Failure(where, str(exc))


def _document(entry: feedparser.FeedParserDict, where: str, place: str, publisher: str | None) -> Document:
    title = " ".join((entry.get("title") or "").split())
    body = _body(entry)
    if not body and not title:
        raise InputError("feed entry has no title and no text")
    guid, link = entry.get("id"), entry.get("link")
    key = f"guid:{guid}" if guid else f"url:{link}" if link else place
    text = body if body.startswith(title) else "\n".join(x for x in (title, body) if x)
    return Document(
        doc=key,
        text=text,
        title=title or text.split("\n", 1)[0],
        published=_date(entry),
        url=entry.get("link"),
        publisher=publisher,
        path=where,
        former_keys=(str(guid or link or where),),
    )


def _body(entry: feedparser.FeedParserDict) -> str:
    html = ""
    if entry.get("content"):
        html = max((c.get("value") or "" for c in entry["content"]), key=len)
    html = html or entry.get("summary") or entry.get("description") or ""
    if "<" not in html:
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())
    from loaders.html import html_lines

    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    root = tree.body or tree.root
    return "\n".join(html_lines(root)) if root is not None else ""


def _date(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None

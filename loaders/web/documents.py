"""A fetched page as a Document: its text read as a page file is, keyed by its canonical URL, with provenance.

The key is ``url:`` and the page's canonical URL (``<link rel="canonical">`` or ``og:url``) when that
names the same site, else the URL it was fetched from after redirects, without its fragment and
``utm_*`` parameters: the same release reached through two feeds, or with tracking parameters, is one
announcement. A canonical URL on another site is ignored, so a page cannot take over (and replace) an
announcement of a site it does not belong to.

>>> canonical_url("https://News.Test:443/a?utm_source=rss&id=3#top", None)
'https://news.test/a?id=3'
>>> canonical_url("https://news.test/a?x=1", "/releases/a")
'https://news.test/releases/a'
>>> canonical_url("https://news.test/a", "https://elsewhere.test/b")
'https://news.test/a'
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from kg.errors import FetchError
from kg.model import Document, Retrieval
from loaders.web.client import Response

__all__ = ["canonical_url", "decode", "read_page", "text_sha256"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def read_page(r: Response, entry: Document | None = None) -> Document:
    """The announcement on the page ``r`` (an HTML response); ``entry``: the feed entry that linked to it,
    whose date and publisher fill in what the page does not say."""
    from loaders.html import read_html

    name = PurePosixPath(urlsplit(r.final_url).path).name or "index.html"
    doc = read_html(decode(r.body, r.charset), Path(name), "")
    url = canonical_url(r.final_url, doc.url)
    return replace(
        doc,
        doc=f"url:{url}",
        url=url,
        path=r.url,
        former_keys=(),
        published=doc.published or (entry.published if entry else None),
        publisher=doc.publisher or (entry.publisher if entry else None),
        retrieved=Retrieval(r.fetched, r.status, text_sha256(doc.text)),
    )


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(fetched: str, declared: str | None) -> str:
    """The URL that names a page fetched from ``fetched`` that declares ``declared`` its canonical URL."""
    base = _normal(fetched)
    if declared and declared.strip():
        claimed = _normal(urljoin(fetched, declared.strip()))
        if urlsplit(claimed).scheme in ("http", "https") and _site(claimed) == _site(base):
            return claimed
    return base


def decode(body: bytes, charset: str | None) -> str:
    """A page's text: in the charset its response or its ``<meta>`` names, else UTF-8 (else Windows-1252)."""
    if b"\x00" in body[:4096] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FetchError("binary content, not a page")
    found = _META_CHARSET.search(body[:4096])
    for name in (charset, found.group(1).decode("ascii", "replace") if found else None):
        if name and _known(name):
            return body.decode(name, "replace")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _normal(url: str) -> str:
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])  # fmt: skip
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")

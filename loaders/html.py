"""HTML announcement pages: keep title, dateline and body text; drop navigation, ads, scripts and footers.

Scripts, styles, landmarks that never hold the article (``nav``, ``aside``, ``footer``...) and elements
whose class or id says clutter (``cookie-banner``, ``ad-slot``, ``related``) go first; then Readability
(readability-lxml) finds the element that holds the article, and :func:`html_lines` lays its text out in
lines as a browser would. On the dev announcements served in four page layouts (benchmarks/html_extraction.py)
this keeps every article word and nothing else in each layout; trafilatura lost sub-headings in one layout
and kept a layout table's menus in another, and landmarks alone (``<article>``, ``<main>``) kept the
related headlines of pages without them.
"""

from __future__ import annotations

import re
from pathlib import Path

from readability import Document as Readability
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from kg.errors import InputError
from kg.model import Document

__all__ = ["html_lines", "read_html"]

_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select"
_NOISE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|cookie\w*|consent|ads?|advert\w*|banner|promo|sponsor\w*|share|"
    r"social|related|recommended|subscribe|newsletter|sidebar|footer|header|popup|modal|comments?|tags)(?:$|[\s_-])",
    re.I,
)
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
    'meta[itemprop="datePublished"]',
    'meta[name="DC.date.issued"]',
)
READABILITY_MAX = 1_000_000  # characters of cleaned markup Readability is given; larger pages use landmarks
_BREAKS = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)  # paragraphs written as runs of line breaks
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def read_html(text: str, path: Path, key: str | None = None) -> Document:
    """One Document from an HTML page, keyed ``key`` (default: the file name).

    >>> page = '<html><head><title>T | Site</title></head><body><nav>Home</nav>'
    >>> page += '<article><h1>Acme buys Beta</h1><p>BOSTON, May 1, 2024 -- Acme bought Beta.</p>'
    >>> page += '<div class="ad">Buy now</div></article></body></html>'
    >>> print(read_html(page, Path("a.html")).text)
    Acme buys Beta
    BOSTON, May 1, 2024 -- Acme bought Beta.
    """
    tree = HTMLParser(text)
    meta = _meta(tree)
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css("[class], [id], [role]"):
        marker = " ".join(
            filter(
                None, (node.attributes.get("class"), node.attributes.get("id"), node.attributes.get("role"))
            )
        )
        if _NOISE.search(marker) and node.tag not in ("html", "body", "article", "main"):
            node.decompose()
    if tree.body is None:
        raise InputError("HTML page has no body")
    lines = html_lines(_main_content(tree))
    title = meta.get("title") or (lines[0] if lines else "")
    if lines and _same(lines[0], title):
        lines = lines[1:]
    body = [line for line in lines if line]
    if not body and not title:
        raise InputError("HTML page has no text")
    return Document(
        doc=key or path.name,
        text="\n".join([title, *body]),
        title=title,
        published=meta.get("published"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        path=str(path),
        former_keys=(path.name,),
    )


def _main_content(tree: HTMLParser) -> Node:
    """The element holding the article, as Readability finds it (readability-lxml; compared with trafilatura
    and with landmarks alone by benchmarks/html_extraction.py). A page whose cleaned markup is larger than
    :data:`READABILITY_MAX` (Readability takes about 2 s a megabyte), or where Readability finds nothing,
    falls back to its ``<article>``, its ``<main>`` or its body."""
    fallback = tree.css_first("article") or tree.css_first("main") or tree.body
    assert fallback is not None
    page = tree.html or ""
    if len(page) > READABILITY_MAX:
        return fallback
    try:
        found = Readability(_BREAKS.sub("</p><p>", page)).summary(html_partial=True)
    except Exception:  # readability gives up on pages it cannot score (empty, no text blocks)
        return fallback
    root = HTMLParser(found).body
    return root if root is not None and root.text(strip=True) else fallback


def _meta(tree: HTMLParser) -> dict[str, str]:
    out: dict[str, str] = {}
    h1 = tree.css_first("h1")
    og = tree.css_first('meta[property="og:title"]')
    title_tag = tree.css_first("title")
    if h1 and h1.text(strip=True):
        out["title"] = _clean(h1.text(separator=" "))
    elif og and og.attributes.get("content"):
        out["title"] = _clean(og.attributes["content"] or "")
    elif title_tag:
        out["title"] = _clean(re.split(r"\s[|–-]\s", title_tag.text())[0])
    for selector in _DATE_META:
        node = tree.css_first(selector)
        if node and node.attributes.get("content"):
            out["published"] = _iso(node.attributes["content"] or "")
            break
    else:
        time = tree.css_first("time[datetime]")
        if time:
            out["published"] = _iso(time.attributes.get("datetime") or "")
    for selector, key in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        if node and node.attributes.get(key):
            out["url"] = node.attributes[key] or ""
            break
    site = tree.css_first('meta[property="og:site_name"]')
    if site and site.attributes.get("content"):
        out["publisher"] = site.attributes["content"] or ""
    return {k: v for k, v in out.items() if v}


_BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_UNREAD = frozenset({"script", "style", "noscript", "template", "head", "title", "-comment"})


def html_lines(root: Node) -> list[str]:
    """The text under ``root`` as a browser lays it out in lines: each block element (paragraph, heading,
    list item, table cell, ``div``...) and each ``<br>`` ends a line; inline markup joins its text; blank
    lines and a line repeating the one before are dropped.

    One pass, no recursion: the text is read once, however deeply elements nest (500 KB of nested
    ``<blockquote>`` took 45 s when each block's ancestors were listed).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = "<div><p>One <b>two</b></p>Three<br>Four<blockquote><p>Five</p></blockquote></div>"
    >>> html_lines(LexborHTMLParser(page).body)
    ['One two', 'Three', 'Four', 'Five']
    """
    out: list[str] = []
    words: list[str] = []

    def end_line() -> None:
        line = _clean("".join(words))
        words.clear()
        if line and (not out or out[-1] != line):
            out.append(line)

    top = root.mem_id
    node = root.child
    while node is not None:
        tag = node.tag
        if tag == "-text":
            words.append(node.text(deep=False) or "")
        elif tag == "br" or tag in _BLOCK_TAGS:
            end_line()
        if node.child is not None and tag not in _UNREAD:
            node = node.child
            continue
        while node is not None:  # done with this subtree: leave it, and each ancestor it was the last of
            if node.tag in _BLOCK_TAGS:
                end_line()
            if node.next is not None:
                node = node.next
                break
            node = node.parent
            if node is None or node.mem_id == top:
                node = None
    end_line()
    return out


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def _same(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def _iso(value: str) -> str:
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return m.group(1) if m else value.strip()[:10]

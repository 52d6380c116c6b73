"""HTML announcement pages: keep title, dateline and body text; drop navigation, ads, scripts and footers."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from kg.errors import InputError
from kg.model import Document

__all__ = ["read_html"]

_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select"
_NOISE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|cookie\w*|consent|ads?|advert\w*|banner|promo|sponsor\w*|share|"
    r"social|related|recommended|subscribe|newsletter|sidebar|footer|header|popup|modal|comments?|tags)(?:$|[\s_-])",
    re.I,
)
_BLOCKS = "h1, h2, h3, h4, p, li, blockquote, pre, td, figcaption, div.dateline, span.dateline"
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
    'meta[itemprop="datePublished"]',
    'meta[name="DC.date.issued"]',
)
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def read_html(text: str, path: Path) -> Document:
    """One Document from an HTML page (the file name is its key).

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
    root = tree.css_first("article") or tree.css_first("main") or tree.css_first('[role="main"]') or tree.body
    if root is None:
        raise InputError("HTML page has no body")
    lines = _blocks(root)
    title = meta.get("title") or (lines[0] if lines else "")
    if lines and _same(lines[0], title):
        lines = lines[1:]
    body = [line for line in lines if line]
    if not body and not title:
        raise InputError("HTML page has no text")
    return Document(
        doc=path.name,
        text="\n".join([title, *body]),
        title=title,
        published=meta.get("published"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        path=str(path),
    )


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


def _blocks(root: Node) -> list[str]:
    out: list[str] = []
    for node in root.css(_BLOCKS):
        if any(parent.tag in ("p", "li", "blockquote", "td") for parent in _parents(node, root)):
            continue  # nested block: its text is part of the outer one
        line = _clean(node.text(separator=" "))
        if line and (not out or out[-1] != line):
            out.append(line)
    if not out:
        out = [_clean(t) for t in root.text(separator="\n").split("\n") if _clean(t)]
    return out


def _parents(node: Node, root: Node) -> list[Node]:
    out, cur = [], node.parent
    while cur is not None and cur is not root:
        out.append(cur)
        cur = cur.parent
    return out


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def _same(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def _iso(value: str) -> str:
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    return m.group(1) if m else value.strip()[:10]

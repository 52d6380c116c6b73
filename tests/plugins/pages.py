"""Newsroom pages built from announcement texts at test time, in the layouts press-release pages come in.

The article is the text itself (first line: the headline; each further line a paragraph; a short line
without closing punctuation a sub-heading); around it, each layout puts the clutter real newsroom pages
carry: menus, a cookie notice, share buttons, related headlines that name other companies and deals, a
footer with addresses. All of that clutter is written here (no page is copied from anywhere); an extractor
that lets it through invents facts, one that drops article lines loses them.

>>> page = render_page("Acme buys Beta\\nBOSTON -- Acme bought Beta.", "semantic", "https://n.test/a")
>>> "<h1>Acme buys Beta</h1>" in page and "Halvorsen" in page
True
"""

from __future__ import annotations

import html
import re

__all__ = ["LAYOUTS", "article_blocks", "render_page"]

LAYOUTS = ("semantic", "divs", "wire", "table")

_RELATED = (
    "Halvorsen Biologics completes acquisition of Pell Therapeutics plant in Cork",
    "Quillon Pharma signs CDMO agreement with Marbury Bio for Phase 2 antibody",
    "Tessaro Labs opens fill-finish site in Singapore, starting operations in 2029",
)
_TEASER = "The agreement covers clinical and commercial supply of an antibody from 2027 to 2032."
_MENU = ("Home", "News", "Deals", "Manufacturing", "Events", "Subscribe")
_FOOTER = (
    "Northgate Media Ltd., 12 Quay Street, Dublin, Ireland. Registered in Ireland.",
    "© 2026 Northgate Media. All rights reserved. Privacy policy · Terms of use · Cookie settings",
)
_COOKIE = "We use cookies to improve your experience. By continuing you accept our use of cookies."
_SHARE = ("Share on LinkedIn", "Share by e-mail", "Print")
_HEADING = re.compile(r"^[^.!?:;\"”)]{2,70}$")


def article_blocks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(headline, [(tag, line)...]) of an announcement text: ``h2`` for sub-headings, ``p`` otherwise."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", []
    blocks = [("h2" if _is_heading(line) else "p", line) for line in lines[1:]]
    return lines[0], blocks


def render_page(text: str, layout: str, url: str, published: str | None = None) -> str:
    """The announcement ``text`` as a whole HTML page of ``layout`` (one of :data:`LAYOUTS`)."""
    title, blocks = article_blocks(text)
    render = {"semantic": _semantic, "divs": _divs, "wire": _wire, "table": _table}[layout]
    return render(html.escape(title), [(tag, html.escape(line)) for tag, line in blocks], url, published)


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line.split()) <= 10


def _head(title: str, url: str, published: str | None) -> str:
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Northgate Newsroom</title>'
        f'<meta name="viewport" content="width=device-width"><link rel="canonical" href="{html.escape(url)}">'
        f'<meta property="og:site_name" content="Northgate Newsroom">{date}'
        "<script>window.analytics={track:function(){}};var ad='Buy Halvorsen shares';</script>"
        "<style>body{font-family:sans-serif}</style></head>"
    )


def _items(items: tuple[str, ...], tag: str = "li") -> str:
    return "".join(f"<{tag}><a href='/n/{i}'>{x}</a></{tag}>" for i, x in enumerate(items))


def _body(blocks: list[tuple[str, str]]) -> str:
    return "".join(f"<{tag}>{line}</{tag}>" for tag, line in blocks)


def _semantic(title: str, blocks: list[tuple[str, str]], url: str, published: str | None) -> str:
    """HTML5 landmarks: header/nav, main > article, aside, footer."""
    time = f'<time datetime="{published}">{published}</time>' if published else ""
    return (
        f"{_head(title, url, published)}<body><header><nav><ul>{_items(_MENU)}</ul></nav></header>"
        f'<div class="cookie-notice">{_COOKIE}</div><main><article><header><h1>{title}</h1>'
        f'<p class="byline">Northgate staff {time}</p></header>{_body(blocks)}'
        f'<ul class="share-tools">{_items(_SHARE)}</ul></article>'
        f"<aside><h3>Related news</h3><ul>{_items(_RELATED)}</ul></aside></main>"
        f"<footer>{''.join(f'<p>{x}</p>' for x in _FOOTER)}</footer></body></html>"
    )


def _divs(title: str, blocks: list[tuple[str, str]], url: str, published: str | None) -> str:
    """No landmarks and no telling class names: nested divs, the clutter in lists and paragraphs of its own."""
    teasers = "".join(f"<h3><a href='/n/{i}'>{x}</a></h3><p>{_TEASER}</p>" for i, x in enumerate(_RELATED))
    return (
        f'{_head(title, url, published)}<body><div id="top"><div class="logo">Northgate</div>'
        f'<ul class="links">{_items(_MENU)}</ul></div>'
        f'<div class="wrap"><div class="col-a"><p class="crumbs">Home / News / Deals</p>'
        f'<div class="story"><div class="story-title"><h1>{title}</h1></div>'
        f'<div class="story-text">{_body(blocks)}</div></div>'
        f'<ul class="tools">{_items(_SHARE)}</ul></div>'
        f'<div class="col-b"><div class="box"><h2>Most read</h2>{teasers}</div></div></div>'
        f'<div id="bottom">{"".join(f"<p>{x}</p>" for x in _FOOTER)}</div>'
        f'<div class="overlay"><p>{_COOKIE}</p></div></body></html>'
    )


def _wire(title: str, blocks: list[tuple[str, str]], url: str, published: str | None) -> str:
    """A wire-service release: the dateline in its own span, more news listed under the release."""
    body = _body(blocks)
    if blocks and blocks[0][0] == "p" and " -- " in blocks[0][1]:
        dateline, rest = blocks[0][1].split(" -- ", 1)
        body = f'<p><span class="dateline">{dateline} --</span> {rest}</p>{_body(blocks[1:])}'
    return (
        f"{_head(title, url, published)}<body>"
        f'<div class="masthead"><a href="/">Northgate Wire</a><form><input name="q"></form></div>'
        f'<div class="release-page"><div class="release"><h1 class="release-title">{title}</h1>'
        f'<div class="release-body">{body}</div>'
        f'<div class="contact"><p>Media contact: press office, +1 555 0100</p></div></div>'
        f'<div class="more-news"><h2>More news from Northgate Wire</h2>{_items(_RELATED, "p")}</div></div>'
        f'<div class="legal">{" ".join(_FOOTER)}</div></body></html>'
    )


def _table(title: str, blocks: list[tuple[str, str]], url: str, published: str | None) -> str:
    """An old investor-relations site: layout tables, paragraphs as <br><br> runs in one cell."""
    body = "<br><br>\n".join(f"<b>{line}</b>" if tag == "h2" else line for tag, line in blocks)
    return (
        f'{_head(title, url, published)}<body><table width="100%"><tr><td class="nav" width="20%">'
        f"{'<br>'.join(_MENU)}</td><td>"
        f'<table><tr><td><font size="4"><b>{title}</b></font></td></tr>'
        f"<tr><td>{body}</td></tr></table></td>"
        f'<td width="20%"><b>Latest releases</b><br>{"<br>".join(_RELATED)}</td></tr>'
        f'<tr><td colspan="3"><small>{" ".join(_FOOTER)}</small></td></tr></table></body></html>'
    )

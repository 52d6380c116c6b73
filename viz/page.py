"""One self-contained HTML page from a :class:`~viz.select.View`: vis-network inlined, data as inert JSON.

Nothing is fetched from the network: vis-network's script and style come from the files bundled in the
pyvis package and are inlined with the page's own template, style and script. Data travels as JSON in a
``<script type="application/json">`` element with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the
page script puts every string into the document with ``textContent`` (never as markup). A Content
Security Policy allows only the page's own inline scripts (by hash) and no network access at all.

>>> to_json_script({"name": "</script><b>&"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.countries import country_name
from viz.graph import NODE_TYPES, RELATION_LABELS
from viz.layout import seed_layout
from viz.select import View

__all__ = ["PHYSICS_LIMIT", "render_html", "to_json_script"]

PHYSICS_LIMIT = 1500  # above this many nodes the page opens on the precomputed layout, physics off
_LABEL_MAX = 42

NODE_STYLES = {
    "Organization": {"shape": "dot", "color": "#2563eb", "border": "#1e3a8a", "legend": "Company"},
    "Site": {"shape": "square", "color": "#16a34a", "border": "#14532d", "legend": "Site / plant"},
    "Agreement": {"shape": "diamond", "color": "#f59e0b", "border": "#92400e", "legend": "Agreement"},
    "Product": {"shape": "triangle", "color": "#9333ea", "border": "#581c87", "legend": "Product"},
    "Place": {"shape": "hexagon", "color": "#94a3b8", "border": "#475569", "legend": "Country"},
}
EDGE_STYLES = {
    "contracts_with": {"color": "#2563eb", "arrows": False, "dashes": False},
    "acquires": {"color": "#dc2626", "arrows": True, "dashes": False},
    "operates": {"color": "#16a34a", "arrows": True, "dashes": False},
    "located_in": {"color": "#94a3b8", "arrows": True, "dashes": True},
    "headquartered_in": {"color": "#94a3b8", "arrows": True, "dashes": True},
    "develops": {"color": "#9333ea", "arrows": True, "dashes": False},
    "provider": {"color": "#d97706", "arrows": False, "dashes": False},
    "client": {"color": "#d97706", "arrows": False, "dashes": False},
    "partner": {"color": "#d97706", "arrows": False, "dashes": False},
    "concerns": {"color": "#9333ea", "arrows": False, "dashes": True},
    "subsidiary_of": {"color": "#1e3a8a", "arrows": True, "dashes": True},
}
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def to_json_script(data: Any) -> str:
    """JSON that is inert inside a ``<script>`` element (and still parses to the same value)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def render_html(view: View, title: str = "Biopharma knowledge graph", curate: bool = False) -> str:
    """The page for ``view`` as one HTML string; ``curate``: with confirm and reject buttons that post to
    the server serving the page (``kg serve --curate``), the only address the page may then reach."""
    data = page_data(view) | {"curate": curate}
    vis_js, vis_css = _vis_files()
    script = _template("viewer.js")
    values = {
        "TITLE": html.escape(title),
        "CSP": _csp(vis_js, script, connect="'self'" if curate else "'none'"),
        "VIS_CSS": vis_css,
        "STYLE": _template("viewer.css"),
        "DATA": to_json_script(data),
        "VIS_JS": vis_js,
        "SCRIPT": script,
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], _template("page.html"))


def page_data(view: View) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able values."""
    g = view.graph
    docs = sorted(g.graph.get("announcements", {}).items())
    doc_index = {iri: i for i, (iri, _) in enumerate(docs)}
    pos = seed_layout(g)
    nodes = [_node(g, n, pos[n], doc_index) for n in sorted(g, key=str)]
    edges = [
        _edge(i, s, o, attrs, doc_index)
        for i, (s, o, attrs) in enumerate(
            sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"]))
        )
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "announcements": [
            {"title": a["title"], "published": a["published"], "url": a["url"], "doc": a["doc"]}
            for _, a in docs
        ],
        "nodeStyles": {t: NODE_STYLES[t] for t in NODE_TYPES},
        "edgeStyles": {r: {**EDGE_STYLES[r], "label": RELATION_LABELS[r]} for r in RELATION_LABELS},
        "note": view.note,
        "total": view.total,
        "focus": view.focus,
        "physics": len(nodes) <= PHYSICS_LIMIT,
    }


def _node(g: nx.MultiDiGraph, n: str, xy: tuple[float, float], docs: dict[str, int]) -> dict[str, Any]:
    d = g.nodes[n]
    name = _name(d)
    return {
        "id": n,
        "type": d["type"],
        "name": name,
        "label": _label(d, name),
        "x": xy[0],
        "y": xy[1],
        "size": g.degree(n),
        "years": d.get("years", []),
        "undisclosed": bool(d.get("undisclosed")),
        "fields": _fields(d),
        "evidence": [_evidence(e, docs) for e in d.get("evidence", [])],
        "docs": [docs[x] for x in d.get("docs", []) if x in docs],
        "fact": d.get("fact"),
    }


def _edge(i: int, s: str, o: str, d: dict[str, Any], docs: dict[str, int]) -> dict[str, Any]:
    return {
        "id": f"e{i}",
        "from": s,
        "to": o,
        "relation": d["relation"],
        "years": d.get("years", []),
        "shortcut": bool(d.get("shortcut")),
        "evidence": [_evidence(e, docs) for e in d.get("evidence", [])],
        "fact": d.get("fact"),
    }


def _evidence(e: dict[str, Any], docs: dict[str, int]) -> dict[str, Any]:
    """One piece of evidence as the page shows it: sentence, announcement (an index), a cited URL, and the
    fact it states when the item stands for one (a site's opening year)."""
    out = {"sentence": e["sentence"], "doc": docs.get(e["doc"]), "url": e.get("url")}
    if e.get("fact"):
        out["fact"] = e["fact"]
    return out


def _name(d: dict[str, Any]) -> str:
    if d["type"] == "Organization" and d.get("undisclosed"):
        return f"undisclosed: {d.get('description') or d['label']}"
    if d["type"] == "Place" and d.get("country"):
        return country_name(d["country"])
    return str(d["label"])


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(d: dict[str, Any], name: str) -> str:
    """What is drawn under a node: its name, plus the key facts of sites and agreements."""
    if d["type"] == "Site":
        return _short(name) + (f"\nopens {d['starts']}" if d.get("starts") else "")
    if d["type"] != "Agreement":
        return _short(name)
    head = " · ".join(
        x for x in (d.get("agreement_type") or "agreement", d.get("service")) if x and x != "none"
    )
    lines = [head, ", ".join(d.get("stages", []))]
    tail = [f"until {d['end_year']}" if d.get("end_year") else "", _headline_value(d.get("values", []))]
    lines.append(" · ".join(x for x in tail if x))
    return "\n".join(_short(x, 36) for x in lines if x)


def _headline_value(values: list[dict[str, Any]]) -> str:
    if not values:
        return ""
    order = ("total", "price", "upfront", "milestones", "equity")
    best = min(values, key=lambda m: (order.index(m["what"]) if m["what"] in order else 9, -m["amount"]))
    return money(best["amount"], best["currency"])


def money(amount: float, currency: str) -> str:
    """Short money text.

    >>> money(1_250_000_000, "USD"), money(50_000_000, "EUR"), money(900, "USD")
    ('USD 1.25B', 'EUR 50M', 'USD 900')
    """
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            return f"{currency} {amount / size:.3g}{suffix}"
    return f"{currency} {amount:.0f}"


def _fields(d: dict[str, Any]) -> list[list[str]]:
    """The details shown in the panel, as (label, text) pairs."""
    out: list[list[str]] = []

    def add(label: str, value: Any) -> None:
        if value not in (None, "", [], False):
            out.append([label, ", ".join(map(str, value)) if isinstance(value, list) else str(value)])

    if d["type"] == "Agreement":
        add("Agreement type", d.get("agreement_type"))
        add("Service", None if d.get("service") == "none" else d.get("service"))
        add("Stage", d.get("stages"))
        add("Ends", d.get("end_year"))
        for m in d.get("values", []):
            add(f"Value ({m['what'] or 'total'})", money(m["amount"], m["currency"]))
        add("Announced", d.get("announced"))
        return out
    add("Undisclosed party", "yes" if d.get("undisclosed") else None)
    add("Description", d.get("description"))
    add("Also known as", [a for a in d.get("aliases", []) if a != d["label"]])
    add("Wikidata", d.get("wikidata"))
    add("LEI", d.get("lei"))
    add("Tickers", d.get("tickers"))
    add("City", d.get("city"))
    add("Country", country_name(d["country"]) + f" ({d['country']})" if d.get("country") else None)
    add("Starts operations", d.get("starts"))
    add("Modality", d.get("modality"))
    add("Indication", d.get("indication"))
    return out


@cache
def _template(name: str) -> str:
    return resources.files("viz").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _vis_files() -> tuple[str, str]:
    """vis-network's script and style from the pyvis package (source-map comment dropped: no fetch)."""
    lib = Path(str(resources.files("pyvis"))) / "templates" / "lib"
    folder = max(lib.glob("vis-*"), key=lambda p: tuple(int(x) for x in p.name[4:].split(".")))
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    if re.search(r"</(script|style)", js + css, re.IGNORECASE):  # pragma: no cover - a future bundle
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js, css


def _csp(*scripts: str, connect: str = "'none'") -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        f"font-src data:; connect-src {connect}; form-action 'none'; base-uri 'none'"
    )

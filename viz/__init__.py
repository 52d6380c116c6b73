"""The interactive graph viewer: the store as one self-contained, offline HTML page (vis-network).

>>> from kg.store import Store
>>> page = render_store_html(Store.in_memory())
>>> page.startswith("<!DOCTYPE html>") and "window.network" in page
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.graph import read_store
from kg.store import Store
from viz.graph import to_view_graph
from viz.page import render_html
from viz.select import DEFAULT_LIMIT, Filters, View, VizError, parse_types, select_view

__all__ = [
    "DEFAULT_LIMIT",
    "Filters",
    "PageReport",
    "VizError",
    "read_view",
    "render_store_html",
    "write_store_html",
]


@dataclass(frozen=True)
class PageReport:
    """What a written page shows: nodes and links drawn, nodes selected before the limit, the cut note."""

    path: Path
    nodes: int
    edges: int
    total: int
    note: str


def read_view(
    store: Store,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Iterable[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    country: str | None = None,
    limit: int = DEFAULT_LIMIT,
    min_confidence: float | None = None,
) -> View:
    """The part of the store's graph the options select (see :class:`viz.select.Filters`)."""
    node_types, relations = parse_types(types)
    filters = Filters(focus, depth, node_types, relations, since, until, country, limit, min_confidence)
    return select_view(to_view_graph(read_store(store)), filters)


def render_store_html(store: Store, curate: bool = False, **options) -> str:
    """The viewer page for the store, as an HTML string (options as :func:`read_view`); ``curate``: with
    the confirm and reject buttons of ``kg serve --curate`` (they post to the server that serves it)."""
    return render_html(read_view(store, **options), curate=curate)


def write_store_html(store: Store, path: str | Path, **options) -> PageReport:
    """Write the viewer page to ``path`` (its folder is created); nothing else is written."""
    view = read_view(store, **options)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(view), encoding="utf-8")
    g = view.graph
    shown_edges = sum(1 for *_, d in g.edges(data=True) if not d.get("shortcut"))
    return PageReport(path, g.number_of_nodes(), shown_edges, view.total, view.note)

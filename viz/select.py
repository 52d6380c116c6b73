"""Choosing what a page shows: focus and depth, node or relation types, years, country, and a node limit.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", type="Organization", label="Acme Bio", years=[])
>>> g.add_node("b", type="Organization", label="Beta Pharma", years=[])
>>> g.add_node("c", type="Organization", label="Gamma", years=[])
>>> g.add_edge("a", "b", key="acquires", relation="acquires", years=[2024])
'acquires'
>>> view = select_view(g, Filters(focus="acme bio", depth=1))
>>> sorted(view.graph), view.note
(['a', 'b'], '')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.countries import country_code
from kg.errors import KgError
from kg.resolve import fold, org_key
from viz.graph import NODE_TYPES, RELATION_LABELS

__all__ = ["DEFAULT_LIMIT", "Filters", "View", "VizError", "find_nodes", "parse_types", "select_view"]

DEFAULT_LIMIT = 5000
_ROLE_RELATIONS = ("provider", "client", "partner", "concerns")


class VizError(KgError):
    """A viewer option names nothing in the graph (unknown company, type or country)."""


@dataclass(frozen=True)
class Filters:
    focus: str | None = None
    depth: int = 2
    node_types: frozenset[str] = frozenset()  # empty: all
    relations: frozenset[str] = frozenset()  # empty: all
    since: int | None = None
    until: int | None = None
    country: str | None = None
    limit: int = DEFAULT_LIMIT
    min_confidence: float | None = None  # facts and agreements whose best evidence is less sure drop out


@dataclass
class View:
    """The graph to draw, how many nodes the unfiltered selection had, and what was cut (for the page)."""

    graph: nx.MultiDiGraph
    total: int
    note: str = ""
    focus: list[str] = field(default_factory=list)


def parse_types(values: Iterable[str] | None) -> tuple[frozenset[str], frozenset[str]]:
    """Split ``--type`` values into node types and relation names (case-insensitive).

    >>> nodes, relations = parse_types(["site", "Organization", "contracts-with"])
    >>> sorted(nodes), sorted(relations)
    (['Organization', 'Site'], ['contracts_with'])
    """
    nodes: set[str] = set()
    relations: set[str] = set()
    by_name = {t.casefold(): t for t in NODE_TYPES} | {t.casefold() + "s": t for t in NODE_TYPES}
    for value in values or ():
        for part in value.split(","):
            key = part.strip().casefold().replace("-", "_").replace(" ", "_")
            if not key:
                continue
            if key in by_name:
                nodes.add(by_name[key])
            elif key in RELATION_LABELS:
                relations.add(key)
            else:
                known = ", ".join([*NODE_TYPES, *RELATION_LABELS])
                raise VizError(f"unknown type {part.strip()!r} (expected one of {known})")
    return frozenset(nodes), frozenset(relations)


def select_view(graph: nx.MultiDiGraph, filters: Filters) -> View:
    """The part of ``graph`` the filters keep (a new graph; ``graph`` is not changed)."""
    g = _by_relation(graph, filters.relations)
    g = _by_confidence(g, filters.min_confidence)
    g = _by_years(g, filters.since, filters.until)
    if filters.node_types:
        g = g.subgraph(n for n, d in g.nodes(data=True) if d["type"] in filters.node_types)
    focus: list[str] = []
    if filters.country:
        g = _by_country(g, filters.country)
    if filters.focus:
        focus = find_nodes(g, filters.focus)
        if not focus:
            raise VizError(_no_match(graph, filters.focus))
        g = g.subgraph(_neighbourhood(g, focus, filters.depth))
    g = nx.MultiDiGraph(g)
    g.graph = dict(graph.graph)
    total = g.number_of_nodes()
    note = ""
    if total > filters.limit:
        g, note = _cut(g, filters.limit, focus)
    return View(g, total, note, focus)


def _by_relation(g: nx.MultiDiGraph, relations: frozenset[str]) -> nx.MultiDiGraph:
    if not relations:
        return g
    keep = set(relations)
    if keep & set(_ROLE_RELATIONS):  # agreement party links travel together
        keep |= set(_ROLE_RELATIONS)
    view = nx.subgraph_view(g, filter_edge=lambda s, o, k: k in keep)
    return view.subgraph(n for n in view if view.degree(n) > 0)


def _by_confidence(g: nx.MultiDiGraph, minimum: float | None) -> nx.MultiDiGraph:
    """Facts and agreements at least ``minimum`` confident (those without evidence count as sure), and
    what they connect."""
    if minimum is None:
        return g

    def sure(attrs: dict) -> bool:
        return attrs.get("confidence") is None or attrs["confidence"] >= minimum

    nodes = [n for n, d in g.nodes(data=True) if d.get("type") != "Agreement" or sure(d)]
    view = nx.subgraph_view(g.subgraph(nodes), filter_edge=lambda s, o, k: sure(g.edges[s, o, k]))
    return view.subgraph(n for n in view if view.degree(n) > 0)


def _in_years(years: list[int], since: int | None, until: int | None) -> bool:
    return any((since is None or y >= since) and (until is None or y <= until) for y in years)


def _by_years(g: nx.MultiDiGraph, since: int | None, until: int | None) -> nx.MultiDiGraph:
    """Edges and agreements announced within the years (undated ones drop out), and what they connect."""
    if since is None and until is None:
        return g
    agreements = {n for n, d in g.nodes(data=True) if d["type"] == "Agreement"}
    dropped = {n for n in agreements if not _in_years(g.nodes[n]["years"], since, until)}

    def keep_edge(s: str, o: str, k: str) -> bool:
        if s in dropped or o in dropped:
            return False
        return s in agreements or o in agreements or _in_years(g.edges[s, o, k]["years"], since, until)

    view = nx.subgraph_view(g, filter_edge=keep_edge)
    return view.subgraph(n for n in view if n not in dropped and view.degree(n) > 0)


def _by_country(g: nx.MultiDiGraph, country: str) -> nx.MultiDiGraph:
    """Organizations and sites in the country, what they connect to, and the parties of those agreements."""
    code = country_code(country) or country_code(country.upper())
    if not code:
        raise VizError(f"unknown country {country!r} (use an ISO code such as US, DE, KR)")
    seeds = {n for n, d in g.nodes(data=True) if d.get("country") == code and d["type"] != "Place"}
    keep = set(seeds)
    for n in seeds:
        for m in nx.all_neighbors(g, n):
            keep.add(m)
            if g.nodes[m]["type"] == "Agreement":
                keep.update(nx.all_neighbors(g, m))
    return g.subgraph(keep)


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes named ``name``: same folded label or alias, else same company key, else a unique substring."""
    target = fold(name)
    named = [n for n, d in g.nodes(data=True) if d["type"] not in ("Agreement",)]
    exact = [
        n for n in named if target in {fold(x) for x in [g.nodes[n]["label"], *g.nodes[n].get("aliases", [])]}
    ]
    if exact:
        return sorted(exact)
    key = org_key(name)
    same = [n for n in named if org_key(g.nodes[n]["label"]) == key]
    if same:
        return sorted(same)
    partial = [n for n in named if target and target in fold(g.nodes[n]["label"])]
    return partial if len(partial) == 1 else []


def _no_match(g: nx.MultiDiGraph, name: str) -> str:
    target = fold(name)
    words = set(target.split())
    close = sorted(
        {
            d["label"]
            for _, d in g.nodes(data=True)
            if d["type"] == "Organization" and words & set(fold(d["label"]).split())
        }
    )
    hint = f"; did you mean {', '.join(repr(c) for c in close[:5])}?" if close else ""
    return f"no company or site named {name!r} in the graph{hint}"


def _neighbourhood(g: nx.MultiDiGraph, start: list[str], depth: int) -> set[str]:
    """Nodes within ``depth`` hops. Stepping into an agreement is free (its parties are one hop away);
    places are not walked through (a country would pull in every company located there)."""
    dist = dict.fromkeys(start, 0)
    queue = deque(start)
    while queue:
        n = queue.popleft()
        if g.nodes[n]["type"] == "Place" and n not in start:
            continue
        for m in set(nx.all_neighbors(g, n)):
            step = 0 if g.nodes[m]["type"] == "Agreement" else 1
            d = dist[n] + step
            if d <= depth and d < dist.get(m, depth + 1):
                dist[m] = d
                if step == 0:
                    queue.appendleft(m)
                else:
                    queue.append(m)
    return set(dist)


def _cut(g: nx.MultiDiGraph, limit: int, focus: list[str]) -> tuple[nx.MultiDiGraph, str]:
    """Keep the ``limit`` most connected nodes (the focus first) and say what was left out."""
    total = g.number_of_nodes()
    rank = sorted(g, key=lambda n: (n not in focus, -g.degree(n), g.nodes[n]["label"], n))
    kept = nx.MultiDiGraph(g.subgraph(rank[:limit]))
    kept.graph = g.graph
    kept.remove_nodes_from(
        [n for n, d in kept.nodes(data=True) if d["type"] == "Agreement" and kept.degree(n) == 0]
    )
    left = total - kept.number_of_nodes()
    note = (
        f"Showing {kept.number_of_nodes():,} of {total:,} nodes (the most connected); {left:,} left out. "
        "To see the rest, focus on a company and its neighbourhood (kg viz --focus NAME --depth N) "
        "or narrow by --type, --since/--until or --country."
    )
    return kept, note

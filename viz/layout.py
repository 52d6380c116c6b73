"""Starting positions for the page, computed in pure Python so that big graphs open already laid out.

Each connected component is laid out on its own (a small force layout for small components, a radial
tree from the best-connected node for large ones) and the components are packed in rows, biggest first.

>>> import networkx as nx
>>> pos = seed_layout(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx

__all__ = ["seed_layout"]

SPACING = 110.0  # preferred distance between neighbours, in page pixels
_SMALL = 80  # components up to this size get a force layout


def seed_layout(g: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Deterministic positions for every node of ``g``."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    parts = sorted(
        (sorted(c, key=str) for c in nx.connected_components(u)), key=lambda c: (-len(c), str(c[0]))
    )
    boxes = [_component(u, part) for part in parts]
    return _pack(boxes)


def _component(g: nx.Graph, nodes: list[Hashable]) -> dict[Hashable, tuple[float, float]]:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) <= _SMALL:
        return _force(g.subgraph(nodes), nodes)
    return _radial(g.subgraph(nodes), nodes)


def _force(g: nx.Graph, nodes: list[Hashable], iterations: int = 120) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold on a small component (O(n²) per step)."""
    rnd = random.Random(len(nodes))
    k = SPACING
    pos = {n: [rnd.uniform(-1, 1) * k * 2, rnd.uniform(-1, 1) * k * 2] for n in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in g.edges() if a != b]
    xy = [pos[n] for n in nodes]
    temperature = k * 2
    for _ in range(iterations):
        disp = [[0.0, 0.0] for _ in nodes]
        for i in range(len(xy)):
            xi, yi = xy[i]
            for j in range(i + 1, len(xy)):
                dx, dy = xi - xy[j][0], yi - xy[j][1]
                d2 = dx * dx + dy * dy or 0.01
                f = k * k / d2
                disp[i][0] += dx * f
                disp[i][1] += dy * f
                disp[j][0] -= dx * f
                disp[j][1] -= dy * f
        for i, j in edges:
            dx, dy = xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]
            d = math.hypot(dx, dy) or 0.1
            f = d / k
            disp[i][0] -= dx * f
            disp[i][1] -= dy * f
            disp[j][0] += dx * f
            disp[j][1] += dy * f
        for p, (dx, dy) in zip(xy, disp, strict=True):
            d = math.hypot(dx, dy) or 0.1
            step = min(d, temperature)
            p[0] += dx / d * step
            p[1] += dy / d * step
        temperature = max(temperature * 0.95, 1.0)
    return {n: (p[0], p[1]) for n, p in zip(nodes, xy, strict=True)}


def _radial(g: nx.Graph, nodes: list[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """A BFS tree from the best-connected node, drawn in rings; each subtree gets a sector sized by its
    number of leaves."""
    root = max(nodes, key=lambda n: (g.degree(n), str(n)))
    children: dict[Hashable, list[Hashable]] = {root: []}
    depth = {root: 0}
    order = [root]
    for parent, child in nx.bfs_edges(g, root, sort_neighbors=lambda ns: sorted(ns, key=str)):
        children[parent].append(child)
        children[child] = []
        depth[child] = depth[parent] + 1
        order.append(child)
    leaves: dict[Hashable, int] = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    angle = {root: (0.0, 2 * math.pi)}
    pos = {root: (0.0, 0.0)}
    ring = SPACING * 1.6
    for n in order:
        start, width = angle[n]
        for c in children[n]:
            share = width * leaves[c] / leaves[n]
            angle[c] = (start, share)
            mid = start + share / 2
            r = ring * depth[c] * (1 + 0.15 * (hash_unit(c) - 0.5))
            pos[c] = (r * math.cos(mid), r * math.sin(mid))
            start += share
    return pos


def hash_unit(node: Hashable) -> float:
    """A stable number in [0, 1) for a node (jitter that is the same on every run)."""
    return (sum(ord(ch) * (i + 1) for i, ch in enumerate(str(node))) % 997) / 997


def _pack(boxes: list[dict[Hashable, tuple[float, float]]]) -> dict[Hashable, tuple[float, float]]:
    """Place the components side by side in rows of roughly equal width."""
    sized = []
    for pos in boxes:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        sized.append((pos, min(xs), min(ys), max(xs) - min(xs) + SPACING, max(ys) - min(ys) + SPACING))
    area = sum(w * h for _, _, _, w, h in sized)
    row_width = max(math.sqrt(area) * 1.3, max((w for *_, w, _ in sized), default=0))
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in sized:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w
        row_height = max(row_height, h)
    return out

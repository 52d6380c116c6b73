"""Starting positions for the page, computed in pure Python so that big graphs open already laid out.

Each connected component is laid out on its own (a small force layout for small components, a radial
hubs-and-satellites layout for large ones) and the components are packed in rows, biggest first.

>>> import networkx as nx
>>> pos = seed_layout(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Hashable

import networkx as nx

__all__ = ["seed_layout"]

SPACING = 110.0  # preferred distance between neighbours, in page pixels
_SMALL = 80  # components up to this size get a force layout
_CORE = 150  # hubs laid out by force in a large component
_GOLDEN = math.pi * (3 - math.sqrt(5))


def seed_layout(g: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Deterministic positions for every node of ``g``."""
    u = nx.Graph()  # a plain copy: views of views of a MultiDiGraph are slow to walk
    u.add_nodes_from(g)
    u.add_edges_from((a, b) for a, b in g.edges() if a != b)
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
    return _radial(nx.Graph(g.subgraph(nodes)), nodes)


def _force(
    g: nx.Graph, nodes: list[Hashable], iterations: int = 120, spacing: float = SPACING
) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold on a few nodes (O(n²) per step)."""
    rnd = random.Random(len(nodes))
    k = spacing
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
    """Hubs and satellites: the best-connected nodes get a force layout among themselves, then every other
    node is placed in a sunflower disk around the first placed neighbour it is reached from."""
    deg = dict(g.degree(nodes))
    core = sorted(nodes, key=lambda n: (-deg[n], str(n)))[:_CORE]
    in_core = set(core)
    links = nx.Graph()
    links.add_nodes_from(core)
    for n in core:
        for m in g[n]:
            if m in in_core:
                links.add_edge(n, m)
            elif deg[m] <= 8:  # linked through a small node (an agreement, a site)
                links.add_edges_from((n, k) for k in g[m] if k in in_core and k != n)
    satellites = (len(nodes) - len(core)) / len(core)
    pos = _force(links, core, iterations=80, spacing=SPACING * (1.5 + 0.7 * math.sqrt(satellites)))
    placed = dict.fromkeys(core, 0)
    queue = deque(core)
    while queue:
        anchor = queue.popleft()
        ax, ay = pos[anchor]
        for m in sorted(g[anchor], key=str):
            if m in placed:
                continue
            i = placed[anchor] = placed[anchor] + 1
            r = SPACING * (0.7 + 0.5 * math.sqrt(i))
            pos[m] = (ax + r * math.cos(i * _GOLDEN), ay + r * math.sin(i * _GOLDEN))
            placed[m] = 0
            queue.append(m)
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

"""Resolution across a store: every announcement's mentions clustered at once.

Each announcement was resolved on its own when it was written (:func:`kg.identity.resolve`). Here the
mentions of all of them — read from the graphs, so a store migrates without its source files — are
clustered together (:func:`kg.identity.cluster`): an alias one announcement states now reaches the
others, a former name finds the company's node, a ticker joins two spellings. Graphs whose nodes change
are read back, resolved again and rewritten (each announcement replaced in one atomic step, as an ingest
would); the registry graph (:data:`kg.vocab.REGISTRY_GRAPH`) gets the names, identifiers and parents of the
registry's companies the store names. Running it again changes nothing.

>>> from kg.model import Extraction
>>> from kg.store import Store
>>> store = Store.in_memory()
>>> _ = store.write([Extraction.from_record({"doc": "a.txt", "entities": [
...     {"id": "e1", "type": "Organization", "name": "Acme Bio", "aliases": ["Zeta Pharma"]}],
...     "facts": [], "agreements": []}), Extraction.from_record({"doc": "b.txt", "entities": [
...     {"id": "e1", "type": "Organization", "name": "Zeta Pharma Inc."}], "facts": [], "agreements": []})])
>>> reconcile(store).rewritten
1
>>> store.select("SELECT ?o WHERE { ?o a bpk:Organization }")
[{'o': 'https://w3id.org/biopharma-kg/id/org/acme-bio'}]
>>> reconcile(store).rewritten
0
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.identity import KINDS, Clusters, Curated, Mention, cluster, resolve
from kg.model import EntityType
from kg.names import fold, org_key
from kg.rdf import to_quads
from kg.readback import read_extraction
from kg.registry import Company, Registry, default_registry
from kg.store import CONTENT_HASH, PreparedGraph, Store, prepare_quads
from kg.terms import serialized, value

__all__ = [
    "ResolutionReport",
    "curated_of",
    "explain",
    "known_clusters",
    "read_mentions",
    "reconcile",
    "registry_quads",
    "report",
]

BATCH = 500  # announcements per atomic rewrite
MAX_PASSES = 5  # store-wide passes at most (one more than any store tried needed: 3)
_KIND_OF = {v.ENTITY_CLASSES[t.value]: KINDS[t] for t in EntityType}
_SCOPE_FACTS = {
    "site": (v.RELATIONS["operates"].rdf, v.RELATIONS["acquires"].rdf),
    "product": (v.RELATIONS["develops"].rdf,),
}
_SCOPE_PREDICATES = sorted({p for ps in _SCOPE_FACTS.values() for p in ps} | {v.RELATIONS["located_in"].rdf})
_N = ox.NamedNode


@dataclass
class ResolutionReport:
    mentions: int = 0  # companies, sites and products as the announcements name them
    nodes: int = 0  # the nodes they resolve to
    reasons: Counter = field(default_factory=Counter)  # how mentions joined their node
    rewritten: int = 0  # announcement graphs rewritten because a node changed
    registry_companies: int = 0  # registry companies in the registry graph (named, and their parents)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry: bool = False  # a report: nothing was written

    def summary(self) -> str:
        reasons = ", ".join(f"{n} by {r}" for r, n in sorted(self.reasons.items()))
        rewritten = "to rewrite" if self.dry else "rewritten"
        return (
            f"resolved {self.mentions} mentions to {self.nodes} nodes ({reasons}); "
            f"{self.rewritten} announcements {rewritten}; {self.registry_companies} registry companies; "
            f"{len(self.ambiguous)} ambiguous aliases"
        )


@dataclass(frozen=True)
class StoredMention:
    graph: str
    node: str
    mention: Mention
    label: str = ""


def read_mentions(store: Store) -> list[StoredMention]:
    """Every company, site and product of every announcement graph, as :class:`~kg.identity.Mention` s
    with refs ``(graph, node IRI)``."""
    inner = store.oxigraph
    predicates = [v.TYPE, v.LABEL, v.NAME_IN_SOURCE, v.ALIAS, v.TICKER, v.UNDISCLOSED, *_SCOPE_PREDICATES]
    return mentions_in(q for p in predicates for q in inner.quads_for_pattern(None, _N(p), None, None))


_NOT_ANNOUNCEMENTS = frozenset({v.REGISTRY_GRAPH, *v.SYSTEM_GRAPHS})  # graphs naming no mention
_READ = {
    _N(p): p
    for p in (v.TYPE, v.LABEL, v.NAME_IN_SOURCE, v.ALIAS, v.TICKER, v.UNDISCLOSED, *_SCOPE_PREDICATES)
}


def mentions_in(quads: Iterable[ox.Quad]) -> list[StoredMention]:
    """The mentions the announcement graphs among ``quads`` hold (what :func:`read_mentions` reads from a
    store; an ingest reads them from the graphs it writes instead of from the store again)."""
    by_predicate: defaultdict[str, list[ox.Quad]] = defaultdict(list)
    announcements: dict[Any, bool] = {}  # graph name -> whether it is an announcement's
    for q in quads:
        p = _READ.get(q.predicate)  # most statements are none of these: let them go before anything else
        if p is None:
            continue
        name = q.graph_name
        if (wanted := announcements.get(name)) is None:
            wanted = isinstance(name, ox.NamedNode) and name.value not in _NOT_ANNOUNCEMENTS
            announcements[name] = wanted
        if wanted:
            by_predicate[p].append(q)
    kinds: dict[tuple[str, str], str] = {}
    for q in by_predicate[v.TYPE]:
        kind = _KIND_OF.get(value(q.object))
        if kind:
            kinds[(value(q.graph_name), value(q.subject))] = kind
    values: dict[str, defaultdict[tuple[str, str], list[str]]] = {}
    for prop in (v.LABEL, v.NAME_IN_SOURCE, v.ALIAS, v.TICKER, v.UNDISCLOSED):
        found: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        for q in by_predicate[prop]:
            key = (value(q.graph_name), value(q.subject))
            if key in kinds:
                found[key].append(value(q.object))
        values[prop] = found
    scopes: defaultdict[tuple[str, str], list[str]] = defaultdict(list)  # (graph, thing) -> companies
    for predicate in {p for ps in _SCOPE_FACTS.values() for p in ps}:
        for q in by_predicate[predicate]:
            scopes[(value(q.graph_name), value(q.object))].append(value(q.subject))
    places: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (graph, site) -> country codes
    for q in by_predicate[v.RELATIONS["located_in"].rdf]:
        places[(value(q.graph_name), value(q.subject))].add(value(q.object).rsplit("/", 1)[-1])
    out = []
    for (g, node), kind in sorted(kinds.items()):
        mention = _mention(g, node, kind, values, scopes, kinds)
        if places.get((g, node)) and kind == "site":
            mention = replace(mention, countries=tuple(sorted(places[(g, node)])))
        out.append(StoredMention(g, node, mention, sorted(values[v.LABEL].get((g, node), [""]))[0]))
    return out


def _mention(g: str, node: str, kind: str, values: dict, scopes: dict, kinds: dict) -> Mention:
    key = (g, node)
    label = sorted(values[v.LABEL].get(key, [""]))[0]
    tail = node.rsplit("/", 1)[-1]
    if values[v.UNDISCLOSED].get(key) or tail.startswith(("undisclosed-", "doc-")):
        return Mention(key, kind, (label,), fixed=node, doc=g)
    names = tuple(sorted(set(values[v.NAME_IN_SOURCE].get(key, ())))) or (label,)
    aliases = tuple(sorted(set(values[v.ALIAS].get(key, ())) - set(names)))
    tickers = tuple(sorted(set(values[v.TICKER].get(key, ()))))
    if kind == "org":
        return Mention(key, kind, names, aliases, tickers, doc=g)
    company = f"{v.ID}org/{node[len(v.ID) :].split('/')[1]}"
    if (g, company) not in kinds:
        return Mention(key, kind, names, fixed=node, doc=g)
    others = sorted({c for c in scopes.get(key, ()) if c != company and (g, c) in kinds})
    return Mention(key, kind, names, aliases, tickers, (g, company), tuple((g, c) for c in others), doc=g)


def curated_of(store: Store) -> Curated:
    """What analysts decided (:mod:`kg.curation`) that resolution follows over its own evidence: their merges
    and splits, and the IRIs their corrections name (kept as the IRIs of those nodes)."""
    overlay = store.overlay
    on = overlay.rescope  # a merged company's sites and products are named under the company kept
    return Curated(
        same=tuple((on(m.subject), on(m.object)) for m in overlay.merges),
        different=tuple((on(s.subject), on(s.object)) for s in overlay.splits),
        pinned=overlay.named_iris,
    )


def _clusters(store: Store, registry: Registry) -> tuple[list[StoredMention], Clusters]:
    stored = read_mentions(store)
    return stored, cluster((s.mention for s in stored), registry, curated_of(store))


def known_clusters(store: Store, registry: Registry | None = None) -> Clusters:
    """The store's clusters: what :func:`kg.identity.resolve` needs (``known``) to resolve an announcement as
    the store-wide pass would."""
    return _clusters(store, registry or default_registry())[1]


def reconcile(
    store: Store, registry: Registry | None = None, mentions: list[StoredMention] | None = None
) -> ResolutionReport:
    """Cluster the store's mentions, rewrite the announcements whose nodes change, and write the
    registry graph. Idempotent. ``mentions``: the store's, when the caller has them (an ingest run does:
    what the store held when it began, and what it wrote), else read from the store."""
    began = time.monotonic()
    registry = registry or default_registry()
    curated = curated_of(store)
    stored = read_mentions(store) if mentions is None else mentions
    # A rewritten graph reads back otherwise than it was written from (two entities of one announcement
    # that joined one node are one mention now), which may move a cluster's name again: passes go on, over
    # the graphs as the last pass rewrote them (in memory), until none rewrites anything, so that a store
    # reaches the same state whatever order its announcements came in (a run killed and run again, or one
    # run) and running it again changes nothing. Each graph is then written once.
    rewritten: dict[str, PreparedGraph] = {}
    scratch = Store.in_memory()  # the graphs as rewritten so far
    for _ in range(MAX_PASSES):
        # in the store's order whatever the caller's: clustering refuses some merges by which came first
        stored = sorted(stored, key=lambda s: (s.graph, s.node))
        clusters = cluster((s.mention for s in stored), registry, curated)
        changed = sorted({s.graph for s in stored if _stale(s, clusters)})
        if not changed:
            break
        fresh: list[StoredMention] = []
        for g in changed:
            ex = resolve(read_extraction(scratch if g in rewritten else store, g), registry, clusters)
            quads = to_quads(ex)
            scratch.oxigraph.remove_graph(ox.NamedNode(g))
            scratch.oxigraph.extend(quads)
            rewritten[g] = prepare_quads(ex.doc, quads)
            fresh += mentions_in(quads)
        again = set(changed)
        stored = [s for s in stored if s.graph not in again] + fresh
    graphs = [rewritten[g] for g in sorted(rewritten)]
    for i in range(0, len(graphs), BATCH):
        store.write_prepared(graphs[i : i + BATCH])
    named = {r.registry for r in clusters.roots.values() if r.registry}
    companies = _with_parents(named, registry)
    if companies or store.content_hash(ox.NamedNode(v.REGISTRY_GRAPH)) is not None:
        store.write_prepared([_registry_graph(companies, registry)])
    out = _report(stored, clusters)
    out.rewritten = len(rewritten)
    out.registry_companies = len(companies)
    out.seconds = time.monotonic() - began
    return out


def _stale(s: StoredMention, clusters: Clusters) -> bool:
    """Whether a mention's graph must be rewritten: its node changed, or it joined a node named after
    another name whose label changed."""
    root = clusters.roots[s.mention.ref]
    if root.iri != s.node:
        return True
    if s.mention.kind == "org" and root.iri.rsplit("/", 1)[-1] in {org_key(n) for n in s.mention.names}:
        return False  # a node named after the mention's own name keeps its announcement's label (resolve)
    return root.reason in ("alias", "identifier", "curated") and root.label != s.label


def write_known(
    mentions: Iterable[StoredMention], registry: Registry | None = None, curated: Curated | None = None
) -> str | None:
    """Write the clusters of ``mentions`` (a store's) to a new temporary file for :func:`load_known`, so that
    the worker processes of an ingest run resolve each announcement as the store-wide pass did (and
    re-ingesting an announcement it rewrote leaves it unchanged). Its path; None when there is nothing to
    know. The caller removes the file."""
    clusters = cluster((m.mention for m in mentions), registry or default_registry(), curated)
    if not clusters.anchors:
        return None
    fd, path = tempfile.mkstemp(prefix="kg-known-", suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(clusters.anchors, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@lru_cache(maxsize=1)  # one run's file at a time: each process loads it once
def load_known(path: str) -> Clusters:
    """The clusters :func:`write_known` wrote to ``path``."""
    with open(path, "rb") as f:
        return Clusters(anchors=pickle.load(f))


def _report(stored: list[StoredMention], clusters: Clusters) -> ResolutionReport:
    out = ResolutionReport(mentions=len(stored))
    roots = {clusters.roots[s.mention.ref] for s in stored}
    out.nodes = len({r.iri for r in roots})
    out.reasons = Counter(clusters.roots[s.mention.ref].reason for s in stored)
    for (kind, alias), targets in sorted(clusters.ambiguous.items()):
        out.ambiguous.append({"kind": kind, "alias": alias, "candidates": sorted(targets)})
    out.conflicts = list(dict.fromkeys(clusters.conflicts))
    return out


def report(store: Store, registry: Registry | None = None) -> ResolutionReport:
    """What :func:`reconcile` would find, without writing: counts, ambiguous aliases, refused merges."""
    registry = registry or default_registry()
    stored, clusters = _clusters(store, registry)
    out = _report(stored, clusters)
    out.rewritten = len({s.graph for s in stored if _stale(s, clusters)})
    out.registry_companies = len(
        _with_parents({r.registry for r in clusters.roots.values() if r.registry}, registry)
    )
    out.dry = True
    return out


def explain(store: Store, name: str, registry: Registry | None = None) -> list[dict[str, Any]]:
    """The node(s) ``name`` names and, for each announcement mentioning it, how that mention joined it:
    ``{"node", "label", "document", "names", "aliases", "reason", "why"}`` rows."""
    registry = registry or default_registry()
    stored, clusters = _clusters(store, registry)
    target = fold(name)
    company = registry.lookup(name)
    wanted = set()
    for s in stored:
        m, root = s.mention, clusters.roots[s.mention.ref]
        if target in {fold(x) for x in (*m.names, *m.aliases, root.label)} or (
            company and root.registry == company.id
        ):
            wanted.add(root.iri)
    docs = _document_keys(store)
    rows = []
    for s in stored:
        root = clusters.roots[s.mention.ref]
        if root.iri in wanted:
            rows.append({
                "node": root.iri,
                "label": root.label,
                "document": docs.get(s.graph, s.graph),
                "names": list(s.mention.names),
                "aliases": list(s.mention.aliases),
                "reason": root.reason,
                "why": clusters.why.get(s.mention.ref, ""),
            })  # fmt: skip
    return sorted(rows, key=lambda r: (r["node"], r["document"], r["names"]))


def _document_keys(store: Store) -> dict[str, str]:
    out = {}
    for q in store.oxigraph.quads_for_pattern(None, _N(v.DOC_KEY), None, None):
        if isinstance(q.graph_name, ox.NamedNode):
            out[value(q.graph_name)] = value(q.object)
    return out


def _with_parents(ids: set[str], registry: Registry) -> list[Company]:
    out: dict[str, Company] = {}
    todo = [registry.get(i) for i in sorted(ids)]
    while todo:
        company = todo.pop()
        if company is None or company.id in out:
            continue
        out[company.id] = company
        todo.append(registry.parent(company))
    return sorted(out.values(), key=lambda c: c.id)


def registry_quads(companies: list[Company], registry: Registry) -> list[ox.Quad]:
    """What the registry says of ``companies``, as quads of the registry graph."""
    g = _N(v.REGISTRY_GRAPH)
    triples: list[tuple[Any, Any, Any]] = []
    for c in companies:
        node = _N(f"{v.ID}org/{c.id}")
        triples += [(node, _N(v.TYPE), _N(v.ORGANIZATION)), (node, _N(v.LABEL), ox.Literal(c.name))]
        triples += [(node, _N(v.ALIAS), ox.Literal(a)) for a in (*c.aliases, *c.former) if a != c.name]
        keys = sorted({n.lower() for n in c.names})
        triples += [(node, _N(v.SEARCH_KEY), ox.Literal(k)) for k in keys]
        if c.wikidata:
            triples += [
                (node, _N(v.WIKIDATA), ox.Literal(c.wikidata)),
                (node, _N(v.SAME_AS), _N(v.WIKIDATA_ENTITY + c.wikidata)),
            ]
        if c.lei:
            triples.append((node, _N(v.LEI), ox.Literal(c.lei)))
        triples += [(node, _N(v.TICKER), ox.Literal(t)) for t in c.tickers]
        parent = registry.parent(c)
        if parent:
            triples.append((node, _N(v.SUB_ORGANIZATION_OF), _N(f"{v.ID}org/{parent.id}")))
    return [ox.Quad(s, p, o, g) for s, p, o in triples]


def _registry_graph(companies: list[Company], registry: Registry) -> PreparedGraph:
    quads = registry_quads(companies, registry)
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()
    g = _N(v.REGISTRY_GRAPH)
    quads.append(ox.Quad(g, CONTENT_HASH, ox.Literal(digest), g))
    nquads = serialized(quads, format=ox.RdfFormat.N_QUADS)
    ntriples = serialized([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return PreparedGraph("registry", v.REGISTRY_GRAPH, digest, nquads, ntriples, len(quads) - 1)

"""Entity resolution: which node each company, site and product of an announcement is, and why.

A *mention* is a thing as one announcement names it: its names as written, the other names it states
(aliases, former names), tickers, and for sites and products the company whose they are (their scope).
:func:`cluster` groups mentions into nodes:

- a company the registry knows (by a name as written or a ticker) is the registry's node;
- otherwise names with the same key (case, punctuation and legal suffixes aside) are one node;
- mentions that share a ticker are one node;
- an alias makes the mentions *named* by it the node it was stated for — unless it was stated for two
  different nodes: then it is ambiguous and merges nothing (:attr:`Clusters.ambiguous`);
- a site is its operator plus its name, a product its owner plus its name (brand, INN and code names
  stated in the text are aliases of one product); a site bought from another company keeps the seller's
  node, which its buyer operates (the buyer's other announcements naming a plant so are the buyer's own
  plant: without dates, the two cannot be told apart). Unnamed things, and named ones with no known company,
  stay in their announcement. A subsidiary is its own node (the registry links it to its parent).

:func:`resolve` applies that to one extraction (worker processes do, before mapping it to RDF);
:mod:`kg.reconcile` applies it to every announcement of a store at once, which is where aliases stated in
one announcement reach the others.

>>> from kg.model import Entity, EntityType, Extraction, Fact
>>> ex = Extraction("a.txt", entities=(
...     Entity("e1", EntityType.ORGANIZATION, "Eli Lilly and Company"),
...     Entity("e2", EntityType.ORGANIZATION, "Acme Bio Inc."),
...     Entity("s1", EntityType.SITE, "Plant 3")), facts=(Fact("e2", "operates", "s1"),))
>>> for e in resolve(ex).entities:
...     print(e.identity.iri.rsplit("/id/", 1)[1], e.identity.label, e.identity.reason)
org/eli-lilly Eli Lilly registry
org/acme-bio Acme Bio name
site/acme-bio/plant-3 Plant 3 name
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

from kg.aliases import find_statements
from kg.countries import country_code
from kg.model import Entity, EntityType, Extraction, Identity
from kg.names import doc_hash, fold, org_key, preferred_name, slug, strip_legal, thing_key, ticker_key
from kg.registry import Registry, default_registry
from kg.vocab import ID

__all__ = [
    "Clusters",
    "Curated",
    "Mention",
    "Root",
    "cluster",
    "document_iri",
    "resolve",
    "scope_of",
    "scoped_iri",
]

KINDS = {EntityType.ORGANIZATION: "org", EntityType.SITE: "site", EntityType.PRODUCT: "product"}
Anchor = tuple  # ("reg", id) | ("key", key) for companies; ("key", scope IRI, key) for sites and products


@dataclass(frozen=True)
class Mention:
    """One thing as one announcement names it. ``ref`` is any key of the caller's (e.g. (doc, entity id))."""

    ref: Hashable
    kind: str  # org | site | product
    names: tuple[str, ...]  # as written (an announcement may name one node twice: "Eli Lilly", "Lilly")
    aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    scope: Hashable | None = None  # site/product: ref of the company mention it belongs to
    also: tuple[Hashable, ...] = ()  # site/product: refs of other companies naming it (a buyer, a licensee)
    fixed: str | None = None  # a node of its own announcement (undisclosed, unnamed, no company)
    doc: str = ""
    countries: tuple[str, ...] = ()  # site: where the announcement locates it (sites apart never merge)


@dataclass(frozen=True)
class Root:
    iri: str
    label: str
    reason: str  # registry | identifier | alias | name | document | curated
    registry: str | None = None  # registry id


@dataclass(frozen=True)
class Curated:
    """What analysts decided (:mod:`kg.curation`), which clustering follows over its own evidence: nodes that
    are one (``same``: the kept node's IRI, the merged one's), nodes that are two (``different``), and the
    IRIs corrections name (``pinned``: a cluster holding one keeps it as its IRI, so a correction never loses
    its node when the cluster is named after another name later)."""

    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()
    pinned: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.same or self.different or self.pinned)


@dataclass
class Clusters:
    """The result of :func:`cluster`: each mention's root, and what could not be merged."""

    roots: dict[Hashable, Root] = field(default_factory=dict)  # mention ref -> root
    anchors: dict[Anchor, Root] = field(default_factory=dict)  # anchor -> root of its cluster
    ambiguous: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (kind, alias key) -> root IRIs
    conflicts: list[str] = field(default_factory=list)  # merges refused (two registry companies)
    why: dict[Hashable, str] = field(default_factory=dict)  # mention ref -> how it joined its root


class _Union:
    """Union-find over anchors that never joins two registry companies, nor what analysts split."""

    def __init__(self, apart: list[tuple[frozenset[Anchor], frozenset[Anchor]]] = ()) -> None:  # type: ignore[assignment]
        self.up: dict[Anchor, Anchor] = {}
        self.registry: dict[Anchor, Anchor] = {}  # root -> its ("reg", id) anchor
        self.places: dict[Anchor, frozenset[str]] = {}  # root -> countries its sites are in
        self.apart = list(apart)  # anchors of two nodes an analyst split: never in one cluster
        self.members: dict[Anchor, set[Anchor]] = {}  # root -> its anchors (kept when something is apart)
        self.refused_split = False  # the last refusal was an analyst's split (not the registry's or places')

    def find(self, a: Anchor) -> Anchor:
        self.up.setdefault(a, a)
        while self.up[a] != a:
            self.up[a] = self.up[self.up[a]]
            a = self.up[a]
        return a

    def add(self, a: Anchor, places: tuple[str, ...] = ()) -> Anchor:
        root = self.find(a)
        if a[0] == "reg":
            self.registry.setdefault(root, a)
        if places:
            self.places[root] = self.places.get(root, frozenset()) | frozenset(places)
        return root

    def union(self, a: Anchor, b: Anchor, force: bool = False) -> bool:
        """Join the clusters of ``a`` and ``b`` unless they must stay apart (``force``: an analyst's merge,
        which only an analyst's split refuses); whether they are one now."""
        self.refused_split = False
        ra, rb = self.add(a), self.add(b)
        if ra == rb:
            return True
        rega, regb = self.registry.get(ra), self.registry.get(rb)
        pa, pb = self.places.get(ra), self.places.get(rb)
        if not force and rega and regb and rega != regb:
            return False
        if not force and pa and pb and not pa & pb:  # a plant in Germany is not one in Japan
            return False
        if self.apart and self._split(ra, rb):
            self.refused_split = True
            return False
        ra, rb = (ra, rb) if force else sorted((ra, rb))  # forced: the first one's cluster is kept
        self.up[rb] = ra
        if self.apart:
            self.members.setdefault(ra, {ra}).update(self.members.pop(rb, {rb}))
        if regb and (not rega or not force):
            self.registry[ra] = regb
        if pb:
            self.places[ra] = (pa or frozenset()) | pb
        return True

    def _split(self, ra: Anchor, rb: Anchor) -> bool:
        """Whether an analyst split something of cluster ``ra`` from something of cluster ``rb``."""
        one, two = self.members.get(ra, {ra}), self.members.get(rb, {rb})
        return any((x & one and y & two) or (x & two and y & one) for x, y in self.apart)


def cluster(
    mentions: Iterable[Mention], registry: Registry | None = None, curated: Curated | None = None
) -> Clusters:
    """Group mentions into nodes (companies first: sites and products are scoped by their companies');
    ``curated``: what analysts decided, which wins over every rule here."""
    registry = registry or default_registry()
    curated = curated or Curated()
    mentions = list(mentions)
    out = Clusters()
    for m in mentions:
        if m.fixed:
            out.roots[m.ref] = Root(m.fixed, _label(m.kind, m.names) if m.names else "", "document")
            out.why[m.ref] = "unnamed, undisclosed or without a company: a node of its announcement"
    orgs = [m for m in mentions if m.kind == "org" and not m.fixed]
    _cluster_kind("org", orgs, registry, out, curated)
    for kind in ("site", "product"):
        things = []
        for m in mentions:
            if m.kind != kind or m.fixed:
                continue
            scope = out.roots.get(m.scope) if m.scope is not None else None
            if scope is None or scope.reason == "document":  # no company, or an undisclosed one
                out.roots[m.ref] = Root(
                    document_iri(kind, m.doc, m.names[0]), _label(kind, m.names), "document"
                )
                out.why[m.ref] = "no named company for it: a node of its announcement"
                continue
            things.append(m)
        _cluster_kind(kind, things, registry, out, curated)
    return out


def _anchors(
    kind: str, m: Mention, registry: Registry, roots: dict[Hashable, Root]
) -> tuple[list[Anchor], str]:
    if kind == "org":
        for name in m.names:
            company = registry.lookup(name)
            if company:
                return [("reg", company.id)], f"registry: {name!r} is a name of {company.name}"
        for ticker in m.tickers:
            company = registry.by_identifier(ticker)
            if company:
                return [("reg", company.id)], f"registry: ticker {ticker} is {company.name}'s"
        return [("key", k) for k in dict.fromkeys(org_key(n) for n in m.names)], ""
    scope = roots[m.scope].iri
    return [("key", scope, k) for k in dict.fromkeys(thing_key(n) for n in m.names)], ""


def _alias_anchors(kind: str, m: Mention, roots: dict[Hashable, Root]) -> list[Anchor]:
    if kind == "org":
        keys = [org_key(a) for a in m.aliases if ticker_key(a) is None]
        return [("key", k) for k in dict.fromkeys(keys) if len(k) >= 2 and k != "unnamed"]
    scopes = [roots[m.scope].iri]
    if kind == "product":  # a licensee's name for a licensed product is the licensor's product
        scopes += [roots[r].iri for r in m.also if r in roots]
    # (a buyer's name for a site it bought is not an alias of it: the buyer's own plant of that name, which
    # its other announcements name, would become the seller's; the buyer operates the bought site's node)
    out = [("key", scope, thing_key(a)) for scope in scopes for a in m.aliases]
    out += [("key", scope, thing_key(n)) for scope in scopes[1:] for n in m.names]
    return list(dict.fromkeys(a for a in out if a[-1] != "unnamed"))


def _cluster_kind(kind: str, mentions: list[Mention], registry: Registry, out: Clusters,
                  curated: Curated) -> None:  # fmt: skip
    found = {m.ref: _anchors(kind, m, registry, out.roots) for m in mentions}
    uf = _Union(_apart(kind, (a for anchors, _ in found.values() for a in anchors), curated))
    own: dict[Hashable, list[Anchor]] = {}
    named_by: defaultdict[Anchor, list[str]] = defaultdict(list)  # anchor -> names written with it
    joined: dict[Anchor, str] = {}
    for m in mentions:
        anchors, why = found[m.ref]
        own[m.ref] = anchors
        if why:
            out.why[m.ref] = why
        for a in anchors:
            uf.add(a, m.countries)
            uf.union(anchors[0], a)
            named_by[a] += m.names
    if kind == "org":  # a ticker is one company
        by_ticker: defaultdict[str, list[Anchor]] = defaultdict(list)
        for m in mentions:
            for t in dict.fromkeys(m.tickers):
                by_ticker[t].append(own[m.ref][0])
        for ticker, anchors in sorted(by_ticker.items()):
            for a in anchors[1:]:
                if uf.find(a) != uf.find(anchors[0]):
                    if uf.union(anchors[0], a):
                        joined.setdefault(a, f"shares ticker {ticker}")
                    elif uf.refused_split:
                        out.conflicts.append(f"ticker {ticker} is stated for two companies an analyst split")
                    else:
                        out.conflicts.append(f"ticker {ticker} is stated for two registry companies")
    bound: defaultdict[Anchor, set[Anchor]] = defaultdict(set)  # alias anchor -> roots it was stated for
    said: dict[Anchor, str] = {}
    for m in mentions:
        mine = set(own[m.ref])
        for a in _alias_anchors(kind, m, out.roots):
            if a not in mine:
                bound[a].add(uf.find(own[m.ref][0]))
                said.setdefault(a, m.names[0])
    aliased = set()
    for a, targets in sorted(bound.items()):
        if len(targets) > 1:
            out.ambiguous[(kind, a[-1])] = {str(t) for t in targets}
            continue
        target = next(iter(targets))
        if uf.find(a) == uf.find(target):
            continue
        if uf.union(a, target):
            aliased.add(a)
            joined.setdefault(a, f"alias {a[-1]!r} stated for {said[a]!r}")
        elif uf.refused_split:
            what = "company" if kind == "org" else kind
            out.conflicts.append(f"alias {a[-1]!r} of {said[a]!r} names a {what} an analyst split from it")
        elif kind == "org":
            out.conflicts.append(f"alias {a[-1]!r} of {said[a]!r} names another registry company")
        else:
            out.conflicts.append(f"alias {a[-1]!r} of {said[a]!r} names a {kind} in another country")
    roots = _roots(kind, uf, registry, named_by, aliased, curated.pinned)
    kept = _merge_curated(kind, uf, roots, curated, joined)
    if kept:
        roots = _roots(kind, uf, registry, named_by, aliased, curated.pinned) | kept
    for a in uf.up:
        out.anchors[(kind, *a)] = roots[uf.find(a)]
    for m in mentions:
        anchor = own[m.ref][0]
        root = roots[uf.find(anchor)]
        if root.reason == "registry" and not joined.get(anchor, "").startswith("merged"):
            reason = "registry"
        elif joined.get(anchor, "").startswith("merged"):
            reason = "curated"
        elif anchor in joined or (scoped_iri(kind, anchor) != root.iri):
            reason = "identifier" if joined.get(anchor, "").startswith("shares") else "alias"
        else:
            reason = "name"
        out.roots[m.ref] = replace(root, reason=reason)
        out.why.setdefault(m.ref, joined.get(anchor) or _same_name(kind, root))


def _natural_iri(kind: str, anchor: Anchor) -> str:
    """The IRI a node named only by ``anchor`` has."""
    return f"{ID}org/{anchor[1]}" if anchor[0] == "reg" else scoped_iri(kind, anchor)


def _apart(kind: str, anchors: Iterable[Anchor], curated: Curated) -> list[tuple[frozenset, frozenset]]:
    """The anchors of the nodes analysts split, pair by pair."""
    if not curated.different:
        return []
    by_iri = _anchors_by_iri(kind, anchors)
    return [(frozenset(by_iri[x]), frozenset(by_iri[y])) for x, y in curated.different
            if x in by_iri and y in by_iri]  # fmt: skip


def _anchors_by_iri(kind: str, anchors: Iterable[Anchor]) -> dict[str, list[Anchor]]:
    out: defaultdict[str, list[Anchor]] = defaultdict(list)
    for a in dict.fromkeys(anchors):
        out[_natural_iri(kind, a)].append(a)
    return out


def _roots(kind: str, uf: _Union, registry: Registry, named_by: dict, aliased: set,
           pinned: frozenset[str]) -> dict[Anchor, Root]:  # fmt: skip
    """Each cluster's root: the registry company, else the node named after its most telling name (an IRI
    a correction names first: the node keeps it)."""
    members: defaultdict[Anchor, list[Anchor]] = defaultdict(list)
    for a in uf.up:
        members[uf.find(a)].append(a)
    roots: dict[Anchor, Root] = {}
    for top, group in members.items():
        reg = uf.registry.get(top)
        if reg:
            company = registry.get(reg[1])
            assert company is not None
            roots[top] = Root(f"{ID}org/{company.id}", company.name, "registry", company.id)
            continue
        named = [a for a in group if named_by.get(a)] or group
        best = min(named, key=lambda a: (bool(pinned) and scoped_iri(kind, a) not in pinned, a in aliased,
                                         -len(a[-1]), a[-1]))  # fmt: skip
        label = _label(kind, named_by.get(best) or [best[-1]])
        roots[top] = Root(scoped_iri(kind, best), label, "name")
    return roots


def _merge_curated(kind: str, uf: _Union, roots: dict[Anchor, Root], curated: Curated,
                   joined: dict[Anchor, str]) -> dict[Anchor, Root]:  # fmt: skip
    """Join the clusters analysts merged (the kept node's cluster stays, with its IRI and name); the roots
    of the clusters that absorbed another."""
    if not curated.same:
        return {}
    by_root_iri: defaultdict[str, list[Anchor]] = defaultdict(list)
    for top, root in roots.items():
        by_root_iri[root.iri].append(top)
    natural = _anchors_by_iri(kind, uf.up)
    kept: dict[Anchor, Root] = {}
    for keep, other in curated.same:
        a = next(iter(by_root_iri.get(keep) or natural.get(keep) or ()), None)
        b = next(iter(by_root_iri.get(other) or natural.get(other) or ()), None)
        if a is None or b is None or uf.find(a) == uf.find(b):
            continue
        root = roots[uf.find(a)]
        absorbed = [x for x in uf.up if uf.find(x) == uf.find(b)]
        if uf.union(a, b, force=True):
            for x in absorbed:
                joined.setdefault(x, f"merged into {root.label!r} by an analyst")
            kept[uf.find(a)] = root
    return kept


def _same_name(kind: str, root: Root) -> str:
    legal = " and legal suffixes" if kind == "org" else ""
    return f"same name as {root.label!r} (case, punctuation{legal} aside)"


def _label(kind: str, names: Iterable[str]) -> str:
    best = preferred_name(list(names))
    return strip_legal(best) if kind == "org" else best


def scoped_iri(kind: str, anchor: Anchor) -> str:
    """The IRI of a node named by its anchor: ``org/KEY``, or ``site/COMPANY/KEY`` (COMPANY: the last part
    of its company's IRI)."""
    if kind == "org":
        return f"{ID}org/{anchor[-1]}"
    company = anchor[1].rsplit("/", 1)[-1]
    return f"{ID}{kind}/{company}/{anchor[-1]}"


def document_iri(kind: str, doc: str, name: str | None = None, entity_id: str = "") -> str:
    """The IRI of a thing that is a node of its announcement only: undisclosed or unnamed (by its entity
    id), or named but with no company to scope it (by its name)."""
    if name is None:
        return f"{ID}{kind}/undisclosed-{doc_hash(doc)}-{slug(entity_id, 40)}"
    return f"{ID}{kind}/doc-{doc_hash(doc)}-{thing_key(name)}"


# --- one extraction -------------------------------------------------------------------------------------
def scope_of(ex: Extraction, entity: Entity) -> tuple[str | None, tuple[str, ...]]:
    """The company a site or product belongs to (entity id), and the other companies naming it.

    A site: the seller when it was bought (an ``acquires`` fact and an acquisition agreement whose other
    party is a named company), else an operator, else its buyer. A product: a developer, the licensor first.
    """
    orgs = {e.id for e in ex.entities if e.type is EntityType.ORGANIZATION}
    named = {e.id for e in ex.entities if e.type is EntityType.ORGANIZATION and e.name and not e.undisclosed}
    if entity.type is EntityType.SITE:
        operators = _by_name(
            ex, {f.subject for f in ex.facts if f.predicate == "operates" and f.object == entity.id}
        )
        buyers = _by_name(
            ex, {f.subject for f in ex.facts if f.predicate == "acquires" and f.object == entity.id}
        )
        sellers = _by_name(ex,
            {p for a in ex.agreements if a.type == "acquisition" and a.party("client") in buyers
             for p in [a.party("provider")] if p and p in named and p not in buyers}
        )  # fmt: skip
        ranked = [x for x in (*sellers, *operators, *buyers) if x in orgs]
    else:
        developers = _by_name(
            ex, {f.subject for f in ex.facts if f.predicate == "develops" and f.object == entity.id}
        )
        licensors = _by_name(ex, {a.party("provider") for a in ex.agreements if entity.id in a.products
                            and a.type == "licensing" and a.party("provider") in developers})  # fmt: skip
        ranked = [x for x in (*licensors, *developers) if x in orgs]
    ranked = list(dict.fromkeys(ranked))
    if not ranked:
        return None, ()
    return ranked[0], tuple(x for x in ranked[1:] if x in named)


def _by_name(ex: Extraction, ids: set) -> list[str]:
    """Entity ids in the order of their names (as the graph keeps names, not the record's ids)."""
    names = {e.id: fold(e.name or e.label) for e in ex.entities}
    return sorted((i for i in ids if i), key=lambda i: (names.get(i, ""), i))


def mentions_of(ex: Extraction) -> list[Mention]:
    """The mentions of one extraction, refs ``(doc, entity id)``, with the identity statements its sentences
    make added to their aliases and tickers."""
    stated = find_statements(ex)
    out = []
    for e in ex.entities:
        kind = KINDS[e.type]
        ref = (ex.doc, e.id)
        if e.undisclosed or not e.name:
            out.append(
                Mention(ref, kind, (e.label,), fixed=document_iri(kind, ex.doc, None, e.id), doc=ex.doc)
            )
            continue
        statements = stated.get(e.id)
        aliases = tuple(dict.fromkeys((*e.aliases, *(statements.aliases if statements else ()))))
        tickers = [t for t in (ticker_key(a) for a in aliases) if t]
        tickers += statements.tickers if statements else ()
        aliases = tuple(a for a in aliases if ticker_key(a) is None)
        scope, also = (None, ()) if e.type is EntityType.ORGANIZATION else scope_of(ex, e)
        scoped = (ex.doc, scope) if scope else None
        others = tuple((ex.doc, x) for x in also)
        places = tuple(sorted({c for f in ex.facts if f.subject == e.id and f.predicate == "located_in"
                               for c in [country_code(f.object)] if c}))  # fmt: skip
        out.append(Mention(ref, kind, (e.name,), aliases, tuple(dict.fromkeys(tickers)), scoped, others,
                           doc=ex.doc, countries=places))  # fmt: skip
    return out


def resolve(ex: Extraction, registry: Registry | None = None, known: Clusters | None = None) -> Extraction:
    """``ex`` with each entity's :class:`~kg.model.Identity` set.

    Alone, an announcement resolves by the registry and its own statements; ``known`` (a store's clusters,
    from :mod:`kg.reconcile`) adds what the other announcements said.
    """
    registry = registry or default_registry()
    mentions = mentions_of(ex)
    alone = cluster(mentions, registry)
    here = alone if known is None else _with_known(mentions, alone, known, registry)
    by_ref = {m.ref: m for m in mentions}
    primary = _primary_names(
        ex, by_ref, alone
    )  # decided alone: the graph reads back the same, whatever is known
    entities = []
    for e in ex.entities:
        m, root = by_ref[(ex.doc, e.id)], here.roots[(ex.doc, e.id)]
        named = bool(e.name) and not e.undisclosed
        label = root.label if named else e.label
        names = m.names if named and e.id in primary else ()
        aliases = (*m.names, *m.aliases) if named and not names else m.aliases
        identity = Identity(root.iri, label, names, aliases if named else (), m.tickers, root.reason)
        entities.append(replace(e, identity=identity))
    return replace(ex, entities=tuple(entities))


def _primary_names(ex: Extraction, mentions: dict[Hashable, Mention], clusters: Clusters) -> set[str]:
    """The entities whose names a node keeps as names: all of them, except where an entity joined a node
    of its announcement named after another (its name stated as an alias: "Zelvix (zelvormab)"); its name
    is then an alias of the node, as the store-wide pass will see it."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for e in ex.entities:
        groups[clusters.roots[(ex.doc, e.id)].iri].append(e.id)
    out = set()
    for iri, ids in groups.items():
        root = clusters.roots[(ex.doc, ids[0])]
        if len(ids) == 1 or root.reason == "registry":
            out.update(ids)
            continue
        kind, tail = mentions[(ex.doc, ids[0])].kind, iri.rsplit("/", 1)[-1]
        key = org_key if kind == "org" else thing_key
        own = [i for i in ids if any(key(n) == tail for n in mentions[(ex.doc, i)].names)]
        out.update(own or ids)
    return out


def _with_known(mentions: list[Mention], alone: Clusters, known: Clusters, registry: Registry) -> Clusters:
    """Roots from the store's clusters where they know a node of the announcement (companies first, so that
    sites and products are looked up under their companies' store-wide nodes).

    The announcement's own nodes (its mentions clustered alone) move whole: each is looked up by the
    anchor it is named after first, then by its other names, so that an announcement resolves the same
    from its source as from its graph read back (which keeps only the names a node is named after).
    """
    out = Clusters(roots=dict(alone.roots), why=dict(alone.why))
    for kind in ("org", "site", "product"):
        nodes: defaultdict[str, list[Mention]] = defaultdict(list)  # the announcement's own node -> mentions
        for m in mentions:
            if m.kind != kind or m.fixed:
                continue
            if kind != "org" and (m.scope not in out.roots or out.roots[m.scope].reason == "document"):
                continue
            nodes[alone.roots[m.ref].iri].append(m)
        for iri, members in nodes.items():
            _move_known(kind, iri, members, out, known, registry)
    return out


def _move_known(
    kind: str, iri: str, members: list[Mention], out: Clusters, known: Clusters, registry: Registry
) -> None:
    """Give the mentions of one of an announcement's own nodes (``iri``) the store's root for it, if any."""
    tail = iri.rsplit("/", 1)[-1]
    anchors = {m.ref: _anchors(kind, m, registry, out.roots)[0][0] for m in members}
    ranked = sorted(members, key=lambda m: (anchors[m.ref][-1] != tail, str(anchors[m.ref][-1]), m.names))
    found = [known.anchors.get((kind, *anchors[m.ref])) for m in ranked]
    root = next((r for r in found if r is not None), None)
    for m in members:
        here = out.roots[m.ref]
        if root is None:
            if kind != "org":  # new to the store: under its company's store-wide node
                company = out.roots[m.scope].iri.rsplit("/", 1)[-1]
                out.roots[m.ref] = replace(here, iri=f"{ID}{kind}/{company}/{tail}")
            continue
        if root.iri == here.iri:
            continue
        if root.reason == "registry":
            reason = "registry"
        elif scoped_iri(kind, anchors[m.ref]) == root.iri:
            reason = "name"
        else:
            reason = "alias"
        out.roots[m.ref] = replace(root, reason=reason)

"""The merged default graph: every source graph with the corrections applied, kept in step with each write.

The store's default graph — what SPARQL queries, the query helpers and the viewer read — is the RDF merge of
``view(g)`` over the source graphs ``g`` (announcement graphs, and any other graph of facts such as entity
resolution's registry graph), where ``view`` applies the analysts' corrections
(:class:`kg.curation.view.Overlay`), plus what analysts assert (the view of the curation graph). The
announcement graphs themselves keep the raw extraction.

:func:`plan` says what a write changes in it, before the write, so that the store applies it in the same
transaction as the write. A statement leaves the merge when the graph that stated it is replaced or
removed and no other graph still states it. Where corrections apply, that test is not enough (a merged
node's statement is stated, rewritten, by a graph that never names it), so the *region* the overlay may
change — every statement about a node it touches — is recomputed from the source graphs instead.

>>> import pyoxigraph as ox
>>> from kg.curation.view import Overlay, money_iri
>>> inner = ox.Store()
>>> g = "https://w3id.org/biopharma-kg/id/announcement/a"
>>> q = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode(g))
>>> delta = plan(inner, [GraphChange(g, new=[q], old=[])], Overlay())
>>> [str(t) for t in delta.insert], delta.delete
(['<urn:x> <urn:p> "1"'], set())
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

import pyoxigraph as ox

from kg import vocab as v
from kg.curation.view import Overlay, money_iri
from kg.terms import value

__all__ = ["Delta", "GraphChange", "canonical", "is_source", "plan", "source_quads"]

Triple = ox.Triple
_N = ox.NamedNode
_DEFAULT = ox.DefaultGraph()
_SUBJECT, _OBJECT, _SUPPORTS = _N(v.STATEMENT_SUBJECT), _N(v.STATEMENT_OBJECT), _N(v.SUPPORTS)
_PREDICATE = _N(v.STATEMENT_PREDICATE)
_TYPE, _AGREEMENT, _HAS_VALUE = _N(v.TYPE), _N(v.AGREEMENT), _N(v.HAS_VALUE)
_LINKS = frozenset({_SUBJECT, _OBJECT, _SUPPORTS})  # evidence -> what it is about
_ANNOUNCEMENT_SCOPED = (v.ID + "evidence/", v.ID + "agreement/")  # IRIs derived from one announcement's key


@dataclass(frozen=True)
class GraphChange:
    """One graph a write replaces: its quads after the write (None: it goes) and before (None: as the
    store holds them). The curation graph's quads are its view (:meth:`Overlay.virtual`)."""

    graph: str
    new: list[ox.Quad] | None
    old: list[ox.Quad] | None = None


@dataclass
class Delta:
    """What a write changes in the merged default graph, and the quads it was decided from (their graphs
    say where each statement came from: the change journal reads sentences and names there)."""

    insert: set[Triple] = field(default_factory=set)
    delete: set[Triple] = field(default_factory=set)
    before: list[ox.Quad] = field(default_factory=list)  # corrected quads of the graphs as they were
    after: list[ox.Quad] = field(default_factory=list)  # ... as they will be (and the region's)

    def __bool__(self) -> bool:
        return bool(self.insert or self.delete)


def is_source(graph: object) -> bool:
    """Whether quads in ``graph`` are facts that go into the merge (not the default graph itself, nor the
    curation and change-set graphs)."""
    return isinstance(graph, ox.NamedNode) and graph.value not in v.SYSTEM_GRAPHS


def source_quads(inner: ox.Store, graph: str) -> list[ox.Quad]:
    return list(inner.quads_for_pattern(None, None, None, _N(graph)))


def plan(inner: ox.Store, changes: list[GraphChange], after: Overlay, before: Overlay | None = None) -> Delta:
    """What replacing the graphs of ``changes`` changes in the merge (``before``: the overlay until now,
    when the write also changes the corrections)."""
    before = before or after
    changed = {c.graph for c in changes}
    delta = Delta()
    changes = [GraphChange(c.graph, canonical(c.new) if c.new else c.new, c.old) for c in changes]
    for c in changes:
        old = canonical(c.old) if c.old is not None else source_quads(inner, c.graph)
        delta.before += _view(before, c.graph, old)
        delta.after += _view(after, c.graph, c.new or [])
    v_old = {q.triple for q in delta.before}
    v_new = {q.triple for q in delta.after}
    region = _Region(inner, before, after, changed, changes, v_old | v_new)
    if region:
        r_old, r_new, quads = region.recompute()
        delta.delete |= r_old - r_new
        delta.insert |= r_new - r_old
        delta.after += quads
    virtual = after.virtual_triples if v.CURATION_GRAPH not in changed else frozenset()
    for t in v_old - v_new:
        if not region.holds(t) and t not in virtual and not _stated(inner, t, changed):
            delta.delete.add(t)
    delta.insert |= {t for t in v_new if not region.holds(t)}
    return delta


_DECIMAL, _INTEGER = v.XSD + "decimal", v.XSD + "integer"


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` with numbers in the canonical form the store keeps them in ("0.900" is stored as "0.9"),
    so that statements made here compare equal to those read back.

    >>> dec = ox.NamedNode(_DECIMAL)
    >>> [q.object.value for q in canonical([ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"),
    ...                                               ox.Literal("12500000.00", datatype=dec))])]
    ['12500000']
    """
    out = []
    for q in quads:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value in (_DECIMAL, _INTEGER):
            o = _canonical_number(o.value, o.datatype.value)
            q = ox.Quad(q.subject, q.predicate, o, q.graph_name)
        out.append(q)
    return out


def _canonical_number(value: str, datatype: str) -> ox.Literal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return ox.Literal(value, datatype=_N(datatype))
    text = str(int(number)) if datatype == _INTEGER else format(number.normalize(), "f")
    return ox.Literal("0" if text in ("-0", "") else text, datatype=_N(datatype))


def _view(overlay: Overlay, graph: str, quads: list[ox.Quad]) -> list[ox.Quad]:
    return quads if graph == v.CURATION_GRAPH else overlay.apply(graph, quads)


def _stated(inner: ox.Store, t: Triple, changed: set[str]) -> bool:
    """Whether a source graph the write leaves alone states ``t`` (a statement about an evidence node, an
    agreement or the announcement itself — IRIs derived from one announcement — is no other graph's)."""
    subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
    if subject.startswith(_ANNOUNCEMENT_SCOPED) or subject in changed:
        return False
    for q in inner.quads_for_pattern(t.subject, t.predicate, t.object, None):
        if is_source(q.graph_name) and value(q.graph_name) not in changed:
            return True
    return False


class _Region:
    """The statements an overlay may change that a write may change too (see the module docstring).

    They are the statements about its nodes (``nodes``: as subject, or as object of anything but an evidence
    link) and every statement of the evidence it may change (``evidence``: evidence of a rejected fact, of a
    fact naming a merged node or looping on the node something was merged into, of a corrected agreement).
    Other evidence about those nodes is left alone: no correction changes it. Every agreement of an
    announcement with a corrected agreement is a node of the region, so that its statements are always
    corrected with all of them at hand.
    """

    def __init__(self, inner: ox.Store, before: Overlay, after: Overlay, changed: set[str],
                 changes: list[GraphChange], written: set[Triple]) -> None:  # fmt: skip
        self.inner, self.after, self.changed, self.changes = inner, after, changed, changes
        self.overlays = (before,) if before is after else (before, after)
        self.nodes: set[str] = set()
        self.evidence: set[str] = set()
        if before.empty and after.empty:
            return
        if before is after:  # a write of graphs: the nodes of the overlay they mention
            mentioned = _nodes(written) | _nodes(q.triple for c in changes for q in c.new or [])
            self.nodes = set(after.nodes & mentioned)
        else:  # the corrections change: every node either overlay touches
            self.nodes = set(before.nodes | after.nodes)
        graphs = before.agreement_graphs | after.agreement_graphs
        if self.nodes or (graphs and (before is not after or graphs & changed)):
            for g in sorted(graphs):
                self.nodes |= self._agreement_nodes(g)
            self.evidence = self._evidence_nodes()

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def holds(self, t: Triple) -> bool:
        s, o = value(t.subject), t.object
        if s in self.nodes or s in self.evidence:
            return True
        return isinstance(o, ox.NamedNode) and o.value in self.nodes and t.predicate not in _LINKS

    def recompute(self) -> tuple[set[Triple], set[Triple], list[ox.Quad]]:
        """The region as the merge holds it now, as it will be, and the quads it will be made of."""
        old: set[Triple] = set()
        for n in self.nodes | self.evidence:
            old.update(q.triple for q in self.inner.quads_for_pattern(_N(n), None, None, _DEFAULT))
        for n in self.nodes:
            old.update(q.triple for q in self.inner.quads_for_pattern(None, None, _N(n), _DEFAULT)
                       if q.predicate not in _LINKS)  # fmt: skip
        by_graph: defaultdict[str, dict[ox.Quad, None]] = defaultdict(dict)
        for q in self._sources():
            by_graph[value(q.graph_name)][q] = None
        quads = [q for g, qs in by_graph.items() for q in _view(self.after, g, list(qs))]
        quads = [q for q in canonical(quads) if self.holds(q.triple)]
        return old, {q.triple for q in quads}, quads

    def _sources(self) -> Iterator[ox.Quad]:
        """Every quad of a source graph (as it will be) the region's statements are made from: about its
        nodes and the nodes merged into them, and its evidence."""
        members = self._members()
        for n in members | self.evidence:
            yield from self._quads(_N(n), None, None)
        for n in members:
            yield from (q for q in self._quads(None, None, _N(n)) if q.predicate not in _LINKS)
        if v.CURATION_GRAPH not in self.changed:
            yield from (q for q in self.after.virtual() if self.holds(q.triple))

    def _members(self) -> set[str]:
        """The region's nodes and every node merged into one of them (before or after)."""
        out = set(self.nodes)
        for overlay in self.overlays:
            out |= {m for m in overlay.merged_away if overlay.canon(m) in self.nodes}
        return out

    def _quads(self, s: object, p: object, o: object, g: object = None) -> Iterator[ox.Quad]:
        """Quads of the source graphs as they will be: the store's, but the changed graphs' new ones."""
        for q in self.inner.quads_for_pattern(s, p, o, g):  # type: ignore[arg-type]
            if is_source(q.graph_name) and value(q.graph_name) not in self.changed:
                yield q
        yield from self._pending.quads_for_pattern(s, p, o, g)  # type: ignore[arg-type]

    @cached_property
    def _pending(self) -> ox.Store:
        """The changed graphs' new quads, indexed (an in-memory store)."""
        pending = ox.Store()
        pending.extend([q for c in self.changes for q in c.new or []])
        return pending

    def _agreement_nodes(self, graph: str) -> set[str]:
        """The agreements of an announcement (as it will be), with their values (and the one an edit of
        their value writes)."""
        out = set()
        for q in self._quads(None, _TYPE, _AGREEMENT, _N(graph)):
            out |= {value(q.subject), money_iri(value(q.subject))}
            out.update(value(m.object) for m in self._quads(q.subject, _HAS_VALUE, None, _N(graph)))
        return out

    def _evidence_nodes(self) -> set[str]:
        """The evidence the overlays may change (see the class docstring), as the graphs will hold it."""
        out: set[str] = set()
        members = self._members()
        for n in self.nodes:
            out.update(value(q.subject) for q in self._quads(None, _SUPPORTS, _N(n)))
        for overlay in self.overlays:
            for m in overlay.merged_away & members:
                for link in (_SUBJECT, _OBJECT):
                    out.update(value(q.subject) for q in self._quads(None, link, _N(m)))
            for k in overlay.kept & members:  # loops resolution wrote, following a merge
                about = {q.subject for q in self._quads(None, _SUBJECT, _N(k))}
                out.update(value(q.subject) for q in self._quads(None, _OBJECT, _N(k)) if q.subject in about)
            for t in overlay.decisions.rejected:
                if value(t.subject) in members:
                    out.update(self._stating(t))
        return out

    def _stating(self, t: Triple) -> set[str]:
        """The evidence whose statement is ``t`` (in any source graph, as it will be)."""
        subjects = {q.subject for q in self._quads(None, _SUBJECT, t.subject)}
        return {
            value(e) for e in subjects
            if any(True for _ in self._quads(e, _PREDICATE, t.predicate))
            and any(True for _ in self._quads(e, _OBJECT, t.object))
        }  # fmt: skip


def _nodes(triples: Iterable[Triple]) -> set[str]:
    out = set()
    for t in triples:
        out.add(value(t.subject))
        if isinstance(t.object, ox.NamedNode):
            out.add(t.object.value)
    return out

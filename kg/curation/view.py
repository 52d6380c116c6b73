"""The corrections as a view of the graph: each announcement graph as it looks once they apply.

An :class:`Overlay` is built from the corrections, oldest first (the latest decision about a statement
wins), and applied to one graph's quads at a time — a pure function, the same wherever the graph goes
(the merged default graph, ``kg push``, exports, the viewer):

1. merges: a merged node's statements move to the node it was merged into, its names become aliases
   there; a fact that becomes a loop (a company contracting with itself) is left out with its evidence —
   whether the overlay moved it or entity resolution, which follows the analysts' merges
   (:func:`kg.reconcile.curated_of`), already wrote the announcement so: any loop on a node something was
   merged into;
2. renames: a node's name is the analyst's, its other names become aliases;
3. agreements: a rejected agreement — of its announcement, known by its parties, so a re-ingest that
   renumbers the announcement's agreements does not move the correction — is left out with its values and
   evidence; an edited attribute takes the analyst's values;
4. rejected facts are left out, with their evidence, whichever announcement states them.

Confirmed and added facts, and confirmed agreements, are statements of their own (:meth:`Overlay.virtual`,
in the curation graph), with evidence quoting the sentence and source the analyst cited: a re-ingest that
no longer states them does not take them away.

>>> from kg.curation.model import Action, Correction
>>> ID, BPK = v.ID, v.BPK
>>> reject = Correction(Action.REJECT, ID + "org/acme", "operates", (ID + "site/plant-9",), by="ana",
...                     at="2026-03-01T09:00:00Z")
>>> overlay = Overlay([reject])
>>> g = ox.NamedNode(ID + "announcement/a")
>>> quads = [ox.Quad(ox.NamedNode(ID + "org/acme"), ox.NamedNode(BPK + p), ox.NamedNode(ID + o), g)
...          for p, o in (("operates", "site/plant-9"), ("operates", "site/plant-2"))]
>>> [q.object.value.rsplit("/", 1)[1] for q in overlay.apply(g.value, quads)]
['plant-2']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import pyoxigraph as ox

from kg import vocab as v
from kg.countries import country_name
from kg.curation.model import Action, Correction, object_term
from kg.terms import Term, as_iri, as_node, as_term, value

__all__ = ["CURATION_TITLE", "Overlay", "evidence_iri", "money_iri"]

_N = ox.NamedNode
TYPE, LABEL, ALIAS, SEARCH_KEY = _N(v.TYPE), _N(v.LABEL), _N(v.ALIAS), _N(v.SEARCH_KEY)
_SUBJECT, _PREDICATE, _OBJECT = _N(v.STATEMENT_SUBJECT), _N(v.STATEMENT_PREDICATE), _N(v.STATEMENT_OBJECT)
_SUPPORTS, _HAS_VALUE = _N(v.SUPPORTS), _N(v.HAS_VALUE)
_FACTS = frozenset(r.rdf for r in v.RELATIONS.values())
_ENTITY_TYPES = frozenset(v.ENTITY_CLASSES.values())
_ROLES = {iri: role for role, iri in v.ROLE_PROPERTIES.items()}
_DEC = _N(v.XSD + "decimal")
_CURATION = _N(v.CURATION_GRAPH)
_IRI = re.compile(rb"<([^>]*)>")  # an IRI in N-Triples or N-Quads
_ORG = v.ID + "org/"
_SCOPED = (v.ID + "site/", v.ID + "product/")  # site/COMPANY/KEY, product/COMPANY/KEY (kg.identity)
CURATION_TITLE = "Analyst corrections"  # the label of the curation graph, the source of what analysts assert

Triple = ox.Triple
AgreementKey = tuple[str, frozenset[tuple[str, str]]]  # (announcement graph, parties as (role, IRI))


def evidence_iri(correction: Correction) -> str:
    """The IRI of the evidence a confirmation or addition gives its fact."""
    return f"{v.ID}evidence/curation-{correction.id[2:]}"


@dataclass(frozen=True)
class _Decisions:
    """What the corrections decide, once merges are known (every IRI here is canonical)."""

    rejected: frozenset[Triple]
    pinned: tuple[Correction, ...]  # confirmed or added facts (the latest decision about them)
    agreements: dict[AgreementKey, Correction]  # the latest reject/confirm of an agreement
    edits: dict[AgreementKey, dict[str, Correction]]  # agreement -> attribute predicate -> latest edit


class Overlay:
    """The corrections of a store, ready to apply to its graphs (see the module docstring)."""

    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        self.corrections = tuple(sorted(corrections, key=lambda c: (c.at, c.id)))
        self._parent: dict[str, str] = {}
        self._kept_name: dict[str, str] = {}  # a merge's surviving node -> its name
        self._merge()
        self.names: dict[str, str] = {}  # renamed node -> its name
        for c in self.corrections:
            if c.action is Action.RENAME:
                self.names[self.key(c.subject)] = c.object
        self.decisions = self._decide()

    # --- building --------------------------------------------------------------------------------
    def _merge(self) -> None:
        active: list[Correction] = []
        splits: dict[frozenset[str], Correction] = {}
        for c in self.corrections:
            pair = frozenset((c.subject, c.object))
            if c.action is Action.MERGE:
                active.append(c)
                splits.pop(pair, None)
            elif c.action is Action.SPLIT:
                active = [m for m in active if {m.subject, m.object} != pair]
                splits[pair] = c
        self.merges = tuple(active)  # the merges in force (not undone by a split), oldest first
        self.splits = tuple(splits.values())  # the splits in force (not undone by a merge)
        companies = [m for m in active if m.subject.startswith(_ORG)]  # first: sites and products are theirs
        for m in [*companies, *(m for m in active if not m.subject.startswith(_ORG))]:
            keep, other = self.key(m.subject), self.key(m.object)
            if keep != other:
                self._parent[other] = keep
                if m.subject_name and keep not in self._kept_name:
                    self._kept_name[keep] = m.subject_name

    def canon(self, iri: str) -> str:
        """The node ``iri`` is now (itself unless merged into another)."""
        while iri in self._parent:
            iri = self._parent[iri]
        return iri

    def rescope(self, iri: str) -> str:
        """A site or product of a company merged into another as entity resolution names it once it follows
        the merge (:func:`kg.reconcile.curated_of`): under the company it was merged into
        (``site/meridian-bio/visp`` is ``site/meridian-biologics/visp``); any other IRI as it is."""
        if not self._parent or not iri.startswith(_SCOPED):
            return iri
        parts = iri[len(v.ID) :].split("/", 2)
        if len(parts) < 3:  # a node of its announcement only
            return iri
        kind, company, key = parts
        now = self.canon(_ORG + company)
        return iri if now == _ORG + company else f"{v.ID}{kind}/{now.rsplit('/', 1)[-1]}/{key}"

    def key(self, iri: str) -> str:
        """The node an IRI a correction names is now: moved with its company (:meth:`rescope`), then merged
        (:meth:`canon`). Announcement graphs name nodes as resolution does; :meth:`canon` is enough there."""
        return self.canon(self.rescope(iri))

    def _term(self, term: Term) -> Term:
        if isinstance(term, ox.NamedNode) and term.value in self._parent:
            return _N(self.canon(term.value))
        return term

    def fact_key(self, c: Correction) -> Triple:
        """The statement a fact correction is about, its nodes canonical."""
        o = c.terms()[0]
        o = _N(self.key(o.value)) if isinstance(o, ox.NamedNode) else o
        return Triple(_N(self.key(c.subject)), _N(c.predicate), o)

    def agreement_key(self, c: Correction) -> AgreementKey:
        parties = frozenset((role, self.canon(iri)) for role, _, iri in (p.partition(" ") for p in c.parties))
        return c.announcement, parties

    def _decide(self) -> _Decisions:
        facts: dict[Triple, Correction] = {}
        agreements: dict[AgreementKey, Correction] = {}
        edits: defaultdict[AgreementKey, dict[str, Correction]] = defaultdict(dict)
        for c in self.corrections:
            if c.about_fact() and c.action in (Action.REJECT, Action.CONFIRM, Action.ADD):
                facts[self.fact_key(c)] = c
            elif c.relation == "agreement":
                agreements[self.agreement_key(c)] = c
            elif c.action is Action.EDIT:
                edits[self.agreement_key(c)][c.predicate] = c
        return _Decisions(
            rejected=frozenset(k for k, c in facts.items() if c.action is Action.REJECT),
            pinned=tuple(c for c in facts.values() if c.action is not Action.REJECT),
            agreements=agreements,
            edits=dict(edits),
        )

    # --- what it touches -------------------------------------------------------------------------
    @property
    def empty(self) -> bool:
        return not self.corrections

    @cached_property
    def named_iris(self) -> frozenset[str]:
        """Every node IRI a correction names (resolution keeps them as the IRIs of their nodes)."""
        out: set[str] = set()
        for c in self.corrections:
            if c.subject_class != "Agreement":
                out.add(c.subject)
            out.update(o for o in c.objects if o.startswith(("http://", "https://")))
            out.update(p.partition(" ")[2] for p in c.parties)
        return frozenset(out | {self.rescope(iri) for iri in out})

    @cached_property
    def merged_away(self) -> frozenset[str]:
        return frozenset(self._parent)

    @cached_property
    def kept(self) -> frozenset[str]:
        """The nodes something was merged into (a fact from one of them to itself is a merge's loop)."""
        return frozenset(self.canon(n) for n in self._parent)

    @cached_property
    def _rejected_subjects(self) -> frozenset[str]:
        return frozenset(value(t.subject) for t in self.decisions.rejected)

    @cached_property
    def _watched(self) -> frozenset[str]:
        """IRIs whose presence in a graph means the overlay may change that graph."""
        return self.merged_away | self.kept | frozenset(self.names) | self._rejected_subjects

    @cached_property
    def agreement_graphs(self) -> frozenset[str]:
        """Announcement graphs with a corrected agreement."""
        return frozenset(g for g, _ in (*self.decisions.agreements, *self.decisions.edits))

    @cached_property
    def nodes(self) -> frozenset[str]:
        """Every node whose statements the overlay may change or add (see :mod:`kg.merged`)."""
        pinned = frozenset(value(q.subject) for q in self.virtual() if not _is_place(value(q.subject)))
        return self._watched | pinned

    @cached_property
    def hot(self) -> frozenset[str]:
        """Nodes whose evidence the overlay may drop (so :mod:`kg.merged` reads that evidence too)."""
        return self.merged_away | self._rejected_subjects

    def touches_nquads(self, graph: str, nquads: bytes) -> bool:
        """Whether applying the overlay may change a graph serialized as ``nquads`` (one pass over its
        IRIs, without parsing it)."""
        if self.empty:
            return False
        return graph in self.agreement_graphs or not self._watched_bytes.isdisjoint(_IRI.findall(nquads))

    @cached_property
    def _watched_bytes(self) -> frozenset[bytes]:
        return frozenset(iri.encode("utf-8") for iri in self._watched)

    def touches(self, graph: str, quads: Iterable[ox.Quad]) -> bool:
        """Whether applying the overlay may change ``quads`` (a graph's)."""
        if self.empty:
            return False
        if graph in self.agreement_graphs:
            return True
        watched = self._watched
        return any(
            value(q.subject) in watched or (isinstance(q.object, ox.NamedNode) and value(q.object) in watched)
            for q in quads
        )

    # --- applying --------------------------------------------------------------------------------
    def apply(self, graph: str, quads: Sequence[ox.Quad]) -> list[ox.Quad]:
        """The quads of ``graph`` (all of them, or all those about some subjects) once corrected."""
        if not self.touches(graph, quads):
            return list(quads)
        g = _N(graph)
        triples = self._rewrite(q.triple for q in quads)
        triples = self._agreements(graph, triples)
        triples = self._reject(triples)
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]

    def _rewrite(self, triples: Iterable[Triple]) -> list[Triple]:
        """Merges and renames (step 1 and 2 of the module docstring)."""
        out: dict[Triple, None] = {}
        for t in triples:
            s0 = value(t.subject)
            s, o = self.canon(s0), self._term(as_term(t.object))
            moved = s != s0
            name = self.names.get(s) or (self._kept_name.get(s) if moved else None)
            named = moved or s in self.names
            node = _N(s)
            if t.predicate == LABEL and named:
                out[Triple(node, LABEL if name == o.value else ALIAS, o)] = None
            elif t.predicate == TYPE and named and name and value(t.object) in _ENTITY_TYPES:
                for triple in (Triple(node, TYPE, o), Triple(node, LABEL, ox.Literal(name)),
                               Triple(node, SEARCH_KEY, ox.Literal(name.lower()))):  # fmt: skip
                    out[triple] = None
            elif t.predicate.value in _FACTS and s == o.value and s in self.kept:
                continue  # merged into a loop (here, or by resolution following the merge)
            else:
                out[Triple(node if moved else t.subject, t.predicate, o)] = None
        return list(out)

    def _agreements(self, graph: str, triples: list[Triple]) -> list[Triple]:
        """Rejected and edited agreements of this announcement (step 3)."""
        if graph not in self.agreement_graphs:
            return triples
        parties: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        agreements = set()
        for t in triples:
            if t.predicate == TYPE and value(t.object) == v.AGREEMENT:
                agreements.add(value(t.subject))
            elif t.predicate.value in _ROLES:
                parties[value(t.subject)].add((_ROLES[t.predicate.value], value(t.object)))
        dropped: set[str] = set()
        edits: dict[str, dict[str, Correction]] = {}
        for a in agreements:
            key = (graph, frozenset(parties[a]))
            decision = self.decisions.agreements.get(key)
            if decision is not None and decision.action is Action.REJECT:
                dropped.add(a)
            elif key in self.decisions.edits:
                edits[a] = self.decisions.edits[key]
        if not dropped and not edits:
            return triples
        return _edited(_without_agreements(triples, dropped), edits)

    def _reject(self, triples: list[Triple]) -> list[Triple]:
        """Rejected facts and their evidence, and evidence of facts merged into loops (step 4)."""
        rejected, kept = self.decisions.rejected, self.kept
        statements: defaultdict[str, dict[str, Term]] = defaultdict(dict)
        for t in triples:
            if t.predicate in (_SUBJECT, _PREDICATE, _OBJECT):
                statements[value(t.subject)][t.predicate.value] = as_term(t.object)
        gone = set()
        for evidence, parts in statements.items():
            if len(parts) < 3:
                continue
            fact = Triple(
                as_node(parts[v.STATEMENT_SUBJECT]),
                as_iri(parts[v.STATEMENT_PREDICATE]),
                parts[v.STATEMENT_OBJECT],
            )
            loop = (
                fact.predicate.value in _FACTS and fact.subject == fact.object and value(fact.subject) in kept
            )
            if fact in rejected or loop:
                gone.add(evidence)
        return [t for t in triples if t not in rejected and value(t.subject) not in gone]

    # --- what analysts assert ----------------------------------------------------------------------
    def virtual(self) -> list[ox.Quad]:
        """The statements confirmed or added by analysts, in the curation graph, corrections applied."""
        return list(self._virtual)

    @cached_property
    def _virtual(self) -> tuple[ox.Quad, ...]:
        out: dict[ox.Quad, None] = {}
        pinned_agreements = [
            c for c in self.decisions.agreements.values() if c.action is Action.CONFIRM and c.statements
        ]
        if not self.decisions.pinned and not pinned_agreements:
            return ()
        triples = list(_source_node())
        for c in self.decisions.pinned:
            triples += self._pinned_fact(c)
        for t in self._reject(self._rewrite(triples)):
            out[ox.Quad(t.subject, t.predicate, t.object, _CURATION)] = None  # numbers are canonical here
        for c in pinned_agreements:  # corrected as their own announcement's agreements are
            agreement = [*ox.parse(c.statements.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
            agreement += _agreement_evidence(c)
            corrected = self._reject(self._agreements(c.announcement, self._rewrite(agreement)))
            for t in corrected:
                out[ox.Quad(t.subject, t.predicate, t.object, _CURATION)] = None
        return tuple(out)

    @cached_property
    def virtual_triples(self) -> frozenset[Triple]:
        return frozenset(q.triple for q in self._virtual)

    def _pinned_fact(self, c: Correction) -> list[Triple]:
        fact = self.fact_key(c)
        out = _node(fact.subject, c.subject_class, c.subject_name)
        if isinstance(fact.object, ox.NamedNode):
            out += _node(fact.object, c.object_class, c.object_name)
        evidence = _N(evidence_iri(c))
        out += [fact, *_evidence(evidence, c), Triple(evidence, _SUBJECT, fact.subject)]
        out += [Triple(evidence, _PREDICATE, fact.predicate), Triple(evidence, _OBJECT, fact.object)]
        return out


def _is_place(iri: str) -> bool:
    return iri.startswith(v.ID + "place/")


def _source_node() -> Iterator[Triple]:
    """The curation graph as the source of what analysts assert (an announcement of the analysts)."""
    yield Triple(_CURATION, TYPE, _N(v.ANNOUNCEMENT))
    yield Triple(_CURATION, TYPE, _N(v.PROV + "Entity"))
    yield Triple(_CURATION, LABEL, ox.Literal(CURATION_TITLE))
    yield Triple(_CURATION, _N(v.TITLE), ox.Literal(CURATION_TITLE))


def _node(node: ox.NamedNode | ox.BlankNode | ox.Literal | Triple, cls: str, name: str) -> list[Triple]:
    """A pinned fact's node: its class and name (a country's from its code), so it stands alone."""
    if not cls or not isinstance(node, ox.NamedNode):
        return []
    if cls == "Place":
        code = node.value.rsplit("/", 1)[-1]
        return [Triple(node, TYPE, _N(v.PLACE)), Triple(node, LABEL, ox.Literal(country_name(code))),
                Triple(node, _N(v.COUNTRY_CODE), ox.Literal(code))]  # fmt: skip
    out = [Triple(node, TYPE, _N(v.BPK + cls))]
    if cls == "Site":
        out.append(Triple(node, TYPE, _N(v.ORG + "Site")))
    if name:
        out += [Triple(node, LABEL, ox.Literal(name)), Triple(node, SEARCH_KEY, ox.Literal(name.lower()))]
    return out


def _evidence(node: ox.NamedNode, c: Correction) -> list[Triple]:
    out = [
        Triple(node, TYPE, _N(v.EVIDENCE)),
        Triple(node, _N(v.DERIVED_FROM), _CURATION),
        Triple(node, _N(v.EXTRACTOR), ox.Literal("curation")),
        Triple(node, _N(v.CONFIDENCE), ox.Literal("1", datatype=_DEC)),
    ]
    if c.sentence:
        out.append(Triple(node, _N(v.SENTENCE), ox.Literal(c.sentence)))
    if c.source:
        out.append(Triple(node, _N(v.SOURCE_URL), ox.Literal(c.source, datatype=_N(v.XSD + "anyURI"))))
    return out


def _agreement_evidence(c: Correction) -> list[Triple]:
    """A confirmed agreement's own evidence, and its link to the curation graph as a source."""
    agreement = _N(c.subject)
    evidence = _N(evidence_iri(c))
    return [Triple(agreement, _N(v.DERIVED_FROM), _CURATION), Triple(evidence, _SUPPORTS, agreement),
            *_evidence(evidence, c)]  # fmt: skip


def _without_agreements(triples: list[Triple], dropped: set[str]) -> list[Triple]:
    """``triples`` without the agreements ``dropped``, their values and the evidence supporting them."""
    if not dropped:
        return triples
    gone = set(dropped)
    for t in triples:
        if value(t.subject) in dropped and t.predicate == _HAS_VALUE:
            gone.add(value(t.object))
        elif t.predicate == _SUPPORTS and value(t.object) in dropped:
            gone.add(value(t.subject))
    return [t for t in triples if value(t.subject) not in gone]


def _edited(triples: list[Triple], edits: dict[str, dict[str, Correction]]) -> list[Triple]:
    """Agreement attributes set to the analysts' values (a value replaces every money term)."""
    if not edits:
        return triples
    money = {value(t.object) for t in triples if value(t.subject) in edits and t.predicate == _HAS_VALUE
             and v.HAS_VALUE in edits[value(t.subject)]}  # fmt: skip
    out = [
        t for t in triples
        if value(t.subject) not in money
        and not (value(t.subject) in edits and t.predicate.value in edits[value(t.subject)])
    ]  # fmt: skip
    for agreement, by_attribute in edits.items():
        node = _N(agreement)
        for predicate, c in by_attribute.items():
            if predicate == v.HAS_VALUE:
                out += _money(node, c.object)
            else:
                out += [Triple(node, _N(predicate), object_term(predicate, x)) for x in c.objects]
    return out


def money_iri(agreement: str) -> str:
    """The value node an edit of an agreement's value writes (its first, as the RDF mapping names it)."""
    return f"{agreement}-value-1"


def _money(agreement: ox.NamedNode, value: str) -> list[Triple]:
    amount, currency, *kind = value.split()
    node = _N(money_iri(agreement.value))
    return [
        Triple(agreement, _HAS_VALUE, node),
        Triple(node, TYPE, _N(v.MONETARY_AMOUNT)),
        Triple(node, _N(v.AMOUNT), ox.Literal(format(Decimal(amount).normalize(), "f"), datatype=_DEC)),
        Triple(node, _N(v.CURRENCY), ox.Literal(currency)),
        Triple(node, _N(v.VALUE_KIND), ox.Literal(kind[0] if kind else "total")),
    ]

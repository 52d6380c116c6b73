"""Change sets: every ingest run and every correction, numbered, with the facts it added and removed.

The store writes a change set's records in the same transaction as the write they describe
(:meth:`kg.store.Store.write_prepared`), so the journal never disagrees with the graph, even after a crash.
A record is one fact (a statement of :data:`kg.curation.facts.JOURNALED`: a relation or an agreement term)
that entered or left the merged default graph, with the names, sentence and source it had then, as JSON
in the change-set graph::

    <id/changeset/7> a bpk:ChangeSet ; bpk:changeNumber 7 ; bpk:changeKind "ingest" ;
        prov:startedAtTime ... ; prov:endedAtTime ... ; rdfs:comment "kg ingest news/" ;
        prov:wasAssociatedWith <id/agent/ana> ; bpk:applies <id/correction/c-...> ;
        bpk:added "{...}" ; bpk:removed "{...}" .

:func:`read_changes` lists them for ``kg changes``, netted within each change set.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab as v
from kg.curation.facts import JOURNALED, RELATION_OF, TERMS_OF, fact_id_of, relation_name
from kg.curation.graph import agent_iri
from kg.curation.model import CurationError, now
from kg.curation.targets import find_nodes, iris_named
from kg.merged import canonical
from kg.terms import value

if TYPE_CHECKING:
    from kg.merged import Delta
    from kg.store import Store

__all__ = [
    "Change",
    "ChangeSet",
    "ChangeSetInfo",
    "journal_quads",
    "list_changes",
    "read_change_sets",
    "read_changes",
]

_N = ox.NamedNode
_G = _N(v.CHANGES_GRAPH)
_DEFAULT = ox.DefaultGraph()
_DATETIME, _INT = _N(v.XSD + "dateTime"), _N(v.XSD + "integer")
_LABEL, _SUBJECT, _SUPPORTS = _N(v.LABEL), _N(v.STATEMENT_SUBJECT), _N(v.SUPPORTS)
_PREDICATE, _OBJECT, _HAS_VALUE = _N(v.STATEMENT_PREDICATE), _N(v.STATEMENT_OBJECT), _N(v.HAS_VALUE)
_ROLE_IRIS = frozenset(v.ROLE_PROPERTIES.values())
_MONEY = frozenset({v.AMOUNT, v.CURRENCY, v.VALUE_KIND})
_STATEMENT = frozenset({v.STATEMENT_SUBJECT, v.STATEMENT_PREDICATE, v.STATEMENT_OBJECT})
_NUMBERS = frozenset({v.XSD + "decimal", v.XSD + "integer"})
# what a graph's statements tell a fact's record (the others are not read)
_ROLE = (
    dict.fromkeys(JOURNALED, "fact")
    | {v.LABEL: "label", v.SUPPORTS: "supports", v.HAS_VALUE: "money"}
    | dict.fromkeys(_STATEMENT, "statement")
    | dict.fromkeys((v.SENTENCE, v.DERIVED_FROM, v.SOURCE_URL, v.TITLE, v.DOC_KEY), "value")
)
RELATION_NAMES = (*RELATION_OF.values(), *TERMS_OF.values())


@dataclass
class ChangeSet:
    """A change set being written: an ingest run, a correction, an import."""

    number: int
    kind: str  # ingest | curation | import | write
    note: str = ""  # what made it (a command line, a correction)
    by: str = ""
    started: str = field(default_factory=now)
    corrections: tuple[str, ...] = ()  # IRIs of the corrections it applies
    stored: bool = False  # its description is in the store
    # the facts its writes added and removed (hashes), netted as kg changes lists them: a fact both added
    # and removed within it (an ingest's last pass rewrites what its first writes named otherwise) is neither
    _added: set[int] = field(default_factory=set, repr=False)
    _removed: set[int] = field(default_factory=set, repr=False)

    @property
    def added(self) -> int:
        return len(self._added - self._removed)

    @property
    def removed(self) -> int:
        return len(self._removed - self._added)

    @property
    def iri(self) -> str:
        return f"{v.ID}changeset/{self.number}"

    def summary(self) -> str:
        return f"change set {self.number}: {self.added} facts added, {self.removed} removed"


def next_number(inner: ox.Store) -> int:
    """The number the next change set takes."""
    numbers = [int(value(q.object)) for q in inner.quads_for_pattern(None, _N(v.CHANGE_NUMBER), None, _G)]
    return max(numbers, default=0) + 1


def description_quads(cs: ChangeSet, ended: str | None = None) -> list[ox.Quad]:
    """What a change set is (written once, with its first records) and, at its end, when it ended."""
    node = _N(cs.iri)
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]
    if cs.stored:
        triples = []
    else:
        triples = [
            (node, _N(v.TYPE), _N(v.CHANGE_SET)),
            (node, _N(v.CHANGE_NUMBER), ox.Literal(str(cs.number), datatype=_INT)),
            (node, _N(v.CHANGE_KIND), ox.Literal(cs.kind)),
            (node, _N(v.STARTED_AT), ox.Literal(cs.started, datatype=_DATETIME)),
        ]
        if cs.note:
            triples.append((node, _N(v.COMMENT), ox.Literal(cs.note)))
        if cs.by:
            agent = _N(agent_iri(cs.by))
            triples += [(node, _N(v.ASSOCIATED_WITH), agent), (agent, _N(v.TYPE), _N(v.AGENT)),
                        (agent, _N(v.LABEL), ox.Literal(cs.by))]  # fmt: skip
        triples += [(node, _N(v.APPLIES), _N(c)) for c in cs.corrections]
    if ended:
        triples.append((node, _N(v.ENDED_AT), ox.Literal(ended, datatype=_DATETIME)))
    return [ox.Quad(s, p, o, _G) for s, p, o in triples]


@dataclass(frozen=True)
class GraphFacts:
    """The journaled facts one graph states, each with its record (JSON), and where they come from."""

    source: dict[str, str]  # g (graph IRI), doc, title, url
    facts: dict[ox.Triple, str]  # fact -> its record as JSON (names, sentence; agreement, parties)


def graph_facts(quads: Iterable[ox.Quad], names: Callable[[str], str] | None = None) -> dict[str, GraphFacts]:
    """The journaled facts of ``quads`` by graph, their records read from the quads themselves (a graph
    names its nodes and holds its evidence); ``names`` gives a name a graph lacks. A pure function: the
    ingest workers compute it for each announcement (:func:`kg.store.prepare`)."""
    by_graph: defaultdict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        by_graph[value(q.graph_name)].append(q)
    return {g: _graph_facts(g, qs, names) for g, qs in by_graph.items()}


def _graph_facts(graph: str, quads: list[ox.Quad], names: Callable[[str], str] | None) -> GraphFacts:
    labels: dict[str, str] = {}
    values: defaultdict[str, dict[str, str]] = defaultdict(dict)  # node -> property -> first value
    statements: defaultdict[str, dict[str, Any]] = defaultdict(dict)  # evidence -> s/p/o terms
    supports: defaultdict[str, list[str]] = defaultdict(list)  # agreement -> evidence
    money: dict[str, str] = {}  # money node -> agreement
    parties: defaultdict[str, set[str]] = defaultdict(set)
    facts = []
    for q in quads:
        p = q.predicate.value
        role = _ROLE.get(p)
        if role is None:
            continue
        s, o = value(q.subject), q.object
        if role == "label":
            labels[s] = min(labels.get(s, value(o)), value(o))
        elif role == "statement":
            statements[s][p] = o
        elif role == "supports":
            supports[value(o)].append(s)
        elif role == "value":
            values[s].setdefault(p, value(o))
        elif role == "money":
            money[value(o)] = s
        else:  # a journaled fact
            facts.append(q.triple)
            if p in _ROLE_IRIS:
                parties[s].add(value(o))
    evidence: dict[tuple, str] = {}
    for node, parts in sorted(statements.items()):
        if len(parts) == 3:
            evidence.setdefault(
                (parts[v.STATEMENT_SUBJECT], parts[v.STATEMENT_PREDICATE], parts[v.STATEMENT_OBJECT]), node
            )

    def name(iri: str) -> str:
        return labels.get(iri) or (names(iri) if names else "")

    out: dict[ox.Triple, str] = {}
    for t in canonical_triples(facts):
        p = t.predicate.value
        record: dict[str, Any] = {
            "s": value(t.subject),
            "p": p,
            "o": str(t.object),
            "sn": name(value(t.subject)),
        }
        if isinstance(t.object, ox.NamedNode):
            record["on"] = name(t.object.value)
        agreement = (
            money.get(value(t.subject)) if p in _MONEY else None if p in RELATION_OF else value(t.subject)
        )
        if agreement:
            record |= {"agreement": agreement, "an": name(agreement), "parties": sorted(parties[agreement])}
            found = sorted(supports.get(agreement, ()))
            e = found[0] if found else None
        else:
            e = evidence.get((t.subject, t.predicate, t.object))
        if e:
            record["sentence"] = values[e].get(v.SENTENCE, "")
            record["url"] = values[e].get(v.SOURCE_URL, "")
        out[t] = json.dumps({k: x for k, x in record.items() if x not in ("", None, [])}, ensure_ascii=False,
                            sort_keys=True)  # fmt: skip
    source = {"g": graph, "doc": values[graph].get(v.DOC_KEY, ""), "title": values[graph].get(v.TITLE, ""),
              "url": values[graph].get(v.SOURCE_URL, "")}  # fmt: skip
    return GraphFacts({k: x for k, x in source.items() if x}, out)


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``triples`` with their numbers as the store keeps them (see :func:`kg.merged.canonical`)."""
    out = []
    for t in triples:
        if isinstance(t.object, ox.Literal) and t.object.datatype.value in _NUMBERS:
            t = canonical([ox.Quad(t.subject, t.predicate, t.object)])[0].triple
        out.append(t)
    return out


def journal_quads(
    inner: ox.Store, cs: ChangeSet, delta: Delta, known: dict[str, GraphFacts] | None = None
) -> list[ox.Quad]:
    """The records of one write of ``cs``, computed before the write (the store still holds what it replaces),
    grouped by the graph that states each fact: one quad per graph; and the change set's description if it is
    not stored yet. ``known``: the facts of the graphs written (else read from the delta's quads)."""
    added = [t for t in delta.insert if t.predicate.value in JOURNALED and not _in_merge(inner, t)]
    removed = [t for t in delta.delete if t.predicate.value in JOURNALED]
    if not added and not removed:
        return []
    names = _Names(inner)
    after = _index(known if known is not None else graph_facts(delta.after, names), added, delta.after, names)
    before = _index(graph_facts(delta.before, names), removed, [], names)
    node = _N(cs.iri)
    quads = description_quads(cs)
    cs.stored = True
    for prop, facts, index in ((v.ADDED, added, after), (v.REMOVED, removed, before)):
        groups: defaultdict[str, list[str]] = defaultdict(list)
        sources: dict[str, dict[str, str]] = {}
        for t in sorted(facts, key=str):
            graph, record = index[t]
            groups[graph.get("g", "")].append(record)
            sources[graph.get("g", "")] = graph
        for g, records in sorted(groups.items()):
            head = json.dumps(sources[g], ensure_ascii=False, sort_keys=True)[:-1]
            text = f'{head}{", " if sources[g] else ""}"facts": [{", ".join(records)}]}}'
            quads.append(ox.Quad(node, _N(prop), ox.Literal(text), _G))
    cs._added.update(map(hash, added))
    cs._removed.update(map(hash, removed))
    return quads


def _index(
    facts: dict[str, GraphFacts], wanted: list[ox.Triple], extra: list[ox.Quad], names: _Names
) -> dict[ox.Triple, tuple[dict[str, str], str]]:
    """Each wanted fact's source and record: from the graphs that state it, else made from the merge."""
    out: dict[ox.Triple, tuple[dict[str, str], str]] = {}
    partial: set[ox.Triple] = set()  # facts read from a part of a graph (a correction's region)
    for gf in sorted(facts.values(), key=lambda gf: gf.source.get("g", "")):
        source = gf.source
        if "title" not in source and "doc" not in source and source.get("g"):
            source = names.source(source["g"]) | source
            partial.update(gf.facts)
        for t, record in gf.facts.items():
            out.setdefault(t, (source, record))
    for t in wanted:
        if t not in out:
            out[t] = ({}, json.dumps(names.record(t), ensure_ascii=False, sort_keys=True))
        elif t in partial and '"sentence"' not in out[t][1]:  # its evidence was not at hand: the merge's
            record = names.record(t) | json.loads(out[t][1])
            out[t] = (out[t][0], json.dumps(record, ensure_ascii=False, sort_keys=True))
    return out


def _in_merge(inner: ox.Store, t: ox.Triple) -> bool:
    return ox.Quad(t.subject, t.predicate, t.object) in inner  # a membership test: 3x a pattern scan's speed


class _Names:
    """Names, sources and whole records from the merged graph as it is before the write: for facts no
    written graph states whole (a correction's), and for sources a part of a graph does not describe."""

    def __init__(self, inner: ox.Store) -> None:
        self.inner = inner
        self.cache: dict[str, str] = {}

    def _value(self, node: ox.NamedNode, prop: str) -> str:
        values = sorted(value(q.object) for q in self.inner.quads_for_pattern(node, _N(prop), None, _DEFAULT))
        return values[0] if values else ""

    def __call__(self, iri: str) -> str:
        if iri not in self.cache:
            self.cache[iri] = self._value(_N(iri), v.LABEL)
        return self.cache[iri]

    def source(self, graph: str) -> dict[str, str]:
        """What the merged graph says of an announcement: document key, title, URL."""
        node = _N(graph)
        found = {"g": graph, "doc": self._value(node, v.DOC_KEY), "title": self._value(node, v.TITLE),
                 "url": self._value(node, v.SOURCE_URL)}  # fmt: skip
        return {k: x for k, x in found.items() if x}

    def record(self, t: ox.Triple) -> dict[str, Any]:
        """A record made from the merged graph: names, and the sentence and source of its evidence."""
        out: dict[str, Any] = {"s": value(t.subject), "p": t.predicate.value, "o": str(t.object),
                               "sn": self(value(t.subject))}  # fmt: skip
        if isinstance(t.object, ox.NamedNode):
            out["on"] = self(t.object.value)
        find = self.inner.quads_for_pattern
        p = t.predicate.value
        agreement = None
        if p in _MONEY:
            agreement = next((q.subject for q in find(None, _HAS_VALUE, t.subject, _DEFAULT)), None)
        elif p not in RELATION_OF:
            agreement = t.subject
        if agreement is not None:
            parties = {
                value(q.object)
                for q in find(agreement, None, None, _DEFAULT)
                if q.predicate.value in _ROLE_IRIS
            }
            out |= {"agreement": value(agreement), "an": self(value(agreement)), "parties": sorted(parties)}
            evidence = sorted(value(q.subject) for q in find(None, _SUPPORTS, agreement, _DEFAULT))
        else:
            evidence = sorted(
                value(q.subject) for q in find(None, _SUBJECT, t.subject, _DEFAULT)
                if any(True for _ in find(q.subject, _PREDICATE, t.predicate, _DEFAULT))
                and any(True for _ in find(q.subject, _OBJECT, t.object, _DEFAULT))
            )  # fmt: skip
        if evidence:
            e = _N(evidence[0])
            out["sentence"] = self._value(e, v.SENTENCE)
            graph = self._value(e, v.DERIVED_FROM)
            out |= self.source(graph) if graph else {}
            out["url"] = self._value(e, v.SOURCE_URL) or out.get("url", "")
        return {k: x for k, x in out.items() if x}


# --- reading ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChangeSetInfo:
    number: int
    kind: str
    started: str
    ended: str
    note: str
    by: str
    corrections: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One fact a change set added or removed, as ``kg changes`` shows it."""

    change: int
    at: str
    kind: str  # the change set's: ingest, curation...
    what: str  # added | removed
    subject: str  # names
    relation: str
    object: str
    sentence: str
    source: str  # where it was stated: URL, document key or title
    fact: str  # id (relations) or agreement IRI (agreement terms)
    subject_iri: str
    predicate_iri: str
    object_term: str  # N-Triples form: the exact statement
    agreement: str = ""
    parties: tuple[str, ...] = ()
    title: str = ""
    url: str = ""

    def to_row(self) -> dict[str, Any]:
        return {
            "change": self.change, "at": self.at, "kind": self.kind, "what": self.what,
            "subject": self.subject, "relation": self.relation, "object": self.object,
            "sentence": self.sentence, "source": self.source, "fact": self.fact,
            "subject_iri": self.subject_iri, "predicate_iri": self.predicate_iri,
            "object_term": self.object_term, "agreement": self.agreement or None,
        }  # fmt: skip

    @property
    def triple(self) -> ox.Triple:
        return ox.Triple(_N(self.subject_iri), _N(self.predicate_iri), _object(self.object_term))


def read_change_sets(inner: ox.Store) -> list[ChangeSetInfo]:
    """Every change set's description, by number."""
    props: dict[str, dict[str, list[str]]] = {}
    for q in inner.quads_for_pattern(None, None, None, _G):
        if q.predicate.value in (v.ADDED, v.REMOVED):
            continue
        props.setdefault(value(q.subject), {}).setdefault(q.predicate.value, []).append(value(q.object))
    agents = {s: p[v.LABEL][0] for s, p in props.items() if v.LABEL in p}
    out = []
    for p in props.values():
        if v.CHANGE_NUMBER not in p:
            continue
        one = {k: sorted(x)[0] for k, x in p.items()}
        out.append(ChangeSetInfo(
            int(one[v.CHANGE_NUMBER]), one.get(v.CHANGE_KIND, ""), one.get(v.STARTED_AT, ""),
            one.get(v.ENDED_AT, ""), one.get(v.COMMENT, ""), agents.get(one.get(v.ASSOCIATED_WITH, ""), ""),
            tuple(sorted(p.get(v.APPLIES, []))),
        ))  # fmt: skip
    return sorted(out, key=lambda c: c.number)


def select_change_sets(sets: list[ChangeSetInfo], since: str | None) -> list[ChangeSetInfo]:
    """The change sets after change set ``since`` (a number), or started at or after ``since`` (an ISO date
    or time); without ``since``, the last one."""
    if since is None:
        return sets[-1:]
    if since.isdigit():
        return [c for c in sets if c.number > int(since)]
    try:
        moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise CurationError(
            f"--since {since!r} is neither a change set number nor an ISO date (2026-03-01)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return [c for c in sets if _time(c.started) >= moment]


def _time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def read_changes(
    inner: ox.Store,
    since: str | None = None,
    companies: Iterable[str] | None = None,
    relation: str | None = None,
) -> list[Change]:
    """The facts the selected change sets added and removed (see :func:`select_change_sets`), netted
    within each change set; ``companies``: IRIs a fact (or its agreement) must name; ``relation``: a
    relation or agreement-term name."""
    wanted = set(companies) if companies is not None else None
    out = []
    for cs in select_change_sets(read_change_sets(inner), since):
        records = {
            what: list(_records(inner, cs, prop))
            for what, prop in (("added", v.ADDED), ("removed", v.REMOVED))
        }
        keys = {what: {(r["s"], r["p"], r["o"]) for r in rs} for what, rs in records.items()}
        both = keys["added"] & keys["removed"]
        for what, rs in records.items():
            for r in rs:
                if (r["s"], r["p"], r["o"]) in both or not _selected(r, wanted, relation):
                    continue
                out.append(_change(cs, what, r))
    return sorted(out, key=lambda c: (c.change, c.what, c.subject, c.relation, c.object, c.object_term))


def list_changes(
    store: Store, since: str | None = None, company: str | None = None, relation: str | None = None
) -> list[Change]:
    """:func:`read_changes` for ``kg changes``: ``company`` a name (its node, the nodes merged into it, and
    the node a name resolves to, so a company since merged or gone is found too), ``relation`` checked."""
    if relation is not None and relation not in RELATION_NAMES:
        raise CurationError(f"unknown relation {relation!r} (expected one of {', '.join(RELATION_NAMES)})")
    companies = None
    if company is not None:
        overlay = store.overlay
        nodes = {n.iri for n in find_nodes(store, company, ("Organization",))} | set(iris_named(company)[:1])
        companies = nodes | {m for m in overlay.merged_away if overlay.canon(m) in nodes}
    return read_changes(store.oxigraph, since, companies, relation)


def _records(inner: ox.Store, cs: ChangeSetInfo, prop: str) -> Iterator[dict[str, Any]]:
    """A change set's records of ``prop`` (added or removed), each with its source's fields."""
    for q in inner.quads_for_pattern(_N(f"{v.ID}changeset/{cs.number}"), _N(prop), None, _G):
        group = json.loads(value(q.object))
        source = {k: x for k, x in group.items() if k != "facts"}
        for record in group.get("facts", []):
            yield source | record


def _selected(record: dict[str, Any], companies: set[str] | None, relation: str | None) -> bool:
    if relation is not None and relation_name(record["p"]) != relation:
        return False
    if companies is None:
        return True
    named = {record["s"], record["o"].strip("<>"), *record.get("parties", [])}
    return bool(named & companies)


def _change(cs: ChangeSetInfo, what: str, r: dict[str, Any]) -> Change:
    term = r["o"]
    is_iri = term.startswith("<")
    value = r.get("on") or (term.strip("<>") if is_iri else _lexical(term))
    agreement = r.get("agreement", "")
    subject = r.get("an") or r.get("sn") or r["s"] if agreement else r.get("sn") or r["s"]
    fact = agreement or fact_id_of(ox.Triple(_N(r["s"]), _N(r["p"]), _object(term)))
    return Change(
        cs.number, cs.started, cs.kind, what, subject, relation_name(r["p"]), value, r.get("sentence", ""),
        r.get("url") or r.get("doc") or r.get("title", ""), fact, r["s"], r["p"], term, agreement,
        tuple(r.get("parties", [])), r.get("title", ""), r.get("url", ""),
    )  # fmt: skip


def _object(term: str) -> ox.NamedNode | ox.Literal:
    line = f"<urn:s> <urn:p> {term} .".encode()
    return next(iter(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))).object  # a quad in the default graph


def _lexical(term: str) -> str:
    return _object(term).value

"""The review queue: facts and agreements to check, least confident first, and a session that walks them.

A fact's confidence is its best evidence's (as ``--min-confidence`` reads it); facts and agreements an
analyst already confirmed, rejected or added are not in the queue. :class:`Session` is what
``kg review --interactive`` drives: one key per decision, written as ``kg curate`` writes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab as v
from kg.curation import commands as cmd
from kg.curation.changes import read_changes
from kg.curation.facts import RELATION_OF, fact_id_of, short_id
from kg.curation.model import Action, CurationError
from kg.curation.targets import find_node
from kg.sparql import bind_sparql
from kg.terms import value

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["COLUMNS", "Item", "Session", "review_queue"]

COLUMNS = ("id", "confidence", "subject", "relation", "object", "sentence", "source")
_N = ox.NamedNode
_RELATIONS = " ".join(f"<{iri}>" for iri in RELATION_OF)  # the closed vocabulary, never user input

Q_FACTS = f"""SELECT ?s ?p ?o ?c ?e WHERE {{
  ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  VALUES ?p {{ {_RELATIONS} }}
  ?s ?p ?o .
  OPTIONAL {{ ?e bpk:confidence ?c }}
}}"""
Q_AGREEMENTS = """SELECT ?a ?c ?e WHERE {
  ?e bpk:supports ?a . ?a a bpk:Agreement . OPTIONAL { ?e bpk:confidence ?c }
}"""


@dataclass(frozen=True)
class Item:
    """One fact or agreement to check."""

    id: str  # fact id, or agreement/...
    kind: str  # fact | agreement
    confidence: float | None
    subject: str
    relation: str
    object: str
    sentence: str
    source: str  # URL, else document key, else title
    subject_iri: str = ""
    object_value: str = ""  # IRI or value
    announcement: str = ""
    evidence: str = ""

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id, "confidence": self.confidence, "subject": self.subject, "relation": self.relation,
            "object": self.object, "sentence": self.sentence, "source": self.source, "kind": self.kind,
            "subject_iri": self.subject_iri, "object_value": self.object_value,
            "announcement": self.announcement, "evidence": self.evidence,
        }  # fmt: skip


def review_queue(
    store: Store,
    *,
    company: str | None = None,
    relation: str | None = None,
    since: str | None = None,
    min_confidence: float | None = None,
    max_confidence: float | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Facts and agreements of the merged graph not reviewed yet, least confident first (a fact without
    a confidence counts as sure), filtered: ``company`` (a party, subject or object), ``relation`` (a
    relation name, or ``agreement``), ``since`` (added by the change sets after RUN or since DATE)."""
    if relation is not None and relation not in (*v.RELATIONS, "agreement"):
        raise CurationError(
            f"unknown relation {relation!r} (expected one of {', '.join(v.RELATIONS)}, agreement)"
        )
    company_iri = find_node(store, company, ("Organization",)).iri if company else None
    candidates = _candidates(store, relation, company_iri)
    if since is not None:
        changed = read_changes(store.oxigraph, since=since)
        added = {c.fact for c in changed if c.what == "added"}
        candidates = [c for c in candidates if c[0] in added]
    reviewed = _reviewed(store)
    out = []
    for key, kind, confidence, evidence, triple in sorted(candidates, key=_order):
        if key in reviewed or not _within(confidence, min_confidence, max_confidence):
            continue
        out.append(_item(store, key, kind, confidence, evidence, triple))
        if limit and len(out) >= limit:
            break
    return out


Candidate = tuple[str, str, float | None, str, ox.Triple | None]  # key, kind, confidence, evidence, fact


def _order(c: Candidate) -> tuple:
    return (c[2] if c[2] is not None else 2.0, c[0])


def _within(confidence: float | None, low: float | None, high: float | None) -> bool:
    sure = 1.0 if confidence is None else confidence
    return (low is None or sure >= low) and (high is None or sure <= high)


def _candidates(store: Store, relation: str | None, company: str | None) -> list[Candidate]:
    """Every fact and agreement with its best evidence (the most confident)."""
    best: dict[str, tuple[float | None, str, str, ox.Triple | None]] = {}

    def keep(key: str, kind: str, confidence: Any, evidence: str, triple: ox.Triple | None) -> None:
        c = float(confidence) if confidence is not None else None
        old = best.get(key)
        if old is None or (c is not None and (old[0] is None or c > old[0])):
            best[key] = (c, kind, evidence, triple)

    if relation != "agreement":
        params = {"p": _N(v.RELATIONS[relation].rdf)} if relation else {}
        for row in store.query(bind_sparql(Q_FACTS, params)):
            s, p, o = row["s"], row["p"], row["o"]
            if company and company not in (s.value, o.value):
                continue
            triple = ox.Triple(s, p, o)
            keep(fact_id_of(triple), "fact", _value(row["c"]), row["e"].value, triple)
    if relation in (None, "agreement"):
        parties = _parties(store) if company else {}
        for row in store.query(Q_AGREEMENTS):
            a = row["a"].value
            if company and company not in parties.get(a, ()):
                continue
            keep(short_id(a), "agreement", _value(row["c"]), row["e"].value, None)
    return [(key, kind, c, e, t) for key, (c, kind, e, t) in best.items()]


def _value(term: Any) -> str | None:
    return term.value if term is not None else None


def _parties(store: Store) -> dict[str, set[str]]:
    out: defaultdict[str, set[str]] = defaultdict(set)
    for role in v.ROLE_PROPERTIES.values():
        for q in store.oxigraph.quads_for_pattern(None, _N(role), None, ox.DefaultGraph()):
            out[value(q.subject)].add(value(q.object))
    return out


def _reviewed(store: Store) -> set[str]:
    """The facts (ids) and agreements (short ids) with an analyst's decision."""
    overlay = store.overlay
    out = {fact_id_of(t) for t in overlay.decisions.rejected}
    out |= {fact_id_of(overlay.fact_key(c)) for c in overlay.decisions.pinned}
    for c in overlay.corrections:
        if c.relation == "agreement" and c.action in (Action.CONFIRM, Action.REJECT):
            out.add(short_id(c.subject))
    return out


def _item(store: Store, key: str, kind: str, confidence: float | None, evidence: str,
          triple: ox.Triple | None) -> Item:  # fmt: skip
    """One item, read from the merged graph by index look-ups (the queue may be thousands long)."""
    inner, e = store.oxigraph, _N(evidence)
    g = _merged(inner, e, v.DERIVED_FROM)
    node = _N(g) if g else None
    url = _merged(inner, e, v.SOURCE_URL) or (_merged(inner, node, v.SOURCE_URL) if node else "")
    source = url or (_merged(inner, node, v.DOC_KEY) or _merged(inner, node, v.TITLE) if node else "")
    common = {
        "sentence": _merged(inner, e, v.SENTENCE),
        "source": source,
        "announcement": g,
        "evidence": evidence,
    }
    if triple is None:
        iri = v.ID + key
        name = _label(inner, iri)
        return Item(key, kind, confidence, name, "agreement", _terms(store, iri), subject_iri=iri, **common)
    o = triple.object
    name = _label(inner, o.value) if isinstance(o, ox.NamedNode) else value(o)
    subject, relation = _label(inner, value(triple.subject)), RELATION_OF[triple.predicate.value]
    return Item(key, kind, confidence, subject, relation, name, subject_iri=value(triple.subject),
                object_value=value(o), **common)  # fmt: skip


def _merged(inner: ox.Store, node: ox.NamedNode, prop: str) -> str:
    """The smallest value of ``node``'s ``prop`` in the merged graph ("" when none)."""
    values = [value(q.object) for q in inner.quads_for_pattern(node, _N(prop), None, ox.DefaultGraph())]
    return min(values) if values else ""


def _label(inner: ox.Store, iri: str) -> str:
    return _merged(inner, _N(iri), v.LABEL) or iri.rsplit("/", 1)[-1]


def _terms(store: Store, iri: str) -> str:
    """An agreement's terms in a few words: type, service, stages, end year."""
    values: defaultdict[str, list[str]] = defaultdict(list)
    for q in store.oxigraph.quads_for_pattern(_N(iri), None, None, ox.DefaultGraph()):
        values[q.predicate.value].append(value(q.object))
    parts = [
        *values[v.AGREEMENT_TYPE],
        *[s for s in values[v.SERVICE] if s != "none"],
        *sorted(values[v.STAGE]),
    ]
    parts += [f"until {y}" for y in values[v.END_YEAR]]
    return ", ".join(parts)


# --- the interactive session ---------------------------------------------------------------------------
KEYS = {"c": "confirm", "r": "reject", "s": "skip", "e": "edit", "q": "quit"}


@dataclass
class Session:
    """Walks a review queue one item at a time; each decision is a correction written at once."""

    store: Store
    items: list[Item]
    who: cmd.Who
    position: int = 0
    done: dict[str, int] = field(default_factory=lambda: {"confirm": 0, "reject": 0, "skip": 0, "edit": 0})

    @property
    def current(self) -> Item | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def progress(self) -> str:
        return f"[{min(self.position + 1, len(self.items))}/{len(self.items)}]"

    def decide(self, key: str, edit: tuple[str, ...] = ()) -> str:
        """Apply the decision ``key`` (a key of :data:`KEYS`) to the current item; a message for people.
        ``edit``: for a fact, the corrected object; for an agreement, the attribute and its values."""
        item = self.current
        if item is None:
            return "nothing left to review"
        action = KEYS.get(key.lower())
        if action is None:
            return f"unknown key {key!r}: " + ", ".join(f"{k} {a}" for k, a in KEYS.items())
        if action == "quit":
            self.position = len(self.items)
            return "stopped"
        if action == "skip":
            message = f"skipped {item.id}"
        elif action == "edit":
            message = self._edit(item, edit)
        else:
            outcome = (cmd.confirm if action == "confirm" else cmd.reject)(self.store, item.id, self.who)
            message = outcome.summary()
        self.done[action] += 1
        self.position += 1
        return message

    def _edit(self, item: Item, edit: tuple[str, ...]) -> str:
        if item.kind == "agreement":
            if len(edit) < 2:
                raise CurationError("an agreement edit needs an attribute and a value")
            return cmd.edit(self.store, item.id, edit[0], edit[1:], self.who).summary()
        if len(edit) != 1 or not edit[0].strip():
            raise CurationError("a fact edit needs the corrected object")
        if not item.source.startswith(("http://", "https://")):
            raise CurationError(
                "this fact's source has no URL: reject it, then add the right one with kg curate add"
            )
        first = cmd.reject(self.store, item.id, self.who).summary()
        added = cmd.add(self.store, item.subject_iri, item.relation, edit[0], item.source,
                        item.sentence or f"{item.subject} {item.relation} {edit[0]}", self.who)  # fmt: skip
        return f"{first}; {added.summary()}"

    def summary(self) -> str:
        counts = ", ".join(f"{n} {a}" for a, n in self.done.items() if n)
        return f"reviewed {sum(self.done.values())} of {len(self.items)}" + (f": {counts}" if counts else "")

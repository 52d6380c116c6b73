"""An announcement's graph read back into the :class:`~kg.model.Extraction` it was written from.

What resolution needs to re-resolve a store without its source files: each entity with its names as the
announcement wrote them (``bpk:nameInSource``, else its label), its aliases and attributes; the facts
and agreements with their evidence. Writing the result again gives the same graph when nothing about the
entities' identities changed (a test checks it).

>>> from kg.store import Store
>>> store = Store.in_memory()
>>> ex = Extraction.from_record({"doc": "a.txt", "entities": [
...     {"id": "e1", "type": "Organization", "name": "Eli Lilly and Company"}],
...     "facts": [], "agreements": []})
>>> _ = store.write([ex])
>>> [(e.name, e.type.value) for e in read_extraction(store, graph_name("a.txt").value).entities]
[('Eli Lilly and Company', 'Organization')]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.model import Agreement, Entity, EntityType, Evidence, Extraction, Fact, Money
from kg.rdf import graph_name

__all__ = ["graph_name", "read_extraction"]

_CLASSES = {iri: EntityType(name) for name, iri in v.ENTITY_CLASSES.items()}
_ROLES = {iri: role for role, iri in v.ROLE_PROPERTIES.items()}
_RELATIONS = {r.rdf: r.name for r in v.RELATIONS.values()}


def read_extraction(store: Any, graph: str) -> Extraction:
    """The extraction whose graph is ``graph`` (an announcement IRI) in ``store`` (a kg.store.Store)."""
    g = ox.NamedNode(graph)
    props: defaultdict[str, defaultdict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for q in store.oxigraph.quads_for_pattern(None, None, None, g):
        props[q.subject.value][q.predicate.value].append(q.object)
    announcement = props.get(graph, {})
    doc = _one(announcement.get(v.DOC_KEY)) or graph
    fields = (
        ("title", v.TITLE),
        ("published", v.PUBLISHED),
        ("url", v.SOURCE_URL),
        ("publisher", v.PUBLISHER),
    )
    source = {key: _one(announcement.get(prop)) for key, prop in fields}
    ids: dict[str, str] = {}  # node IRI -> entity id of its first entity
    extra: dict[str, list[str]] = {}  # node IRI -> ids of the entities for its other names
    entities: list[Entity] = []
    for node in sorted(props):
        kinds = [_CLASSES[o.value] for o in props[node].get(v.TYPE, []) if o.value in _CLASSES]
        if kinds:
            made = _entities(node, kinds[0], props[node], doc)
            ids[node] = made[0].id
            extra[node] = [e.id for e in made[1:]]
            entities += made
    facts: dict[tuple[str, str, str], list[Evidence]] = {}
    agreements: dict[int, tuple[str, list[Evidence]]] = {}
    for p in props.values():
        if v.EVIDENCE not in {o.value for o in p.get(v.TYPE, [])}:
            continue
        ev = _evidence(p)
        if v.SUPPORTS in p:
            agreements.setdefault(_index(p[v.SUPPORTS][0].value), (p[v.SUPPORTS][0].value, []))[1].extend(ev)
            continue
        s, pred, o = (
            _one(p.get(x)) for x in (v.STATEMENT_SUBJECT, v.STATEMENT_PREDICATE, v.STATEMENT_OBJECT)
        )
        relation = _RELATIONS.get(str(pred))
        if relation and s in ids:
            obj = _object(relation, o, props, ids)
            if obj is not None:
                facts.setdefault((ids[s], relation, obj), []).extend(ev)
                for other in extra.get(str(o), ()):  # a site or product named twice: both are its company's
                    facts.setdefault((ids[s], relation, other), []).extend(ev)
    for node, p in props.items():
        if v.AGREEMENT in {o.value for o in p.get(v.TYPE, [])}:
            agreements.setdefault(_index(node), (node, []))
    return Extraction(
        doc,
        {k: x for k, x in source.items() if x is not None},
        tuple(entities),
        tuple(Fact(s, pr, o, _sorted(evs)) for (s, pr, o), evs in sorted(facts.items())),
        tuple(_agreement(node, props, ids, _sorted(evs)) for _, (node, evs) in sorted(agreements.items())),
    )


def _one(values: list[Any] | None) -> Any:
    if not values:
        return None
    value = sorted(values, key=str)[0]
    return value.value


def _all(values: list[Any] | None) -> list[str]:
    return sorted({x.value for x in values or ()})


def _entities(node: str, kind: EntityType, p: dict[str, list[Any]], doc: str) -> list[Entity]:
    """The entities one node of the graph stands for: one per name the announcement wrote."""
    label = _one(p.get(v.LABEL)) or ""
    undisclosed = _one(p.get(v.UNDISCLOSED)) == "true"
    tail = node.rsplit("/", 1)[-1]
    attrs = {key: _one(p.get(prop)) for key, prop in (("description", v.DESCRIPTION), ("city", v.CITY),
             ("modality", v.MODALITY), ("indication", v.INDICATION))}  # fmt: skip
    if undisclosed or "/undisclosed-" in node:
        entity_id = tail.split("-", 2)[-1] if tail.startswith("undisclosed-") else tail
        if label and label.lower() == entity_id:
            entity_id = label
        return [Entity(entity_id, kind, None, undisclosed=True, **attrs)]
    names = _all(p.get(v.NAME_IN_SOURCE)) or [label]
    aliases = tuple(a for a in _all(p.get(v.ALIAS)) if a not in names)
    aliases += tuple(_all(p.get(v.TICKER)))
    first = Entity(f"{node}#0", kind, names[0], aliases, **attrs)
    return [first] + [Entity(f"{node}#{i}", kind, n) for i, n in enumerate(names[1:], 1)]


def _evidence(p: dict[str, list[Any]]) -> list[Evidence]:
    """One :class:`Evidence` per extractor an evidence node names (each with the node's confidence)."""
    sentence, start, end = (
        _one(p.get(v.SENTENCE)) or "",
        int(_one(p.get(v.START)) or 0),
        int(_one(p.get(v.END)) or 0),
    )
    confidence = max((float(c.value) for c in p.get(v.CONFIDENCE, [])), default=1.0)
    return [Evidence(sentence, start, end, x, confidence) for x in _all(p.get(v.EXTRACTOR)) or ["record"]]


def _sorted(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(set(evidence), key=lambda e: (e.start, e.sentence, e.extractor)))


def _object(relation: str, o: str | None, props: dict, ids: dict[str, str]) -> str | None:
    if o is None:
        return None
    if relation == "starts_operations":
        return o
    if relation in ("located_in", "headquartered_in"):
        return _one(props.get(o, {}).get(v.COUNTRY_CODE)) or o.rsplit("/", 1)[-1]
    return ids.get(o)


def _index(agreement: str) -> int:
    tail = agreement.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _agreement(node: str, props: dict, ids: dict[str, str], evidence: tuple[Evidence, ...]) -> Agreement:
    p = props[node]
    roles = [(_ROLES[prop], ids[o.value]) for prop in v.ROLE_PROPERTIES.values()
             for o in sorted(p.get(prop, []), key=str) if o.value in ids]  # fmt: skip
    money = []
    for m in sorted({o.value for o in p.get(v.HAS_VALUE, [])}, key=_index):
        amount = _one(props.get(m, {}).get(v.AMOUNT))
        if amount is not None:
            currency = _one(props[m].get(v.CURRENCY)) or "USD"
            money.append(Money(float(amount), currency, _one(props[m].get(v.VALUE_KIND)) or "total"))
    end = _one(p.get(v.END_YEAR))
    return Agreement(
        roles=tuple(roles),
        type=_one(p.get(v.AGREEMENT_TYPE)),
        service=_one(p.get(v.SERVICE)),
        stage=tuple(_all(p.get(v.STAGE))),
        products=tuple(ids[o.value] for o in sorted(p.get(v.CONCERNS, []), key=str) if o.value in ids),
        end_year=int(end[:4]) if end else None,
        value=tuple(money),
        announced=_one(p.get(v.ANNOUNCED)),
        evidence=evidence,
    )

"""Map one resolved :class:`Extraction` to RDF quads in the named graph of its announcement.

Deterministic: the same extraction always gives the same quads (IRIs are content-derived, no
timestamps, no blank nodes), so re-ingesting changes nothing. An extraction whose entities carry no
:class:`~kg.model.Identity` yet is resolved first (:func:`kg.identity.resolve`); entities resolved to one
node give it one label, their names as written (``bpk:nameInSource``, when the label differs from one)
and their aliases.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg import vocab as v
from kg.countries import country_code, country_name
from kg.identity import resolve
from kg.model import LITERAL_PREDICATES, Agreement, Entity, Evidence, Extraction, Fact, Identity
from kg.resolve import agreement_iri, announcement_iri, evidence_iri, place_iri

__all__ = ["graph_name", "to_quads"]

_N = NamedNode
TYPE, LABEL = _N(v.TYPE), _N(v.LABEL)
XSD_INT, XSD_DEC, XSD_BOOL = _N(v.XSD + "integer"), _N(v.XSD + "decimal"), _N(v.XSD + "boolean")
GYEAR = _N(v.XSD + "gYear")
CONFIDENCE = _N(v.CONFIDENCE)


def graph_name(doc: str) -> NamedNode:
    return _N(announcement_iri(doc))


def to_quads(ex: Extraction) -> list[Quad]:
    """All quads of one announcement, deduplicated, in a stable order."""
    if any(e.identity is None for e in ex.entities):
        ex = resolve(ex)
    g = graph_name(ex.doc)
    triples = list(_announcement(ex, g))
    iris = {e.id: _N(e.identity.iri) for e in ex.entities}  # type: ignore[union-attr]
    nodes: dict[str, list[Entity]] = {}
    for e in ex.entities:
        nodes.setdefault(iris[e.id].value, []).append(e)
    for group in nodes.values():
        triples += _entity(group, iris[group[0].id])
    for f in ex.facts:
        triples += _fact(f, ex, iris, g)
    for i, a in enumerate(ex.agreements):
        triples += _agreement(a, i, ex, iris, g)
    seen: dict[tuple, None] = dict.fromkeys(_best_confidence(triples))
    return [Quad(s, p, o, g) for s, p, o in seen]


def _best_confidence(triples: list[tuple]) -> list[tuple]:
    """One confidence per evidence node, the highest: two facts of the extraction may become one statement
    once their entities are one node, and their evidence of one sentence one node."""
    best: dict[NamedNode, tuple] = {}
    for t in triples:
        if t[1] == CONFIDENCE and (t[0] not in best or float(t[2].value) > float(best[t[0]][2].value)):
            best[t[0]] = t
    return [t for t in triples if t[1] != CONFIDENCE or best[t[0]] is t]


def _lit(value: object, datatype: NamedNode | None = None) -> Literal:
    return Literal(str(value), datatype=datatype) if datatype else Literal(str(value))


def _date(value: str) -> Literal:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(value))
    return Literal(value, datatype=_N(v.XSD + kind)) if kind else Literal(value)


def _announcement(ex: Extraction, g: NamedNode) -> Iterator[tuple]:
    src = ex.source
    title = str(src.get("title") or ex.doc)
    yield g, TYPE, _N(v.ANNOUNCEMENT)
    yield g, TYPE, _N(v.PROV + "Entity")
    yield g, LABEL, _lit(title)
    yield g, _N(v.TITLE), _lit(title)
    yield g, _N(v.DOC_KEY), _lit(ex.doc)
    if src.get("published"):
        yield g, _N(v.PUBLISHED), _date(str(src["published"]))
    if src.get("url"):
        yield g, _N(v.SOURCE_URL), _lit(src["url"], _N(v.XSD + "anyURI"))
    if src.get("publisher"):
        yield g, _N(v.PUBLISHER), _lit(src["publisher"])
    if src.get("fetched"):
        yield g, _N(v.FETCHED), _lit(src["fetched"], _N(v.XSD + "dateTime"))
    if src.get("http_status"):
        yield g, _N(v.HTTP_STATUS), _lit(int(src["http_status"]), XSD_INT)
    if src.get("content_sha256"):
        yield g, _N(v.SOURCE_SHA256), _lit(src["content_sha256"])


def _entity(group: list[Entity], node: NamedNode) -> list[tuple]:
    """The statements about one node: its class and label, the names and aliases its entities give it."""
    first = group[0]
    ids: list[Identity] = [e.identity for e in group]  # type: ignore[misc]
    label = ids[0].label
    out = [(node, TYPE, _N(v.ENTITY_CLASSES[first.type.value])), (node, LABEL, _lit(label))]
    if first.type.value == "Site":
        out.append((node, TYPE, _N(v.ORG + "Site")))
    names = list(dict.fromkeys(n for i in ids for n in i.names))
    if any(n != label for n in names):
        out += [(node, _N(v.NAME_IN_SOURCE), _lit(n)) for n in names]
    # an alias equal to the label is kept too (the label may be another announcement's name for the node)
    aliases = [a for a in dict.fromkeys(a for i in ids for a in i.aliases) if a not in names]
    out += [(node, _N(v.ALIAS), _lit(a)) for a in aliases]
    out += [(node, _N(v.TICKER), _lit(t)) for t in dict.fromkeys(t for i in ids for t in i.tickers)]
    out += [
        (node, _N(v.SEARCH_KEY), _lit(key)) for key in sorted({n.lower() for n in (label, *names, *aliases)})
    ]
    if any(e.undisclosed for e in group):
        out.append((node, _N(v.UNDISCLOSED), Literal("true", datatype=XSD_BOOL)))
    for attr, prop in (("description", v.DESCRIPTION), ("city", v.CITY), ("modality", v.MODALITY),
                       ("indication", v.INDICATION)):  # fmt: skip
        for value in dict.fromkeys(getattr(e, attr) for e in group):
            if value:
                out.append((node, _N(prop), _lit(value)))
    return out


def _place(value: str) -> tuple[NamedNode, list[tuple]] | None:
    code = country_code(value)
    if not code:
        return None
    node = _N(place_iri(code))
    return node, [
        (node, TYPE, _N(v.PLACE)),
        (node, LABEL, _lit(country_name(code))),
        (node, _N(v.COUNTRY_CODE), _lit(code)),
    ]


def _fact(f: Fact, ex: Extraction, iris: dict[str, NamedNode], g: NamedNode) -> list[tuple]:
    rel = v.RELATIONS[f.predicate]
    s, p = iris[f.subject], _N(rel.rdf)
    out: list[tuple] = []
    if f.predicate == "starts_operations":
        year = "".join(ch for ch in f.object if ch.isdigit())[:4]
        if len(year) != 4:
            return []
        o: object = Literal(year, datatype=GYEAR)
    elif f.predicate in LITERAL_PREDICATES:
        place = _place(f.object)
        if place is None:
            return []
        o, out = place[0], place[1]
        if f.predicate == "located_in" and "," in f.object:
            out.append((s, _N(v.CITY), _lit(f.object.rsplit(",", 1)[0].strip())))
    else:
        o = iris[f.object]
    out.append((s, p, o))
    links = [(_N(v.STATEMENT_SUBJECT), s), (_N(v.STATEMENT_PREDICATE), p), (_N(v.STATEMENT_OBJECT), o)]
    out += _evidence(ex.doc, g, f.evidence, links, (str(s), str(p), str(o)))
    return out


def _agreement(a: Agreement, i: int, ex: Extraction, iris: dict[str, NamedNode], g: NamedNode) -> list[tuple]:
    node = _N(agreement_iri(ex.doc, i))
    label = f"{a.type or 'agreement'}: {' – '.join(_party_names(a, ex))}"
    out: list[tuple] = [
        (node, TYPE, _N(v.AGREEMENT)),
        (node, LABEL, _lit(label)),
        (node, _N(v.DERIVED_FROM), g),
    ]
    out += [(node, _N(v.ROLE_PROPERTIES[role]), iris[e]) for role, e in a.roles]
    for prop, value in ((v.AGREEMENT_TYPE, a.type), (v.SERVICE, a.service)):
        if value:
            out.append((node, _N(prop), _lit(value)))
    out += [(node, _N(v.STAGE), _lit(s)) for s in a.stage]
    out += [(node, _N(v.CONCERNS), iris[p]) for p in a.products]
    if a.end_year:
        out.append((node, _N(v.END_YEAR), Literal(str(a.end_year), datatype=GYEAR)))
    if a.announced:
        out.append((node, _N(v.ANNOUNCED), _date(a.announced)))
    for k, m in enumerate(a.value, 1):
        money = _N(f"{node.value}-value-{k}")
        out += [
            (node, _N(v.HAS_VALUE), money),
            (money, TYPE, _N(v.MONETARY_AMOUNT)),
            (money, _N(v.AMOUNT), Literal(f"{m.amount:.2f}", datatype=XSD_DEC)),
            (money, _N(v.CURRENCY), _lit(m.currency)),
            (money, _N(v.VALUE_KIND), _lit(m.what)),
        ]
    out += _evidence(ex.doc, g, a.evidence, [(_N(v.SUPPORTS), node)], (node.value,))
    return out


def _party_names(a: Agreement, ex: Extraction) -> list[str]:
    """The parties' names for an agreement's label: provider, client, then partners in name order; each
    node once per role, named as its node is (two entities of one node are one party, as in the graph)."""
    labels: dict[str, str] = {}  # node IRI -> the label its first entity gives it (as _entity does)
    for e in ex.entities:
        if e.identity is not None:
            labels.setdefault(e.identity.iri, e.identity.label)
    names: dict[str, dict[str, str]] = {}
    for role, entity_id in a.roles:
        entity = ex.entity(entity_id)
        if entity is not None:
            key = entity.identity.iri if entity.identity else entity_id
            name = labels[key] if entity.identity else entity.label
            names.setdefault(role, {}).setdefault(key, name)
    by_role = {role: list(nodes.values()) for role, nodes in names.items()}
    return [*by_role.get("provider", []), *by_role.get("client", []), *sorted(by_role.get("partner", []))]


def _evidence(
    doc: str, g: NamedNode, evidence: tuple[Evidence, ...], links: list[tuple], key: tuple
) -> list[tuple]:
    """One evidence node per sentence that states the fact: the extractors that found it there, and the
    highest confidence any of them gave (so a graph read back and written again is the same graph)."""
    by_node: dict[str, list[Evidence]] = {}
    for ev in evidence or (Evidence("", 0, 0, "record", 1.0),):
        by_node.setdefault(evidence_iri(doc, *key, str(ev.start), ev.sentence), []).append(ev)
    out: list[tuple] = []
    for iri, found in by_node.items():
        node, ev = _N(iri), found[0]
        out += [(node, TYPE, _N(v.EVIDENCE)), (node, _N(v.DERIVED_FROM), g)]
        out += [(node, p, o) for p, o in links]
        if ev.sentence:
            out += [
                (node, _N(v.SENTENCE), _lit(ev.sentence)),
                (node, _N(v.START), Literal(str(ev.start), datatype=XSD_INT)),
                (node, _N(v.END), Literal(str(ev.end), datatype=XSD_INT)),
            ]
        out += [(node, _N(v.EXTRACTOR), _lit(x)) for x in sorted({e.extractor for e in found})]
        best = max(e.confidence for e in found)
        out.append((node, _N(v.CONFIDENCE), Literal(f"{best:.3f}", datatype=XSD_DEC)))
    return out

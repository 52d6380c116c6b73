"""Conversion between the JSON extraction record (CONTRACT.md / FORMAT.md shape) and :class:`Extraction`.

Evidence travels at the top level of a record: ``{"fact": i, ...}`` for ``facts[i]`` and
``{"agreement": i, ...}`` for ``agreements[i]``.
"""

from __future__ import annotations

from typing import Any

from kg.errors import RecordError
from kg.model import (
    LITERAL_PREDICATES,
    ROLES,
    Agreement,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Fact,
    Money,
    check_predicate,
)

__all__ = ["from_record", "to_record"]

_ROLE_ALIASES = {
    "provider": "provider",
    "licensor": "provider",
    "seller": "provider",
    "client": "client",
    "licensee": "client",
    "acquirer": "client",
    "buyer": "client",
    "investor": "client",
    "partner": "partner",
    "partners": "partner",
    "parties": "partner",
}


def from_record(record: dict[str, Any]) -> Extraction:
    if not isinstance(record, dict):
        raise RecordError("record is not a JSON object")
    doc = record.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        raise RecordError('record has no "doc" name')
    for key in ("entities", "facts", "agreements", "evidence"):
        if not isinstance(record.get(key) or [], list):
            raise RecordError(f'malformed record {doc!r}: "{key}" is not a list')
    try:
        entities = tuple(_entity(e) for e in record.get("entities") or [])
        ids = {e.id for e in entities}
        evidence = _evidence_index(record.get("evidence") or [])
        facts = tuple(
            _fact(f, ids, evidence.get(("fact", i), ())) for i, f in enumerate(record.get("facts") or [])
        )
        agreements = tuple(
            _agreement(a, ids, evidence.get(("agreement", i), ()))
            for i, a in enumerate(record.get("agreements") or [])
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RecordError(f"malformed record {doc!r}: {exc}") from None
    source = record.get("source") or {}
    if not isinstance(source, dict):
        raise RecordError(f'record {doc!r}: "source" is not an object')
    return Extraction(doc, dict(source), entities, facts, agreements, record.get("kind"))


def to_record(ex: Extraction) -> dict[str, Any]:
    evidence: list[dict[str, Any]] = []
    for i, f in enumerate(ex.facts):
        evidence += [{"fact": i, **_evidence_dict(ev)} for ev in f.evidence]
    for i, a in enumerate(ex.agreements):
        evidence += [{"agreement": i, **_evidence_dict(ev)} for ev in a.evidence]
    out: dict[str, Any] = {
        "doc": ex.doc,
        "source": ex.source,
        "kind": ex.kind,
        "entities": [_entity_dict(e) for e in ex.entities],
        "facts": [[f.subject, f.predicate, f.object] for f in ex.facts],
        "agreements": [_agreement_dict(a) for a in ex.agreements],
        "evidence": evidence,
    }
    return out


def _entity(d: dict[str, Any]) -> Entity:
    try:
        etype = EntityType(d.get("type"))
    except ValueError:
        raise RecordError(f"entity {d.get('id')!r} has unknown type {d.get('type')!r}") from None
    if not d.get("id"):
        raise RecordError("an entity has no id")
    return Entity(
        id=str(d["id"]),
        type=etype,
        name=d.get("name") or None,
        aliases=tuple(d.get("aliases") or ()),
        undisclosed=bool(d.get("undisclosed")) or not d.get("name"),
        description=d.get("description"),
        country=d.get("country"),
        city=d.get("city"),
        modality=d.get("modality"),
        indication=d.get("indication"),
    )


def _fact(f: list[Any], ids: set[str], evidence: tuple[Evidence, ...]) -> Fact:
    if not isinstance(f, (list, tuple)) or len(f) != 3:
        raise RecordError(f"fact {f!r} is not [subject, predicate, object]")
    s, p, o = (str(x) for x in f)
    check_predicate(p)
    if s not in ids:
        raise RecordError(f"fact {f!r} names unknown subject {s!r}")
    if p not in LITERAL_PREDICATES and o not in ids:
        raise RecordError(f"fact {f!r} names unknown object {o!r}")
    return Fact(s, p, o, evidence)


def _agreement(a: dict[str, Any], ids: set[str], evidence: tuple[Evidence, ...]) -> Agreement:
    roles: list[tuple[str, str]] = []
    for key, role in _ROLE_ALIASES.items():
        value = a.get(key)
        for v in [value] if isinstance(value, str) else value or []:
            if v not in ids:
                raise RecordError(f"agreement names unknown party {v!r}")
            if (role, v) not in roles:
                roles.append((role, v))
    product = a.get("product")
    products = tuple([product] if isinstance(product, str) else product or [])
    end = a.get("end_year")
    return Agreement(
        roles=tuple(roles),
        type=a.get("type"),
        service=a.get("service"),
        stage=tuple(a.get("stage") or ()),
        products=tuple(p for p in products if p in ids),
        end_year=int(str(end)[:4]) if end else None,
        value=tuple(
            Money(float(m["amount"]), m.get("currency") or "USD", m.get("what") or "total")
            for m in a.get("value") or []
            if isinstance(m, dict) and m.get("amount") is not None
        ),
        announced=a.get("announced"),
        evidence=evidence,
    )


def _evidence_index(items: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[Evidence, ...]]:
    out: dict[tuple[str, int], tuple[Evidence, ...]] = {}
    for item in items:
        key = ("fact", item["fact"]) if "fact" in item else ("agreement", item.get("agreement"))
        ev = Evidence(
            sentence=str(item.get("sentence") or ""),
            start=int(item.get("start") or 0),
            end=int(item.get("end") or 0),
            extractor=str(item.get("extractor") or "record"),
            confidence=float(item.get("confidence", 1.0)),
        )
        out[key] = (*out.get(key, ()), ev)
    return out


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "extractor": ev.extractor,
        "confidence": ev.confidence,
    }


def _entity_dict(e: Entity) -> dict[str, Any]:
    d: dict[str, Any] = {"id": e.id, "type": e.type.value, "name": e.name}
    for key in ("aliases", "description", "country", "city", "modality", "indication"):
        value = getattr(e, key)
        if value:
            d[key] = list(value) if key == "aliases" else value
    if e.undisclosed:
        d["undisclosed"] = True
    return d


def _agreement_dict(a: Agreement) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for role in ROLES:
        parties = [e for r, e in a.roles if r == role]
        if parties:
            d[role] = parties[0] if role != "partner" else parties
    d.update(
        type=a.type,
        service=a.service,
        stage=list(a.stage) or None,
        product=(a.products[0] if len(a.products) == 1 else list(a.products) or None),
        end_year=a.end_year,
        value=[{"amount": m.amount, "currency": m.currency, "what": m.what} for m in a.value] or None,
        announced=a.announced,
    )
    return d

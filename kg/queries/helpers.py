"""The query helpers: each asks one paired query and shapes its rows the same way for every backend.

Names match case-insensitively on a label or an alias. Results are lists of dicts with stable keys, sorted
deterministically; lists inside them are sorted too, so both backends give identical answers.

>>> from kg.store import Store
>>> from kg.model import Extraction
>>> from kg.queries import RdfBackend
>>> store = Store.in_memory()
>>> _ = store.write([Extraction.from_record({"doc": "a.txt", "entities": [
...     {"id": "e1", "type": "Organization", "name": "Acme Bio"},
...     {"id": "e2", "type": "Organization", "name": "Beta Pharma"}],
...     "facts": [["e1", "contracts_with", "e2"]], "agreements": []})])
>>> [row["partner"] for row in partners(RdfBackend(store), "acme bio")]
['Beta Pharma']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg import vocab as v
from kg.curation.facts import fact_id
from kg.errors import QueryError
from kg.names import name_order
from kg.queries.backends import Backend, Iri, load_query
from kg.resolve import org_iri, slug

__all__ = ["agreements", "by_name", "lookup", "network", "partners", "sites", "timeline"]

_RELATION_NAMES = {r.rdf: r.name for r in v.RELATIONS.values()} | {
    r.neo4j: r.name for r in v.RELATIONS.values() if r.neo4j
}


def _values(value: Any) -> list[Any]:
    """A cell as a list of non-null values (Cypher returns lists where SPARQL returns one row each)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [x for x in value if x is not None]
    return [value]


def _first(values: Iterable[Any]) -> Any:
    present = sorted({x for x in values if x is not None})
    return present[0] if present else None


def _confident(rows: Iterable[dict[str, Any]], minimum: float | None) -> list[dict[str, Any]]:
    """The rows whose fact or agreement has evidence at least ``minimum`` confident (all of them without a
    minimum; a fact stated without evidence counts as sure)."""
    rows = list(rows)
    if minimum is None:
        return rows
    return [r for r in rows if r.get("confidence") is None or float(r["confidence"]) >= minimum]


def _best(values: Iterable[Any]) -> float | None:
    found = [float(x) for x in values if x is not None]
    return round(max(found), 3) if found else None


def _key(*values: Any) -> tuple:
    return tuple("" if x is None else str(x) for x in values)


class _Names:
    """The display name of each IRI: the preferred of its labels (Neo4j stores that one as ``name``)."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def add(self, iri: str | None, name: str | None) -> None:
        if iri is not None and name is not None:
            old = self._names.get(iri)
            self._names[iri] = name if old is None or name_order(name) < name_order(old) else old

    def __getitem__(self, iri: str) -> str | None:
        return self._names.get(iri)


def by_name(name: str) -> dict[str, Any]:
    """Parameters that find an organization by name: its label or alias, or the IRI the name resolves to
    (so "acme biologics" finds "Acme Biologics Inc.")."""
    return {"want": name, "wantKey": name.lower(), "wantIri": Iri(org_iri(name))}


def lookup(backend: Backend, name: str) -> list[dict[str, Any]]:
    """Organizations, sites and products named ``name``: ``{"iri", "name", "class"}``."""
    params = by_name(name) | {"wantSite": Iri(f"{v.ID}site/{slug(name)}"),
                             "wantProduct": Iri(f"{v.ID}product/{slug(name)}")}  # fmt: skip
    rows = backend.run(load_query("lookup"), params)
    names, classes = _Names(), {}
    for r in rows:
        names.add(r["iri"], r["name"])
        classes[r["iri"]] = r["class"]
    out = [{"iri": iri, "name": names[iri], "class": cls} for iri, cls in classes.items()]
    return sorted(out, key=lambda r: _key(r["name"], r["iri"]))


def partners(backend: Backend, name: str, min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Partners of the organization ``name``: a ``contracts_with`` link either way, or a shared agreement.

    Keys: organization, partner, partner_iri, agreements (how many shared), types, last_announced,
    confidence (the best evidence's).
    """
    rows = _confident(backend.run(load_query("partners"), by_name(name)), min_confidence)
    names = _Names()
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        names.add(r["org"], r["orgName"])
        names.add(r["partner"], r["partnerName"])
        empty: dict[str, set] = {"agreements": set(), "types": set(), "dates": set(), "conf": set()}
        g = groups.setdefault((r["org"], r["partner"]), empty)
        g["conf"].add(r.get("confidence"))
        if r["agreement"] is not None:
            g["agreements"].add(r["agreement"])
        g["types"].update(_values(r["type"]))
        g["dates"].update(_values(r["announced"]))
    out = [
        {
            "organization": names[org],
            "partner": names[partner],
            "partner_iri": partner,
            "agreements": len(g["agreements"]),
            "types": sorted(g["types"]),
            "last_announced": max(g["dates"], default=None),
            "confidence": _best(g["conf"]),
        }
        for (org, partner), g in groups.items()
    ]
    return sorted(out, key=lambda r: _key(r["organization"], r["partner"], r["partner_iri"]))


def sites(backend: Backend, name: str, min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Sites the organization ``name`` operates.

    Keys: organization, site, site_iri, city, countries, starts_operations (a year), confidence, fact (the
    ``operates`` fact's id, as ``kg curate`` takes it).
    """
    rows = _confident(backend.run(load_query("sites"), by_name(name)), min_confidence)
    names = _Names()
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        names.add(r["org"], r["orgName"])
        names.add(r["site"], r["siteName"])
        empty: dict[str, set] = {"city": set(), "countries": set(), "starts": set(), "conf": set()}
        g = groups.setdefault((r["org"], r["site"]), empty)
        g["conf"].add(r.get("confidence"))
        g["city"].update(_values(r["city"]))
        g["countries"].update(_values(r["country"]))
        g["starts"].update(int(x) for x in _values(r["starts"]))
    out = [
        {
            "organization": names[org],
            "site": names[site],
            "site_iri": site,
            "city": _first(g["city"]),
            "countries": sorted(g["countries"]),
            "starts_operations": min(g["starts"], default=None),
            "confidence": _best(g["conf"]),
            "fact": fact_id(org, "operates", site),
        }
        for (org, site), g in groups.items()
    ]
    return sorted(out, key=lambda r: _key(r["organization"], r["site"], r["site_iri"]))


def agreements(
    backend: Backend,
    *,
    type: str | None = None,
    stage: str | None = None,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """Agreements, filtered by type, stage, announcement date (ISO, inclusive), a party's HQ country and
    the confidence of their evidence.

    Keys: agreement, name, type, service, stages, announced, end_year, providers, clients, partners,
    products (party and product names, sorted), confidence.
    """
    params = {"wantType": type, "wantStage": stage, "since": since, "until": until, "country": country}
    rows = _confident(backend.run(load_query("agreements"), params), min_confidence)
    names = _Names()
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        names.add(r["party"], r["partyName"])
        names.add(r["product"], r["productName"])
        names.add(r["agreement"], r["name"])
        empty: dict[str, Any] = {"one": {}, "stages": set(), "roles": {}, "products": set(), "conf": set()}
        g = groups.setdefault(r["agreement"], empty)
        g["conf"].add(r.get("confidence"))
        for key, column in (("type", "type"), ("service", "service"), ("announced", "announced"),
                            ("end_year", "endYear")):  # fmt: skip
            g["one"].setdefault(key, set()).update(_values(r[column]))
        g["stages"].update(_values(r["stage"]))
        if r["party"] is not None and r["role"] is not None:
            g["roles"].setdefault(r["role"], set()).add(r["party"])
        if r["product"] is not None:
            g["products"].add(r["product"])
    out = []
    for iri, g in groups.items():
        row: dict[str, Any] = {"agreement": iri, "name": names[iri]}
        row |= {key: _first(values) for key, values in g["one"].items()}
        row["stages"] = sorted(g["stages"])
        for role in ("provider", "client", "partner"):
            row[f"{role}s"] = sorted(names[p] or p for p in g["roles"].get(role, ()))
        row["products"] = sorted(names[p] or p for p in g["products"])
        row["confidence"] = _best(g["conf"])
        out.append(row)
    columns = ("agreement", "name", "type", "service", "stages", "announced", "end_year", "providers",
               "clients", "partners", "products", "confidence")  # fmt: skip
    out = [{c: row.get(c) for c in columns} for row in out]
    return sorted(out, key=lambda r: _key(r["announced"], r["agreement"]))


def timeline(backend: Backend, name: str, min_confidence: float | None = None) -> list[dict[str, Any]]:
    """Dated events of the organization ``name``: its agreements and its sites' first year of operations.

    Keys: date, event ("agreement" or "site-opening"), name, iri, with (other parties), announcement, title,
    confidence.
    """
    rows = _confident(backend.run(load_query("timeline"), by_name(name)), min_confidence)
    names = _Names()
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        names.add(r["item"], r["itemName"])
        names.add(r["other"], r["otherName"])
        empty: dict[str, set[Any]] = {"date": set(), "with": set(), "src": set(), "t": set(), "conf": set()}
        g = groups.setdefault((r["event"], r["item"]), empty)
        g["conf"].add(r.get("confidence"))
        g["date"].update(str(x) for x in _values(r["date"]))
        if r["other"] is not None:
            g["with"].add(r["other"])
        g["src"].update(_values(r["source"]))
        g["t"].update(_values(r["title"]))
    out = [
        {
            "date": _first(g["date"]),
            "event": event,
            "name": names[item],
            "iri": item,
            "with": sorted(names[o] or o for o in g["with"]),
            "announcement": _first(g["src"]),
            "title": _first(g["t"]),
            "confidence": _best(g["conf"]),
        }
        for (event, item), g in groups.items()
    ]
    return sorted(out, key=lambda r: _key(r["date"], r["event"], r["name"], r["iri"]))


def network(
    backend: Backend, name: str, depth: int = 2, min_confidence: float | None = None
) -> list[dict[str, Any]]:
    """Fact relationships within ``depth`` hops of the entity ``name`` (places are not expanded), through
    facts at least ``min_confidence`` confident.

    Keys: depth (the hop that reached the edge), source, relation, target, source_iri, target_iri, fact
    (its id, as ``kg curate`` takes it).
    """
    if depth < 1:
        raise QueryError("--depth must be at least 1")
    query = load_query("neighbours")
    names, classes = _Names(), {}
    reached = {r["iri"]: 0 for r in lookup(backend, name)}
    frontier = sorted(reached)
    edges: dict[tuple[str, str, str], int] = {}
    for hop in range(1, depth + 1):
        following: list[str] = []
        for node in frontier:
            for r in _confident(backend.run(query, {"node": Iri(node)}), min_confidence):
                names.add(r["s"], r["sName"])
                names.add(r["o"], r["oName"])
                classes[r["s"]], classes[r["o"]] = r["sClass"], r["oClass"]
                edges.setdefault((r["s"], _RELATION_NAMES[r["relation"]], r["o"]), hop)
                other = r["o"] if r["s"] == node else r["s"]
                if other not in reached:
                    reached[other] = hop
                    if classes[other] != "Place":
                        following.append(other)
        frontier = sorted(set(following))
    out = [
        {
            "depth": hop,
            "source": names[s],
            "relation": rel,
            "target": names[o],
            "source_iri": s,
            "target_iri": o,
            "fact": fact_id(s, rel, o),
        }
        for (s, rel, o), hop in edges.items()
    ]
    order = ("depth", "source", "relation", "target", "source_iri", "target_iri")
    return sorted(out, key=lambda r: _key(*(r[k] for k in order)))

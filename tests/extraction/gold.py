"""Checks annotated announcements (``NAME.txt`` + ``NAME.gold.json``, the shape of ``../shared/eval/FORMAT.md``)
for mistakes an annotator makes: unknown ids, a predicate between the wrong kinds of thing, vocabulary
outside FORMAT.md, a thing none of whose names is in the text, an agreement whose parties have no ``contracts_with``.

    .venv/bin/python -m tests.extraction.gold DIR [DIR...]     # prints one line per problem; exit 1 if any
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["problems"]

TYPES = {"Organization", "Site", "Product"}
KINDS = set(
    "cmo-contract cdmo-contract licensing collaboration acquisition site-expansion supply investment mixed none".split()
)
AGREEMENT_TYPES = set(
    "manufacturing development development-and-manufacturing supply licensing collaboration co-development "
    "research commercialization acquisition investment option distribution".split()
)
SERVICES = {"CMO", "CDMO", "CRO", "CDO", "fill-finish", "none"}
STAGES = {"preclinical", "Phase 1", "Phase 2", "Phase 3", "commercial"}
WHAT = {"upfront", "milestones", "total", "price", "equity"}
# predicate -> (subject types, object types or a literal kind)
SIGNATURES: dict[str, tuple[set[str], set[str] | str]] = {
    "contracts_with": ({"Organization"}, {"Organization"}),
    "acquires": ({"Organization"}, {"Organization", "Site"}),
    "operates": ({"Organization"}, {"Site"}),
    "develops": ({"Organization"}, {"Product"}),
    "located_in": ({"Site"}, "place"),
    "headquartered_in": ({"Organization"}, "country"),
    "starts_operations": ({"Site"}, "year"),
}
ROLE_KEYS = ("provider", "client", "partner", "partners")


def problems(text: str, gold: dict[str, Any]) -> list[str]:
    """Everything wrong with one annotation (empty when it is fine)."""
    out: list[str] = []
    entities = {e.get("id"): e for e in gold.get("entities", [])}
    if len(entities) != len(gold.get("entities", [])):
        out.append("duplicate entity ids")
    if gold.get("kind") not in KINDS:
        out.append(f"kind {gold.get('kind')!r} not in FORMAT.md")
    folded = _fold(text)
    for eid, e in entities.items():
        if e.get("type") not in TYPES:
            out.append(f"{eid}: type {e.get('type')!r}")
        names = [n for n in [e.get("name"), *(e.get("aliases") or [])] if n]
        if names and not any(_fold(n) in folded for n in names):
            out.append(f"{eid}: neither its name nor an alias occurs in the text")
        if e.get("country") and not re.fullmatch(r"[A-Z]{2}", e["country"]):
            out.append(f"{eid}: country {e['country']!r} is not an ISO code")
        if not e.get("name") and not e.get("description"):
            out.append(f"{eid}: unnamed without a description")
    used: set[str] = set()
    pairs: set[frozenset[str]] = set()
    for fact in gold.get("facts", []):
        out += _fact_problems(fact, entities)
        if len(fact) == 3:
            used.add(fact[0])
            if fact[1] in ("contracts_with", "acquires", "operates", "develops"):
                used.add(fact[2])
            if fact[1] == "contracts_with":
                pairs.add(frozenset((fact[0], fact[2])))
    acquired = {f[2] for f in gold.get("facts", []) if len(f) == 3 and f[1] == "acquires"}
    for i, a in enumerate(gold.get("agreements", [])):
        out += [f"agreement {i}: {p}" for p in _agreement_problems(a, entities)]
        parties = _parties(a)
        used.update(parties)
        used.update(_products(a))
        if len(parties) == 2 and frozenset(parties) not in pairs and not (set(parties) & acquired):
            out.append(f"agreement {i}: no contracts_with fact between {sorted(parties)}")
    for eid in entities:
        if eid not in used:
            out.append(f"{eid}: takes part in no fact or agreement")
    return out


def _fact_problems(fact: list[Any], entities: dict[str, dict[str, Any]]) -> list[str]:
    if not isinstance(fact, list) or len(fact) != 3:
        return [f"fact {fact!r} is not [s, p, o]"]
    s, p, o = fact
    if p not in SIGNATURES:
        return [f"fact {fact}: unknown predicate"]
    subjects, objects = SIGNATURES[p]
    out = []
    if entities.get(s, {}).get("type") not in subjects:
        out.append(f"fact {fact}: subject must be {'/'.join(sorted(subjects))}")
    if isinstance(objects, set):
        if entities.get(o, {}).get("type") not in objects:
            out.append(f"fact {fact}: object must be {'/'.join(sorted(objects))}")
    # a year four digits long: "production there goes back to 1885"
    elif objects == "year" and not re.fullmatch(r"1[5-9]\d\d|20\d\d", str(o)):
        out.append(f"fact {fact}: object must be a year")
    elif objects == "country" and not re.fullmatch(r"[A-Z]{2}", str(o)):
        out.append(f"fact {fact}: object must be an ISO country code")
    elif objects == "place" and not re.fullmatch(r"(?:[^,]+, )?[A-Z]{2}", str(o)):
        out.append(f"fact {fact}: object must be a country code or 'City, CC'")
    return out


def _agreement_problems(a: dict[str, Any], entities: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    for eid in _parties(a):
        if entities.get(eid, {}).get("type") != "Organization":
            out.append(f"party {eid} is not an Organization")
    if not _parties(a):
        out.append("no parties")
    if a.get("type") not in AGREEMENT_TYPES:
        out.append(f"type {a.get('type')!r}")
    if a.get("service") not in SERVICES:
        out.append(f"service {a.get('service')!r}")
    for stage in a.get("stage") or []:
        if stage not in STAGES:
            out.append(f"stage {stage!r}")
    for pid in _products(a):
        if entities.get(pid, {}).get("type") != "Product":
            out.append(f"product {pid} is not a Product")
    for item in a.get("value") or []:
        if not isinstance(item, dict) or not isinstance(item.get("amount"), (int, float)):
            out.append(f"value {item!r} has no numeric amount")
        elif item.get("what") not in WHAT or not re.fullmatch(r"[A-Z]{3}", str(item.get("currency"))):
            out.append(f"value {item!r}: what/currency")
    if a.get("end_year") is not None and not re.fullmatch(r"(19|20)\d\d", str(a["end_year"])):
        out.append(f"end_year {a['end_year']!r}")
    return out


def _parties(a: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ROLE_KEYS:
        value = a.get(key)
        out += [value] if isinstance(value, str) else list(value or [])
    return out


def _products(a: dict[str, Any]) -> list[str]:
    value = a.get("product")
    return [value] if isinstance(value, str) else list(value or [])


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def main(folders: list[str]) -> int:
    bad = 0
    for folder in folders:
        for gold_path in sorted(Path(folder).glob("*.gold.json")):
            text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            try:
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                text = text_path.read_text(encoding="utf-8")
            except (OSError, json.JSONDecodeError) as exc:
                print(f"{gold_path}: {exc}")
                bad += 1
                continue
            if gold.get("doc") != text_path.name:
                print(f"{gold_path}: doc is {gold.get('doc')!r}, expected {text_path.name!r}")
                bad += 1
            for problem in problems(text, gold):
                print(f"{gold_path.name}: {problem}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Announcements written for these tests (``cases/NAME.txt``) with the facts they must yield
(``cases/NAME.expected.json``): several per predicate, and negatives that must yield no deal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg.model import LITERAL_PREDICATES, Entity, Extraction
from loaders.extraction import extract
from loaders.text import read_text

CASES = Path(__file__).parent / "cases"
LEGAL = {
    "inc",
    "ltd",
    "co",
    "corp",
    "corporation",
    "company",
    "plc",
    "ag",
    "sa",
    "se",
    "ab",
    "as",
    "a",
    "s",
    "holding",
    "and",
}


def _fold(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return " ".join(w for w in words if w not in LEGAL)


def _names(entity: Entity) -> set[str]:
    if entity.undisclosed:
        return {"*undisclosed*"}
    return {_fold(n) for n in (entity.name, entity.city, *entity.aliases) if n}


def _ids(ex: Extraction, name: str) -> set[str]:
    want = "*undisclosed*" if name == "*undisclosed*" else _fold(name)
    return {e.id for e in ex.entities if want in _names(e)}


def _has_fact(ex: Extraction, fact: list[str]) -> bool:
    s, p, o = fact
    subjects = _ids(ex, s)
    for f in ex.facts:
        if f.predicate != p or f.subject not in subjects:
            continue
        if p in LITERAL_PREDICATES:
            if f.object.split(",")[-1].strip() == o:
                return True
        elif f.object in _ids(ex, o) or (
            p == "contracts_with" and f.subject in _ids(ex, o) and f.object in subjects
        ):
            return True
    if p == "contracts_with":
        return any(f.predicate == p and f.subject in _ids(ex, o) and f.object in subjects for f in ex.facts)
    return False


def _case(name: str) -> tuple[Extraction, dict[str, Any]]:
    path = CASES / f"{name}.txt"
    expected = json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return extract(read_text(path.read_text(encoding="utf-8"), path)), expected


NAMES = sorted(p.name[: -len(".expected.json")] for p in CASES.glob("*.expected.json"))


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_expected_facts(name: str) -> None:
    ex, expected = _case(name)
    facts = [
        (ex.entity(f.subject).label if ex.entity(f.subject) else f.subject, f.predicate, f.object)
        for f in ex.facts
    ]
    for fact in expected["facts"]:
        assert _has_fact(ex, fact), f"missing {fact}; got {facts}"
    for fact in expected.get("absent", []):
        assert not _has_fact(ex, fact), f"unexpected {fact}"
    if expected.get("no_agreements"):
        assert ex.agreements == ()
        assert not [f for f in ex.facts if f.predicate in ("contracts_with", "acquires")]


@pytest.mark.parametrize("name", NAMES)
def test_expected_agreements(name: str) -> None:
    ex, expected = _case(name)
    if "agreement_count" in expected:
        assert len(ex.agreements) == expected["agreement_count"]
    for want in expected.get("agreements", []):
        parties = [_ids(ex, p) for p in want["parties"]]
        found = [a for a in ex.agreements if all(any(e in ids for _, e in a.roles) for ids in parties)]
        assert found, f"no agreement between {want['parties']}: {ex.agreements}"
        got = found[0]
        for key in ("type", "service", "end_year"):
            if key in want:
                assert getattr(got, key) == want[key], key
        if "stage" in want:
            assert set(got.stage) == set(want["stage"])
        if "values" in want:
            assert {round(m.amount, -3) for m in got.value} == {round(v, -3) for v in want["values"]}
        for role in ("provider", "client"):
            if role in want:
                assert got.party(role) in _ids(ex, want[role]), role


@pytest.mark.parametrize("name", NAMES)
def test_every_fact_has_evidence_inside_the_text(name: str) -> None:
    ex, _ = _case(name)
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    for item in (*ex.facts, *ex.agreements):
        assert item.evidence
        for ev in item.evidence:
            assert text[ev.start : ev.end] == ev.sentence
            assert ev.extractor.startswith("rules") and 0 < ev.confidence <= 1

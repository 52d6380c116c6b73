"""Sites: who runs a site when a relative clause or a modifier says so, and sites named by a place."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction import extract
from loaders.text import read_text


def operated(body: str) -> set[tuple[str, str]]:
    """(operator, site name) for every operates fact of a small announcement."""
    record = extract(read_text("Company news\n\n" + body, Path("news.txt"))).to_record()
    names = {e["id"]: e["name"] for e in record["entities"]}
    return {(names[s], names[o]) for s, p, o in record["facts"] if p == "operates"}


def test_whose_names_the_operator():
    body = (
        "Halvex Biologics signed a supply agreement with Orrin Therapeutics on Monday. Orrin relies on the "
        "Swiss contract manufacturer Lonza, whose plant in Portsmouth, N.H., makes its antibody."
    )
    assert ("Lonza", "Portsmouth plant") in operated(body)


def test_a_place_before_a_plural_facility_noun_is_one_site():
    body = (
        "Pellura Pharma completed its purchase of Tavik Labs on Monday. Pellura said the Bengaluru "
        "operations will run as a unit of its generics business."
    )
    assert operated(body) == {("Pellura Pharma", "Bengaluru operations")}

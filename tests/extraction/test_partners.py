"""Partners named by what they are to a company ("its clients have included A and B", "A, its
commercialization partner", "backed by A and B") vote for a deal between the company and each of them."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.engine import annotate
from loaders.extraction.relations.partners import find_partner_roles
from loaders.text import read_text


def pairs(body: str) -> set[tuple[str, str]]:
    doc = annotate(read_text("Company news\n\nBASEL, Switzerland, May 4, 2026 -- " + body, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return {(names[a], names[b]) for a, b, _ in find_partner_roles(doc.text, doc.sentences, doc.refs)}


def test_a_list_after_the_company_s_role_noun():
    assert pairs(
        "Northbridge Biologics AG opened a plant. Northbridge's larger clients have included Veltrix Pharma "
        "Inc. and Orbion Therapeutics Ltd."
    ) == {("Northbridge Biologics", "Veltrix Pharma"), ("Northbridge Biologics", "Orbion Therapeutics")}


def test_the_role_before_or_after_a_name_and_backers():
    assert pairs("Halvera Bio Inc. said its licensee Corvena Therapeutics Ltd. filed the drug.") == {
        ("Halvera Bio", "Corvena Therapeutics")
    }
    assert pairs("Halvera Bio Inc. is backed by Ashgrove Capital LLC and Quorra Ventures Ltd.") == {
        ("Halvera Bio", "Ashgrove Capital"),
        ("Halvera Bio", "Quorra Ventures"),
    }


def test_a_clause_that_moves_on_ends_the_list():
    assert pairs(
        "Halvera Bio Inc.'s partners include Corvena Therapeutics Ltd.; Ashgrove Pharma Inc. competes with it."
    ) == {("Halvera Bio", "Corvena Therapeutics")}

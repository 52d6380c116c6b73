"""A deal reported ended is no deal; a right to end one, or the end of another company's deal, is no end."""

from __future__ import annotations

import pytest

from loaders.extraction.relations.negation import ended_spans
from tests.extraction.extracting import record


@pytest.mark.parametrize(
    ("sentence", "ended"),
    [
        ("Halvera said it has terminated the licence agreement it signed with Quorra in 2019.", True),
        ("Corvena and Orrin call off their $900 million merger.", True),
        # a right, a condition or a readiness to end a deal ends nothing
        ("Either party may terminate the agreement on 90 days' written notice.", False),
        ("Halvera has the right to terminate the licence if the drug is not approved by 2027.", False),
        ("Quorra said it was prepared to walk away from a deal if the price rose further.", False),
    ],
)
def test_what_reports_a_deal_ended(sentence: str, ended: bool) -> None:
    assert bool(ended_spans(sentence)) == ended


def test_a_deal_ended_beside_another_ends_only_its_own_parties():
    out = record(
        "Corvena buys Orrin's generics unit for $2.1 billion and drops its Kestova bid\n\n"
        "ZUG, Switzerland, March 2, 2026 -- Corvena Pharma AG said today it has agreed to buy the generics unit "
        "of Orrin Therapeutics plc for $2.1 billion in cash and shares. Corvena also withdrew its offer for "
        "Kestova Labs. The purchase from Orrin is expected to close in the second half of 2026."
    )
    names = {e["id"]: e["name"] for e in out["entities"]}
    pairs = {frozenset((names[s], names[o])) for s, p, o in out["facts"] if p == "contracts_with"}
    assert frozenset(("Corvena Pharma", "Orrin Therapeutics")) in pairs
    assert not any("Kestova Labs" in pair for pair in pairs)

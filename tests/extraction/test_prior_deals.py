"""An earlier deal of the same two parties, named with its kind as what this deal extends, expands or
follows, is an agreement of its own (FORMAT.md: "a prior deal between two named parties, mentioned in the
text, is an agreement of this document"), with none of this deal's terms."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extraction.extracting import record


def agreements(text: str) -> list[dict[str, Any]]:
    """The record's agreements, parties by name."""
    found = record(text)
    names = {e["id"]: e.get("name") for e in found["entities"]}
    out = []
    for a in found["agreements"]:
        out.append({**a, "provider": names.get(a["provider"]), "client": names.get(a["client"])})
    return out


def roles(found: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(a["type"], a["provider"], a["client"]) for a in found]


EXTENDED = (
    "Corvena Biologics and Halvera Bio extend antibody manufacturing agreement\n\n"
    "BASEL, Switzerland, March 4, 2024 -- Corvena Biologics and Halvera Bio today said they have "
    "extended the manufacturing agreement they first signed in November 2019. Under the extension, Corvena "
    "Biologics will manufacture the antibody HLV-101 for Halvera Bio's Phase 3 trials and pay nothing up "
    "front; Halvera Bio will pay Corvena $40 million over the term."
)


def test_an_extended_agreement_is_the_prior_deal_beside_the_new_one():
    found = agreements(EXTENDED)
    assert roles(found) == [("manufacturing", "Corvena Biologics", "Halvera Bio")] * 2
    new, prior = found
    assert new["announced"] == "2024-03-04" and prior["announced"] is None
    # the earlier deal has none of the new one's terms: no figure, no stage
    assert prior["value"] is None and prior["stage"] is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The licence builds on the research collaboration the two companies formed in 2018.", "research"),
        ("The deal follows a 2021 supply agreement between the companies.", "supply"),
    ],
)
def test_the_prior_deal_is_of_the_kind_the_text_names(sentence, kind):
    text = (
        "Halvera Bio licenses HLV-7 to Corvena Biologics\n\n"
        "BOSTON, May 2, 2024 -- Halvera Bio has granted Corvena Biologics an exclusive licence to "
        f"develop and commercialize HLV-7 in Europe. {sentence} Corvena Biologics will pay Halvera Bio "
        "$25 million upfront."
    )
    kinds = [a["type"] for a in agreements(text)]
    assert kinds[0] == "licensing" and kinds[1:] == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        # capacity, not a deal, is what is expanded
        "Corvena Biologics expanded its manufacturing capacity in Basel last year.",
        # an earlier deal of no stated kind is left alone
        "The licence follows an earlier agreement between the two companies.",
    ],
)
def test_no_prior_deal_without_an_earlier_deal_of_a_named_kind(sentence):
    text = (
        "Halvera Bio licenses HLV-7 to Corvena Biologics\n\n"
        "BOSTON, May 2, 2024 -- Halvera Bio has granted Corvena Biologics an exclusive licence to "
        f"develop and commercialize HLV-7 in Europe. {sentence} Corvena Biologics will pay Halvera Bio "
        "$25 million upfront."
    )
    assert [a["type"] for a in agreements(text)] == ["licensing"]


BOUGHT_THE_REST = (
    "Halvera Bio to buy the rest of Corvena Biologics\n\n"
    "BOSTON, May 2, 2024 -- Halvera Bio has agreed to acquire the remaining shares of Corvena Biologics for "
    "$300 million in cash. Halvera Bio has held a 20% stake in Corvena Biologics since 2021."
)


def test_a_stake_the_buyer_held_in_the_company_it_buys_is_an_investment_of_its_own():
    found = agreements(BOUGHT_THE_REST)
    assert roles(found) == [
        (kind, "Corvena Biologics", "Halvera Bio") for kind in ("acquisition", "investment")
    ]
    assert found[1]["value"] is None  # the price is the purchase's
    # a company bought has no contract with its buyer, its earlier stake none either
    assert not [f for f in record(BOUGHT_THE_REST)["facts"] if f[1] == "contracts_with"]


def test_a_purchase_without_an_earlier_stake_is_one_agreement():
    text = BOUGHT_THE_REST.replace("the remaining shares of", "").replace(
        " Halvera Bio has held a 20% stake in Corvena Biologics since 2021.", ""
    )
    assert [a["type"] for a in agreements(text)] == ["acquisition"]


def test_a_plant_bought_beside_a_service_deal_is_an_acquisition_of_its_own():
    """The deal reads as a manufacturing agreement; the buyer also acquires a plant the other party runs
    (real cases: Catalent and Erytech's Princeton plant, Catalytica and Glaxo Wellcome's Greenville plant,
    Evonik and Lilly's Tippecanoe plant)."""
    text = (
        "Corvena Biologics signs manufacturing agreement with Halvera Bio\n\n"
        "DURHAM, North Carolina, May 2, 2024 -- Corvena Biologics has signed a five-year manufacturing agreement "
        "under which Halvera Bio, a contract development and manufacturing organization, will manufacture "
        "Corvena Biologics' CAR-T therapy CRV-101. As part of the agreement, Halvera Bio will acquire Corvena "
        "Biologics' cell therapy facility in Durham, North Carolina, and its 80 employees."
    )
    assert roles(agreements(text)) == [
        ("manufacturing", "Halvera Bio", "Corvena Biologics"),
        ("acquisition", "Corvena Biologics", "Halvera Bio"),
    ]

"""Deal amounts: what a party pays the other, not what it spends on its own work."""

from __future__ import annotations

import pytest

from loaders.extraction.annotate.money import find_amounts


@pytest.mark.parametrize(
    "sentence",
    [
        "Tessaline expects to invest up to about US$65 million in clinical costs to develop the drug.",
        "The partner will cover about $40 million in development expenses over three years.",
    ],
)
def test_spending_is_no_deal_amount(sentence):
    assert find_amounts(sentence) == []


def test_a_payment_stays_a_deal_amount():
    found = find_amounts("Tessaline will pay $25 million upfront and up to $225 million in milestones.")
    assert [(a.amount, a.what) for a in found] == [(25e6, "upfront"), (225e6, "milestones")]


@pytest.mark.parametrize(
    "sentence, amount",
    [
        ("Halvera USA will pay $330 million, or about 460 billion won, for the plant.", 330e6),
        ("The plant costs 100 billion yen, or roughly $765 million, to build and the deal is worth", 765e6),
        ("The deal is worth 1 trillion won ($750 million) in total.", 750e6),
    ],
)
def test_one_figure_in_two_currencies_is_the_dollar_one(sentence, amount):
    assert [a.amount for a in find_amounts(sentence, 0, "acquisition")] == [amount]


def test_a_continuation_payment_has_no_slot():
    sentence = (
        "After the top-line results, Quorra may choose to continue the collaboration, in which case it will "
        "make a one-time payment of $325 million."
    )
    assert find_amounts(sentence, 0, "licensing") == []

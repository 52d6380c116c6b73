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

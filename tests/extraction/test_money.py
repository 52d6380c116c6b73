"""Deal amounts: what a party pays the other, not what it spends on its own work."""

from __future__ import annotations

import pytest

from loaders.extraction.annotate.money import find_amounts


@pytest.mark.parametrize(
    "sentence",
    [
        "Tessaline expects to invest up to about US$65 million in clinical costs to develop the drug.",
        "The partner will cover about $40 million in development expenses over three years.",
        "The companies expect the combination to produce cost savings of about $3.5 billion a year.",
        "Halvera expects cost synergies of at least US$200 million by 2027.",
        "The restructuring is expected to save roughly $300 million a year.",
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


@pytest.mark.parametrize(
    "sentence, amount",
    [
        ("When the deal closes, Halvera will also buy $100 million of 3TQ shares.", 100e6),
        (
            "Under a stock purchase agreement, Quorra will invest $50 million in Tessaline, buying 2,491,988 "
            "Tessaline shares at $20.06 each.",
            50e6,
        ),
        ("Tessaline will invest EUR 28 million in newly issued Quorra shares.", 28e6),
        ("Separately, Quorra sells treasury shares to Halvera for about 9.9 billion yen.", 9.9e9),
    ],
)
def test_a_figure_that_buys_shares_is_equity(sentence, amount):
    found = [(a.amount, a.what) for a in find_amounts(sentence, 0, "licensing")]
    assert (amount, "equity") in found


def test_an_investment_in_a_plant_is_still_no_deal_amount():
    assert find_amounts("Halvera will invest $200 million in a new plant, and its stock rose 3%.") == []


def test_all_the_shares_bought_for_a_price_stay_the_price_of_an_acquisition():
    found = find_amounts("Quorra sells all the shares of its plant unit to Halvera for about $90 million.", 0,
                         "acquisition")  # fmt: skip
    assert [a.what for a in found] == ["price"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Altaris bought the business from 3M in 2020 for $650 million, with 3M keeping a 17% stake.",
        "CVC paid EUR 3.03 billion for the family's 52% controlling stake in the company.",
    ],
)
def test_what_buys_a_company_or_its_control_is_its_price(sentence):
    assert [a.what for a in find_amounts(sentence, 0, "acquisition")] == ["price"]


def test_a_stake_kept_by_the_seller_is_said_in_another_clause():
    found = find_amounts(
        "Halvera will pay $650 million upfront, with Quorra keeping a 17% stake.", 0, "licensing"
    )
    assert [a.what for a in found] == ["upfront"]


@pytest.mark.parametrize(
    "sentence, amount",
    [
        ("Holders will receive $31 in cash per share, a total equity value of about $1.4 billion.", 1.4e9),
        ("The offer puts the equity value of Quorra at roughly $820 million.", 820e6),
        ("The deal implies an equity value of approximately US$2.2 billion on a fully diluted basis.", 2.2e9),
    ],
)
def test_the_equity_value_of_a_company_bought_is_its_price(sentence, amount):
    found = find_amounts(sentence, 0, "acquisition")
    assert [(a.amount, a.what) for a in found] == [(amount, "price")]


def test_shares_bought_in_a_licence_stay_equity():
    found = find_amounts("Halvera will also buy $50 million of Quorra shares.", 0, "licensing")
    assert [(a.amount, a.what) for a in found] == [(50e6, "equity")]


@pytest.mark.parametrize(
    "sentence, amount, currency",
    [
        ("Orbit Capital completes EUR2.4bn buyout of the generics unit", 2.4e9, "EUR"),
        ("Halvera pays an upfront fee of RMB150 million.", 150e6, "CNY"),
        ("The deal is worth GBP420m to Quorra.", 420e6, "GBP"),
        ("for EUR900 million (about GBP780 million) in cash", 900e6, "EUR"),
    ],
)
def test_a_currency_code_written_against_its_figure_is_read(sentence, amount, currency):
    assert [(a.amount, a.currency) for a in find_amounts(sentence, 0, "acquisition")] == [(amount, currency)]


def test_a_brazilian_real_figure_is_in_reais():
    found = find_amounts("Halvera will pay R$983 million in cash and up to US$50 million in milestones.")
    assert [(a.amount, a.currency) for a in found] == [(983_000_000.0, "BRL"), (50_000_000.0, "USD")]

"""Places: the world's cities are found where the text says a place is named, and only there."""

from __future__ import annotations

import pytest

from loaders.extraction.annotate.places import find_places
from loaders.extraction.annotate.tokens import tokenize


def places(text: str) -> list[tuple[str, str]]:
    return [(p.text, p.country) for p in find_places(text, tokenize(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # after "in", and carried along the list
        ("It runs three sites, located in Cardiff, Hoddesdon and Rushden.",
         [("Cardiff", "GB"), ("Hoddesdon", "GB"), ("Rushden", "GB")]),
        # before a site noun
        ("The Aligarh plant makes tablets.", [("Aligarh", "IN")]),
        # "St." for "Saint"
        ("It adds capacity in St. Helens.", [("St. Helens", "GB")]),
        # written with its accents
        ("It is based in Gdańsk and packs in Malmö.", [("Gdańsk", "PL"), ("Malmö", "SE")]),
        # towns of a few thousand people, where plants often are
        ("It makes tablets in Kaysersberg and vaccines at its Killorglin plant.",
         [("Kaysersberg", "FR"), ("Killorglin", "IE")]),
        ("The API plant in Caponago supplies the site in Brehna.", [("Caponago", "IT"), ("Brehna", "DE")]),
        # the towns a colon lists after sites, a department in brackets between them
        ("It runs four plants in the country: Villers (Somme), Kaysersberg (Haut-Rhin), Pessac and Monts.",
         [("Villers", "FR"), ("Kaysersberg", "FR"), ("Pessac", "FR"), ("Monts", "FR")]),
        # a town the text once places with its state is there wherever it is named alone
        ("Halvera shut its plant in Bedford, Ohio, in 2013; Xellia will make injectables in Bedford again.",
         [("Bedford, Ohio", "US"), ("Bedford", "US")]),
        # a town whose name smaller towns share elsewhere: the one in the country the text names
        ("Halvera will cut jobs in Switzerland, at Basel and at its site in Stein.",
         [("Switzerland", "CH"), ("Basel", "CH"), ("Stein", "CH")]),
        ("Quorra runs plants in Plymouth and Maple Grove, Minnesota.",
         [("Plymouth", "US"), ("Maple Grove, Minnesota", "US")]),
        # a town whose name starts with a state or a country: the town, not the wider place
        ("It will expand its site in Oklahoma City and open a plant in Quebec City.",
         [("Oklahoma City", "US"), ("Quebec City", "CA")]),
    ],
)  # fmt: skip
def test_world_city_where_a_place_is_named(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In March, the company signed a deal.",  # a month that is also a town
        "Torrance Pharma signed a deal with Rushden Capital.",  # city names inside company names
        "The Best Deal of the year.",
    ],
)
def test_no_world_city_without_a_place_context(text):
    assert places(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a state's abbreviation is one only with its full stop
        ("Its sites in La Jolla, California, and Pearl River, New York, do research.",
         [("La Jolla, California", "US"), ("Pearl River, New York", "US")]),
        ("The plant in Shreveport, La., opened in 2019.", [("Shreveport, La", "US")]),
        ("Ill effects of Mass production were not seen.", []),
    ],
)  # fmt: skip
def test_state_abbreviations_need_their_full_stop(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The plant will be built at Takeda's existing Juso plant.",  # a company owning the site
        "Production moves to the Takeda plant next year.",  # a registry company's name before a site noun
    ],
)
def test_a_company_name_is_no_town_the_table_lacks(text):
    assert places(text) == []


def test_a_code_in_brackets_is_a_country_unless_it_abbreviates_the_name():
    # a country code in brackets after a city places it
    assert places("It runs a plant in Visp (CH).") == [("Visp (CH)", "CH")]
    # the initials of the name before the brackets are its abbreviation, not a country (BI is Burundi)
    assert places("Quorra has hired Boehringer Ingelheim (BI) to make it.") == [("Ingelheim", "DE")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # two states in a row are a list, not a town in a state
        ("It follows new facilities in Virginia, Texas and Alabama.",
         [("Virginia", "US"), ("Texas", "US"), ("Alabama", "US")]),
        # ... but a town named like another country's region stays one place with its own region
        ("It has its headquarters in Victoria, British Columbia, Canada.",
         [("Victoria, British Columbia, Canada", "CA")]),
        # a town of the world table that is one word of a longer name is no town of its own
        ("The plant rises in the Lehigh Valley region of Pennsylvania.", [("Pennsylvania", "US")]),
        # a part of the world is no town the world table holds under its name
        ("It is the company's only site in Asia making the vaccine.", []),
    ],
)  # fmt: skip
def test_lists_of_states_and_words_of_longer_names(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The plant stands in Stein in northern Switzerland.", [("Stein", "CH"), ("Switzerland", "CH")]),
        ("It leaves its sites in Segrate in Italy and Florence in the United States.",
         [("Segrate", "IT"), ("Italy", "IT"), ("Florence", "US"), ("the United States", "US")]),
        ("It opens a plant in Basel in 2024.", [("Basel", "CH")]),
    ],
)  # fmt: skip
def test_a_town_said_to_be_in_a_country_is_there(text, expected):
    """ "Stein in northern Switzerland" (not the German Stein), "Florence in the United States" (South
    Carolina's, not Italy's)."""
    assert places(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It sold the recipe to Cairo-based EVA Pharma.", [("Cairo-based", "EG")]),
        ("Lagos-based Emzor will fill the vials.", [("Lagos-based", "NG")]),
        ("A Bay Area-based biotech and Research-based firms joined.", []),
        # a demonym before "-based" names its country
        ("It bought Acrivo, a Swiss-based drugmaker.", [("Swiss-based", "CH")]),
    ],
)
def test_a_world_town_or_a_demonym_before_based_is_a_place(text, expected):
    """ "-based" says a place is named, so the world's towns count before it, as after "in"."""
    assert places(text) == expected


def test_a_company_word_ends_no_town_the_table_lacks():
    """ "Orvane Capital, Hong Kong Linkage Holdings": a name ending in a company word before a place is a
    company of a list, not a town in that place."""
    text = "Investors include Orvane Capital, Hong Kong Linkage Holdings and Tessel Ventures, Singapore."
    assert [name for name, _ in places(text)] == ["Hong Kong", "Singapore"]


def test_a_dollar_sign_after_a_country_is_a_currency():
    assert places(
        "The US$500 million plant near Kampala, Uganda, cost US $20 million more than planned in the US."
    ) == [
        ("Kampala, Uganda", "UG"),
        ("US", "US"),
    ]


def test_a_town_the_tables_lack_once_placed_is_that_town_where_the_text_names_it_again():
    text = (
        "KORVALE RIVER, Kenya, January 8, 2018 -- Halvera built a plant at the Export Zone in Korvale River. "
        "Quorra built a plant in Osterwick, Spain. The Osterwick plant opens in 2024; Korvale is far."
    )
    assert places(text) == [
        ("KORVALE RIVER, Kenya", "KE"),
        ("Korvale River", "KE"),
        ("Osterwick, Spain", "ES"),
        ("Osterwick", "ES"),
    ]

"""Descriptions that name an organisation: "the Rockville, Maryland-based biotech" (where it is based, then
its kind), and a description standing right before the name ("the Swiss skin care company Galderma")."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate
from loaders.text import read_text


def described(body: str) -> dict[str, str]:
    """Each description resolved to an organisation: its words -> the organisation's name."""
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {
        doc.text[r.start : r.end]: doc.entities[r.key].name
        for refs in doc.refs
        for r in refs
        if not r.explicit and r.key in doc.entities
    }


@pytest.mark.parametrize(
    "body, words, name",
    [
        ("London-based Halvex Pharma agreed to buy Corvena Therapeutics. The price values the Rockville, Maryland-based "
         "biotech at $2 billion.", "the Rockville, Maryland-based biotech", "Corvena Therapeutics"),
        ("Orlanta Bio signed a supply pact with Tessaly Pharma. The Durham-based provider of development "
         "services will fill vials.", "The Durham-based provider", "Orlanta Bio"),
        ("Halvex Pharma agreed to buy Corvena Therapeutics. The Mumbai-headquartered drugmaker will pay cash.",
         "The Mumbai-headquartered drugmaker", "Halvex Pharma"),
    ],
)  # fmt: skip
def test_based_description_names_the_company_from_there(body, words, name):
    assert described(body).get(words) == name


def test_description_before_a_name_is_that_name():
    body = ("Corvena Therapeutics licensed its antibody to Tessaly Pharma in Japan and earlier to "
            "the Swiss skin care company Galderma elsewhere.")  # fmt: skip
    assert described(body).get("the Swiss skin care company") == "Galderma"


def test_without_where_it_is_based_a_developer_is_no_company():
    body = "Corvena Therapeutics is the developer of the antibody. Tessaly Pharma will sell it."
    assert "the developer" not in described(body)


@pytest.mark.parametrize(
    "body",
    [
        "Halvex Pharma disclosed a $31 million BARDA grant to expand capacity at its site in Tessaly.",
        "Halvex Pharma won a Corvena Therapeutics contract and will make the drug at its plant in Tessaly.",
        "Halvex Pharma signed the Corvena Therapeutics deal and moved the work to its facility in Tessaly.",
    ],
)
def test_its_is_not_a_name_that_modifies_a_noun(body):
    """ "its" after "a $31 million BARDA grant" is the sentence's subject's: a name between an article (or an
    amount) and a noun is part of a noun phrase, no antecedent (real cases: Cytiva's Marlborough site)."""
    assert described(body).get("its") == "Halvex Pharma"


def test_a_sentence_opening_with_the_company_keeps_it_what_the_text_is_about():
    """ "The company has grown since Corvena acquired it. Two months ago, it opened ...": the second "it" is
    the company the first sentence opened with, not the first name written after it (real case: Cytiva)."""
    doc = annotate(
        read_text(
            "Deals in brief\n\nHalvex Pharma has bought a plant in Tessaly. The company has grown quickly since "
            "Corvena Holdings acquired it in 2019. Two months ago, it opened a facility in Basel.",
            Path("news.txt"),
        )
    )
    last = doc.refs[-1]
    assert [doc.entities[r.key].name for r in last if doc.text[r.start : r.end] == "it"] == ["Halvex Pharma"]


def excluded(body: str) -> dict[str, bool]:
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {doc.text[r.start : r.end]: r.excluded for refs in doc.refs for r in refs if r.explicit}


@pytest.mark.parametrize(
    "body, name, parent",
    [
        ("The sale is part of Halvex Pharma's effort to refocus after its purchase of Corvena Therapeutics.",
         "Halvex Pharma", False),
        ("The plant is part of Halvex Pharma's network of sterile sites.", "Halvex Pharma", False),
        ("Corvena Therapeutics, part of Halvex Pharma, will make the antibody.", "Halvex Pharma", True),
        ("Corvena Therapeutics, a unit of Halvex Pharma, will make the antibody.", "Halvex Pharma", True),
    ],
)  # fmt: skip
def test_part_of_a_company_s_effort_is_no_parent_company(body, name, parent):
    """ "part of Takeda's effort": the possessive names what is the company's; "part of Takeda" a parent,
    which takes no part in the deal (real cases: Takeda, AstraZeneca, Aesica, Biocon, Lupin, Bayer ...)."""
    assert excluded(body)[name] is parent


@pytest.mark.parametrize(
    "body",
    [
        "Halvex Pharma will fill vials for Cambridge, Mass.-based Corvena Therapeutics at its plant in Tessaly.",
        "Halvex Pharma said it will make part of the vaccine developed by Orlanta Bio and Corvena Therapeutics "
        "at its plant in Tessaly.",
    ],
)
def test_its_is_not_the_object_of_a_preposition_or_an_agent(body):
    """ "its" after "for <place>-based X" or "developed by A and B" is the subject's: a name after where it is
    based is still the object of "for", and the second of two agents is still an agent."""
    assert described(body).get("its") == "Halvex Pharma"


@pytest.mark.parametrize(
    "body, name",
    [
        # the subject after a phrase opening the sentence, not a name inside that phrase
        ("Building on its 2024 purchase of the cell therapy developer Corvena Bio, Halvex Pharma said it will make "
         "cell therapies in China. The company also plans to work with Tessaly Pharma.", "Halvex Pharma"),
        ("Following its licence deal with Corvena Bio, Halvex Pharma raised $80 million. The company will use "
         "the money to build a plant.", "Halvex Pharma"),
        # not a name that modifies a noun after "the"
        ("The Corvena Bio purchase caps a string of deals by Halvex Pharma this year. In February the company "
         "signed an agreement with Tessaly Pharma.", "Halvex Pharma"),
    ],
)  # fmt: skip
def test_the_company_is_the_subject_of_the_sentence_before(body, name):
    assert described(body).get("the company", described(body).get("The company")) == name


def test_the_fund_is_the_last_fund_named():
    body = (
        "Orvane Biotec signed a deal with the Talisk Direct Investment Fund (TDIF) to make the vaccine. Orvane "
        "Biotec is not TDIF's first partner in India. The fund has already teamed up with Velquor Pharma."
    )
    assert described(body).get("The fund") == "Talisk Direct Investment Fund"


@pytest.mark.parametrize(
    "body",
    [
        "Halvex Pharma reported results. Last year it paid $1.7 billion for Canadian flu vaccine specialist "
        "Corvena Therapeutics, and it has also bought Seattle-based Tessaly Pharma.",
        "Halvex Pharma grew by deals. A day earlier it agreed to buy Corvena Therapeutics' respiratory portfolio, "
        "and in November it agreed to buy Tessaly Pharma for $2.7 billion.",
    ],
)
def test_it_opening_a_second_clause_is_the_first_clauses_subject(body):
    """Not the last name before it (the object of the first clause)."""
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    start = doc.text.rindex(" it ") + 1
    (ref,) = [r for refs in doc.refs for r in refs if r.start == start]
    assert doc.entities[ref.key].name == "Halvex Pharma"

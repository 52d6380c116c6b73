"""Headquarters stated as "X of <city>", after a listing symbol too; checked on the rule votes."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate
from loaders.extraction.relations.votes import votes
from loaders.text import read_text
from tests.extraction.extracting import marked, record


def stated(body: str) -> set[tuple[str, str]]:
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {
        (doc.entities[org].name, code)
        for relation, org, code, _, _ in votes(doc)
        if relation == "headquartered_in"
    }


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Ambrx takes rights to a drug from Tracon Pharma (NSDQ: TCON) of San Diego in a deal.",
         ("Tracon Pharma", "US")),
        ("Permira also owns Quotient Sciences of Nottingham, UK, a contract developer.",
         ("Quotient Sciences", "GB")),
        ("Celltrion of South Korea signed the deal.", ("Celltrion", "KR")),
        # a state or province: "X of Texas", "Y (ABC) of California"
        ("Tessaline Bio will acquire Velquor Medical Devices of Texas for $850 million.",
         ("Velquor Medical Devices", "US")),
        ("Tessaline bought Corvena Medical Products (CMP) of California in 2012.", ("Corvena Medical Products", "US")),
    ],
)  # fmt: skip
def test_of_a_city_or_country(body, expected):
    assert expected in stated(body)


def hq_features(body: str, org_name: str) -> set[str]:
    """The ``hq:`` features of the headquarters candidates of one organisation."""
    from loaders.extraction.relations.candidates import candidates

    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {
        f
        for c in candidates(doc)
        if c.relation == "headquartered_in" and doc.entities[c.subject].name == org_name
        for f in c.features
        if f.startswith("hq:")
    }


@pytest.mark.parametrize(
    "body, org, feature",
    [
        ("Urovant Sciences, the California biotech that Roivant founded, licensed vibegron to Tessaline.",
         "Urovant Sciences", "hq:appos_place"),
        ("Corvena Pharma Co., Ltd., whose head office is in Tokyo, Japan, signed with Tessaline Bio.",
         "Corvena Pharma", "hq:headquartered_in"),
        ("Corvena Pharma, which has its headquarters in Osaka, Japan, signed with Tessaline Bio.",
         "Corvena Pharma", "hq:headquartered_in"),
        # a long description before "based in": real appositions run to a dozen words
        ("Tessaline Bio signed with Corvena Pharma, the family-owned contract developer and manufacturer of "
         "biopharmaceuticals based in Laupheim, Germany.", "Corvena Pharma", "hq:headquartered_in"),
        # a city and its state before "-based" in an apposition, as a demonym would be
        ("Corvena Therapeutics, a Waltham, MA-based company building RNA drugs, signed with Tessaline Bio.",
         "Corvena Therapeutics", "hq:appos_demonym"),
        # a ticker and a description with a comma in it before the based form
        ("Corvena Group plc (AIM: CVG), a clinical-stage, UK-based biotech, signed with Tessaline Bio.",
         "Corvena Group", "hq:appos_demonym"),
        # a country's possessive in apposition: "X, South Korea's largest producer of ..."
        ("Corvena Inc., South Korea's largest maker of botulinum toxin, signed with Tessaline Bio.",
         "Corvena", "hq:appos_possessive"),
        # an apposition counting the companies, or calling the company another of a country
        ("Corvena Pharma, another Indian company, announced a peptide plant.", "Corvena Pharma",
         "hq:appos_demonym"),
        ("The round was funded by Orvane Partners and Sutrel Ventures, two U.S. venture capital firms.",
         "Orvane Partners", "hq:appos_place"),
        # the description of a list before a colon covers each name of the list
        ("The venture belongs to three Ghanaian pharmaceutical companies: Danvell, Ernwick and Kinsapharm.",
         "Kinsapharm", "hq:based_or_demonym_before"),
    ],
)  # fmt: skip
def test_headquarters_said_around_the_name(body, org, feature):
    assert feature in hq_features(body, org)


def test_a_region_or_a_countrys_leaders_in_an_apposition_say_where_a_company_is():
    facts = stated(
        "March 4, 2024 -- C4 Therapeutics (C4T), a Massachusetts biotech "
        "focused on protein degradation, signed a licence agreement with Halvera Pharma, one of China's leading "
        "vertically integrated drugmakers."
    )
    assert {("C4 Therapeutics", "US"), ("Halvera Pharma", "CN")} <= facts


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The verdict is a win for Tarrytown, New York-based Regeneron, which sued Amgen.",
            ("Regeneron", "US"),
        ),
        (
            "Newron Pharmaceuticals S.p.A. signed the licence. Newron Pharmaceuticals has its head office in Bresso, "
            "Italy.",
            ("Newron Pharmaceuticals", "IT"),
        ),
    ],
)
def test_a_city_and_state_before_based_and_a_head_office_after_the_name(body, expected):
    assert expected in stated(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Halvera has acquired Taligo Therapeutics, Inc., a privately held, development-stage biotechnology "
            "company based in Cambridge, Mass.",
            {("Taligo Therapeutics", "US")},
        ),
        (
            "Quorra will take over Sierrex Oncology, Inc., a late-stage company from San Mateo, California, and "
            "Intellix, Inc., a privately held company in La Jolla, California.",
            {("Sierrex Oncology", "US"), ("Intellix", "US")},
        ),
        (
            'Its subsidiary Quorra Europe Ltd. ("Quorra Europe", headquartered in Staines, U.K.) signed.',
            {("Quorra Europe", "GB")},
        ),
        (
            "Earlier, Glendale Pharma Ltd, Hyderabad, had signed a supply agreement.",
            {("Glendale Pharma", "IN")},
        ),
        (
            "Medix, LLC, a U.S. corporation, signed; RocketVax, a Swiss start-up, joined.",
            {("Medix", "US"), ("RocketVax", "CH")},
        ),
        (
            "Vaxtera Bio signed with Lonvia Biologics, the Swiss manufacturing partner to the drug industry.",
            {("Lonvia Biologics", "CH")},
        ),
        # a city that starts another name is no headquarters
        ("The deal with Amgen, Boston Scientific and Pfizer was not affected.", set()),
    ],
)
def test_where_an_apposition_or_a_city_between_commas_says_a_company_is(body, expected):
    assert stated(body) == expected


def test_a_registry_company_named_without_its_home_is_a_candidate_there():
    from tests.extraction.extracting import marked

    text = (
        "Quorra Therapeutics signs supply pact with Pfizer\n\n"
        "March 3, 2025 -- Quorra Therapeutics will supply an antibody to Pfizer for five years.\n"
    )
    assert marked(text, "headquartered_in", "reg:hq") == {("Pfizer", "US")}


def test_the_registry_agreeing_with_the_text_is_a_feature_of_the_texts_candidate():
    from tests.extraction.extracting import marked

    text = (
        "Roche picks Quorra\n\n"
        "BASEL, Switzerland, May 2, 2024 -- Swiss drugmaker Roche has picked Quorra Therapeutics, a Danish "
        "company, to make an antibody.\n"
    )
    assert marked(text, "headquartered_in", "reg:hq") == {("Roche", "CH")}
    assert ("Quorra Therapeutics", "DK") in marked(text, "headquartered_in", "bias")


def test_a_stated_headquarters_outranks_an_implied_one():
    """ "Quorra Biosciences, a U.S. biotech firm" ... "its headquarters are in Toronto, Canada": the statement
    wins however the classifier scores the two."""
    from loaders.extraction.engine import _rank
    from loaders.extraction.relations.candidates import Candidate

    implied = Candidate("headquartered_in", "quorra", "US", {"place:demonym": 1.0}, score=0.9)
    stated = Candidate("headquartered_in", "quorra", "CA", {"btw:hq.verb": 1.0}, score=0.6)
    assert _rank(stated) > _rank(implied)
    assert max([implied, stated], key=_rank).object == "CA"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Swedish contract development and manufacturing organization (CDMO) Corvena Pharma has signed with "
         "Tessaline Bio.", True),
        ("The Swedish health agency, which approved the trial led by Corvena Pharma, welcomed it.", False),
    ],
)  # fmt: skip
def test_a_demonym_before_a_description_of_the_company_says_where_it_is(body, found):
    """The description between the demonym and the name is in lower case words (and an abbreviation)."""
    assert ("hq:based_or_demonym_before" in hq_features(body, next(iter(_orgs(body))))) is found


def _orgs(body: str) -> list[str]:
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return [
        e.name for k, e in doc.entities.items() if type(e).__name__ == "Org" and "Tessaline" not in e.name
    ]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Headquartered in Philadelphia, Corvena Pharma serves drug developers such as Tessaline Bio.", True),
        ("Based in Exton, Pennsylvania, Corvena Pharma signed a supply deal with Tessaline Bio.", True),
        ("In Philadelphia, Corvena Pharma opened a plant for Tessaline Bio.", False),
    ],
)
def test_a_sentence_opening_with_where_a_company_is_based_says_so(body, found):
    assert ("hq:headquartered_in" in hq_features(body, "Corvena Pharma")) is found


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Norvance Labs of the United Kingdom and Pellacore Therapeutics of the Netherlands signed the pact.",
         {("Norvance Labs", "GB"), ("Pellacore Therapeutics", "NL")}),
        ("Tellmar said it will sell its stake in its Japanese subsidiary Okuda Seiyaku Co. to a fund.",
         {("Okuda Seiyaku", "JP")}),
        ("Vantis and its Kenyan partner Rift Valley Pharmaceuticals opened a plant in Nairobi.",
         {("Rift Valley Pharmaceuticals", "KE")}),
        ("Danish contract development and manufacturing organisation (CDMO) Orrevik ApS has agreed to buy "
         "the site.", {("Orrevik", "DK")}),
        ("Corvel works through its wholly owned Canadian operating subsidiary, Corvel Specialty Inc., in "
         "Ontario.", {("Corvel Specialty", "CA")}),
        ("It sells through Quanzhou Heli Pharmaceuticals Inc., a Chinese affiliate in which it holds 40%.",
         {("Quanzhou Heli Pharmaceuticals", "CN")}),
        ("Almira signed a licence with Chengdu-based Chengdu Yunlan Biotech Co., Ltd. today.",
         {("Chengdu Yunlan Biotech", "CN")}),
    ],
)  # fmt: skip
def test_where_a_subsidiary_partner_or_company_of_a_country_is_based(body, expected):
    assert expected <= stated(body)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("The tender went to two Italian drugmakers, Bellora Farmaceutici S.p.A. (MIL: BEL) and Castoro "
         "Pharma S.p.A., for three years.", {("Bellora Farmaceutici", "IT"), ("Castoro Pharma", "IT")}),
        ("The round was led by three Korean investment firms, Hanul Capital, Seorin Partners and Daejin "
         "Ventures, with others.",
         {("Hanul Capital", "KR"), ("Seorin Partners", "KR"), ("Daejin Ventures", "KR")}),
    ],
)  # fmt: skip
def test_a_plural_demonym_says_where_each_company_of_its_list_is(body, expected):
    assert expected <= stated(body)


def test_a_singular_demonym_covers_only_the_name_after_it():
    found = stated("The Swiss company Velmont AG and Norcastle Pharma Inc. signed the supply contract.")
    assert ("Velmont", "CH") in found and not any(org == "Norcastle Pharma" for org, _ in found)


@pytest.mark.parametrize(
    "body, expected",
    [
        # a description of a dozen words before "headquartered in": real appositions run that long
        ("Velquor Therapeutics, a privately held clinical-stage biopharmaceutical company headquartered in "
         "Lyon, France, signed with Tessaline Bio.", ("Velquor Therapeutics", "FR")),
        ("Tessaline Bio licensed the antibody to Corvena Pharma, a contract development and manufacturing "
         "organization (CDMO) based in Osaka, Japan.", ("Corvena Pharma", "JP")),
        # where a named company will be
        ("Tessaline Bio and Corvena Pharma formed Velquor Therapeutics. Velquor will be headquartered in "
         "Lyon, France.", ("Velquor Therapeutics", "FR")),
        ("Tessaline Bio bought a stake in Velquor Therapeutics. Velquor is also based in Osaka.",
         ("Velquor Therapeutics", "JP")),
        # a town before "-based" in an apposition, placed by the places annotator
        ("Tessaline agreed to pay EUR 150 million for Velquor, a Bucharest-based maker of cancer drugs.",
         ("Velquor", "RO")),
        ("Tessaline Bio bought a stake in Velquor Pharma, a Lahore-based generics maker.", ("Velquor Pharma", "PK")),
        # a place before "-based" that only the places annotator reads, or a demonym
        ("Spokane-based drug manufacturer Velquor Pharma said it signed with Tessaline Bio.", ("Velquor Pharma", "US")),
        ("Tessaline Bio licensed it from Winston-Salem-based Velquor Inc. last year.", ("Velquor", "US")),
        ("UK-based CDMO Velquor Pharma announced on Tuesday a deal with Tessaline Bio.", ("Velquor Pharma", "GB")),
        ("Swiss-based Velquor Pharma, a member of the Tessaline Group, said today that it signed.", ("Velquor Pharma", "CH")),
    ],
)  # fmt: skip
def test_a_long_description_a_future_seat_or_a_town_placed_by_its_context(body, expected):
    assert expected in stated(body)


def test_where_the_combined_company_will_be_is_not_where_a_merging_one_is():
    found = stated("Tessaline Bio will buy Velquor Therapeutics. The combined company will be headquartered "
                   "in Osaka, Japan.")  # fmt: skip
    assert not {code for _, code in found} & {"JP"}


def test_a_town_before_based_that_only_the_world_table_knows_says_where_a_company_is():
    # "Exton-based": a town the country tables lack, placed by the places annotator
    found = stated(
        "Tessaline Bio will buy Velquor Therapeutics. Exton-based Velquor sells one approved drug."
    )
    assert ("Velquor Therapeutics", "US") in found


def test_the_country_a_name_gives_is_a_candidate_there():
    """A Chinese city it is registered under, a place in brackets, a country first ("name:hq")."""
    body = (
        "Deals in brief\n\nSuzhou Talvane Pharmaceuticals signed a licence with Halvera Bio. Korea Orvane "
        "Partners invested in Quorra Medicines (Beijing) Co., Ltd. Halvera Bio is growing.\n"
    )
    assert marked(body, "headquartered_in", "name:hq") == {
        ("Suzhou Talvane Pharmaceuticals", "CN"),
        ("Korea Orvane Partners", "KR"),
        ("Quorra Medicines", "CN"),
    }


def test_a_regulator_that_signs_nothing_is_no_entity():
    """FORMAT: organisations that only support, certify or regulate are not entities unless they sign; a
    ministry named only as the one that approved a drug gets no headquarters fact of its own, and develops
    nothing (the product it approved is its owner's)."""
    found = record(
        "Halvera Bio wins Korean approval\n\nSEOUL, South Korea, May 4, 2026 -- Halvera Bio Inc., the "
        "Boston-based developer, said South Korea's Ministry of Food and Drug Safety has approved its antibody "
        "HLV-101. Halvera Bio signed a distribution agreement with Quorra Pharma Co., Ltd. of Seoul in 2025.\n"
    )
    names = {e["name"] for e in found["entities"]}
    assert "Ministry of Food and Drug Safety" not in names
    assert {"Halvera Bio", "Quorra Pharma"} <= names


def test_a_list_after_a_colon_that_describes_no_company_places_none():
    body = "Indian officials named three priorities: Danvell, Ernwick and Kinsapharm."
    assert "hq:based_or_demonym_before" not in hq_features(body, "Kinsapharm")

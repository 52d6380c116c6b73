"""Organisations by context: a name with no company word is one when it is the subject of a deal verb."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate
from loaders.text import read_text
from tests.extraction.extracting import record


def organisations(body: str) -> set[str]:
    """The organisation names the annotator finds in a small announcement."""
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {doc.text[s.start : s.end] for s in doc.spans("ORG")}


@pytest.mark.parametrize(
    "body, name",
    [
        (
            "On Jan. 4, GN Cellworks concluded a license contract with Tessaline Biotherapeutics.",
            "GN Cellworks",
        ),
        ("Earlier this month, Quorra granted Tessaline Biotherapeutics rights to its antibody.", "Quorra"),
        ("GN Cellworks on Tuesday transferred its technology to Tessaline Biotherapeutics.", "GN Cellworks"),
        ("A year earlier, Quorvane obtained the China rights to Halvera's antibody.", "Quorvane"),
        ("Finally, Tessamed secured the rights to market HLV-2 in Europe.", "Tessamed"),
        ("Quorvane signs a licence agreement with Halvera Bio for HLV-3.", "Quorvane"),
    ],
)
def test_subject_after_an_opening_phrase(body, name):
    assert name in organisations(body)


def test_a_person_is_no_subject_company():
    body = "On Monday, Troy Wilson signed the agreement with Tessaline Biotherapeutics for the company."
    assert "Troy Wilson" not in organisations(body)


def test_who_said_it_opening_a_sentence_is_a_company_unless_a_person_is_named_so():
    body = (
        "July 28, 2021 -- Quorvane said on the 28th that it has chosen Syneos Health to run its Phase 2 trial. "
        "Rich Fisher, its chief operating officer, welcomed the choice. Fisher said the trial starts this year. "
        "The company's chief executive, Cho Min-seok, will oversee it. Cho said the budget is set. "
        "Analysts said the deal is small."
    )
    found = organisations(body)
    assert "Quorvane" in found
    assert not {"Fisher", "Cho", "Analysts"} & found


@pytest.mark.parametrize(
    "body, name",
    [
        ("Xspray Pharma announced a manufacturing agreement with Quorvane covering its lead candidate.", "Quorvane"),
        ("November 6, 2023 -- Tessaline Bio and Quorvane have signed a license agreement for QV-12.", "Quorvane"),
        # what is bought, or sold to, is a company though its words read as a person's name
        ("Halvex added capsules through its $255 million purchase of Marlow Softcaps; sales rose.",
         "Marlow Softcaps"),
        ("Last month Halvex agreed to acquire Velden Genesys of San Diego.", "Velden Genesys"),
        ("Halvex Pharma bought Corran Neuroscience in 2023.", "Corran Neuroscience"),
        ("In 2006 it sold the rights to Tessavar, which is now part of Halvex Pharma.", "Tessavar"),
        # a joint venture, a team-up, a memorandum or a pact is a deal too
        ("Halvex Pharma has entered into a second joint venture in the kingdom, with Tamora, to build a plant.",
         "Tamora"),
        ("Halvex Pharma also teamed up with Quorvane in 2016 to develop fibrosis drugs.", "Quorvane"),
        ("Halvex Pharma signed a memorandum of cooperation with Velmora on plasmids.", "Velmora"),
    ],
)  # fmt: skip
def test_a_party_named_by_its_place_in_a_deal(body, name):
    """Before a verb that is no preposition, or as what is bought or sold to."""
    assert name in organisations(body)


def test_a_title_makes_no_company_of_the_person_it_names():
    body = "Tessaline Bio signed with KRICT. KRICT President Kim Sung-soo has signed the agreement with it."
    assert not any("President" in name for name in organisations(body))


def test_a_bare_word_is_the_company_written_in_full():
    body = (
        "U.S. drugmaker Merck & Co. agreed to buy the plant from Tessaline Biotherapeutics. Merck said it "
        "would pay cash."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert {s.value for s in doc.spans("ORG") if doc.text[s.start : s.end].startswith("Merck")} == {
        "Merck & Co."
    }


def test_a_headline_names_a_company_by_its_first_word():
    """ "Halvera licenses ..." over "Halvera Biologics AG today announced ...": one company, however often the
    text writes the short name."""
    text = (
        "Halvera licenses biosimilar HVB-204 to Corvane\n\nBASEL, Switzerland, March 3, 2025 -- Halvera "
        "Biologics AG today announced a license agreement with Corvane Pharma GmbH for HVB-204. Halvera will "
        "manufacture it."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    assert {s.value for s in doc.spans("ORG") if doc.text[s.start : s.end].startswith("Halvera")} == {
        "halvera biologics"
    }


def test_a_bare_word_is_the_company_named_so_with_a_legal_form_and_known_by_another_name():
    body = (
        "Tessaline Co., Ltd. and Merck (NYSE: MRK), known as MSD outside the United States and Canada, "
        "agreed to co-develop the antibody. Merck will pay $50 million upfront."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert {s.value for s in doc.spans("ORG") if doc.text[s.start : s.end] in ("Merck", "MSD")} == {
        "Merck & Co."
    }


def test_a_company_abbreviated_in_brackets_is_found_under_both_names():
    body = (
        "Tessaline Bio has hired Boehringer Ingelheim (BI) to develop a process. BI will make the antibody."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert {(doc.text[s.start : s.end], s.value) for s in doc.spans("ORG") if s.value != "tessaline bio"} == {
        ("Boehringer Ingelheim", "Boehringer Ingelheim"),
        ("BI", "Boehringer Ingelheim"),
    }


@pytest.mark.parametrize(
    "body, name, short",
    [
        # a demonym, a word the rules would cut, and "of <country>" are part of the name the capitals spell
        ("Hyderabad-based Indian Velmora Ltd (IVL) will build a plant. IVL said it opens in 2027.",
         "Indian Velmora Ltd", "IVL"),
        ("In May, International Chemical Holders Group (ICHG) bought the Tessaline plant. ICHG keeps its staff.",
         "International Chemical Holders Group", "ICHG"),
        ("Innovation Capital Corporation of Japan (ICCJ) and Quorra Pharma formed a company. ICCJ holds 70%.",
         "Innovation Capital Corporation of Japan", "ICCJ"),
        # a line of business closing the name
        (
            "Halvera pays with shares of its subsidiary, Quorra Diagnostic Solutions (QDS). QDS is in Boston.",
            "Quorra Diagnostic Solutions",
            "QDS",
        ),
        # a country inside the name, and a legal form the rules do not know
        ("Quorra signed a licence with Specialised Medicines Australia Pty (SMA). SMA pays $5 million.",
         "Specialised Medicines Australia Pty", "SMA"),
    ],
)  # fmt: skip
def test_a_name_an_abbreviation_defines_is_read_as_far_as_its_capitals(body, name, short):
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    named = {(doc.text[s.start : s.end], s.value) for s in doc.spans("ORG")}
    key = next(value for text, value in named if text == name)
    assert (short, key) in named
    assert not any(value != key and text in name for text, value in named)  # no second company inside it


@pytest.mark.parametrize(
    "body",
    [
        "Velmora filed with the European Medicines Agency (EMA) and the Food and Drug Administration (FDA).",
        "The drug treats non-small cell lung cancer (NSCLC) in Velmora Pharma's trial.",
    ],
)
def test_an_abbreviation_of_a_regulator_or_a_disease_names_no_company(body):
    assert not organisations(body) & {
        "European Medicines Agency",
        "Food and Drug Administration",
        "EMA",
        "NSCLC",
    }


@pytest.mark.parametrize(
    "body",
    [
        "Qorvane will fill Halvera's COVID-19 vaccine candidate at its plant in Karaj.",
        "Hossein Karimi, head of Iran's Food and Drug Administration, said Qorvane's plant would open.",
        "Qorvane sells its creams mainly in Europe, the Middle East and Africa, among them Relvax.",
        "Halvera intends to submit a Biologics License Application (BLA) for Relvax next year.",
        "A consent decree against Qorvane was filed in the U.S. District Court for the District of Massachusetts.",
    ],
)
def test_a_disease_a_part_of_the_world_a_filing_or_part_of_a_courts_name_is_no_company(body):
    assert organisations(body) <= {"Qorvane", "Halvera"}


def test_a_registry_company_is_also_the_first_word_of_its_name_written_alone():
    # the registry knows "Salix Pharmaceuticals" and "Bausch Health" (formerly "Valeant Pharmaceuticals"),
    # not the bare words the text also uses
    body = (
        "Salix Pharmaceuticals signed a licence with Tessaline Bio. Salix will pay $10 million. Valeant "
        "Pharmaceuticals International bought the Halvera brand; Valeant will sell it in Canada."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    named = {(doc.text[s.start : s.end], s.value) for s in doc.spans("ORG")}
    assert ("Salix", "Salix Pharmaceuticals") in named
    assert ("Valeant", "Bausch Health") in named


def test_a_company_named_with_several_company_words_is_also_its_first_word_alone():
    body = (
        "Tessaline will sell its Aiken plant to Velquor Pharmaceutical Services. Velquor will go on making "
        "three products for Tessaline there."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    named = {(doc.text[s.start : s.end], doc.entities[s.value].name) for s in doc.spans("ORG")}
    assert ("Velquor", "Velquor Pharmaceutical Services") in named


def test_no_first_word_alone_when_two_companies_start_with_it():
    body = "Salix Pharmaceuticals and Salix Ventures signed a deal. Salix said the terms were not disclosed."
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert ("Salix", "Salix Pharmaceuticals") not in {
        (doc.text[s.start : s.end], s.value) for s in doc.spans("ORG")
    }


def test_an_apposition_about_a_person_makes_no_company():
    body = "On Monday, Troy Wilson, a company veteran, signed the agreement with Tessaline Biotherapeutics."
    assert "Troy Wilson" not in organisations(body)


def test_a_public_body_ends_before_a_company_listed_after_it():
    body = (
        "Quorra Pharma signed an agreement with South Korea's Ministry of Health and Welfare and SK bioscience. "
        "Tessaline Bio will work with the Department of Health and Human Services."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    names = {doc.text[s.start : s.end] for s in doc.spans("ORG")}
    assert {
        "Ministry of Health and Welfare",
        "SK bioscience",
        "Department of Health and Human Services",
    } <= names


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Alphabet-founded Calico Life Sciences and AbbVie extended their deal.", "Calico Life Sciences"),
        ("Winston-Salem-based Tessaline Biotherapeutics signed with AbbVie.", "Tessaline Biotherapeutics"),
        ("Through Quorra Pharmaceuticals, its unit, Toray bought the plant.", "Quorra Pharmaceuticals"),
    ],
)
def test_words_before_a_name_that_say_whose_or_where_it_is_are_no_part_of_it(body: str, name: str) -> None:
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert name in {doc.entities[s.value].name for s in doc.spans("ORG")}


def test_a_groups_initials_alone_name_its_one_company_of_the_text():
    one = annotate(
        read_text("News\n\nQuorra sold the plant to LG Chem. LG took on 300 workers.", Path("x.txt"))
    )
    assert {(one.text[s.start : s.end], s.value) for s in one.spans("ORG")} >= {("LG", "LG Chem")}
    # two companies of the group: the initials alone name neither
    two = annotate(read_text("News\n\nSK Biotek and SK bioscience agreed. SK will pay.", Path("x.txt")))
    assert "SK" not in {two.text[s.start : s.end] for s in two.spans("ORG")}


def test_a_city_written_with_its_state_is_no_company_elsewhere():
    body = (
        "Tessaline Biotherapeutics will buy the plant in Bristol, Tennessee, from Pfizer. Whether the work "
        "moves to Bristol under the new contract is open."
    )
    assert "Bristol" not in organisations(body)


def test_a_place_based_prefix_is_no_part_of_the_name():
    body = "Zai Lab bought the rights from San Francisco-based Five Prime Therapeutics on Monday."
    assert "Five Prime Therapeutics" in organisations(body)
    assert not any("based" in name for name in organisations(body))


def keys(body: str) -> set[str]:
    """The organisations (one per company) the annotator finds in a small announcement, by name."""
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {doc.entities[key].name for key in {s.value for s in doc.spans("ORG")} if key in doc.entities}


@pytest.mark.parametrize(
    "body, arm, parent",
    [
        ("Pfizer China, the Chinese unit of Pfizer, will distribute the drug.", "Pfizer China", "Pfizer"),
        ("Otsuka America signed the deal; Otsuka will pay the upfront fee.", "Otsuka America", "Otsuka"),
        ("Halvera Bio and Halvera Bio Japan K.K. signed with Tessaline.", "Halvera Bio Japan", "Halvera Bio"),
        # the arm and the group's holding part after the words they share, names of the same length
        ("Halvera America, Inc. will buy Quorra; its parent, Halvera Holdings Co., Ltd., agreed.",
         "Halvera America", "Halvera Holdings"),
        # a registry group's holding is not the group's drugmaker the bare name stands for
        ("Otsuka America, Inc. will buy Quorra; Otsuka Holdings Co., Ltd. and Otsuka agreed.",
         "Otsuka America", "Otsuka Holdings"),
    ],
)  # fmt: skip
def test_a_company_in_a_country_is_a_company_of_its_own(body, arm, parent):
    found = keys(body)
    assert arm in found and any(name.startswith(parent) and name != arm for name in found)


def test_a_longer_name_without_a_place_is_the_same_company():
    found = keys("Halvera Bio signed with Tessaline. Halvera Bio Pharmaceuticals Inc. will pay $5 million.")
    assert len([name for name in found if name.startswith("Halvera")]) == 1


def test_a_place_before_the_noun_it_modifies_is_no_arm():
    assert "Zai Lab China" not in organisations("TESARO granted Zai Lab China rights to niraparib.")


def test_a_place_in_brackets_or_a_currency_is_no_arm():
    found = keys(
        "HUTCHMED (China) Limited granted Takeda rights; Takeda pays HUTCHMED US$400 million upfront."
    )
    assert not any(name.startswith("HUTCHMED ") for name in found)


def test_a_company_and_a_city_is_no_arm():
    assert "Lonza Visp" not in organisations(
        "Lonza Visp will make the antibody for Tessaline Biotherapeutics."
    )


@pytest.mark.parametrize(
    "body, name",
    [
        ("On Tuesday, Quellix [Euronext Brussels: QLX; OTC: QLXXY] licensed its antibody to Tessaline Bio.",
         "Quellix"),
        ("Quellix (TOKYO: 4512) licensed its antibody to Tessaline Biotherapeutics.", "Quellix"),
    ],
)  # fmt: skip
def test_a_name_with_a_listing_is_a_company(body, name):
    assert name in organisations(body)


def test_a_name_in_capitals_written_with_its_legal_form_is_a_company_everywhere():
    body = (
        "GSK completed its takeover of VORANTIX, Inc. for $5 billion. VORANTIX is a commercial-stage "
        "company; VORANTIX's pipeline includes antibodies."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert [doc.text[s.start : s.end] for s in doc.spans("ORG")].count("VORANTIX") == 2
    assert not any(doc.text[s.start : s.end] == "VORANTIX" for s in doc.spans("PRODUCT"))


def test_the_legal_forms_of_central_asia_eastern_europe_and_southeast_asia_make_companies():
    found = organisations(
        "The ministry signed with QORVAN LLP, Temir-BEK LLP, Halvik PJSC and Dovrat OJSC, and with Kesra Sdn "
        "Bhd and PT Lumora Farma Tbk, for four plants."
    )
    assert found == {
        "QORVAN LLP",
        "Temir-BEK LLP",
        "Halvik PJSC",
        "Dovrat OJSC",
        "Kesra Sdn Bhd",
        "PT Lumora Farma Tbk",
    }


def test_a_line_of_business_with_its_own_legal_form_is_an_arm():
    found = keys("Recipharm, through Recipharm Biologics AB, bought the plant. Recipharm will pay cash.")
    assert {"Recipharm", "Recipharm Biologics"} <= found
    assert (
        len([n for n in keys("Halvera Biologics signed with Tessaline. Halvera will pay.") if "Halvera" in n])
        == 1
    )


@pytest.mark.parametrize("name", ["mAbxience", "bioMérieux"])
def test_a_name_in_camel_case_is_a_name(name):
    body = f"{name}, the biotech company of the Insud group, signed an agreement with AstraZeneca to make the vaccine."
    assert name in organisations(body)


def test_a_brand_with_a_combination_of_inns_is_a_product_not_a_company():
    body = ("The two companies are partners on ZETIA (ezetimibe) and VYTORIN (ezetimibe/simvastatin), which the "
            "deal brings into Merck's portfolio.")  # fmt: skip
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert "VYTORIN" not in organisations(body)
    assert "VYTORIN" in {doc.text[s.start : s.end] for s in doc.spans("PRODUCT")}


# universities and institutes sign deals too
INSTITUTES = [
    (
        "Halvera developed the vaccine together with the University of Oxford. The candidate works.",
        "University of Oxford",
    ),
    (
        "The antibody was discovered at Baylor College of Medicine, Houston, and licensed to Halvera.",
        "Baylor College of Medicine",
    ),
    (
        "Quorra co-developed it with the International Vaccine Institute (IVI).",
        "International Vaccine Institute",
    ),
    (
        "Halvera signed with the Gamaleya National Research Institute of Epidemiology and Microbiology.",
        "Gamaleya National Research Institute of Epidemiology and Microbiology",
    ),
    ("Quorra and Institut Pasteur de Dakar will build the plant.", "Institut Pasteur de Dakar"),
    (
        "Halvera agreed with the Cell and Gene Therapy Catapult to share a site.",
        "Cell and Gene Therapy Catapult",
    ),
    ("Halvera signed with Universidad de Chile and Universidad de Antofagasta.", "Universidad de Chile"),
    (
        "Halvera signed with Universidad de Chile and Universidad de Antofagasta.",
        "Universidad de Antofagasta",
    ),
    ("Halvera licensed it from KRICT and Sungkyunkwan University in 2015.", "Sungkyunkwan University"),
]
# public bodies fund, buy and sign too
PUBLIC_BODIES = [
    (
        "Halvera Bio won a $90 million order from the U.S. Department of Defense.",
        "U.S. Department of Defense",
    ),
    ("Quorra and the Government of Canada signed a memorandum of understanding.", "Government of Canada"),
    ("The U.S. government will pay Halvera Bio $1.95 billion for 100 million doses.", "U.S. government"),
    ("Halvera agreed a ten-year research partnership with the UK Government.", "UK Government"),
    ("The grant comes from the Japanese government and will fund the plant.", "Japanese government"),
    ("Quorra received a subsidy from the Ministry of Health and Welfare.", "Ministry of Health and Welfare"),
    (
        "The Russian Direct Investment Fund (RDIF) and Halvera formed a venture.",
        "Russian Direct Investment Fund",
    ),
    # development banks and research councils lend, grant and partner
    ("The state-owned Uganda Development Bank put in $20 million.", "Uganda Development Bank"),
    (
        "Halvera will share the data with the Indian Council of Medical Research.",
        "Indian Council of Medical Research",
    ),
]
# what the text says a name is, or how it uses it, makes it a company though a person could be so named
DESCRIBED = [
    (
        "In February Halvera agreed to buy cancer vaccine developer Immune Design for $300 million.",
        "Immune Design",
    ),
    (
        "Its second candidate, HV-902, was licensed from Ion Channel Innovations.",
        "Ion Channel Innovations",
    ),
    ("Domantis has previously signed deals with Peptech and Abbott Laboratories.", "Domantis"),
    # an apposition after it saying what it is
    (
        "Quorra Pharma will buy Velmora Pearl, a subsidiary of Velmora Oncology, for $275 million.",
        "Velmora Pearl",
    ),
    ("The licence went to Nimbus Lakshmi, a unit of Tessaline Bio based in Boston.", "Nimbus Lakshmi"),
    ("Halvera sold the brand to Sundia Meditech, a Chinese drugmaker, for $20 million.", "Sundia Meditech"),
]


@pytest.mark.parametrize("sentence, name", INSTITUTES + PUBLIC_BODIES + DESCRIBED)
def test_names_the_text_makes_companies_are_organisations(sentence, name):
    assert name in organisations(sentence)


def test_regulators_and_words_inside_a_public_bodys_name_are_no_organisations():
    found = organisations(
        "The Russian Direct Investment Fund backs Halvera Bio; the European Medicines Agency and the Incheon "
        "Free Economic Zone Authority approved its plans."
    )
    assert found == {"Russian Direct Investment Fund", "Halvera Bio"}


def test_the_name_before_an_institute_stays_its_own():
    found = organisations(
        "AstraZeneca and Oxford University agreed to work with NIH's National Institute of "
        "Allergy and Infectious Diseases."
    )
    assert {
        "AstraZeneca",
        "Oxford University",
        "National Institute of Allergy and Infectious Diseases",
    } <= found
    assert not any(n.startswith(("AstraZeneca and", "NIH's")) for n in found)


def test_a_person_named_in_a_deal_sentence_stays_no_company():
    assert "Troy Wilson" not in organisations(
        "The licence was signed with Troy Wilson, Halvera's chief executive."
    )


@pytest.mark.parametrize(
    ("body", "form"),
    [
        ("Quorra signed a co-development deal with Eli Lilly and Co for prasugrel.", "Eli Lilly and Co"),
        (
            "Halvera signed a licensing agreement with Merck & Co., Inc. for its antibody.",
            "Merck & Co., Inc.",
        ),
    ],
)
def test_and_company_closes_a_name_the_output_keeps_as_written(body, form):
    found = record("Deals in brief\n\nTOKYO, May 2, 2008 -- " + body)
    assert any(form in (e.get("aliases") or []) or e["name"] == form for e in found["entities"])


def test_and_company_before_a_name_is_no_part_of_it():
    assert "Halvera and Company" not in organisations("Halvera and Company Quorra signed the deal.")


def test_a_disease_or_an_office_named_with_a_possessive_is_no_company():
    found = organisations(
        "Quorra Biologics makes Velzora, its Crohn's disease drug, and opened the plant with Singapore's "
        "Minister for Trade and Industry."
    )
    assert "Crohn" not in found and "Minister" not in found and "Quorra Biologics" in found


def test_a_surname_after_a_first_name_and_an_initial_is_a_person():
    found = organisations(
        "The alliance is focused on translational research, according to Isaac T. Kohlman, the university's "
        "Chief Technology Development Officer."
    )
    assert "Kohlman" not in found


def test_a_chinese_company_named_with_its_city_is_one_company_with_its_short_forms():
    """The city or province that starts a Chinese company's name is dropped in later mentions: "Suzhou
    Qianyao Pharmaceutical Co., Ltd." is "Qianyao Pharmaceutical" and "Qianyao" (real cases: Sciecure,
    Luoxin, Zein, Tasly, Hengrui)."""
    found = record(
        "Halvera licenses antibody to Chinese partner\n\nBOSTON, May 2, 2024 -- Halvera Bio signed a licence "
        "agreement with Suzhou Qianyao Pharmaceutical Co., Ltd. for its Phase 2 antibody HLV-101. Qianyao "
        "Pharmaceutical will pay $20 million upfront. Qianyao will develop HLV-101 in Greater China.\n\n"
        "In 2019 Tianjin Morancy Pharma signed a supply agreement with Halvera Bio; Morancy makes its tablets."
    )
    orgs = {e["name"]: set(e.get("aliases") or []) for e in found["entities"] if e["type"] == "Organization"}
    qianyao = [n for n in orgs if "Qianyao" in n]
    assert qianyao == ["Suzhou Qianyao Pharmaceutical"]
    assert {"Qianyao Pharmaceutical", "Qianyao"} <= orgs[qianyao[0]]
    assert "Tianjin Morancy Pharma" in orgs and "Morancy" in orgs["Tianjin Morancy Pharma"]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Halvera Bio signed a licence agreement with Boston Quellantics for the development of HLV-2.",
         "Boston Quellantics"),
        ("Walgreens sold its stake in its distribution venture with Guangzhou Tessamed Pharma.",
         "Guangzhou Tessamed Pharma"),
        ("In March it agreed a 380 billion won deal with China's Shanghai Orvane.", "Shanghai Orvane"),
        ("Halvera Bio licensed the antibody to Providence Therapeutics in May.", "Providence Therapeutics"),
    ],
)  # fmt: skip
def test_a_city_starting_a_name_is_part_of_it(body, name):
    """ "Boston Pharmaceuticals", "Guangzhou Pharma", "Shanghai Haini", "Providence Therapeutics": a city
    before a capitalised word of no place starts the company's own name (real cases: 78 annotated names start
    with a city, 16 were missed, 10 of them for this)."""
    assert name in organisations(body)


@pytest.mark.parametrize(
    "body",
    [
        "Lotte Biologics will make the active ingredient at its Syracuse Bio Campus in New York State.",
        "The shares of Halvera Bio are listed on the Tokyo Stock Exchange.",
    ],
)
def test_a_city_starting_the_name_of_a_site_or_a_market_makes_no_company(body):
    assert not {name for name in organisations(body) if name.startswith(("Syracuse", "Tokyo"))}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Halvera Bio formed a venture with Malaysia-based Qorvane Manufacturing (Qorvane) to make inhalers.",
         "Qorvane"),
        ("The brands go to Gujarat-based Vidora, which will market them in India.", "Vidora"),
        ("It licensed the antibody to Vancouver-based Tessaly in 2010.", "Tessaly"),
        # a state written short, with its full stop
        ("It licensed CX-168, a candidate from Mountain View, Calif.-based ChemoVexa, in May.", "ChemoVexa"),
    ],
)  # fmt: skip
def test_a_name_after_where_it_is_based_is_a_company(body, name):
    """ "Malaysia-based X", "Gujarat-based X": a capitalised name after where it is based is a company, with
    no company word or deal verb (16 such companies the real cases missed, 197 found otherwise)."""
    assert name in organisations(body)


def test_a_drug_like_word_the_text_calls_a_company_is_a_company():
    """ "Novogene, a Chinese genomics sequencing company": a capitalised word ending like an INN ("-gene") is
    no drug when an apposition says what company it is."""
    found = organisations("Novogene, a Chinese genomics sequencing company, ordered 20 sequencers.")
    assert "Novogene" in found


@pytest.mark.parametrize(
    "body",
    [
        "Halvera Eurocell S.A., a wholly owned subsidiary of Halvera Corporation, will make the antibody. "
        "Halvera Corporation reported its results.",
        "Halvera Corporation said its subsidiary Halvera Eurocell S.A. will make the antibody.",
        "The plant will be run by Halvera Eurocell S.A., the Halvera subsidiary that makes antibodies; Halvera "
        "Corporation bought it in May.",
        "Orvane Pharma signed with Halvera Eurocell S.A., Halvera Corporation's Swiss-based affiliate, for "
        "Latin American rights. Halvera Corporation will supply the drug.",
    ],
)
def test_a_name_the_text_calls_a_subsidiary_is_a_company_of_its_own(body):
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    names = {getattr(e, "name", None) for e in doc.entities.values()}
    assert {"Halvera Eurocell", "Halvera Corporation"} <= names or {"Halvera Eurocell", "Halvera"} <= names, (
        names
    )


def forms(body: str) -> dict[str, set[str]]:
    """Each organisation the annotator finds, by name, with the forms it is written in."""
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    return {e.name: set(e.forms) for e in doc.entities.values() if hasattr(e, "forms")}


@pytest.mark.parametrize(
    "body, unit, parent",
    [
        # the unit given initials of its own, the group's name alone for the group
        ("Talisk will close a plant run by Talisk Chemical Pharma (TCP), the group's API subsidiary. TCP "
         "will move the work to Velquor Pharma. Talisk said the plant employs 150 people.",
         "Talisk Chemical Pharma", "Talisk"),
        ("Velquor sold Velquor Pharma Solutions (VPS) to Orvane Pharma. VPS runs two plants; Velquor kept "
         "its specialty chemicals business.", "Velquor Pharma Solutions", "Velquor"),
        # a registry company and its unit
        ("Daiichi Sankyo will shut a plant run by Daiichi Sankyo Talisk Pharma (DSTP), which will move "
         "the work. Daiichi Sankyo said the plant employs 150 people.",
         "Daiichi Sankyo Talisk Pharma", "Daiichi Sankyo"),
    ],
)  # fmt: skip
def test_a_unit_with_initials_of_its_own_is_no_form_of_its_parent(body, unit, parent):
    found = forms(body)
    assert unit in found and parent in found, found
    assert not found[unit] & found[parent], found


@pytest.mark.parametrize(
    "body, name",
    [
        # initials of the company's own full name: the name alone is the company
        ("Velquor Pharmaceuticals Limited (VPL) signed a licence with Orvane Pharma. Velquor will develop the "
         "compound.", "Velquor Pharmaceuticals"),
        ("Tessaline Bio International Ltd (TBIL) and Orvane Pharma signed an amended deal; Tessaline Bio will "
         "make the vaccine.", "Tessaline Bio International"),
    ],
)  # fmt: skip
def test_initials_of_a_companys_full_name_keep_its_short_name(body, name):
    found = forms(body)
    assert len([n for n in found if n.startswith(name.split()[0])]) == 1, found


@pytest.mark.parametrize(
    "body, unit, group",
    [
        ("Orvane Pharma will buy the U.S. rights to the drug from Velquor Inc., the U.S. subsidiary of Velquor "
         "Co., Ltd. Velquor keeps the rights elsewhere.", "Velquor Inc.", "Velquor Co., Ltd."),
        ("Velquor Pharma K.K. and Orvane Pharma signed the Japan deal; Velquor Pharma A/S will supply the gel.",
         "Velquor Pharma A/S", "Velquor Pharma K.K."),
    ],
)  # fmt: skip
def test_one_name_with_two_legal_forms_is_two_companies(body, unit, group):
    found = forms(body)
    home = next(name for name, written in found.items() if group in written)
    assert unit in found and unit not in found[home], found
    if "Velquor keeps" in body:
        assert "Velquor" in found[home]  # the name alone is the group's, not the subsidiary's


def test_a_registry_company_written_by_its_short_name_is_the_company_the_text_names_in_full():
    # "Piramal" is a short name the registry gives one company; the text names the company in full otherwise
    found = forms(
        "Piramal Velquor Limited agreed to buy Orvane Pharma's plant in Talisk. Piramal will pay $20 million; "
        "Orvane Pharma keeps its other plants."
    )
    piramal = [name for name in found if name.startswith("Piramal")]
    assert len(piramal) == 1 and "Piramal" in found[piramal[0]], found


def test_a_short_name_is_no_form_of_an_arm_or_an_institution_named_with_it():
    found = forms(
        "Kyorin University and Orvane Pharma signed a research pact. Kyorin will pay for the trial."
    )
    assert "Kyorin University" not in found or "Kyorin" not in found["Kyorin University"], found


@pytest.mark.parametrize(
    "body",
    [
        "Orvane Pharmaceutical Industries, the Talisk-based drugmaker better known as Julphar, opened a plant. "
        "Julphar will export most of its output.",
        "Orvane Pharmaceutical Industries (formerly Julphar) opened a plant in Talisk. Julphar will export most "
        "of its output.",
    ],
)
def test_a_registry_name_the_text_gives_as_another_name_of_a_company_is_that_company(body):
    found = forms(body)
    assert len(found) == 1 and "Julphar" in found["Orvane Pharmaceutical Industries"], found


def test_a_registry_name_defined_for_its_subsidiary_leaves_the_parent_named_in_full():
    found = forms(
        'Orvane Pharma signed with Basilea Velquor International Ltd. ("Basilea"), a subsidiary of Basilea '
        "Pharmaceutica Ltd. Basilea will receive $50 million."
    )
    unit = next(name for name in found if "Velquor" in name)
    assert "Basilea" in found[unit] and any("Pharmaceutica" in name for name in found if name != unit), found


def test_a_joint_venture_named_after_its_parents_is_neither_parent():
    found = forms(
        "Amgen and Velquor Pharma formed Amgen Velquor BioPharma K.K., a joint venture in Tokyo. Amgen Velquor "
        "BioPharma will sell four Amgen drugs in Japan."
    )
    assert "Amgen Velquor BioPharma" in found and "Amgen" in found, found


def test_a_legal_form_cut_short_is_the_same_company():
    found = forms(
        "Velquor Pharmaceutical Company Limited and Orvane Pharma signed the deal. Velquor Pharmaceutical Co. "
        "will pay $10 million."
    )
    assert len([n for n in found if n.startswith("Velquor")]) == 1, found


@pytest.mark.parametrize(
    ("body", "name", "found"),
    [
        ("Qorvix of Chengdu identified new compounds for the programme.", "Qorvix", True),
        ("Permira already owns Vantrel, based in New Hampshire, and two other firms.", "Vantrel", True),
        ("Wuhan's Corvexa has licensed its antibody to Halvera Bio.", "Corvexa", True),
        # an office of a place is no company
        ("The Minister of Health spoke at the opening, and Halvera Bio paid for it.", "Minister", False),
    ],
)  # fmt: skip
def test_a_name_said_to_be_of_or_based_in_a_place_is_a_company(body, name, found):
    assert any(name in n for n in organisations(body)) is found


def test_a_disease_written_short_is_no_company():
    found = organisations("Halvera Bio licensed QRB-118, a candidate for AML and RCC, to Quorra Pharma Inc.")
    assert not {"AML", "RCC"} & found, found


@pytest.mark.parametrize(
    ("body", "name", "found"),
    [
        # a word that says what kind of company it is is no person's name
        ("Halvera Bio paid $30 million for Korvanta Scientific, a biologics manufacturer in Ohio.",
         "Korvanta Scientific", True),
        ("Halvera Bio paid $30 million for Korvanta Medical, a maker of sterile liquids.", "Korvanta Medical", True),
        ("The deal adds Dana Rourke, a venture partner at Halvera Capital, to the board.", "Dana Rourke", False),
        # what a company is, after its name
        ("The fund backs Nexorin, a China-US biopharma focused on liver disease.", "Nexorin", True),
        ("Separately, the UK pharma major has extended its deal with Halvera Bio.", "Separately", False),
        ("Sennaro Capital owns Qelvio, a joint venture of two drugmakers.", "Qelvio", True),
        # verbs companies take, opening a sentence
        ("Quantrel raised $14.5 million in a Series B round led by Halvera Capital.", "Quantrel", True),
        ("Vestora opened a packaging plant in Ohio last year.", "Vestora", True),
        ("Troy Wilson raised the question at the meeting with Halvera Bio.", "Troy Wilson", False),
        ("Construction of the plant for Halvera Bio is under way.", "Construction", False),
    ],
)  # fmt: skip
def test_what_a_name_is_said_to_be_or_do_makes_it_a_company(body, name, found):
    assert (name in organisations(body)) is found, organisations(body)


def test_a_name_the_registry_knows_stands_though_its_words_are_common():
    # every word of it a direction or a company's head word, each of which alone names nothing
    found = organisations("U.S.-based West Pharmaceutical Services has started building a plant in India.")
    assert "West Pharmaceutical Services" in found, found


def test_a_registry_name_with_an_abbreviation_is_found_written_without_its_full_stop():
    # the registry writes "Dr. Reddy's Laboratories"; British style drops the full stop after "Dr"
    body = (
        "Aurobindo sold its Russian business to Dr Reddy's Laboratories, and Dr Reddy's will keep the staff."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    found = {doc.text[s.start : s.end]: s.value for s in doc.spans("ORG")}
    assert found.get("Dr Reddy's Laboratories") == found.get("Dr Reddy's") == "Dr. Reddy's Laboratories", (
        found
    )


@pytest.mark.parametrize(
    "body, company",
    [
        # the registry gives Sanofi its name of 2004-2011 as the company wrote it, and as news wrote it
        ("The drug is licensed to sanofi-aventis, which is testing it.", "Sanofi"),
        ("Sanofi-Aventis buys a plant.", "Sanofi"),
        # former names of companies named in several real announcements
        ("Strides Arcolab sold its injectables unit to a buyer.", "Strides Pharma Science"),
        ("Vaccitech licensed its vaccine platform to a partner.", "Barinthus Biotherapeutics"),
    ],
)
def test_a_former_name_is_the_company_the_registry_now_names(body, company):
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert [s.value for s in doc.spans("ORG")] == [company], body


def test_a_name_the_text_calls_a_company_is_no_product():
    body = (
        "Spanish drugmaker Quelvaro has licensed its sea-squirt compound to Halvera Bio.\n\n"
        "The compound is the second candidate Quelvaro has derived from a marine organism."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert "Quelvaro" in {doc.text[s.start : s.end] for s in doc.spans("ORG")}
    assert "Quelvaro" not in {doc.text[s.start : s.end] for s in doc.spans("PRODUCT")}


def test_partners_ending_the_text_ends_a_name():
    assert "Corvex Partners" in organisations(
        "Quorra Bio raised $45 million from Halvera Capital and Corvex Partners."
    )


def _org_of(doc, form: str) -> str | None:
    return next((s.value for s in doc.spans("ORG") if doc.text[s.start : s.end] == form), None)


def test_a_place_in_brackets_names_a_company_of_its_own_beside_the_same_name_without():
    body = (
        "Halvera Bio today announced a licence agreement with Tessaline (Asia) Limited and its subsidiary "
        "Tessaline Limited for HLV-7 in Japan. Tessaline will pay $20 million upfront."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    bracketed, plain = _org_of(doc, "Tessaline (Asia) Limited"), _org_of(doc, "Tessaline Limited")
    assert bracketed and plain and bracketed != plain
    # the one without brackets is called a subsidiary: the name alone is the other's
    assert _org_of(doc, "Tessaline") == bracketed


def test_the_bracketed_company_keeps_the_forms_with_its_place_and_the_plain_one_the_bare_name():
    body = (
        'Tessaline (EU) Limited ("Tessaline EU"), a U.K.-based wholly owned subsidiary of Tessaline Limited, has '
        "formed a joint venture with Quorvane Pharma. Tessaline EU will own 60% of it. Tessaline said the "
        "venture will make inhalers."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    bracketed, plain = _org_of(doc, "Tessaline (EU) Limited"), _org_of(doc, "Tessaline Limited")
    assert bracketed != plain
    assert _org_of(doc, "Tessaline EU") == bracketed
    assert _org_of(doc, "Tessaline") == plain


def test_a_bracketed_name_alone_is_the_company_its_bare_name_names():
    body = (
        "Halvera Bio signed a licence with Tessaline (Asia) Limited. Tessaline will pay $20 million upfront."
    )
    doc = annotate(read_text("Deals in brief\n\n" + body, Path("news.txt")))
    assert _org_of(doc, "Tessaline (Asia) Limited") == _org_of(doc, "Tessaline")


def test_a_company_and_its_bracketed_namesake_make_no_deal_with_each_other():
    out = record(
        "Halvera licenses HLV-7 in Japan\n\nHalvera Bio today announced a licence agreement with Tessaline (Asia) "
        "Limited and its subsidiary Tessaline Limited for HLV-7 in Japan. Tessaline will pay $20 million upfront."
    )
    names = {e["id"]: e["name"] for e in out["entities"]}
    pairs = {frozenset((names[s], names[o])) for s, p, o in out["facts"] if p == "contracts_with"}
    assert frozenset(("Halvera Bio", "Tessaline (Asia)")) in pairs
    assert not any(all(n.startswith("Tessaline") for n in pair) for pair in pairs)


def test_a_person_s_name_after_a_deal_word_that_buys_nothing_stays_a_person():
    assert "Maren Holt" not in organisations("Halvex Pharma signed the deal with Maren Holt present.")


@pytest.mark.parametrize(
    "body, listed",
    [
        # a list said to be of companies
        (
            "Velmora was formed by four of Brazil's largest drugmakers, Quorvane, Halvex, Tessamed and Orinda.",
            {"Quorvane", "Halvex", "Tessamed", "Orinda"},
        ),
        (
            "Velmora Inc. raised $80 million from new investors Orbiqa, Tessacap and Halvex Partners.",
            {"Orbiqa"},
        ),
        # a list two of whose names are known companies
        ("The costs are shared by Velmora Inc., Halvex Pharma AG and Quorvane.", {"Quorvane"}),
    ],
)
def test_the_names_of_a_list_of_companies_are_organisations(body: str, listed: set[str]) -> None:
    assert listed <= organisations(body)


@pytest.mark.parametrize(
    "body, name",
    [
        # a sentence's first word before a comma; people; part of a longer name; a place
        ("Separately, Velmora Inc. and Halvex Pharma AG agreed on supply terms.", "Separately"),
        ("GHO managing partners Alan Mackay and Mike Morton said Velmora Inc. grows fast.", "Mike Morton"),
        ("Its investors include Velmora Inc., Bank of Tessa and Halvex Pharma AG.", "Bank"),
        ("Investors Velmora Inc., Halvex Pharma AG and Boston were named.", "Boston"),
    ],
)
def test_a_list_of_companies_makes_no_company_of_other_words(body: str, name: str) -> None:
    assert name not in organisations(body)


def test_the_investors_of_a_round_and_international_ending_a_name():
    """ "led by X", "participation from Y" name a round's investors; "International" may end a name."""
    found = organisations(
        "Quorra Therapeutics Inc. closed a $60 million Series B round led by Velquor, with participation from "
        "Orvane International and Halvera Ventures."
    )
    assert {"Velquor", "Orvane International", "Halvera Ventures"} <= found
    # "led by" a person, or outside a round of financing, names no investor
    assert "Velquor" not in organisations(
        "Quorra Therapeutics Inc. signed a lease led by Velquor, its landlord."
    )


def test_the_investors_named_before_what_they_did_in_a_round():
    """ "with A and B also taking part", "C joined the round": investors, even named like persons."""
    found = organisations(
        "Quorra Therapeutics Inc. closed a $60 million Series B round led by Velquor, with Orvane Venture and "
        "Halvera Selby also taking part. Dunmore Kessel joined the round in June."
    )
    assert {"Orvane Venture", "Halvera Selby", "Dunmore Kessel"} <= found
    # outside a round of financing, a person taking part is no investor
    assert "Halvera Selby" not in organisations(
        "Quorra Therapeutics Inc. held a meeting, with Halvera Selby also taking part."
    )


def test_a_name_with_a_head_word_then_its_branch_country():
    found = organisations(
        "Quorra Therapeutics Inc. raised $30 million from Velquor Capital China and Orvane Partners in a Series B "
        "round."
    )
    assert {"Velquor Capital China", "Orvane Partners"} <= found


@pytest.mark.parametrize(
    ("body", "found", "not_found"),
    [
        (
            "Rivals include Quorvane's zolvatinib and Tessamed's PD-1 antibody drovimab.",
            {"Quorvane", "Tessamed"},
            set(),
        ),
        # a person's, a regulator's or a place's possessive names no company
        (
            "Dr. Halden's trial of zolvatinib ended, and the FDA's approval of drovimab came in May.",
            set(),
            {"Halden"},
        ),
        ("Boston's biotech scene gave the world zolvatinib.", set(), {"Boston"}),
    ],
)
def test_a_name_whose_possessive_comes_just_before_a_product_is_a_company(body, found, not_found):
    """ "Merck's Keytruda": the company that owns a product, though nothing else in the text says it is one."""
    names = organisations(body)
    assert found <= names
    assert not names & not_found
    assert not {n for n in names if "FDA" in n}


def test_the_possessive_before_a_product_is_read_within_its_sentence():
    body = "Halvera Pharma licensed QR-101 from Quorra Therapeutics. Quorra's QR-101 is in a Phase 2 study."
    assert "Quorra Therapeutics. Quorra" not in organisations(body)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Quorvane closed a $23 million Series E led by TR One.", {"TR One"}),
        ("The round was led by Halden Morrow and Cormorel, with participation from Vessa.", {"Halden Morrow",
                                                                                              "Cormorel", "Vessa"}),
        ("Quorvane raised a Series A led by Orvane Capital, Tessel Partners, Dravix and Mornel.",
         {"Orvane Capital", "Tessel Partners", "Dravix", "Mornel"}),
    ],
)  # fmt: skip
def test_the_names_leading_a_round_are_its_investors(body, found):
    """Every name of the list after "led by" in a round is an investor, even one named like a person."""
    assert found <= organisations(body)


def test_a_list_after_a_cue_without_a_round_names_no_investors():
    assert "Mornel" not in organisations("The project was led by Halden Morrow and Mornel.")


def test_an_investor_named_after_its_country_keeps_the_country_in_its_name():
    names = organisations(
        "Korea Investment Partners and Swiss Orvane Capital invested in Quorvane's Series B round."
    )
    assert {"Korea Investment Partners", "Orvane Capital"} <= names
    assert "Investment Partners" not in names


@pytest.mark.parametrize(
    "body, name",
    [
        ("Royal DSM has won a contract to develop production processes for Halvera Pharma.", "Royal DSM"),
        ("TB Alliance has signed an agreement with Halvera Pharma.", "TB Alliance"),
    ],
)
def test_a_name_with_a_word_in_capitals_is_no_persons(body, name):
    """A person's name is capitalised words written in lower case after the first letter: "DSM" and "TB" in
    a subject make a company's name."""
    assert name in organisations(body)


def test_a_name_of_three_words_ending_in_a_company_word_may_open_with_a_common_adjective():
    found = organisations(
        "The round drew Next Lantern Ventures and Halvera Capital. Corvena Bio is being folded into First Orvane "
        "Therapeutics. Kestova Bio took money from Global Tessaline Corporation."
    )
    assert {"Next Lantern Ventures", "First Orvane Therapeutics", "Global Tessaline Corporation"} <= found


def test_a_common_adjective_opens_no_name_without_a_company_word_or_across_a_comma():
    found = organisations("Halvera Bio filed a New Drug Application. First, Kestova Bio agreed to help.")
    assert found == {"Halvera Bio", "Kestova Bio"}


def undisclosed(body: str) -> list[str]:
    """The descriptions of the parties a small announcement describes without naming them."""
    doc = annotate(read_text("Deals in brief\n\nSEOUL, May 2, 2024 -- " + body, Path("news.txt")))
    return [e.description for e in doc.entities.values() if type(e).__name__ == "Undisclosed"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            "Qorvane has signed its largest contract ever with an undisclosed U.S. pharmaceutical company.",
            ["undisclosed U.S. pharmaceutical company"],
        ),
        ("Qorvane agreed to make an antibody for a European biotech company.", ["European biotech company"]),
        # praise for a named partner, and a kind of company the sentence counts or ranks, are no parties
        ('"Halvera has been a valuable partner to us," said Qorvane\'s chief executive.', []),
        ("Qorvane called Halvera a partner in its supply agreement.", []),
        ("It is the first time a Korean company has acquired a Vietnamese drugmaker.", []),
        ("The licence is Qorvane's second alliance with a large pharmaceutical company.", []),
    ],
)
def test_a_party_described_but_not_named(body, found):
    assert undisclosed(body) == found

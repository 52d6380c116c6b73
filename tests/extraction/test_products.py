"""Products a biosimilar copies are references: a develops candidate for them says so (the copier does not
develop the original)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.annotate.products import Product
from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import candidates
from loaders.text import read_text
from tests.extraction.extracting import marked, record


def products_in(sentence: str) -> set[str]:
    """The names of the products found in one sentence of a news item."""
    doc = annotate(read_text("News\n\n" + sentence, Path("news.txt")))
    return {e.name for e in doc.entities.values() if isinstance(e, Product)}


def test_the_product_a_biosimilar_copies_is_a_reference():
    text = (
        "News\n\nBio-Thera licensed BAT2206, a proposed biosimilar to Stelara (ustekinumab), to Hikma. "
        "Quorra's Humira (adalimumab) biosimilar QR-101 follows; BAT2206 is in Phase 3."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    marked = {c.object for c in candidates(doc) if c.relation == "develops" and "o:reference" in c.features}
    assert marked == {"p:stelara", "p:humira"}


def test_a_product_a_biosimilar_references_is_not_its_makers():
    """ "which references Prolia", "referencing Stelara": the copied product belongs to someone else."""
    text = (
        "Halvera licenses biosimilar HVB-204 to Corvane\n\nBASEL, Switzerland, March 3, 2025 -- Halvera "
        "Biologics AG today announced an exclusive license agreement with Corvane Pharma GmbH for HVB-204, its "
        "proposed biosimilar referencing Stelara (ustekinumab), in Europe. Halvera's HVB-310, which references "
        "Prolia, is in a Phase 1 study."
    )
    references = marked(text, "develops", "o:reference")
    assert {o for s, o in references if s == "Halvera Biologics"} == {"Stelara", "Prolia"}
    found = record(text)
    names = {e["id"]: e.get("name") for e in found["entities"]}
    develops = {(names[s], names[o]) for s, p, o in found["facts"] if p == "develops"}
    assert ("Halvera Biologics", "HVB-204") in develops
    assert not {o for _, o in develops} & {"Stelara", "Prolia"}


def test_a_drug_the_text_calls_one_is_a_product_though_no_inn_stem_ends_it():
    found = record(
        "Quorra licenses velsarin to Halvera\n\nTOKYO, May 2, 2024 -- Quorra Therapeutics has granted Halvera Pharma "
        "an exclusive licence to develop and commercialize velsarin in Japan. Halvera will pay $20 million "
        "upfront for its investigational drug velsarin, which works through a new mechanism."
    )
    names = {e["id"]: e["name"] for e in found["entities"]}
    assert {names[o] for s, p, o in found["facts"] if p == "develops"} == {"velsarin"}
    assert "through" not in names.values()


# what kind of medicine a name is, said right before it or after a comma; code names of three letters or more
# and two or three digits; INNs with two letters before a long stem. The whole set of products is compared.
@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        (
            "Under the deal Halvera gains the antacid Pelmor, the pain reliever Tivrax and the cold remedy "
            "Quenzol, all sold in Mexico.",
            {"Pelmor", "Tivrax", "Quenzol"},
        ),
        (
            "The plant packs the cough syrups Dravix and Solmet and the stimulant capsule Norvane XR.",
            {"Dravix", "Solmet", "Norvane XR"},
        ),
        ("Halvera owns the malt drink Vitamalt and the talcum powder Dermoglo.", {"Vitamalt", "Dermoglo"}),
        (
            "The brands include the decongestant Nazolin, the antiseptic Cutavex, the muscle relaxant Mioflex, "
            "the contraceptives Lunara and Vessa, the sleep aid Dormal and the hormone Pelvatin.",
            {"Nazolin", "Cutavex", "Mioflex", "Lunara", "Vessa", "Dormal", "Pelvatin"},
        ),
        ("Quorra will co-promote the asthma inhaler Respira Duohaler in Japan.", {"Respira Duohaler"}),
        (
            "The acquisition brings the buyer Pelcor, a leukemia treatment already on the market, and "
            "Ostrava, its stem cell therapy for heart failure.",
            {"Pelcor", "Ostrava"},
        ),
        ("Nimbra says its drug can beat Talvexa, the psoriasis pill from Quorra.", {"Talvexa"}),
        (
            "Quorra's lead candidate is QRB 531, an oral kinase inhibitor, and Halvera is developing HLV33 "
            "and HLV16.",
            {"QRB 531", "HLV33", "HLV16"},
        ),
        ("Halvera out-licensed its bladder drug vibegron to Quorra.", {"vibegron"}),
        # an INN written with a capital, not a company whose name ends like one
        (
            "Two biosimilars, Pegfilgrastim and Adalimumab, entered Phase 3; Halvera takes an option on "
            "Quorracept's candidate and signed with Velmab Therapeutics.",
            {"Pegfilgrastim", "Adalimumab"},
        ),
        (
            "Halvera sells its cold sore products under the names Vectra, Penzo and Fenlo, and traded under the "
            "name Halvera Biopharma Inc. until 2019.",
            {"Vectra", "Penzo", "Fenlo"},
        ),
        (
            "Quorra licensed quorgliatin to Halvera, which also tests halvacopan and velpladib.",
            {"quorgliatin", "halvacopan", "velpladib"},
        ),
        # codes ending in a capital, opening with a digit or with letters that alone name something else
        (
            "Quorra holds QRB-383B and QR012F, Halvera licensed 2MW7141 and PRX321, and PR004 and CDX-005 are in "
            "the clinic, unlike the KRAS T790M and BRAFV600E targets or the DPP-4 class.",
            {"QRB-383B", "QR012F", "2MW7141", "PRX321", "PR004", "CDX-005"},
        ),
        # seven or eight digits, or letters, a space and up to seven digits
        (
            "Quorra licensed QRK0010718C and QF-06649751 to Halvera, which also develops QRF 16536, QRB 1905254 "
            "and QB 882370, though not the ISO 13485 audit, the FY 2024 plan or trial NCT05150691.",
            {"QRK0010718C", "QF-06649751", "QRF 16536", "QRB 1905254", "QB 882370"},
        ),
        # not names of medicines
        (
            "Today, the company's lead therapy entered Phase 3. Boston, a hub for cell therapy, hosts the "
            "plant. Jane Smith, a vaccine researcher, joined Quorra, a vaccine maker.",
            set(),
        ),
        (
            "Shares rose on the FTSE 100 and STOXX 600 after the MUC16 and GPR75 data; HEK293 cells and an "
            "ISO 9001 audit.",
            set(),
        ),
        (
            "Halvera will move its sterile injectables, Tomasson said, to the new units. Production begins at "
            "K House, Halvera's vaccine plant in Andong.",
            set(),
        ),
        ("Quorra sells its Dunmore-Eastgate fill-finish plant to Halvera.", set()),
        # one name in apposition after a product noun, closed by a comma or a stop; not a name a verb follows
        (
            "Quorra's lead candidate, QRV-ALLO7, is in Phase 1. Halvera's second-generation vaccine candidate, "
            "HlvCoV, entered a trial. Its own pipeline includes the antibody, Tovamab.",
            {"QRV-ALLO7", "HlvCoV", "Tovamab"},
        ),
        # the last of a list of products, said nowhere else, is a product, not a company by its context
        (
            "Quorra Therapeutics acquired the rights to QRV-101, HLV-220 and Zetovra, medicines used in asthma, "
            "from Halvera.",
            {"QRV-101", "HLV-220", "Zetovra"},
        ),
        # (a name with a dot inside is one code name, not cut short at it: no "Ad26")
        ("Halvera's investigational vaccine, Ad26.HLV-S, is made in Leiden.", {"Ad26.HLV-S"}),
        ("Because vaccine processes are complex, testing matters. The cells secrete IL-7 and CCL19.", set()),
        # targets and kinds of medicine named before the medicine, or a code a text targets
        (
            "Quorra licensed Halvera's EZH2 inhibitor Tazvora and its ROCK2 inhibitor velumosudil; Halvera's "
            "CAR-T programs and antibodies directed against TIM-3 and LAG-3 stay with it.",
            {"Tazvora", "velumosudil"},
        ),
        (
            "The J&J vaccine was used; Quorra's QRB-301 and Halvera's HLV-2 entered trials.",
            {"QRB-301", "HLV-2"},
        ),
        ("Quorra sold global rights to COPD inhalers Pelmor and Tivrax to Halvera.", {"Pelmor", "Tivrax"}),
        (
            "Baik said vaccine demand rose; the Johnson & Johnson COVID-19 vaccine and the EU vaccine plan; "
            "Halvera bought ADC Biotechnology; Quorra's Head of Research and Quorra's Americas supply region; "
            "11 candidate CROs answered.",
            set(),
        ),
        ("The Quorra COVID-19 Vaccine was shipped.", {"Quorra COVID-19 Vaccine"}),
        (
            "Quorra Kasei Corporation made an offer; the board pointed to the medicines Quorra Kasei already "
            "sells.\n\nBurlington, Mass.-based Halvera's "
            "lead investigational candidate is HLV-531.",
            {"HLV-531"},
        ),
    ],
)
def test_names_said_to_be_medicines_are_products(sentence: str, products: set[str]) -> None:
    assert products_in(sentence) == products


def test_the_names_a_drug_is_sold_as_are_its_aliases() -> None:
    doc = annotate(
        read_text(
            "News\n\nQuorra cut its outlook on slower growth for quorglutide, which it sells as Quorva for "
            "obesity and as Glutra and Glutra Oral for diabetes, while Halvera's halvatinib, marketed as "
            "HALVEX, gains ground.",
            Path("news.txt"),
        )
    )
    found = {e.name: e.aliases for e in doc.entities.values() if isinstance(e, Product)}
    assert found == {"quorglutide": {"Quorva", "Glutra", "Glutra Oral"}, "halvatinib": {"HALVEX"}}


# one product named two ways in one release is one product, its other names aliases: a code, an INN or a
# brand in brackets, "formerly"/"now called"/"also known as", "whose active ingredient is", "sold under the
# brand name", an INN with its salt or its US suffix; two products side by side stay two
@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        (
            "Quorra will run a Phase 3 trial of its drug Quorvexa (QRV-202) in diabetic neuropathy.",
            {"Quorvexa": {"QRV-202"}},
        ),
        (
            "Halvera signed a licence for halvadustat (formerly HLV-6548), its oral therapy for anaemia.",
            {"halvadustat": {"HLV-6548"}},
        ),
        (
            "Quorra licensed QRB-313, now called MK-4711, to Halvera; Halvera also holds MK-4711's "
            "sister compound HLV-909, an antibody previously called QRB-909.",
            {"QRB-313": {"MK-4711"}, "HLV-909": {"QRB-909"}},
        ),
        (
            "Halvera buys rights to Quorra's Pelmora, whose active ingredient is pelmoxetine, and to Quorra's "
            "Tivrax.",
            {"Pelmora": {"pelmoxetine"}, "Tivrax": set()},
        ),
        (
            "Quorra's drug Zentrolis, which will be sold in the US under the brand name Zenvara, was approved.",
            {"Zentrolis": {"Zenvara"}},
        ),
        (
            "Halvera licensed the PD-1 antibody halvolimab (HLV001, Halvio) from Quorra.",
            {"halvolimab": {"HLV001", "Halvio"}},
        ),
        (
            "Quorra makes quorvastatin, the active ingredient of Halvera's cholesterol drug Lipvora, and "
            "quorvastatin calcium tablets. Quorra's QUORVEX (quorvimab-bxyz) was approved; quorvimab is an "
            "antibody.",
            {"quorvastatin": {"Lipvora"}, "quorvimab": {"QUORVEX", "quorvimab-bxyz"}},
        ),
        (
            "Halvera's Pelvexa® (pelmivimab) is sold in Europe; Quorra's QRB-118 and HLV-220 are in trials.",
            {"Pelvexa": {"pelmivimab"}, "QRB-118": set(), "HLV-220": set()},
        ),
        # renamed by its licensee, sold under a brand name, two codes of one compound
        (
            "Quorra licensed QRB-118 to Halvera. The antibody is in a Phase 1 study; Halvera will refer to the "
            "antibody as HLV-220.",
            {"QRB-118": {"HLV-220"}},
        ),
        (
            "Quorvatinib went on sale in April under the brand name QUORVEX.",
            {"Quorvatinib": {"QUORVEX"}},
        ),
        (
            "Quorra will develop QRB-118 in Asia. QRB-118/HLV-220 is in a Phase 1/2a study.",
            {"QRB-118": {"HLV-220"}},
        ),
        # a brand with an ingredient the drug table lists, though no INN stem ends it
        (
            "Quorra's pain portfolio rests on Quorvex (buprenorphine) and Halvadol (carbamazepine).",
            {"Quorvex": {"buprenorphine"}, "Halvadol": {"carbamazepine"}},
        ),
    ],
)
def test_names_a_release_gives_one_product_are_one_product(sentence: str, products: dict[str, set[str]]):
    doc = annotate(read_text("News\n\n" + sentence, Path("news.txt")))
    found = {e.name: e.aliases for e in doc.entities.values() if isinstance(e, Product)}
    assert found == products


def test_products_listed_after_a_sentence_about_a_companys_products_are_candidates_of_that_company():
    found = marked(
        "Halvera buys brands\n\nSAO PAULO, May 2, 2021 -- Halvera Pharma has agreed to acquire a portfolio of "
        "12 Quorra Therapeutics products in Latin America. That portfolio includes the painkiller Dolvex and "
        "the diabetes drug Glymera.",
        "develops",
        "xsent:owner_np",
    )
    assert found == {("Quorra Therapeutics", "Dolvex"), ("Quorra Therapeutics", "Glymera")}


@pytest.mark.parametrize(
    ("second", "feature"),
    [
        ("The candidates are QRB-101, a bispecific antibody, and QRB-202.", "xsent:prev_from"),
        ("The lead asset is QRB-101, an oral kinase inhibitor.", "xsent:prev_from"),
    ],
)
def test_products_of_a_sentence_naming_no_company_are_candidates_of_the_companies_named_before(
    second: str, feature: str
):
    found = marked(
        "Halvera licenses antibodies\n\nHalvera Pharma signed an agreement to in-license the China rights "
        "to two antibodies from Quorra Therapeutics. " + second,
        "develops",
        feature,
    )
    assert ("Quorra Therapeutics", "QRB-101") in found
    assert ("Halvera Pharma", "QRB-101") not in found  # the licensee is named otherwise ("other")


@pytest.mark.parametrize(
    "intro",
    [
        "The three clinical-stage compounds are:",  # a heading naming no company
        "Each of them has completed Phase 1 testing:",
        "",  # the list right after the sentence naming the companies
    ],
)
def test_products_a_list_opens_with_are_candidates_of_the_companies_named_before_it(intro: str):
    found = marked(
        "Orrin licenses programs from Kestova\n\nBOSTON, June 3, 2024 -- Orrin Therapeutics has taken an "
        "exclusive worldwide licence to five early psychiatry programs of Kestova Pharma.\n\n"
        + (intro + "\n\n" if intro else "")
        + "- KST-210, an oral inhibitor of GlyT1, is in Phase 2 for schizophrenia;\n"
        "- KST-455 (velgorant), a receptor modulator, is ready for Phase 2, unlike Halvera's Zentrol;\n"
        "- KST-301, for depression, finished Phase 1.\n\nOrrin will pay $40 million upfront.",
        "develops",
        "xsent:list_item",
    )
    assert found == {
        (org, product)
        for org in ("Orrin Therapeutics", "Kestova Pharma")
        for product in ("KST-210", "KST-455", "KST-301")
    }


@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        # brands a published drug table lists, though nothing around them says they are medicines
        ("Quorra will co-promote Januvia and XTANDI in Brazil.", {"Januvia", "XTANDI"}),
        ("Halvera's revenue from Gemzar grew 4% in the quarter.", {"Gemzar"}),
        # a trial called one once and then known by its results is no product; a product's data keep it one
        (
            "Quorra's QR-101 is studied in VERA-201, a Phase 2b trial. Top-line data from VERA-201 are due in "
            "2026; after the VERA-201 results are available, Quorra may start a Phase 3 study. HLV-531 data "
            "were strong, and HLV-531 will enter Phase 2.",
            {"QR-101", "HLV-531"},
        ),
        # a word the text also writes in lower case is no brand, though the table lists it
        ("Generics rose 4%; generics makers in Brazil compete on price.", set()),
    ],
)
def test_brands_a_drug_table_lists_are_products(sentence: str, products: set[str]) -> None:
    assert products_in(sentence) == products


@pytest.mark.parametrize(
    "word",
    "rimegepant roflumilast cenicriviroc desloratadine orforglipron jankistomig raludotatug mavacamten "
    "omecamtiv ensitrelvir xeruborbactam daridorexant finerenone modafinil selinexor trabectedin pitolisant "
    "voclosporin macitentan pentoxifylline travoprost tapentadol ropivacaine terlipressin pemetrexed ezetimibe "
    "lorcaserin emricasan pegcetacoplan metreleptin bilastine deflazacort isavuconazole".split(),
)
def test_an_inn_of_a_stem_the_who_lists_is_a_drug(word: str) -> None:
    """WHO stems ("-gepant" CGRP antagonists, "-milast" PDE4 inhibitors, "-mig"/"-tug" antibodies of the 2021
    scheme, "-bactam", "-orexant", "-renone" ...): the lower-case name in a sentence is a product."""
    doc = annotate(
        read_text(f"News\n\nHalvera Bio licensed {word} to Corvane Pharma in Japan.\n", Path("a.txt"))
    )
    assert word in {doc.text[s.start : s.end] for s in doc.spans("PRODUCT")}


@pytest.mark.parametrize("word", ["cephalosporin", "elixir", "escort"])
def test_a_class_or_a_word_ending_like_a_stem_is_no_drug(word: str) -> None:
    doc = annotate(
        read_text(f"News\n\nHalvera Bio makes {word} products for Corvane Pharma.\n", Path("a.txt"))
    )
    assert word not in {doc.text[s.start : s.end] for s in doc.spans("PRODUCT")}


@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        ("Halvera will earn from four marketed products now sold by Quorra Bio: Tessolin, Virmax and Dolcera.",
         {"Tessolin", "Virmax", "Dolcera"}),
        ("Quorra Bio buys Halvera's brands in pain care and nutrition, among them Calvix, Nutrelle and Dormax.",
         {"Calvix", "Nutrelle", "Dormax"}),
        # one name after the words is no list: a person or a place may stand there
        ("Halvera sells the products made by Quorra Bio: Tessolin alone.", set()),
    ],
)  # fmt: skip
def test_a_list_a_colon_or_among_them_opens_a_few_words_after_a_product_noun(sentence, products) -> None:
    assert products_in(sentence) == products


@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        ("Quorra Bio buys 40 brands from Halvera, including Tessolin, Virmax and the digestive enzyme Dolcera.",
         {"Tessolin", "Virmax", "Dolcera"}),
        ("Quorra Bio also takes two drugs: the appetite stimulant Calvix and the anti-epileptic Nutrelle.",
         {"Calvix", "Nutrelle"}),
        ("Halvera's products include the ACE inhibitor Dormax and the iron supplement Ferrovel-H.",
         {"Dormax", "Ferrovel-H"}),
        # what the words say is a company or a place is no product's description
        ("Halvera sells its products, among them Tessolin, and the drugmaker Quorra Bio.", {"Tessolin"}),
    ],
)  # fmt: skip
def test_a_list_item_may_say_what_the_product_is_before_its_name(sentence, products) -> None:
    assert products_in(sentence) == products


@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        ("Halvera licensed its vaccine NVX-CoR4410 and Ad31.ZEKA.S to Quorra Bio.", {"NVX-CoR4410", "Ad31.ZEKA.S"}),
        ("Quorra Bio will make LCAR-Q55M and P-CD22CD19-ALLO3 for Halvera.", {"LCAR-Q55M", "P-CD22CD19-ALLO3"}),
        # a trial, what a drug is aimed at, a part in lower case, a range, a version and gene editing are no codes
        ("The KEYNOTE-4410 trial tests Halvera's anti-CD19 drug in FLT3-mutant and NTRK1-3 tumours.", set()),
        ("Quorra Bio uses CRISPR-Cas9 against the GII.4 strain.", set()),
    ],
)  # fmt: skip
def test_a_code_name_of_parts_joined_by_hyphens_or_dots_is_a_product(sentence, products) -> None:
    assert products_in(sentence) == products


@pytest.mark.parametrize("amount", ["RM55.27 million", "AED110 million", "PKR 1234567"])
def test_a_sum_in_a_currency_code_is_no_code_name(amount: str) -> None:
    doc = annotate(
        read_text(f"Results\n\nHalvera Pharma closed the year with net profit of {amount}.\n", Path("a.txt"))
    )
    assert [e.name for e in doc.entities.values() if isinstance(e, Product)] == []


@pytest.mark.parametrize(
    ("sentence", "products"),
    [
        ("Quorra Bio sells the antidepressants Velmora and Velmora XR in Europe.", {"Velmora", "Velmora XR"}),
        ("Halvera makes the vaccines Pneuvax 13 and Pneuvax 20 for Quorra Bio.", {"Pneuvax 13", "Pneuvax 20"}),
        # a dose or a count after the name is no other product
        ("Quorra Bio sells the antidepressant Velmora 40 mg tablets.", {"Velmora"}),
        ("Quorra Bio has sold the antidepressant Velmora for 12 years.", {"Velmora"}),
    ],
)  # fmt: skip
def test_a_brand_with_its_form_or_strength_after_it_is_a_product_of_its_own(sentence, products) -> None:
    assert products_in(sentence) == products


def test_a_develops_candidate_says_how_its_product_is_written():
    """A code name, an INN (or a description) in lower case, and a capitalised brand name owners differently
    often: the classifier weighs the shape (``o:shape:code``, ``o:shape:lower``, ``o:shape:cap``)."""
    body = (
        "Qorvane Biologics develops QRV-118, an antibody for asthma. Qorvane Biologics also sells Relvaxa "
        "(pembrolizumab) in Europe."
    )
    doc = annotate(read_text("Deals in brief\n\nPARIS, May 2, 2024 -- " + body, Path("news.txt")))
    shapes = {
        doc.entities[c.object].name: {f for f in c.features if f.startswith("o:shape:")}
        for c in candidates(doc)
        if c.relation == "develops"
    }
    assert shapes["QRV-118"] == {"o:shape:code"}
    assert shapes["Relvaxa"] == {"o:shape:cap"}

"""Who buys whom: the buyer is the party named before the buying verb, unless two parties are named
together there ("A and B sign merger agreement"), which names neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate, scored_candidates
from loaders.extraction.relations.deals import Deal, equal_parties
from loaders.text import read_text
from tests.extraction.extracting import marked


def acquisitions(text: str) -> list[tuple[str | None, str | None]]:
    doc = annotate(read_text(text, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return [
        (names.get(d.client or ""), names.get(d.target or ""))
        for d in scored_candidates(doc).deals
        if d.type == "acquisition"
    ]


def test_two_parties_named_together_before_the_verb_name_no_buyer():
    text = (
        "Halvera Bio and Corvena Therapeutics sign merger agreement\n\n"
        "Halvera Bio and Corvena Therapeutics said today that they have signed a definitive agreement under "
        "which Halvera Bio will take over Corvena Therapeutics for $14 a share in cash."
    )
    assert acquisitions(text) == [("Halvera Bio", "Corvena Therapeutics")]


def agreements(text: str) -> list[tuple[str, str | None, str | None]]:
    """(type, provider, client) of every agreement extracted, by name."""
    from loaders.extraction import extract

    record = extract(read_text(text, Path("news.txt"))).to_record()
    names = {e["id"]: e["name"] for e in record["entities"]}
    return [
        (a["type"], names.get(a.get("provider")), names.get(a.get("client"))) for a in record["agreements"]
    ]


@pytest.mark.parametrize(
    "text, first, beside",
    [
        # a plant bought, the seller's medicines made there by the buyer: a manufacturing deal too
        ("Halvera Bio buys Corvena Pharma's Ashford plant\n\nHalvera Bio has agreed to acquire Corvena Pharma's "
         "manufacturing plant in Ashford, Kent. After the deal closes, Halvera Bio will continue to manufacture "
         "Corvena Pharma's marketed tablets at the plant.",
         ("acquisition", "Corvena Pharma", "Halvera Bio"), ("manufacturing", "Halvera Bio", "Corvena Pharma")),
        # shares bought with a licence: an investment beside it
        ("Tessaline licenses its antibody to Quorra\n\nTessaline Biotherapeutics granted Quorra Pharma exclusive "
         "rights to develop and sell its antibody in China. Quorra Pharma will pay $20 million upfront and will "
         "make a $15 million equity investment in Tessaline Biotherapeutics.",
         ("licensing", "Tessaline Biotherapeutics", "Quorra Pharma"),
         ("investment", "Tessaline Biotherapeutics", "Quorra Pharma")),
        # a stake taken with a licence, no figure given: an investment in the company whose stake it is
        ("Tessaline licenses its antibody to Quorra\n\nTessaline Biotherapeutics granted Quorra Pharma exclusive "
         "rights to develop and sell its antibody in China. In return Tessaline Biotherapeutics receives a 12% "
         "equity stake in Quorra Pharma and a seat on its board.",
         ("licensing", "Tessaline Biotherapeutics", "Quorra Pharma"),
         ("investment", "Quorra Pharma", "Tessaline Biotherapeutics")),
        # shares bought beside a collaboration (no provider or client): the company whose shares they are
        ("Quorra and Tessaline team up on bispecifics\n\nQuorra Pharma and Tessaline Biotherapeutics formed a "
         "global research collaboration on bispecific antibodies. Quorra Pharma will pay $120 million upfront "
         "and buy $80 million of Tessaline Biotherapeutics shares.",
         ("research", None, None), ("investment", "Tessaline Biotherapeutics", "Quorra Pharma")),
        # the seller outsources its production to the buyer, in a later paragraph, by a short form of its name
        ("Corvena sells Ashford plant to Grupo Halvera\n\nCorvena Pharma has agreed to sell its manufacturing "
         "plant in Ashford, Kent, to Grupo Halvera.\n\nThe plant employs 300 people.\n\nCorvena Pharma will also "
         "outsource the production of other medicines to Halvera, which will keep making them at Ashford.",
         ("acquisition", "Corvena Pharma", "Grupo Halvera"), ("manufacturing", "Grupo Halvera", "Corvena Pharma")),
        # who reports the sentence is not who makes the medicines
        ("Halvera Bio buys Corvena Pharma's Ashford plant\n\nHalvera Bio has agreed to acquire Corvena Pharma's "
         "manufacturing plant in Ashford, Kent. Corvena said Halvera Bio will go on producing certain products "
         "for Corvena Pharma at the plant.",
         ("acquisition", "Corvena Pharma", "Halvera Bio"), ("manufacturing", "Halvera Bio", "Corvena Pharma")),
        # sites handed over (no one site bought), the buyer's services to the seller said after them
        ("Halvera Bio buys three Corvena plants\n\nCorvena Pharma has agreed to sell three of its "
         "manufacturing sites, in Ashford, Leeds and Hull, to Halvera Bio. Under the deal, Halvera Bio will "
         "provide long-term manufacturing and supply services to Corvena Pharma from the sites.",
         ("acquisition", "Corvena Pharma", "Halvera Bio"), ("manufacturing", "Halvera Bio", "Corvena Pharma")),
        # a portfolio of brands bought, which the seller goes on supplying: a supply deal beside it
        ("Halvera Bio buys 18 brands from Corvena Pharma\n\nHalvera Bio has agreed to acquire a portfolio of 18 "
         "Corvena Pharma brands in Latin America for $825 million. The two companies will sign a supply "
         "agreement under which Corvena Pharma will keep supplying the products to Halvera Bio.",
         ("acquisition", "Corvena Pharma", "Halvera Bio"), ("supply", "Corvena Pharma", "Halvera Bio")),
    ],
)  # fmt: skip
def test_a_deal_stated_beside_another_of_the_same_parties(text, first, beside):
    found = agreements(text)
    assert first in found and beside in found


def test_a_stake_in_a_third_company_is_no_investment_beside_a_licence():
    found = agreements(
        "Tessaline licenses its antibody to Quorra\n\nTessaline Biotherapeutics granted Quorra Pharma "
        "exclusive rights to develop and sell its antibody in China. Quorra Pharma will pay $20 million upfront. "
        "Separately, Corvena Pharma said it holds a stake in Quorra Pharma."
    )
    assert ("investment", "Quorra Pharma", "Tessaline Biotherapeutics") not in found


def test_the_sellers_medicines_made_by_the_buyer_are_commercial():
    from loaders.extraction import extract

    text = (
        "Halvera Bio buys Corvena Pharma's Ashford plant\n\nHalvera Bio has agreed to acquire Corvena Pharma's "
        "manufacturing plant in Ashford, Kent. Halvera Bio will keep making Corvena Pharma products there."
    )
    record = extract(read_text(text, Path("news.txt"))).to_record()
    assert [a["stage"] for a in record["agreements"] if a["type"] == "manufacturing"] == [["commercial"]]


def test_making_a_clients_product_is_contract_manufacturing():
    from loaders.extraction import extract

    text = (
        "Quorra Pharma taps Halvera Biologics to make its antibody\n\n"
        "Halvera Biologics, a South Korean CDMO, will manufacture Quorra Pharma's antibody QP-101 for the "
        "Phase 3 trial at its plant in Songdo under a contract running to 2030."
    )
    record = extract(read_text(text, Path("news.txt"))).to_record()
    assert [(a["type"], a["service"]) for a in record["agreements"]] == [("manufacturing", "CMO")]


def test_the_name_before_a_noun_of_buying_is_what_is_bought():
    text = (
        "Deals in brief\n\nHalvera Bio completes Corvena Therapeutics purchase. Halvera Bio paid $425 million "
        "for Corvena Therapeutics."
    )
    assert acquisitions(text) == [("Halvera Bio", "Corvena Therapeutics")]


@pytest.mark.parametrize(
    "sold",
    [
        "its manufacturing site in Poznań, Poland,",
        # what is sold may be long: brands with their generic names, and a plant beside them
        "its two anticoagulant brands, Trombexa (fondarinib sodium) and Clotvira (nadrovarin calcium), together "
        "with the Sainte-Colline manufacturing site in Poznań, Poland,",
    ],
)
def test_a_company_that_is_selling_is_the_seller(sold: str):
    text = (
        f"Deals in brief\n\nCorvena Pharma is selling {sold} to Halvera Bio, a French contract manufacturer, the "
        "two companies said."
    )
    record = extract_record(text)
    names = {e["id"]: e["name"] for e in record["entities"]}
    facts = {(names.get(s, s), p, names.get(o, o)) for s, p, o in record["facts"]}
    assert ("Halvera Bio", "contracts_with", "Corvena Pharma") in facts or (
        "Corvena Pharma",
        "contracts_with",
        "Halvera Bio",
    ) in facts
    assert not any(p == "acquires" and o == "Corvena Pharma" for _, p, o in facts)


def extract_record(text: str) -> dict:
    from loaders.extraction import extract

    return extract(read_text(text, Path("news.txt"))).to_record()


def test_an_option_to_acquire_is_seen_by_the_acquires_candidate():
    from loaders.extraction.engine import annotate as annotated
    from loaders.extraction.relations.candidates import candidates

    text = "Deals in brief\n\nHalvera Bio gained an exclusive option to acquire Corvena Therapeutics for $250 million."
    doc = annotated(read_text(text, Path("news.txt")))
    features = {f for c in candidates(doc) if c.relation == "acquires" for f in c.features}
    assert any("option." in f for f in features)


def _types(text: str) -> list[str]:
    doc = annotate(read_text(text, Path("news.txt")))
    return [d.type or "" for d in scored_candidates(doc).deals]


def test_a_minority_stake_bought_is_an_investment_and_a_majority_one_an_acquisition():
    minority = (
        "Halvera buys minority stake in Corvena Therapeutics\n\n"
        "BOSTON, March 3, 2025 -- Halvera Pharma said today it has bought a minority stake in Corvena "
        "Therapeutics, a Boston-based gene therapy developer, for $40 million."
    )
    majority = minority.replace("minority", "majority")
    assert _types(minority) == ["investment"]
    assert _types(majority) == ["acquisition"]


def test_a_headline_of_several_deals_is_only_the_context_of_each():
    from loaders.extraction.relations.deals import type_features

    text = (
        "Deals roundup: Halvera takes rights to HV-101 from Quorra, Tessaline buys Corvena Therapeutics\n\n"
        "Halvera Pharma has licensed HV-101 from Quorra Biologics for $20 million upfront. In a separate deal, "
        "Tessaline Bio agreed to acquire Corvena Therapeutics for $300 million."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    orgs = {k: e for k, e in doc.entities.items() if hasattr(e, "forms")}
    licence = next(d for d in scored_candidates(doc).deals if "halvera pharma" in d.parties)
    features = type_features(doc, licence, orgs)
    assert not any(f.startswith(("s:acq.", "f:acq.")) for f in features)
    assert "c:acq.verb" in features


def test_a_company_named_before_the_plant_bought_is_its_seller_not_what_is_bought():
    found = marked(
        "Halvera grows\n\nPARIS, May 2, 2019 -- Halvera Pharma, the French CDMO, bought a Pfizer sterile drug "
        "facility in Liscate, Italy, in August 2017 and took over Quorra Therapeutics in 2018.",
        "acquires",
        "o:site_owner",
    )
    assert ("Halvera Pharma", "Pfizer") in found
    assert {obj for _, obj in found} == {"Pfizer"}  # not Quorra Therapeutics, bought as a company


class _Typed:
    """A type classifier that gives every deal one type (the roles are what is tested)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def classify(self, features: dict[str, float], exclude: tuple[str, ...] = ()) -> str | None:
        return self.kind


@pytest.mark.parametrize("kind", ["distribution", "commercialization", "licensing"])
def test_who_sells_under_anothers_rights_is_the_client(kind):
    from loaders.extraction.annotate.orgs import Org
    from loaders.extraction.relations.deals import build_deals

    doc = annotate(
        read_text(
            "Quorra Therapeutics picks Halvera Pharma to distribute Velzora in Japan\n\nTOKYO, March 2, 2017 -- "
            "Quorra Therapeutics has signed an exclusive agreement under which Halvera Pharma will distribute "
            "Velzora, its treatment for pulmonary hypertension, in Japan.",
            Path("news.txt"),
        )
    )
    key = {e.name: k for k, e in doc.entities.items() if isinstance(e, Org)}
    stated = [i for i, sent in enumerate(doc.sentences) if "will distribute" in sent.text]
    deals = build_deals(doc, [(key["Quorra Therapeutics"], key["Halvera Pharma"], stated)], _Typed(kind))
    names = {k: n for n, k in key.items()}
    assert [(d.type, names[d.provider], names[d.client]) for d in deals] == [
        (kind, "Quorra Therapeutics", "Halvera Pharma")
    ]


def test_three_companies_listed_as_one_side_make_one_deal_of_three():
    doc = annotate(
        read_text(
            "Three groups form a drug discovery venture\n\nTOKYO, April 22, 2024 -- Quorra Pharma Inc., "
            "Tessaline Biotherapeutics Ltd. and Halvera Bank Corporation said on Monday that they signed a master "
            "agreement to create a joint venture company. Quorra Pharma will also license its screening platform "
            "to Corvena Bio.",
            Path("news.txt"),
        )
    )
    keys = {doc.entities[k].name: k for k in doc.entities}
    q, t, h, c = (
        keys[n] for n in ("Quorra Pharma", "Tessaline Biotherapeutics", "Halvera Bank", "Corvena Bio")
    )
    pairs = [
        Deal([q, t], [1], "collaboration"),
        Deal([t, h], [1], "research"),
        Deal([q, h], [1], "collaboration"),
    ]
    licence = Deal([q, c], [2], "licensing", provider=q, client=c)
    for found in (pairs, pairs[:2]):  # two pairs of the three are deals, or all three
        (whole, other) = equal_parties(doc, [*found, licence])
        assert sorted(whole.parties) == sorted([q, t, h]) and whole.type == "collaboration"
        assert other is licence
    # pairs named apart, not in one list, stay pairs
    apart = [Deal([q, t], [2], "collaboration"), Deal([q, c], [2], "collaboration")]
    assert equal_parties(doc, apart) == apart


@pytest.mark.parametrize(
    "sentence",
    [
        "Quorra Pharma Ltd. said it has entered into a joint venture agreement with two regional companies, "
        "Velquor Biotherapeutics Ltd. and Orvane Holdings LLC, to make insulin in Egypt.",
        "Quorra Pharma Ltd. formed a European consortium with Munich-based Velquor Biotherapeutics GmbH and "
        "Brussels-based Orvane Holdings SA to speed up production of its vaccine.",
    ],
)
def test_a_venture_formed_with_two_others_is_one_deal_of_three(sentence):
    doc = annotate(read_text("Company news\n\nCAIRO, Egypt, May 7, 2019 -- " + sentence, Path("news.txt")))
    keys = {doc.entities[k].name: k for k in doc.entities}
    q, t, h = (keys[n] for n in ("Quorra Pharma", "Velquor Biotherapeutics", "Orvane Holdings"))
    i = next(n for n, s in enumerate(doc.sentences) if "Quorra" in s.text and s.section == "body")
    (whole,) = equal_parties(doc, [Deal([q, t], [i], "collaboration"), Deal([q, h], [i], "collaboration")])
    assert sorted(whole.parties) == sorted([q, t, h])
    # a deal of two kinds with each, or with two companies one after the other, stays two deals
    plain = "Quorra Pharma Ltd. signed supply agreements with Velquor Biotherapeutics Ltd. and Orvane Holdings LLC."
    doc = annotate(read_text("Company news\n\nCAIRO, Egypt, May 7, 2019 -- " + plain, Path("news.txt")))
    keys = {doc.entities[k].name: k for k in doc.entities}
    q, t, h = (keys[n] for n in ("Quorra Pharma", "Velquor Biotherapeutics", "Orvane Holdings"))
    i = next(n for n, s in enumerate(doc.sentences) if "Quorra" in s.text and s.section == "body")
    apart = [Deal([q, t], [i], "supply"), Deal([q, h], [i], "supply")]
    assert equal_parties(doc, apart) == apart


@pytest.mark.parametrize(
    "text",
    [
        "Halvera Bio buys rights to Corvena's eye drug\n\nHalvera Bio has signed a definitive agreement with "
        "Corvena Pharma to acquire the worldwide rights to Oculyx, its eye drug, for $90 million.",
        "Halvera Bio adds brands\n\nHalvera Bio has signed an agreement with Corvena Pharma to acquire a "
        "portfolio of allergy brands for $40 million.",
    ],
)
def test_a_part_of_a_company_bought_makes_the_other_party_its_seller(text):
    """The buying verb takes rights, brands or a business: the company itself is not what is bought."""
    assert acquisitions(text) == [("Halvera Bio", None)]


def test_a_licensee_of_rights_to_develop_differs_from_one_that_only_sells():
    """FORMAT: a licensee that takes rights to develop a product develops it; a distributor does not."""

    def licensee_marked(rights: str) -> set[str]:
        text = (
            "Deals in brief\n\nBOSTON, May 2, 2024 -- Halvera Bio has granted Corvena Biologics an exclusive "
            f"licence {rights} HLV-202 in Japan, for $20 million upfront."
        )
        doc = annotate(read_text(text, Path("news.txt")))
        return {
            f
            for c in scored_candidates(doc).candidates
            if c.relation == "develops" and doc.entities[c.subject].name == "Corvena Biologics"
            for f in c.features
            if f.startswith("deal:licensee:")
        }

    assert licensee_marked("to develop and commercialize") == {"deal:licensee:develop"}
    assert licensee_marked("to market and sell") == {"deal:licensee:market"}


@pytest.mark.parametrize(
    "said",
    [
        "Corvena Biologics has taken an exclusive licence from Halvera Bio to develop HLV-202 in Japan.",
        "Corvena Biologics has obtained an exclusive licence from Halvera Bio to develop HLV-202 in Japan.",
        "Corvena Biologics received a license from Halvera Bio to develop HLV-202 in Japan.",
        "Corvena Biologics has secured the rights to HLV-202 in Japan from Halvera Bio.",
        "Corvena Biologics takes a licence to Halvera Bio's HLV-202 for Japan.",
        "Halvera Bio has granted Corvena Biologics an exclusive licence to HLV-202 in Japan.",
        # paid, the licensor; paying, the licensee
        "Halvera Bio will be paid $15 million by Corvena Biologics for a licence to HLV-202 in Japan.",
        "Corvena Biologics paid Halvera Bio $15 million for a licence to HLV-202 in Japan.",
    ],
)
def test_a_licence_told_by_the_licensee_names_the_licensor_its_provider(said):
    """Past tenses and the British "licence" say who takes the rights as the present and "license" do; the
    party that is paid is the licensor."""
    doc = annotate(read_text("Deals in brief\n\nBOSTON, May 2, 2024 -- " + said, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    found = [(d.type, names[d.provider or ""], names[d.client or ""]) for d in scored_candidates(doc).deals]
    assert found == [("licensing", "Halvera Bio", "Corvena Biologics")], found


def test_a_licensee_of_a_product_the_text_calls_the_licensors_is_marked_so():
    """ "Corvena takes a licence to Halvera's HLV-202": the possessive names the licensor, and the licensee
    develops the product all the same (FORMAT); a feature of its own lets the classifier weigh the two apart."""
    text = (
        "Corvena takes licence to Halvera's HLV-202\n\nBOSTON, May 2, 2024 -- Corvena Biologics has taken an "
        "exclusive licence from Halvera Bio to develop and commercialize Halvera's HLV-202 in Japan, for $20 "
        "million upfront."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    features = {
        doc.entities[c.subject].name: set(c.features)
        for c in scored_candidates(doc).candidates
        if c.relation == "develops"
    }
    assert "o:poss_other" in features["Corvena Biologics"]
    assert "deal:licensing:client:poss_other" in features["Corvena Biologics"]
    assert not any(f.endswith(":poss_other") and f.startswith("deal:") for f in features["Halvera Bio"])


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("has agreed to acquire the anticoagulant brand Trombexa (fondarinib sodium) from Orrin Pharma for $300 "
         "million. The transaction is expected to close in the third quarter", "agreed"),
        ("has completed its acquisition of the anticoagulant brand Trombexa (fondarinib sodium) from Orrin "
         "Pharma for $300 million", "closed"),
    ],
)  # fmt: skip
def test_a_product_bought_says_whether_the_purchase_has_closed(said: str, stage: str):
    text = f"Deals in brief\n\nBASEL, Switzerland, May 4, 2026 -- Halvera Bio {said}."
    doc = annotate(read_text(text, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    features = {
        f
        for c in scored_candidates(doc).candidates
        if c.relation == "develops" and names.get(c.subject) == "Halvera Bio"
        for f in c.features
        if f.startswith("deal:acquisition:")
    }
    other = "closed" if stage == "agreed" else "agreed"
    assert f"deal:acquisition:client:{stage}" in features
    assert f"deal:acquisition:client:{other}" not in features


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        (
            "Halvera Bio and the Swiss drugmaker Tessaline AG signed an agreement to form a joint venture.",
            "deal",
        ),
        ("Halvera Bio (HLV) and Japan's Tessaline Pharma agreed to co-develop the antibody.", "deal"),
    ],
)
def test_two_companies_that_are_subjects_of_one_verb_say_so_in_their_pairs_features(sentence, verb):
    from loaders.extraction.relations.candidates import candidates

    doc = annotate(read_text(f"Deals in brief\n\n{sentence}", Path("news.txt")))
    features = {f for c in candidates(doc) if c.relation == "deal" for f in c.features}
    assert f"coord_subj:{verb}" in features


def test_a_company_named_after_another_with_no_and_between_is_no_second_subject():
    from loaders.extraction.relations.candidates import candidates

    text = "Deals in brief\n\nHalvera Bio signed an agreement with Tessaline Pharma and will license its antibody."
    doc = annotate(read_text(text, Path("news.txt")))
    assert not any(f.startswith("coord_subj") for c in candidates(doc) for f in c.features)

"""The lead deal of an acquisition and the acquires fact agree: the company it sells is bought by its buyer
when the pair's own candidate is at least half as likely as the threshold asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate, assemble, scored_candidates
from loaders.extraction.relations.buyers import find_buyers
from loaders.extraction.relations.model import default_model
from loaders.text import read_text
from tests.extraction.extracting import record

TEXT = (
    "Halvera Bio to buy Quorra Therapeutics for $1.2 billion\n\n"
    "BOSTON, United States, March 4, 2025 -- Halvera Bio has agreed to acquire Quorra Therapeutics, a "
    "clinical-stage biotech, for $1.2 billion in cash. Quorra Therapeutics develops QRB-118 for liver "
    "fibrosis. The purchase gives Halvera Bio a second programme in fibrosis.\n"
)


def facts_with_acquires_score(fraction: float) -> set[tuple[str, str, str]]:
    """The facts when the buyer-target candidate scores ``fraction`` of the acquires threshold (just under
    it, so that only the deal can make the fact)."""
    model = default_model()
    doc = annotate(read_text(TEXT, Path("deal.txt")))
    scored = scored_candidates(doc, model)
    lead = scored.deals[0]
    assert lead.type == "acquisition" and lead.target == lead.provider != lead.client
    for cand in scored.candidates:
        if cand.relation == "acquires":
            cand.score = fraction * model.threshold("acquires") if cand.object == lead.target else 0.0
    record = assemble(doc, scored, model)
    names = {e.id: e.name for e in record.entities}
    return {(names.get(f.subject), f.predicate, names.get(f.object)) for f in record.facts}


@pytest.mark.parametrize(("fraction", "bought"), [(0.9, True), (0.5, True), (0.2, False)])
def test_the_lead_deal_makes_its_buyer_acquire_what_it_sells(fraction, bought):
    facts = facts_with_acquires_score(fraction)
    assert (("Halvera Bio", "acquires", "Quorra Therapeutics") in facts) is bought, facts


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Orvane Biologics has agreed to buy San Francisco-based Talisk Pharma for $3 billion.", "OT"),
        (
            "Talisk Pharma has agreed to be acquired by affiliates of Orvane Biologics in an all-cash deal.",
            "OT",
        ),
        (
            "Kestova Capital helps Orvane Biologics pay down debt from its $59 billion purchase of Talisk Pharma.",
            "OT",
        ),
        (
            "Imbruvica came from Talisk Pharma, which Orvane Biologics bought earlier this year for $21 billion.",
            "OT",
        ),
        (
            "The purchase includes Talisk Pharma, the San Diego biotech that Orvane Biologics bought in 2012.",
            "OT",
        ),
        (
            "Kestova Capital agreed to sell its subsidiary Talisk Pharma to Orvane Biologics for $2 billion.",
            "OT",
        ),
        # a sale with a holding sold, an aside in brackets, or what the buyer is between "to" and its name
        (
            "Kestova Capital agreed to sell all of the outstanding equity interests in Talisk Pharma to "
            "Orvane Biologics.",
            "OT",
        ),
        ("Kestova Capital will sell its controlling stake in Talisk Pharma to Orvane Biologics.", "OT"),
        ("Kestova Capital sold a 25.1% stake in Talisk Pharma to Orvane Biologics.", ""),
        # what the apposition calls a site, or a name that only says whose laboratory it is, is no company sold
        (
            "Kestova Capital agreed to sell Talisk Laboratories, its manufacturing site in Lafayette, to "
            "Orvane Biologics.",
            "",
        ),
        ("Kestova Capital is selling the Talisk Pharma Biotech Laboratory to Orvane Biologics.", ""),
        (
            "Kestova Capital sold its subsidiary Talisk Pharma Limited (TPL), a contract manufacturer, to "
            "Orvane Biologics.",
            "OT",
        ),
        ("Kestova Capital agreed to sell Talisk Pharma, maker of Relvax, to China's Orvane Biologics.", "OT"),
        ("Kestova Capital sold Talisk Pharma to Luxembourg-based Orvane Biologics.", "OT"),
        ("Kestova Capital sold Talisk Pharma to the private equity firm Orvane Biologics.", "OT"),
        ("Kestova Capital sold Talisk Pharma to help Orvane Biologics.", ""),
        ("Orvane Biologics completed its acquisition of Talisk Pharma from Kestova Capital.", "OT"),
        ("Orvane Biologics grew by buying specialty pharma company Talisk Pharma for $2.9 billion.", "OT"),
        # a long apposition, or a description coreference may read as a company, between buyer and verb
        (
            "Orvane Biologics, an English company offering drug discovery, development, and analytical "
            "services, has bought Talisk Pharma, a Scottish contract research organization.",
            "OT",
        ),
        (
            "Halvex Labs, a CRO, reported results. Orvane Biologics, the largest CRO in Europe, has acquired "
            "Talisk Pharma of San Diego.",
            "OT",
        ),
        # an aside in brackets between buyer and its verb
        (
            "Orvane Biologics is expanding in respiratory syncytial virus (RSV) by buying Seattle-based Talisk "
            "Pharma for $800 million.",
            "OT",
        ),
        # a stake that makes the buyer the owner is the company bought
        ("Orvane Biologics has acquired a controlling interest in Talisk Pharma.", "OT"),
        ("Orvane Biologics will buy a 75 percent stake in Talisk Pharma from Kestova Capital.", "OT"),
        (
            "Orvane Biologics agreed to acquire all of the outstanding shares of Talisk Pharma for $4 a share.",
            "OT",
        ),
        ("Orvane Biologics bought a 10% stake in Talisk Pharma.", ""),
        # a price paid for a company, not up front for rights
        ("Orvane Biologics has agreed to pay $70 million for Talisk Pharma of South Africa.", "OT"),
        ("Orvane Biologics will pay $70 million upfront for Talisk Pharma's antibody.", ""),
        # the pronoun of a relative clause is the main clause's subject; a year or an apposition before "by"
        ("Orvane Biologics is integrating Talisk Pharma, which it bought for $8 billion last year.", "OT"),
        (
            "Orvane Biologics gained the campus with Talisk Pharma, the gene therapy CDMO it bought in 2019.",
            "OT",
        ),
        ("The plant went to Talisk Pharma, which was acquired in 2007 by Orvane Biologics.", "OT"),
        (
            "Recent deals include the acquisition of Talisk Pharma, a U.S. maker of reagents, by Orvane Biologics.",
            "OT",
        ),
        # what a name only modifies, or the seller, is not what is bought
        ("Orvane Biologics will buy Talisk Pharma's plant in Basel.", ""),
        ("Orvane Biologics bought a Talisk Pharma sterile manufacturing facility.", ""),
        ("Orvane Biologics bought a stake in Talisk Pharma.", ""),
        ("Orvane Biologics will acquire the generics business of Talisk Pharma.", ""),
        ("Both companies will buy Talisk Pharma products.", ""),
    ],
)
def test_who_buys_whom_is_read_from_the_words_around_the_purchase(sentence: str, found: str) -> None:
    """The buyer rule's votes (``vote:buyer``): subject and object of a purchase verb, the agent of a passive,
    the owner of a nominal purchase, a relative clause, a sale "to" someone."""
    doc = annotate(read_text("Title\n\n" + sentence + "\n", Path("a.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    votes = {
        (names[a][0], names[b][0])
        for a, b, _, _ in find_buyers(doc.text, doc.sentences, doc.refs, doc.spans("CUE"))
    }
    assert votes == ({(found[0], found[1])} if found else set())


def test_each_purchase_says_how_the_words_state_it() -> None:
    """The kind of each buyer vote (``vote:buyer_<how>``), which the classifier weighs on its own."""
    kinds = {}
    for how, sentence in (
        ("active", "Orvane Biologics has agreed to acquire Talisk Pharma."),
        ("passive", "Talisk Pharma has agreed to be acquired by Orvane Biologics."),
        ("relative", "The drug came from Talisk Pharma, which Orvane Biologics bought in 2019."),
        ("nominal", "Orvane Biologics completed its purchase of Talisk Pharma."),
        ("stake", "Orvane Biologics has taken a majority stake in Talisk Pharma."),
        ("paid", "In 2021 Orvane Biologics paid $11.5 billion for Talisk Pharma."),
    ):
        doc = annotate(read_text("Title\n\n" + sentence + "\n", Path("a.txt")))
        kinds[how] = {k for _, _, _, k in find_buyers(doc.text, doc.sentences, doc.refs, doc.spans("CUE"))}
    assert kinds == {how: {how} for how in kinds}


@pytest.mark.parametrize(
    ("sentence", "site"),
    [
        ("Orvane Biologics has agreed to buy Talisk Pharma's sterile fill and finish facility in Basel.", "Basel"),
        ("Talisk Pharma will sell its Baltimore drug product facility to an affiliate of Orvane Biologics.",
         "Baltimore"),
        ("Orvane Biologics bought a Talisk Pharma sterile drug facility in Liscate, Italy, in 2017.", "Liscate"),
        ("The Basel plant was acquired by Orvane Biologics in 2019.", "Basel"),
        ("Orvane Biologics completed its purchase of the Basel plant from Talisk Pharma.", "Basel"),
        ("Orvane Biologics will build a new plant in Basel.", None),
    ],
)  # fmt: skip
def test_who_buys_a_plant_is_read_the_same_way(sentence: str, site: str | None) -> None:
    doc = annotate(read_text("Title\n\n" + sentence + "\n", Path("a.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    found = find_buyers(doc.text, doc.sentences, doc.refs, doc.spans("CUE:acq"), doc.site_mentions)
    bought = {(names[a], names[b]) for a, b, _, _ in found}
    assert {(buyer, s.split()[0]) for buyer, s in bought} == ({("Orvane Biologics", site)} if site else set())


@pytest.mark.parametrize(
    ("body", "sites"),
    [
        ("Orvane Biologics has completed its takeover of Talisk Pharma's custom manufacturing business, together "
         "with the business's three production sites in Basel (Switzerland), Lyon (France) and Minden (Germany).",
         {"Basel", "Lyon", "Minden"}),
        ("Orvane Biologics has agreed to buy the Australian opiates business of Talisk Pharma. The deal covers the "
         "business's two manufacturing sites, at Latrobe in Tasmania and at Port Fairy in Victoria.",
         {"Latrobe", "Port"}),
        ("Orvane Biologics will acquire the generics unit of Talisk Pharma. It includes rights to 350 brands and "
         "the manufacturing facility at Baddi in Himachal Pradesh.", {"Baddi"}),
        ("Orvane Biologics bought Talisk Pharma in 2019. Talisk Pharma operates plants in Basel and Lyon.", set()),
    ],
)  # fmt: skip
def test_the_sites_a_purchase_includes_are_bought_with_it(body: str, sites: set[str]) -> None:
    """ "together with the business's three production sites", "The deal covers ... sites": the buyer of the
    purchase read last buys them (real cases: Siegfried/BASF, Sun Pharma/GSK, Abbott/Piramal, AstraZeneca/BMS)."""
    doc = annotate(read_text("Title\n\n" + body + "\n", Path("a.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    found = find_buyers(doc.text, doc.sentences, doc.refs, doc.spans("CUE:acq"), doc.site_mentions)
    bought = {names[b].split()[0] for a, b, _, _ in found if b.startswith("site:")}
    assert bought == sites


@pytest.mark.parametrize(
    "body",
    [
        "Velquor Pharma to sell fill-finish business to Orvane Capital and Talisk Partners\n\n"
        "BOSTON, May 4, 2023 -- Velquor Pharma has signed a definitive agreement to sell its fill-finish "
        "business to the private equity firms Orvane Capital and Talisk Partners for $400 million in cash.",
        "Velquor Pharma agrees to be acquired by Orvane Capital and Talisk Partners\n\n"
        "BOSTON, May 4, 2023 -- Velquor Pharma has agreed to be acquired by affiliates of Orvane Capital and "
        "Talisk Partners in an all-cash deal worth about $400 million.",
    ],
)
def test_two_buyers_named_side_by_side_make_one_purchase(body):
    out = record(body)
    names = {e["id"]: e["name"] for e in out["entities"]}
    bought = [a for a in out["agreements"] if a["type"] == "acquisition"]
    clients = [a["client"] for a in bought if isinstance(a.get("client"), list)]
    assert [sorted(names[c] for c in cl) for cl in clients] == [["Orvane Capital", "Talisk Partners"]], bought
    pairs = {frozenset((s, o)) for s, p, o in out["facts"] if p == "contracts_with"}
    buyers = {k for k, n in names.items() if n in ("Orvane Capital", "Talisk Partners")}
    assert frozenset(buyers) not in pairs  # no deal between the two buyers


@pytest.mark.parametrize(
    "body, buyers",
    [
        (
            "Halvera to buy Brightmoor Labs\n\nTOKYO, Japan, March 2, 2021 -- Halvera Corporation said today that "
            "its wholly owned Danish subsidiary Halvera Pharma Denmark A/S has entered into an agreement to acquire "
            "Brightmoor Labs A/S for $200 million.",
            {"Halvera", "Halvera Pharma Denmark"},
        ),
        (
            "Talisk to buy Quorra Biologics\n\nOSAKA, Japan, May 25, 2022 -- Talisk Holdings Co., Ltd. said today "
            "that it has agreed to acquire Quorra Biologics, Inc. for $300 million. The deal will be carried out "
            "through Talisk's wholly owned U.S. subsidiary, Talisk Pharma USA, Inc.",
            {"Talisk Holdings", "Talisk Pharma USA"},
        ),
        (  # the subsidiary named first, the parent after it
            "Talisk to buy Quorra Biologics\n\nOSAKA, Japan, May 25, 2022 -- Talisk Holdings Co., Ltd. today "
            "announced an agreement with Quorra Biologics, Inc. under which Talisk America, Inc., Talisk's U.S. "
            "subsidiary, will acquire Quorra for $300 million.",
            {"Talisk Holdings", "Talisk America"},
        ),
        (
            "Halvera to buy Brightmoor Labs\n\nTOKYO, Japan, March 2, 2021 -- Halvera Corporation said today that "
            "it will acquire Brightmoor Labs A/S for $200 million. The purchase will be carried out by Halvera "
            "Pharma Europe GmbH, a wholly owned subsidiary of Halvera.",
            {"Halvera", "Halvera Pharma Europe"},
        ),
        (  # a vehicle made for the purchase is no buyer
            "Talisk to buy Quorra Biologics\n\nOSAKA, Japan, May 25, 2022 -- Talisk Holdings Co., Ltd. said today "
            "that it has agreed to acquire Quorra Biologics, Inc. for $300 million through its wholly owned "
            "subsidiary Talisk Merger Sub, Inc.",
            {"Talisk Holdings"},
        ),
    ],
)
def test_a_buyer_and_the_subsidiary_it_buys_through_both_buy(body, buyers):
    out = record(body)
    names = {e["id"]: e["name"] for e in out["entities"]}
    assert {names[s] for s, p, o in out["facts"] if p == "acquires"} == buyers
    target = next(k for k, n in names.items() if n.startswith(("Brightmoor", "Quorra")))
    bought = [a for a in out["agreements"] if a["type"] == "acquisition" and a["provider"] == target]
    # the purchase lists every buyer (a deal of the subsidiary's own may stand beside it, as the classifier
    # scores it: real releases are annotated both ways)
    clients = [
        {names[c] for c in (a["client"] if isinstance(a["client"], list) else [a["client"]])} for a in bought
    ]
    assert buyers in clients
    assert all(c <= buyers for c in clients)


def test_two_sellers_named_side_by_side_make_one_sale():
    out = record(
        "Talisk to buy Quorra Biologics\n\nOSAKA, Japan, May 25, 2022 -- Talisk Holdings Co., Ltd. said today that "
        "it has agreed to acquire Quorra Biologics, Inc., a Texas-based maker of sterile injectables, from Velquor "
        "Capital and Orvane Partners for $300 million."
    )
    names = {e["id"]: e["name"] for e in out["entities"]}
    sales = [a for a in out["agreements"] if isinstance(a.get("provider"), list)]
    assert [sorted(names[p] for p in a["provider"]) for a in sales] == [
        ["Orvane Partners", "Velquor Capital"]
    ]
    sellers = {
        names[o] for s, p, o in out["facts"] if p == "contracts_with" and names[s] == "Talisk Holdings"
    }
    assert sellers == {"Orvane Partners", "Velquor Capital"}
    assert {(names[s], names[o]) for s, p, o in out["facts"] if p == "acquires"} == {
        ("Talisk Holdings", "Quorra Biologics")
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Halvera Pharma has agreed to buy Tessaly Chemicals' contract manufacturing business for $75 million.",
        "Halvera Pharma has agreed to buy Tessaly Chemical's contract manufacturing business for $75 million.",
    ],
)
def test_the_owner_of_a_business_bought_is_its_seller_in_either_possessive(sentence):
    out = record("Deal news\n\nBOSTON, May 1, 2020 -- " + sentence)
    names = {e["id"]: e["name"] for e in out["entities"]}
    facts = {(names[s], p, names.get(o, o)) for s, p, o in out["facts"]}
    seller = "Tessaly Chemicals" if "Chemicals'" in sentence else "Tessaly Chemical"
    assert ("Halvera Pharma", "contracts_with", seller) in facts
    assert not any(p == "acquires" for _, p, _ in facts)


def test_a_company_bought_whole_has_no_contract_with_its_buyer() -> None:
    """FORMAT: a company that is itself acquired gets no contracts_with with its acquirer, even where the text
    also tells of an earlier deal of the two (here the buyer's earlier investment)."""
    found = record(
        "Ashgrove Capital to acquire Halvera Bio\n\nLONDON, May 4, 2026 -- Ashgrove Capital said today it has "
        "agreed to acquire Halvera Bio Ltd., the UK contract manufacturer, for GBP 120 million. Ashgrove Capital "
        "first invested in Halvera Bio in 2019, when it led the company's Series B financing.\n"
    )
    names = {e["id"]: e["name"] for e in found["entities"]}
    facts = {(names[s], p, names[o]) for s, p, o in found["facts"] if p in ("acquires", "contracts_with")}
    assert facts == {("Ashgrove Capital", "acquires", "Halvera Bio")}

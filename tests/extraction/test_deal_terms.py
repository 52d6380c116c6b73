"""A deal's figures and stages as candidates the relation classifier scores (``deal_amount``, ``deal_stage``):
what the features say, that a model decides, and that without one the rules alone do."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.annotate.money import Amount
from loaders.extraction.engine import annotate, assemble, scored_candidates
from loaders.extraction.relations.agreements import STAGE, stage_candidates
from loaders.extraction.relations.amounts import AMOUNT, amount_candidates, keep_terms
from loaders.extraction.relations.deals import Deal
from loaders.extraction.relations.model import LinearModel, default_model
from loaders.text import read_text

LICENCE = (
    "Quorra licenses QR-101 to Halvera\n\n"
    "BOSTON, March 3, 2025 -- Quorra Therapeutics has granted Halvera Pharma an exclusive licence to develop "
    "and commercialize QR-101, a Phase 2 antibody, in Japan. Halvera will pay Quorra $20 million upfront and "
    "up to $180 million in milestones.\n\n"
    "Quorra's earlier pact with Sandor Biotech brought it $45 million.\n"
)


def _deals(text: str):  # type: ignore[no-untyped-def]
    doc = annotate(read_text(text, Path("news.txt")))
    found = scored_candidates(doc, _without_terms())
    assemble(doc, found, _without_terms())
    return doc, found.deals


def _without_terms() -> LinearModel:
    """The shipped model without its models of figures and stages (the rules decide those)."""
    shipped = default_model()
    kept = {k: spec for k, spec in shipped.relations.items() if k not in (AMOUNT, STAGE)}
    return LinearModel(kept)


def _licence(doc, deals):  # type: ignore[no-untyped-def]
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return next(
        d for d in deals if {names[p] for p in d.parties} == {"Quorra Therapeutics", "Halvera Pharma"}
    )


def test_each_figure_is_a_candidate_with_the_words_around_it_and_where_it_stands():
    doc, deals = _deals(LICENCE)
    deal = _licence(doc, deals)
    cands = {c.object: c.features for c in amount_candidates(doc, deal)}
    features = [cands[str(a.start)] for a in deal.amounts]
    by_amount = dict(zip((a.amount for a in deal.amounts), features, strict=True))
    assert by_amount[20e6]["what:upfront"] and by_amount[20e6]["stated"] and by_amount[20e6]["parties:2"]
    assert by_amount[180e6]["what:milestones"] and by_amount[180e6]["b:to"]
    assert not any(f.startswith(("b:quorra", "b:halvera", "a:quorra")) for f in by_amount[20e6])  # no names
    if 45e6 in by_amount:  # the rules may keep the other pact's figure: the classifier sees who is named
        assert by_amount[45e6]["others named"] and by_amount[45e6]["context"]


def test_the_model_drops_the_figures_it_scores_under_its_threshold():
    doc, deals = _deals(LICENCE)
    deal = _licence(doc, deals)
    model = LinearModel({AMOUNT: {"weights": {"bias": 1.0, "what:milestones": -3.0}, "threshold": 0.5}})
    keep_terms(doc, [deal], model)
    assert [a.amount for a in deal.amounts] == [20e6]


def test_without_a_model_of_figures_every_figure_the_rules_keep_stays():
    doc, deals = _deals(LICENCE)
    deal = _licence(doc, deals)
    before = list(deal.amounts)
    keep_terms(doc, [deal], LinearModel({}))
    assert deal.amounts == before and {a.amount for a in before} >= {20e6, 180e6}


def test_stage_candidates_say_where_a_stage_was_found_and_commercial_is_always_one():
    doc, deals = _deals(LICENCE)
    deal = _licence(doc, deals)
    cands = {c.object: c.features for c in stage_candidates(doc, deal, deals)}
    assert set(cands) == {"Phase 2", "commercial"}
    assert cands["Phase 2"]["at:rule"] and cands["Phase 2"]["at:stated"]
    assert "at:rule" not in cands["commercial"] and cands["commercial"]["rules chose others"]


def test_the_stage_is_what_the_deals_sentences_state_and_what_the_model_adds():
    from loaders.extraction.relations.agreements import deal_stage

    doc, deals = _deals(LICENCE)
    deal = _licence(doc, deals)
    assert deal_stage(doc, deal, deals, LinearModel({})) == ["Phase 2"]
    adds = LinearModel({STAGE: {"weights": {"bias": -1.0, "stage:commercial": 3.0}, "threshold": 0.5}})
    assert deal_stage(doc, deal, deals, adds) == ["Phase 2", "commercial"]
    drops = LinearModel({STAGE: {"weights": {"bias": -5.0}, "threshold": 0.5}})
    assert deal_stage(doc, deal, deals, drops) == ["Phase 2"]  # stated in the deal's sentence: it stays


def test_what_a_party_pays_is_the_figure_of_its_deal_stated_last():
    """ "Quorra will pay $90 million in cash": the buyer's purchase stated before, not its earlier one."""
    doc, deals = _deals(
        "Quorra to buy Halvera\n\n"
        "BOSTON, March 3, 2025 -- Quorra Therapeutics has agreed to acquire Halvera Bio, a maker of viral "
        "vectors. Quorra will pay $90 million in cash for the vector maker.\n\n"
        "In May, Quorra bought Sandor Biotech for $200 million.\n"
    )
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    bought = {frozenset(names[p] for p in d.parties): [a.amount for a in d.amounts] for d in deals}
    assert bought[frozenset(("Quorra Therapeutics", "Halvera Bio"))] == [90e6]
    assert bought[frozenset(("Quorra Therapeutics", "Sandor Biotech"))] == [200e6]


PURCHASE = (
    "Celdara Bio opens a filling line\n\n"
    "RALEIGH, N.C., May 2, 2024 -- Celdara Bio said today it has opened a filling line in Raleigh. "
    "In 2019 Northvale Pharma bought Celdara Bio for $300 million from Brightwater Capital, and in 2021 it "
    "sold a stake in Celdara's Irish unit to Orvane Partners.\n"
)


def _purchase(text: str, seller_word: str, figure: str, amount: float, currency: str):  # type: ignore[no-untyped-def]
    """The annotated text, the sentence naming the seller (by a word of it) and the price at the first place
    the figure is written."""
    doc = annotate(read_text(text, Path("news.txt")))
    said = next(i for i, s in enumerate(doc.sentences) if seller_word in s.text)
    at = doc.text.index(figure)
    return doc, said, Amount(at, at + len(figure), amount, currency, "price")


def test_a_purchase_told_with_its_seller_carries_the_price_on_the_sellers_pair_too():
    # "A bought X for $300 million from B": the price found for the buyer and the company bought is the one
    # paid to the seller; the annotation puts it on the seller's agreement
    doc, said, price = _purchase(PURCHASE, "bought", "$300 million", 300e6, "USD")
    bought = Deal(["northvale", "celdara"], [said], "acquisition", provider="celdara", client="northvale",
                  target="celdara", amounts=[price])  # fmt: skip
    sold = Deal(
        ["brightwater", "northvale"], [said], "acquisition", provider="brightwater", client="northvale"
    )
    elsewhere = Deal(
        ["northvale", "orvane"], [said + 1], "acquisition", provider="northvale", client="orvane"
    )
    keep_terms(doc, [bought, sold, elsewhere], LinearModel({}))
    assert sold.amounts == [price] and bought.amounts == [price]
    assert elsewhere.amounts == []  # another buyer, and a deal stated elsewhere, pay nothing of it


# the price kept for the buyer and the company bought may be the headline's; the sentence naming the seller
# states the same figure again, so the seller's pair is paid it too
HEADLINE_PURCHASE = (
    "Northvale to buy Celdara Bio for EUR 300 million\n\n"
    "RALEIGH, N.C., May 2, 2024 -- Northvale Pharma said today it will buy Celdara Bio from Brightwater "
    "Capital for EUR 300 million in cash. Celdara also paid EUR 12 million for a lab in 2020.\n"
)


def test_the_headlines_price_kept_for_a_purchase_is_the_one_its_seller_is_paid_when_said_again():
    # the price at the first "EUR 300 million": the headline's
    doc, said, price = _purchase(HEADLINE_PURCHASE, "Brightwater", "EUR 300 million", 300e6, "EUR")
    deals = [
        Deal(["northvale", "celdara"], [0, said], "acquisition", provider="celdara", client="northvale",
             target="celdara", amounts=[price]),
        Deal(["brightwater", "northvale"], [said], "acquisition", provider="brightwater", client="northvale"),
    ]  # fmt: skip
    keep_terms(doc, deals, LinearModel({}))
    assert deals[1].amounts == [price]

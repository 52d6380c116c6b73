"""Stages of development: however a phase is written, and where the text states a product's stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.annotate.values import stage_cues
from tests.extraction.extracting import record


@pytest.mark.parametrize(
    "sentence, stages",
    [
        ("enrolled in a Phase 2b trial", {"Phase 2"}),
        ("a Phase IIb study in Europe", {"Phase 2"}),
        ("the phase 3 trial read out", {"Phase 3"}),
        ("its Phase-3 program was completed", {"Phase 3"}),
        ("a phase three study", {"Phase 3"}),
        ("a Phase 1b/2 trial", {"Phase 1", "Phase 2"}),
        ("a phase II/III trial", {"Phase 2", "Phase 3"}),
        ("the Phase 2 portion of a Phase 1/2a trial", {"Phase 2"}),
        ("a Phase 4 study after approval", set()),
        ("a phase in which the plant is built", set()),
    ],
)
def test_a_phase_is_read_however_it_is_written(sentence, stages):
    assert stage_cues(sentence, False) == stages


@pytest.mark.parametrize(
    "sentence, commercial",
    [
        ("Sales of the portfolio topped US$90 million in 2007.", True),
        ("The payment equals 565% of the company's latest annual sales of Zorvex.", True),
        ("Tessaline will receive royalties on net sales of the product.", False),
        ("Further milestones are linked to sales thresholds.", False),
    ],
)
def test_sales_stated_as_a_past_figure_say_a_product_is_sold(sentence, commercial):
    assert ("commercial" in stage_cues(sentence, False)) is commercial


def test_a_products_stage_stated_paragraphs_after_it_is_its_stage():
    text = (
        "Quorra licenses QR-101 to Halvera\n\n"
        "BOSTON, March 3, 2025 -- Quorra Therapeutics has granted Halvera Pharma an exclusive licence to "
        "develop and commercialize QR-101 in Japan. Halvera will pay $20 million upfront.\n\n"
        "Halvera will be responsible for development in Japan.\n\n"
        "The antibody is being tested in the global VERA Phase III programme, with results due in 2026.\n"
    )
    (agreement,) = record(text)["agreements"]
    assert agreement["stage"] == ["Phase 3"]


def test_an_equity_investment_or_a_plant_bought_has_no_stage():
    from loaders.extraction.engine import annotate
    from loaders.extraction.relations.agreements import deal_stage
    from loaders.extraction.relations.deals import Deal
    from loaders.text import read_text

    doc = annotate(
        read_text(
            "Halvera invests in Quorra\n\nBOSTON, March 3, 2025 -- Halvera Pharma will buy $50 million of "
            "Quorra Therapeutics shares. Quorra's commercial antibody QR-101 is sold in Europe.",
            Path("news.txt"),
        )
    )
    parties = [k for k, e in doc.entities.items() if type(e).__name__ == "Org"]
    deals = [
        Deal(parties, [1, 2], type="licensing", context=[1, 2]),
        Deal(parties, [1, 2], type="investment", context=[1, 2]),
        Deal(parties, [1, 2], type="acquisition", target_is_site=True, context=[1, 2]),
    ]
    stages = [deal_stage(doc, deal, [deal]) for deal in deals]
    assert stages == [["commercial"], [], []]  # the licence reads the sentences of its parties

"""Stages of development: however a phase is written, and where the text states a product's stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.annotate.values import stage_cues
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.engine import annotate
from loaders.extraction.relations.agreements import deal_stage
from loaders.extraction.relations.deals import Deal
from loaders.text import read_text
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


def _with_parties(text: str) -> tuple[AnnotatedDoc, list[str]]:
    """An announcement annotated, and the keys of the organisations it names (a deal's parties)."""
    doc = annotate(read_text(text, Path("news.txt")))
    return doc, [k for k, e in doc.entities.items() if type(e).__name__ == "Org"]


def test_an_equity_investment_or_a_plant_bought_has_no_stage():
    doc, parties = _with_parties(
        "Halvera invests in Quorra\n\nBOSTON, March 3, 2025 -- Halvera Pharma will buy $50 million of "
        "Quorra Therapeutics shares. Quorra's commercial antibody QR-101 is sold in Europe."
    )
    deals = [
        Deal(parties, [1, 2], type="licensing", context=[1, 2]),
        Deal(parties, [1, 2], type="investment", context=[1, 2]),
        Deal(parties, [1, 2], type="acquisition", target_is_site=True, context=[1, 2]),
    ]
    stages = [deal_stage(doc, deal, [deal]) for deal in deals]
    assert stages == [["commercial"], [], []]  # the licence reads the sentences of its parties


class _ScoresByStage:
    """A classifier of stage candidates that scores each stage as given (the selection is what is tested)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def probabilities(self, candidates):
        return [self.scores.get(c.object, 0.0) for c in candidates]

    def threshold(self, relation: str) -> float:
        return 0.4

    def knows(self, relation: str) -> bool:
        return True

    def classify(self, features, exclude=()):
        return None


@pytest.mark.parametrize(
    ("second", "expected"),
    [(0.5, ["Phase 2"]), (0.78, ["Phase 2", "Phase 3"])],
)
def test_a_second_stage_is_kept_only_when_scored_nearly_as_high_as_the_first(second, expected):
    doc, parties = _with_parties(
        "Halvera licenses QR-101\n\nBOSTON, March 3, 2025 -- Halvera Pharma has licensed QR-101 from Quorra "
        "Therapeutics. Quorra's QR-101 is in a Phase 2 study; a Phase 3 trial may follow in 2027."
    )
    deal = Deal(parties, [1], type="licensing", context=[])  # the stages are said of a party, not of the deal
    model = _ScoresByStage({"Phase 2": 0.8, "Phase 3": second})
    assert deal_stage(doc, deal, [deal], model) == expected

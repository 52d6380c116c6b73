"""The lead deal of an acquisition and the acquires fact agree: the company it sells is bought by its buyer
when the pair's own candidate is at least half as likely as the threshold asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction.engine import annotate, assemble, scored_candidates
from loaders.extraction.relations.model import default_model
from loaders.text import read_text

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

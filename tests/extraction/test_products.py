"""Products a biosimilar copies are references: a develops candidate for them says so (the copier does not
develop the original)."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import candidates
from loaders.text import read_text
from tests.extraction.extracting import record


def test_the_product_a_biosimilar_copies_is_a_reference():
    text = (
        "News\n\nBio-Thera licensed BAT2206, a proposed biosimilar to Stelara (ustekinumab), to Hikma. "
        "Quorra's Humira (adalimumab) biosimilar QR-101 follows; BAT2206 is in Phase 3."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    marked = {c.object for c in candidates(doc) if c.relation == "develops" and "o:reference" in c.features}
    assert marked == {"p:stelara", "p:humira"}


def test_a_drug_the_text_calls_one_is_a_product_though_no_inn_stem_ends_it():
    found = record(
        "Quorra licenses velsarin to Halvera\n\nTOKYO, May 2, 2024 -- Quorra Therapeutics has granted Halvera Pharma "
        "an exclusive licence to develop and commercialize velsarin in Japan. Halvera will pay $20 million "
        "upfront for its investigational drug velsarin, which works through a new mechanism."
    )
    names = {e["id"]: e["name"] for e in found["entities"]}
    assert {names[o] for s, p, o in found["facts"] if p == "develops"} == {"velsarin"}
    assert "through" not in names.values()

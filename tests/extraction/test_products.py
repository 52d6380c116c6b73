"""Products a biosimilar copies are references: a develops candidate for them says so (the copier does not
develop the original)."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import candidates
from loaders.text import read_text


def test_the_product_a_biosimilar_copies_is_a_reference():
    text = (
        "News\n\nBio-Thera licensed BAT2206, a proposed biosimilar to Stelara (ustekinumab), to Hikma. "
        "Quorra's Humira (adalimumab) biosimilar QR-101 follows; BAT2206 is in Phase 3."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    marked = {c.object for c in candidates(doc) if c.relation == "develops" and "o:reference" in c.features}
    assert marked == {"p:stelara", "p:humira"}

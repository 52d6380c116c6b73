"""Who buys whom: the buyer is the party named before the buying verb, unless two parties are named
together there ("A and B sign merger agreement"), which names neither."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.engine import annotate, scored_candidates
from loaders.text import read_text


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

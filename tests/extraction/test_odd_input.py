"""Odd inputs must not crash the engine: one huge paragraph, all caps, bullets, text tables, empty and
whitespace-only documents, stray punctuation and unusual characters.  Run-on text is cut into bounded
sentences and only nearby mentions are paired, so the work grows linearly with the text (the figures are in
``benchmarks/extraction.py --scaling``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction import extract
from loaders.extraction.annotate.sentences import MAX_SENTENCE
from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import WINDOW, near
from loaders.extraction.relations.features import Mention
from loaders.text import read_text

_SENTENCE = (
    "Orvane Biologics signed a manufacturing agreement with Talisk Pharma to produce TLK-204 at its plant in "
    "Raleigh, North Carolina, which is scheduled to begin operations in 2027, for $45 million; "
)

ODD = {
    "long-paragraph": "Orvane Biologics and Talisk Pharma sign deal\n" + _SENTENCE * 400,
    "all-caps": "ORVANE BIOLOGICS AND TALISK PHARMA SIGN MANUFACTURING AGREEMENT\n" + _SENTENCE.upper() * 5,
    "bullets": "Deal\n" + "\n".join(f"• {_SENTENCE}" for _ in range(30)) + "\n- \n* \n•\n",
    "table": "Deal table\n| Party | Role |\n|---|---|\n| Orvane Biologics | CMO |\n| Talisk Pharma | client |\n"
    + "\t".join(["Plant 5", "2026", "KRW 1.2 trillion", "¥30 billion"]) * 20,
    "empty": "",
    "blank": "   \n\n\t\n",
    "punctuation": "\n".join(["...", "—", "(", ")", "“", "$", "¥", "₩ 1", "Phase", "About", "About "]),
    "no-title-body": "Title only, no body (NASDAQ: ABCD) (KRX: 123456)",
    "unicode": "Ørsted‐like ＣＤＭＯ signs 契約 with 株式会社 Example\nSÃO PAULO — ₩120억 … 🚀\u200b\u00a0",
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_input_does_not_crash(name: str) -> None:
    ex = extract(read_text(ODD[name], Path(f"{name}.txt")))
    text = ODD[name]
    for item in (*ex.facts, *ex.agreements):
        for ev in item.evidence:
            assert text[ev.start : ev.end] == ev.sentence


def test_long_paragraph_still_finds_the_deal() -> None:
    ex = extract(read_text(ODD["long-paragraph"], Path("long.txt")))
    assert any(f.predicate == "contracts_with" for f in ex.facts)


def test_run_on_text_is_cut_into_bounded_sentences() -> None:
    doc = annotate(read_text(ODD["long-paragraph"], Path("long.txt")))
    assert len(doc.sentences) > len(ODD["long-paragraph"]) // MAX_SENTENCE
    assert all(s.end - s.start <= MAX_SENTENCE for s in doc.sentences)


def test_only_nearby_mentions_are_paired() -> None:
    mentions = [Mention(i * 100, i * 100 + 5, "org", str(i)) for i in range(50)]
    paired = near(mentions, mentions[25])
    assert paired and all(abs(m.start - mentions[25].start) <= WINDOW + 5 for m in paired)
    assert len(paired) <= 2 * WINDOW // 100 + 1


def test_a_paragraph_of_many_ands_is_no_dateline_and_is_read_at_once():
    """The dateline's place words are read possessively: a first paragraph joining 60 names with "and" (no
    comma, no date) took 2^n steps when each "and" could be read two ways."""
    from loaders.extraction.annotate.dateline import find_dateline

    paragraph = " and ".join(f"Orvane Biologics{i} will acquire the plant in Basel" for i in range(60)) + "."
    assert find_dateline(paragraph) is None
    assert find_dateline("MAINZ, Germany, and SINGAPORE, November 14, 2022 -- Acme said").places == (
        "MAINZ, Germany, and SINGAPORE"
    )

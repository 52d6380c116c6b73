"""The cue lexicon (``loaders/extraction/data/cues.tsv``): well-formed, used by the features, and scoped to
the clause it governs."""

from __future__ import annotations

from importlib import resources

import pytest

from kg.model import Document
from loaders.extraction.annotate.cues import cue_families, read_cues
from loaders.extraction.engine import annotate
from loaders.extraction.relations.candidates import _FAMILIES
from loaders.extraction.relations.features import SentenceView, pair_features


def _lexicon() -> dict[str, list[str]]:
    return read_cues(
        resources.files("loaders.extraction").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    )


def test_every_phrase_is_well_formed() -> None:
    for family, phrases in _lexicon().items():
        assert family.count(".") == 1, family
        for phrase in phrases:
            assert phrase == phrase.strip() and "\t" not in phrase
            for word in phrase.split():
                assert not word.endswith("*") or len(word) >= 4, (
                    f"{family}: {phrase!r} (a prefix of 3+ letters)"
                )


def test_every_family_a_relation_reads_exists() -> None:
    heads = {f.split(".")[0] + "." for f in cue_families()}
    for relation, families in _FAMILIES.items():
        assert set(families) <= heads, relation


@pytest.mark.parametrize(
    ("sentence", "family"),
    [
        ("Acme has engaged Beta to manufacture its antibody.", "deal.select"),
        ("Acme taps Beta to produce the vaccine.", "deal.select"),
        ("Beta may sublicense the rights.", "lic.take"),
        ("The plant is expected to be fully operational in 2027.", "start.verb"),
        # readiness and first output said with other words than "operate" or "production"
        ("The Aarhus unit is due to be ready for manufacturing in 2029.", "start.verb"),
        ("Once it is ready in 2028, the hall will fill vials.", "start.verb"),
        ("The new suite will begin making the antibody next year.", "start.verb"),
        ("The line was brought on stream in 2019.", "start.verb"),
        ("Since 2012 Acme has taken over three plants from larger drugmakers.", "acq.verb"),
        ("The companies are in talks about a licence.", "hedge.explore"),
        ("Acme does not plan to buy Beta.", "neg.not"),
        ("Acme is headquartered in Basel.", "hq.verb"),
        ("HLX14, which references Prolia, is in Phase 3.", "dev.compete"),
        ("Beta tests its antibody in combination with pembrolizumab.", "dev.combo"),
        ("Beta filed for marketing authorisation with the national regulator.", "reg.act"),
        # rights to sell another company's medicine: whose medicine it is, the classifier weighs beside this
        ("Acme obtains the exclusive rights to market and distribute four Beta medicines.", "dev.market"),
    ],
)
def test_plain_phrasings_are_cued(sentence: str, family: str) -> None:
    doc = annotate(Document(doc="a.txt", text="Title\n" + sentence))
    assert family in {c.value for c in doc.spans("CUE")}


def test_negation_governs_only_its_own_clause() -> None:
    text = "T\nOrvane Biologics will not build a plant in Raleigh; Talisk Pharma signed a supply deal with Kestova Bio."
    doc = annotate(Document(doc="a.txt", text=text))
    view = SentenceView(doc, 1)
    by_key = {m.form: m for m in view.refs}
    negated = pair_features(view, by_key["Orvane Biologics"], view.sites[0])
    signed = pair_features(view, by_key["Talisk Pharma"], by_key["Kestova Bio"])
    assert "cl:neg.not" in negated and "cl:neg.not" not in signed


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Orvane Biologics has agreed to buy Talisk Pharma for $3 billion.", "Talisk Pharma", "obj"),
        ("Orvane Biologics plans to acquire Boston-based Talisk Pharma.", "Talisk Pharma", "obj"),
        ("Orvane Biologics will sell its plant to Talisk Pharma.", "Talisk Pharma", "to"),
        ("Orvane Biologics granted rights to the antibody to Talisk Pharma.", "Talisk Pharma", "to"),
    ],
)
def test_the_object_of_an_infinitive_is_no_object_of_to(sentence: str, name: str, role: str) -> None:
    """ "agreed to buy Talisk": Talisk is what is bought, not where something goes ("sell ... to Talisk")."""
    doc = annotate(Document(doc="a.txt", text="T\n" + sentence))
    view = SentenceView(doc, 1)
    assert {m.form: view.role(m) for m in view.refs}[name] == role


def test_a_deal_with_a_ministry_is_marked_public_and_reads_its_regulatory_words() -> None:
    """A ministry or agency is a party when it signs, most often a regulator: the deal candidate says so
    (``p:public``) and counts the regulatory cues between the two (``btw:reg.act``), for the classifier."""
    from loaders.extraction.relations.candidates import candidates

    text = "T\nOrvane Biologics filed for approval of its antibody with the Ministry of Health and Welfare in May."
    doc = annotate(Document(doc="a.txt", text=text))
    deals = [c for c in candidates(doc) if c.relation == "deal"]
    assert deals and all({"p:public", "btw:reg.act"} <= set(c.features) for c in deals)

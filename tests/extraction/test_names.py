"""Learned organisation names: a capitalised run the rules leave is taken as a company when the learned model
scores it high enough, and the relation classifier is told which companies only the model found."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction.annotate.names import NameModel, NameRecorder, name_model, using
from loaders.extraction.engine import annotate
from loaders.text import read_text
from tests.extraction.extracting import marked

TEXT = (
    "Deals in brief\n\nBOSTON, March 3, 2025 -- Halvera Biologics said on Monday it signed a supply "
    "agreement with Tessmark last week. The two companies did not disclose its value."
)
# a model that takes a run after "with" and nothing else, so the tests do not depend on the fitted weights
WITH = NameModel({"bias": -2.0, "b1:with": 3.0}, threshold=0.5)


def organisations(text: str) -> set[str]:
    doc = annotate(read_text(text, Path("news.txt")))
    return {doc.text[s.start : s.end] for s in doc.spans("ORG")}


def test_a_run_no_rule_takes_is_a_company_when_the_model_says_so():
    with using(None):
        assert "Tessmark" not in organisations(TEXT)
    with using(WITH):
        assert {"Tessmark", "Halvera Biologics"} <= organisations(TEXT)


def test_the_model_never_takes_what_a_rule_found_or_a_place():
    with using(NameModel({"bias": 5.0}, threshold=0.5)):  # takes every run it is asked about
        found = organisations(TEXT + " Halvera Biologics runs a plant in Boston.")
    assert "Halvera" not in found  # part of a name found by its form
    assert "Boston" not in found and "BOSTON" not in found  # places


def test_the_recorder_keeps_each_run_it_is_asked_about_and_takes_none():
    recorder = NameRecorder()
    with using(recorder):
        found = organisations(TEXT)
    text = read_text(TEXT, Path("news.txt")).text
    runs = {text[s:e]: feats for s, e, feats in recorder.runs}
    assert "Tessmark" in runs and "Tessmark" not in found
    assert {"b1:with", "b2:agreement with", "a1:last", "n:1", "deal_sent"} <= runs["Tessmark"]


def test_the_classifier_reads_which_company_only_the_model_found():
    with using(WITH):
        learned = marked(TEXT, "deal", "learned")
    with using(None):
        plain = marked(TEXT, "deal", "learned")
    assert learned == {("Halvera Biologics", "Tessmark")}
    assert plain == set()


def test_the_model_file_round_trips_and_ships():
    again = NameModel.from_json(WITH.to_json())
    assert again == WITH
    shipped = name_model()
    assert shipped is not None and 0.5 <= shipped.threshold < 1.0 and len(shipped.weights) > 100

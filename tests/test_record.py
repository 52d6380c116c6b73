"""Extraction records (JSON) ↔ typed Extraction values."""

from __future__ import annotations

import json

import pytest

from kg.errors import RecordError
from kg.model import EntityType, Extraction

RECORD = {
    "doc": "acme-2026.txt",
    "source": {"published": "2026-01-05", "title": "Acme signs with a client"},
    "entities": [
        {"id": "e1", "type": "Organization", "name": "Acme Biologics Inc."},
        {"id": "e2", "type": "Organization", "name": None, "undisclosed": True,
         "description": "a U.S. biotech", "country": "US"},
        {"id": "s1", "type": "Site", "name": "Acme Campus", "city": "Austin", "country": "US"},
    ],
    "facts": [["e1", "contracts_with", "e2"], ["e1", "operates", "s1"], ["s1", "located_in", "Austin, US"],
              ["s1", "starts_operations", "2027"]],
    "agreements": [{"provider": "e1", "client": "e2", "type": "manufacturing", "service": "CMO",
                    "stage": ["Phase 3"], "product": None, "end_year": 2030,
                    "value": [{"amount": 5e6, "currency": "USD", "what": "upfront"}], "announced": "2026-01"}],
    "evidence": [{"fact": 0, "sentence": "Acme signed.", "start": 10, "end": 22, "extractor": "rules",
                  "confidence": 0.9}],
}  # fmt: skip


def test_round_trip_keeps_facts_agreements_and_evidence():
    ex = Extraction.from_record(RECORD)
    assert ex.entity("e2").undisclosed and ex.entity("s1").type is EntityType.SITE
    assert ex.facts[0].evidence[0].sentence == "Acme signed."
    back = Extraction.from_record(json.loads(json.dumps(ex.to_record())))
    assert back == ex


def test_an_agreement_with_two_clients_writes_both():
    record = json.loads(json.dumps(RECORD))
    record["entities"].append({"id": "e3", "type": "Organization", "name": "Bolt Capital"})
    record["agreements"] = [{"provider": "e1", "client": ["e2", "e3"], "type": "acquisition"}]
    ex = Extraction.from_record(record)
    assert ex.to_record()["agreements"][0]["client"] == ["e2", "e3"]
    assert Extraction.from_record(json.loads(json.dumps(ex.to_record()))) == ex


def test_gold_files_load(eval_dev):
    for path in sorted(eval_dev.glob("*.gold.json")):
        ex = Extraction.from_record(json.loads(path.read_text(encoding="utf-8")))
        assert ex.facts, path.name


@pytest.mark.parametrize(
    "change, message",
    [
        ({"doc": ""}, 'no "doc"'),
        ({"facts": [["e1", "likes", "e2"]]}, "unknown predicate"),
        ({"facts": [["e1", "operates", "zz"]]}, "unknown object"),
        ({"entities": [{"id": "x", "type": "Planet", "name": "Mars"}]}, "unknown type"),
        ({"facts": "nonsense"}, "malformed"),
    ],
)
def test_bad_records_are_one_line_errors(change, message):
    with pytest.raises(RecordError, match=message) as info:
        Extraction.from_record({**RECORD, **change})
    assert "\n" not in str(info.value)

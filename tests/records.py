"""Small extraction records written for tests (JSON shape of CONTRACT.md)."""

from __future__ import annotations

import copy

ACME = {
    "doc": "acme-cmo-2026.txt",
    "source": {"published": "2026-01-05", "title": "Acme Biologics signs CMO deal", "url": "https://example.org/a"},
    "entities": [
        {"id": "e1", "type": "Organization", "name": "Acme Biologics Inc."},
        {"id": "e2", "type": "Organization", "name": None, "undisclosed": True,
         "description": "biotech company headquartered in the United States", "country": "US"},
        {"id": "s1", "type": "Site", "name": "Austin Bio Campus", "city": "Austin", "country": "US"},
        {"id": "s2", "type": "Site", "name": "Incheon Plant 2", "country": "KR"},
        {"id": "p1", "type": "Product", "name": "ACM-101"},
    ],
    "facts": [["e1", "contracts_with", "e2"], ["e2", "headquartered_in", "US"], ["e1", "operates", "s1"],
              ["e1", "operates", "s2"], ["s1", "located_in", "Austin, US"], ["s2", "located_in", "KR"],
              ["s2", "starts_operations", "2027"], ["e1", "develops", "p1"]],
    "agreements": [{"provider": "e1", "client": "e2", "type": "manufacturing", "service": "CMO",
                    "stage": ["Phase 3", "commercial"], "product": "p1", "end_year": 2030,
                    "value": [{"amount": 12500000, "currency": "USD", "what": "total"}],
                    "announced": "2026-01-05"}],
    "evidence": [{"fact": 0, "sentence": "Acme Biologics signed a CMO contract with a U.S. biotech.",
                  "start": 30, "end": 88, "extractor": "rules", "confidence": 0.9},
                 {"agreement": 0, "sentence": "The contract runs until 2030.", "start": 89, "end": 118}],
}  # fmt: skip

BETA = {
    "doc": "beta-license-2026.txt",
    "source": {"published": "2026-02-01", "title": "Beta Pharma licenses ACM-101"},
    "entities": [
        {"id": "e1", "type": "Organization", "name": "ACME BIOLOGICS, INC"},
        {"id": "e2", "type": "Organization", "name": "Beta Pharma AG"},
        {"id": "p1", "type": "Product", "name": "ACM-101"},
    ],
    "facts": [["e1", "contracts_with", "e2"], ["e2", "headquartered_in", "CH"], ["e2", "develops", "p1"]],
    "agreements": [{"provider": "e1", "client": "e2", "type": "licensing", "service": "none",
                    "stage": ["Phase 1"], "product": "p1", "end_year": None,
                    "value": [{"amount": 4e7, "currency": "USD", "what": "upfront"}], "announced": "2026-02"}],
}  # fmt: skip


def record(base: dict, **changes) -> dict:
    out = copy.deepcopy(base)
    out.update(changes)
    return out

"""Fixtures for the viewer tests: a small store built from extraction records, hostile strings included."""

from __future__ import annotations

from typing import Any

import pytest

from kg.model import Extraction
from kg.store import Store

HOSTILE_IMG = "<img src=x onerror=\"window.__pwned='img'\">"
HOSTILE_SCRIPT = "\"><script>window.__pwned='script'</script>"
HOSTILE_URL = "javascript:window.__pwned='href'"
HOSTILE_SENTENCE = "It said </script><script>window.__pwned='sentence'</script> & <b>more</b>\u2028end."


def records() -> list[dict[str, Any]]:
    """Three announcements: a CMO deal with a site, an acquisition, and one full of hostile strings."""
    return [
        {
            "doc": "lotte-2025.txt",
            "source": {
                "title": "Lotte Biologics signs CMO agreement with US pharma",
                "published": "2025-09-02",
                "url": "https://example.com/news/lotte",
            },
            "entities": [
                {"id": "e1", "type": "Organization", "name": "Lotte Biologics", "aliases": ["LOTTE BIOLOGICS Co., Ltd."]},
                {"id": "e2", "type": "Organization", "name": None, "undisclosed": True,
                 "description": "US-based global biopharmaceutical company"},
                {"id": "s1", "type": "Site", "name": "Syracuse Bio Campus", "city": "Syracuse"},
                {"id": "p1", "type": "Product", "name": None, "description": "immunotherapy drug candidate"},
            ],
            "facts": [
                ["e1", "operates", "s1"], ["s1", "located_in", "Syracuse, US"], ["s1", "starts_operations", "2027"],
                ["e1", "contracts_with", "e2"], ["e1", "headquartered_in", "KR"],
            ],
            "agreements": [
                {"provider": "e1", "client": "e2", "type": "manufacturing", "service": "CMO",
                 "stage": ["Phase 3", "commercial"], "product": "p1", "end_year": 2030,
                 "value": [{"amount": 120_000_000, "currency": "USD", "what": "total"}], "announced": "2025-09-02"},
            ],
            "evidence": [
                {"fact": 0, "sentence": "Lotte Biologics operates the Syracuse Bio Campus.", "start": 0, "end": 49},
                {"agreement": 0, "sentence": "Lotte Biologics signed a USD 120 million manufacturing agreement.",
                 "start": 50, "end": 113},
            ],
        },
        {
            "doc": "tanaka-2023.txt",
            "source": {"title": "Tanaka Pharma acquires Veldt Bio", "published": "2023-05-10",
                       "url": "https://example.com/news/tanaka"},
            "entities": [
                {"id": "e1", "type": "Organization", "name": "Tanaka Pharma"},
                {"id": "e2", "type": "Organization", "name": "Veldt Bio"},
                {"id": "e3", "type": "Organization", "name": "Lotte Biologics"},
            ],
            "facts": [["e1", "acquires", "e2"], ["e1", "headquartered_in", "JP"], ["e3", "contracts_with", "e1"]],
            "agreements": [],
            "evidence": [{"fact": 0, "sentence": "Tanaka Pharma will acquire Veldt Bio.", "start": 0, "end": 36}],
        },
        {
            "doc": "hostile.txt",
            "source": {"title": "<b>Hostile</b> title " + HOSTILE_SCRIPT, "published": "2024-01-15", "url": HOSTILE_URL},
            "entities": [
                {"id": "e1", "type": "Organization", "name": HOSTILE_IMG},
                {"id": "e2", "type": "Organization", "name": HOSTILE_SCRIPT},
                {"id": "e3", "type": "Organization", "name": "Tanaka Pharma"},
            ],
            "facts": [["e1", "contracts_with", "e2"], ["e3", "acquires", "e1"]],
            "agreements": [{"partner": ["e1", "e2"], "type": "collaboration", "service": "none"}],
            "evidence": [
                {"fact": 0, "sentence": HOSTILE_SENTENCE, "start": 0, "end": 10},
                {"fact": 1, "sentence": "Tanaka buys " + HOSTILE_IMG, "start": 0, "end": 10},
            ],
        },
    ]  # fmt: skip


@pytest.fixture
def store() -> Store:
    s = Store.in_memory()
    s.write([Extraction.from_record(r) for r in records()])
    return s

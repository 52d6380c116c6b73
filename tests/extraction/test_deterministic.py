"""Extraction is deterministic: the same documents give the same bytes, whatever the hash seed (sets and
dicts never decide an order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.extraction.extracting import record

CASES = Path(__file__).parent / "cases"


def _extract(paths: list[Path], seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "extract", *map(str, paths)], capture_output=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_same_input_same_bytes_whatever_the_hash_seed() -> None:
    paths = sorted((CASES / "real").glob("*.txt"))[:40]
    first = _extract(paths, "1")
    assert first and first == _extract(paths, "2") == _extract(paths, "12345")


def test_entities_are_numbered_in_the_order_the_text_first_names_them() -> None:
    text = (
        "Orvane Pharma sells Talisk plant\n\n"
        "BOSTON, May 4, 2021 -- Orvane Pharma said it will sell its plant in Talisk, Ohio, to Velquor Bio. "
        "Velquor Bio, a contract manufacturer based in Denver, will make Orvane Pharma's drug there. "
        "Velquor Bio Co., Ltd., the group's Korean company, will supply it in Asia."
    )
    out = record(text)
    for prefix in "esp":
        named = [e for e in out["entities"] if e["id"].startswith(prefix)]
        at = [min(text.find(n) for n in (e["name"], *e.get("aliases", [])) if n in text) for e in named]
        order = [int(e["id"][1:]) for e in named]
        assert [n for _, n in sorted(zip(at, order, strict=True))] == sorted(order), out["entities"]
    assert len([e for e in out["entities"] if e["id"].startswith("e")]) >= 2

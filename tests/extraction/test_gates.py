"""Every gated pattern's declaration holds: each of its matches, in the case texts and the dev texts, holds one
of the strings it needs, so gating never drops a match."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import loaders.extraction
from loaders.extraction.annotate.gates import Gated, fold
from tests.conftest import EVAL_DEV

CASES = Path(__file__).parent / "cases"


def _gated() -> list[tuple[str, Gated]]:
    found = []
    for info in pkgutil.walk_packages(loaders.extraction.__path__, "loaders.extraction."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Gated):
                found.append((f"{info.name}.{name}", value))
    return found


def _texts() -> list[str]:
    paths = sorted(CASES.glob("*/*.txt")) + (sorted(EVAL_DEV.glob("*.txt")) if EVAL_DEV.is_dir() else [])
    return [p.read_text(encoding="utf-8") for p in paths]


GATED = _gated()
TEXTS = _texts()


def test_the_extractor_has_gated_patterns() -> None:
    assert len(GATED) >= 10


@pytest.mark.parametrize(("name", "gated"), GATED, ids=[name for name, _ in GATED])
def test_every_match_holds_a_needed_string(name: str, gated: Gated) -> None:
    for text in TEXTS:
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        for start, end in [(0, len(text)), *lines]:
            for m in gated.pattern.finditer(text, start, end):
                folded = fold(m.group()) or m.group().lower()
                assert any(need in folded for need in gated.needs), f"{name} matched {m.group()!r}"


def test_gating_keeps_every_match() -> None:
    for _, gated in GATED:
        for text in TEXTS:
            folded = fold(text)
            assert [m.span() for m in gated.finditer(text, folded=folded)] == [
                m.span() for m in gated.pattern.finditer(text)
            ]

"""Shared fixtures. Real services come from plugins in tests/plugins/ (each skips cleanly without its tool)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins: list[str] = ["tests.plugins.neo4j", "tests.plugins.browser", "tests.plugins.newsroom"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def eval_dev() -> Path:
    """The shared dev set of real announcements; skip when ../shared/eval is absent."""
    if not EVAL_DEV.is_dir():
        pytest.skip("../shared/eval/dev not present")
    return EVAL_DEV


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"

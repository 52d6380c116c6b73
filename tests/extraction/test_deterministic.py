"""Extraction is deterministic: the same documents give the same bytes, whatever the hash seed (sets and
dicts never decide an order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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

"""The drug table's words: derived in a child process once per package version and kept in the user's cache
folder, so no extracting process pays for unpickling the table; the same words whether derived or read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loaders.extraction.annotate.drugs import words_of_table

COUNT = "from loaders.extraction.annotate.drugs import drug_words; print(len(drug_words()))"


def _count(cache: Path) -> int:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", COUNT], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_the_words_are_derived_once_and_read_from_the_cache_after(tmp_path: Path) -> None:
    expected = len(words_of_table())
    assert expected > 10_000
    assert _count(tmp_path) == expected
    (cached,) = (tmp_path / "biopharma-kg").glob("drug-words-*.txt")
    assert len(cached.read_text(encoding="utf-8").split()) == expected
    cached.write_text("^quorrabrand", encoding="utf-8")  # a later process reads the cache, not the table
    assert _count(tmp_path) == 1


def test_an_unwritable_cache_folder_still_gives_the_words(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    assert _count(blocked) == len(words_of_table())

"""Drug names from a published dictionary: the ``drug-named-entity-recognition`` package's table of names
(DrugBank, MeSH, MedlinePlus, Wikipedia) and the brands they are sold under ("Wegovy", "XTANDI",
"cariprazine"), read as data, never through its finder (which can reach the network).

The table also holds what is not a product of anyone: drug classes ("antibiotics", "penicillins"), targets
("GLP-1", "IL-2"), molecules of biology ("mRNA", "cGMP"). A word is kept as a drug name when its form says it
names one product: a brand (a capitalised word the table lists under a drug with a DrugBank entry, or under
a single ingredient), or a lower-case ingredient name with a DrugBank entry; never a word with a digit, an
acronym of four letters or fewer, a word that starts in lower case and goes on in capitals.
"""

from __future__ import annotations

import bz2
import os
import pickle
import re
import subprocess
import sys
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

__all__ = ["drug_words", "is_drug_word", "words_of_table"]

_PACKAGE = "drug_named_entity_recognition"
_DISTRIBUTION = "drug-named-entity-recognition"
_TABLE = "drug_ner_dictionary.pkl.bz2"
_WORD = re.compile(r"[A-Za-z][a-z]{3,}|[A-Z]{5,}")


@lru_cache(maxsize=1)
def drug_words() -> frozenset[str]:
    """The lower-case single words that name a drug ("cariprazine") or, marked "^", a brand ("^wegovy");
    empty when the package is not installed.

    Unpickling the table costs a process ~50 MB it never gives back, and every ingest worker and server
    would pay it: the words are derived in a child process instead, once per version of the package, and
    kept in the user's cache folder (a 300 kB list; derived again, without keeping it, where that folder
    cannot be written)."""
    try:
        release = version(_DISTRIBUTION)
    except PackageNotFoundError:
        return frozenset()
    cache = _cache_folder() / f"drug-words-{release}.txt"
    try:
        return frozenset(cache.read_text(encoding="utf-8").split())
    except OSError:
        pass
    derive = "from loaders.extraction.annotate.drugs import words_of_table as w; print(*w())"
    derived = subprocess.run(
        [sys.executable, "-c", derive], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    words = frozenset(derived.split())
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache.parent, delete=False, encoding="utf-8") as tmp:
            tmp.write("\n".join(sorted(words)))
        os.replace(tmp.name, cache)  # whole or not at all, whoever else derives it at the same time
    except OSError:
        pass
    return words


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "biopharma-kg"


def words_of_table() -> list[str]:
    """The words :func:`drug_words` keeps, read from the package's table (in the process that calls it)."""
    spec = find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / _TABLE
    with bz2.open(path, "rb") as f:
        table = pickle.load(f)  # the data file of an installed package, never user input
    canonical: dict[str, list[str]] = table["drug_variant_to_canonical"]
    data: dict[str, dict] = table["drug_canonical_to_data"]
    out = set()
    for variant, names in canonical.items():
        if " " in variant or not variant.isalpha() or len(variant) < 4:
            continue
        known = any(data.get(n, {}).get("drugbank_id") for n in names)
        if variant not in names:  # a brand: counts only when written with a capital
            if known or (len(names) == 1 and not names[0].endswith("s")):
                out.add("^" + variant)
        elif known:
            out.add(variant)
    return sorted(out)


def is_drug_word(word: str) -> bool:
    """Whether a word of a text, as written, names a drug: a brand written with a capital ("Wegovy",
    "XTANDI"), an ingredient in lower case ("cariprazine") or capitalised.

    >>> [w for w in ("Wegovy", "cariprazine", "Antibiotics", "mRNA", "IL-2", "Table") if is_drug_word(w)]
    ['Wegovy', 'cariprazine']
    """
    if not _WORD.fullmatch(word):
        return False
    words, lower = drug_words(), word.lower()
    if word.islower():
        return lower in words
    return ("^" + lower) in words or lower in words

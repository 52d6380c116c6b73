"""Gated patterns: a regular expression with the strings one of which every match of it holds, so a text (or
a sentence of it) holding none of them is never scanned.  Scanning is most of the cost of a pattern that may
start anywhere; looking for a few plain strings is not.

The needed strings are lowercase and compared with the text case-folded (:func:`fold`), whatever the
pattern's own case rule.  ``tests/extraction/test_gates.py`` checks every declaration against the dev and
case texts, so one cannot silently go stale.

>>> money = Gated(r"\\b\\d+\\s+euros?\\b", re.I, needs="euro")
>>> money.search("a sale for 30 EUROS") is not None, money.search("no figure here")
(True, None)
>>> text = "One. Two euros. Three."
>>> [m.group() for m in money.finditer(text, 0, 4, fold(text))]
[]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

__all__ = ["Gated", "fold"]

# the characters re.IGNORECASE matches to an ASCII letter that str.lower does not turn into it
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def fold(text: str) -> str | None:
    """The text lowercased offset for offset (None in the unlikely case lowering changes its length).

    >>> fold("The CDMO"), fold("ſ")
    ('the cdmo', 's')
    """
    folded = text.lower()
    if len(folded) != len(text) or "ı" in folded or "ſ" in folded:  # rare: translating is slow
        folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else None


class Gated:
    """A compiled pattern and ``needs``: the strings (lowercase, separated by spaces) one of which every match
    of it holds."""

    __slots__ = ("needs", "pattern")

    def __init__(self, pattern: str, flags: int = 0, *, needs: str) -> None:
        self.pattern = re.compile(pattern, flags)
        self.needs = tuple(needs.split())

    def admits(self, folded: str | None, start: int = 0, end: int = sys.maxsize) -> bool:
        """Whether folded[start:end] may hold a match: it holds a needed string, or was not folded."""
        return folded is None or any(folded.find(need, start, end) >= 0 for need in self.needs)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """The first match in text; ``folded`` is :func:`fold` of it when the caller has it already."""
        return self.pattern.search(text) if self.admits(folded or fold(text)) else None

    def sub(self, repl: str, text: str) -> str:
        return self.pattern.sub(repl, text) if self.admits(fold(text)) else text

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize, folded: str | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches in text[pos:endpos]; ``folded`` is :func:`fold` of the whole text, made once by the
        caller for all its sentences (without it, every text is scanned)."""
        if folded is not None and not self.admits(folded, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)

"""Phrase lookup over word tokens: a dictionary of n-grams instead of one huge regex (fast, case-aware)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["PhraseIndex", "Token", "key_of", "tokenize"]

T = TypeVar("T")
_TOKEN = re.compile(r"[^\W_](?:[\w&.\-]*[^\W_])?|&")
_GAP = re.compile(r"[ \t\-‐–]*")
_SPACES = re.compile(r"[\s\-‐–]+")
MAX_WORDS = 7


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; apostrophes and most punctuation end a token.

    >>> [t.text for t in tokenize("Lonza's U.S. plant, Co., Ltd.")]
    ['Lonza', 's', 'U.S', 'plant', 'Co', 'Ltd']
    """
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def key_of(phrase: str) -> str:
    """The lookup key of a phrase: spaces and hyphens collapsed, final period dropped."""
    return _SPACES.sub(" ", phrase.strip()).rstrip(".")


class PhraseIndex(Generic[T]):
    """Maps phrases (case-sensitive, hyphen/space-insensitive) to values; finds longest matches in text."""

    def __init__(self) -> None:
        self._values: dict[str, T] = {}
        self._firsts: set[str] = set()

    def add(self, phrase: str, value: T) -> None:
        key = key_of(phrase)
        if key and key not in self._values:
            self._values[key] = value
            self._firsts.add(key.split(" ")[0])

    def get(self, phrase: str) -> T | None:
        return self._values.get(key_of(phrase))

    def __contains__(self, phrase: str) -> bool:
        return key_of(phrase) in self._values

    def find(self, text: str, tokens: list[Token]) -> Iterator[tuple[int, int, T]]:
        """Longest non-overlapping matches, left to right, as (start, end, value)."""
        i, n = 0, len(tokens)
        while i < n:
            first = tokens[i]
            head = first.text.split("-")[0]
            if first.text not in self._firsts and head not in self._firsts:
                i += 1
                continue
            best = None
            for j in range(min(n, i + MAX_WORDS) - 1, i - 1, -1):
                if j > i and not _GAP.fullmatch(text, tokens[j - 1].end, tokens[j].start):
                    continue
                if any(not _GAP.fullmatch(text, tokens[k - 1].end, tokens[k].start) for k in range(i + 1, j)):
                    continue
                value = self._values.get(key_of(text[first.start : tokens[j].end]))
                if value is not None:
                    best = (j, value)
                    break
            if best is None:
                i += 1
                continue
            j, value = best
            yield first.start, tokens[j].end, value
            i = j + 1

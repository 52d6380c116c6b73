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
        self._firsts: dict[str, int] = {}  # first word -> most words in a phrase starting with it

    def add(self, phrase: str, value: T) -> None:
        key = key_of(phrase)
        if key and key not in self._values:
            self._values[key] = value
            words = key.split(" ")
            self._firsts[words[0]] = max(self._firsts.get(words[0], 0), len(words))

    def get(self, phrase: str) -> T | None:
        return self._values.get(key_of(phrase))

    def __contains__(self, phrase: str) -> bool:
        return key_of(phrase) in self._values

    def find(self, text: str, tokens: list[Token]) -> Iterator[tuple[int, int, T]]:
        """Longest non-overlapping matches, left to right, as (start, end, value)."""
        i, n = 0, len(tokens)
        firsts, values = self._firsts, self._values
        while i < n:
            first = tokens[i]
            most = (
                firsts.get(first.text)
                or firsts.get(first.text.split("-")[0])
                or firsts.get(first.text.rstrip("."))
            )
            if not most:
                i += 1
                continue
            last = i
            while (
                last + 1 < n
                and last + 1 < i + most + 2
                and _joined(text, tokens[last].end, tokens[last + 1].start)
            ):
                last += 1
            best = None
            for j in range(last, i - 1, -1):
                value = values.get(key_of(text[first.start : tokens[j].end]))
                if value is not None:
                    best = (j, value)
                    break
            if best is None:
                i += 1
                continue
            j, value = best
            yield first.start, tokens[j].end, value
            i = j + 1


_JOINS = frozenset({"", " ", "-", "‐", "–", " - ", " & "})


def _joined(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return gap in _JOINS or (len(gap) < 4 and _GAP.fullmatch(gap) is not None)

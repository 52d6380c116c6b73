"""Phrase lookup over word tokens: a dictionary of n-grams instead of one huge regex (fast, case-aware)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate, repeat
from typing import Generic, NamedTuple, TypeVar

__all__ = ["PhraseIndex", "Token", "key_of", "tokenize"]

T = TypeVar("T")
_TOKEN = re.compile(r"[^\W_](?:[\w&.\-]*[^\W_])?|&")
_SPLIT = re.compile(f"({_TOKEN.pattern})")  # text between tokens, token, text between tokens, ...
_GAP = re.compile(r"[ \t\-‐–]*")
_SPACES = re.compile(r"[\s\-‐–]+")
MAX_WORDS = 7


class Token(NamedTuple):
    start: int
    end: int
    text: str


class Tokens(list[Token]):
    """The tokens of one document, with what every lookup needs computed once: each token's lookup heads
    (the word as written, before a hyphen, without a final period) and its start offset."""

    heads: list[tuple[str, ...]]
    starts: list[int]


def tokenize(text: str) -> Tokens:
    """Word tokens with offsets; apostrophes and most punctuation end a token.  Tokenise a document once
    and pass the result to every :meth:`PhraseIndex.find`.

    >>> [t.text for t in tokenize("Lonza's U.S. plant, Co., Ltd.")]
    ['Lonza', 's', 'U.S', 'plant', 'Co', 'Ltd']
    """
    # one split, offsets by adding up lengths: no match object per token
    parts = _SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    words, starts = parts[1::2], offsets[1:-1:2]
    tokens = Tokens(map(tuple.__new__, repeat(Token), zip(starts, offsets[2::2], words, strict=True)))
    tokens.heads = [(w,) if "-" not in w and "." not in w else _heads(w) for w in words]
    tokens.starts = starts
    return tokens


def _heads(word: str) -> tuple[str, ...]:
    if "-" not in word and "." not in word:
        return (word,)
    return tuple(dict.fromkeys((word, word.split("-")[0], word.rstrip("."))))


def as_tokens(tokens: list[Token]) -> Tokens:
    if isinstance(tokens, Tokens):
        return tokens
    out = Tokens(tokens)
    out.heads = [_heads(t.text) for t in tokens]
    out.starts = [t.start for t in tokens]
    return out


_PLAIN = re.compile(r"[^\s\-‐–]+(?: [^\s\-‐–]+)*")


def key_of(phrase: str) -> str:
    """The lookup key of a phrase: spaces and hyphens collapsed, final period dropped, one apostrophe."""
    phrase = phrase.replace("’", "'")
    if _PLAIN.fullmatch(phrase):
        return phrase.rstrip(".")
    return _SPACES.sub(" ", phrase.strip()).rstrip(".")


class PhraseIndex(Generic[T]):
    """Maps phrases (case-sensitive, hyphen/space-insensitive) to values; finds longest matches in text."""

    def __init__(self) -> None:
        self._values: dict[str, T] = {}
        self._firsts: dict[str, int] = {}  # first word -> most words in a phrase starting with it
        self._starts: set[str] | None = None  # the leading parts of keys that end a token (made when needed)

    def add(self, phrase: str, value: T) -> None:
        key = key_of(phrase)
        if key and key not in self._values:
            self._values[key] = value
            self._starts = None
            words = key.split(" ")
            # the first token as the tokenizer cuts it: "Dr" of "Dr. Reddy's", "Moody" of "Moody's", "U.S" of
            # "U.S. Department of Defense"
            first = re.match(r"[^.'’]+", words[0])
            for head in {words[0], words[0].rstrip("."), first.group() if first else words[0]}:
                self._firsts[head] = max(self._firsts.get(head, 0), len(words))

    def get(self, phrase: str) -> T | None:
        return self._values.get(key_of(phrase))

    def __contains__(self, phrase: str) -> bool:
        return key_of(phrase) in self._values

    def starts_phrase(self, word: str) -> bool:
        """Whether some phrase of more than one word begins with this word ("Hong" of "Hong Kong")."""
        return self._firsts.get(word, 0) > 1

    def find(self, text: str, tokens: list[Token]) -> Iterator[tuple[int, int, T]]:
        """Longest non-overlapping matches, left to right, as (start, end, value)."""
        tokens = as_tokens(tokens)
        heads = tokens.heads
        i, n = 0, len(tokens)
        firsts, values = self._firsts, self._values
        if self._starts is None:
            self._starts = {key[:n] for key in values for n in _token_ends(key)}
        starts = self._starts
        # the tokens a phrase may start at (most start none), in one pass
        for k in [k for k, hs in enumerate(heads) for h in hs if h in firsts]:
            if k < i:
                continue
            i = k
            most = next(firsts[h] for h in heads[i] if h in firsts)
            first = tokens[i]
            last = i
            # a longer run is tried only while its key starts some key ("the United", not "the company")
            while (
                last + 1 < n
                and last + 1 < i + most + 2
                and _joined(text, tokens[last].end, tokens[last + 1].start)
                and _key_of_span(text, first.start, tokens[last + 1].end) in starts
            ):
                last += 1
            best = None
            for j in range(last, i - 1, -1):
                value = values.get(_key_of_span(text, first.start, tokens[j].end))
                if value is not None:
                    best = (j, value)
                    break
            if best is None:
                i += 1
                continue
            j, value = best
            yield first.start, tokens[j].end, value
            i = j + 1


def _token_ends(key: str) -> Iterator[int]:
    """Where a run of tokens may end inside a key: anywhere but inside a word."""
    for n in range(1, len(key)):
        if not (key[n - 1].isalnum() and key[n].isalnum()):
            yield n
    yield len(key)


def _key_of_span(text: str, start: int, end: int) -> str:
    """:func:`key_of` of a run of joined tokens, text[start:end]: what joins them is spaces, tabs and
    hyphens only, so without a hyphen, a tab or a double space the run is its own key."""
    phrase = text[start:end]
    if "’" in phrase:
        phrase = phrase.replace("’", "'")
    if "-" in phrase or "‐" in phrase or "–" in phrase or "\t" in phrase or "  " in phrase:
        return key_of(phrase)
    return phrase.rstrip(".")


# ". ": "St. Helens", "Dr. Reddy's"; an apostrophe: "Dr. Reddy's", "Moody's"
_JOINS = frozenset({"", " ", "-", "‐", "–", " - ", " & ", ". ", "'", "’"})


def _joined(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return gap in _JOINS or (len(gap) < 4 and _GAP.fullmatch(gap) is not None)

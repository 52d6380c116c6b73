"""Sets of character spans that answer "which of them overlap or contain [s, e)?" in logarithmic time, so
that annotators stay linear in the length of the document however many mentions it has.

>>> spans = Intervals([(0, 4), (10, 20), (12, 14)])
>>> spans.overlaps(3, 5), spans.overlaps(4, 10), spans.contains(12, 13), spans.contains(21, 22)
(True, False, True, False)
>>> spans.overlapping(11, 13)
[(10, 20), (12, 14)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["Intervals"]


class Intervals:
    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans that share at least one character with [start, end) (or contain an empty query point)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, max(end, start + 1))
        return [(a, b) for a, b in self.spans[lo:hi] if a < max(end, start + 1) and start < b]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))

    def contains(self, start: int, end: int) -> bool:
        """Whether one span holds all of [start, end)."""
        return any(a <= start and end <= b for a, b in self.overlapping(start, end))

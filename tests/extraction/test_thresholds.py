"""The threshold each relation is accepted at: half the best F1 the out-of-fold probabilities reach."""

from __future__ import annotations

import random

from loaders.extraction.training import _best_threshold


def _calibrated(n: int, seed: int) -> tuple[list[float], list[int]]:
    """Scores that are probabilities: each candidate is right with the probability it is given."""
    rng = random.Random(seed)
    probs = [rng.random() ** 2 for _ in range(n)]
    return probs, [int(rng.random() < p) for p in probs]


def _best_f1(probs: list[float], y: list[int]) -> float:
    total = sum(y)
    best = 0.0
    for t in sorted(set(probs)):
        tp = sum(1 for p, v in zip(probs, y, strict=True) if p >= t and v)
        fp = sum(1 for p, v in zip(probs, y, strict=True) if p >= t and not v)
        best = max(best, 2 * tp / (2 * tp + fp + total - tp) if tp else 0.0)
    return best


def test_the_threshold_is_half_the_best_f1():
    probs, y = _calibrated(2000, 1)
    assert _best_threshold(probs, y) == round(_best_f1(probs, y) / 2, 2)


def test_a_few_more_cases_move_the_threshold_by_a_hundredth_at_most():
    probs, y = _calibrated(3000, 2)
    more_p, more_y = _calibrated(30, 3)
    assert abs(_best_threshold(probs, y) - _best_threshold(probs + more_p, y + more_y)) <= 0.01


def test_a_perfect_ranking_is_accepted_from_half_way():
    assert _best_threshold([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]) == 0.5

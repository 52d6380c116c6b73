"""Scoring relation candidates: the :class:`RelationClassifier` protocol (candidates in, probabilities out)
and the default, a logistic model per relation read from ``data/model.json`` (weights fitted offline by
``scripts/train_extractor.py`` on the annotated cases, then calibrated; no network, no randomness at run
time).

>>> from loaders.extraction.relations.candidates import Candidate
>>> model = LinearModel({"develops": {"weights": {"bias": -1.0, "poss:a": 3.0}, "threshold": 0.5}})
>>> cand = Candidate("develops", "acme", "p:x", {"bias": 1.0, "poss:a": 1.0})
>>> round(model.probabilities([cand])[0], 3)
0.881
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import mul
from typing import Any, Protocol

from loaders.extraction.relations.candidates import Candidate

__all__ = ["LinearModel", "RelationClassifier", "default_model"]


class RelationClassifier(Protocol):
    def probabilities(self, candidates: Sequence[Candidate]) -> list[float]:
        """The probability that each candidate is a fact of its document."""
        ...

    def threshold(self, relation: str) -> float:
        """The probability from which a candidate of ``relation`` is reported."""
        ...

    def knows(self, relation: str) -> bool:
        """Whether the classifier scores candidates of ``relation`` (else the rules alone decide them)."""
        ...

    def classify(self, features: dict[str, float], exclude: tuple[str, ...] = ()) -> str | None:
        """The agreement type of a deal, from its features, other than those in ``exclude`` (None: let the
        rules decide)."""
        ...


class LinearModel:
    """Logistic regression per relation: p = sigmoid(a * (w . x) + b), with (a, b) a Platt calibration."""

    def __init__(self, relations: dict[str, dict[str, Any]], version: str = "") -> None:
        self.relations = relations
        self.version = version

    @classmethod
    def from_json(cls, data: str) -> LinearModel:
        raw = json.loads(data)
        return cls(raw["relations"], raw.get("version", ""))

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "relations": self.relations}, indent=1, sort_keys=True)

    def margin(self, cand: Candidate) -> float:
        spec = self.relations.get(cand.relation)
        if spec is None:
            return -30.0
        return _dot(spec["weights"], cand.features)

    def probabilities(self, candidates: Sequence[Candidate]) -> list[float]:
        out = []
        for cand in candidates:
            spec = self.relations.get(cand.relation, {})
            a, b = spec.get("calibration", (1.0, 0.0))
            out.append(_sigmoid(a * self.margin(cand) + b))
        return out

    def threshold(self, relation: str) -> float:
        return float(self.relations.get(relation, {}).get("threshold", 0.5))

    def knows(self, relation: str) -> bool:
        return relation in self.relations

    def classify(self, features: dict[str, float], exclude: tuple[str, ...] = ()) -> str | None:
        """The most likely agreement type for a deal's features, other than those in ``exclude`` (None
        without a type model)."""
        spec = self.relations.get("deal_type")
        if not spec:
            return None
        scores = {
            cls: _dot(weights, features)
            for cls, weights in sorted(spec["weights"].items())
            if cls not in exclude
        }
        return max(scores, key=lambda cls: scores[cls]) if scores else None

    def contributions(self, cand: Candidate, top: int = 5) -> list[tuple[str, float]]:
        """The features that moved this candidate's score most (for explanations and debugging)."""
        weights = self.relations.get(cand.relation, {}).get("weights", {})
        items = [(f, weights.get(f, 0.0) * v) for f, v in cand.features.items() if weights.get(f)]
        return sorted(items, key=lambda fw: -abs(fw[1]))[:top]


def _dot(weights: dict[str, float], features: dict[str, float]) -> float:
    """sum(weights.get(f, 0.0) * v for f, v in features.items()), without a Python step per feature, and
    exactly rounded (``math.fsum``): the features of a candidate are gathered from sets, whose order follows
    the hash seed, and a plain sum in another order differs in its last bits, enough to break a tie between
    two equal candidates ("Actavis" and "Aptalis", each said to have bought Forest) one way or the other."""
    return math.fsum(map(mul, map(weights.get, features, repeat(0.0)), features.values()))


def _sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def default_model() -> LinearModel:
    path = resources.files("loaders.extraction").joinpath("data/model.json")
    if not path.is_file():
        return LinearModel({})
    return LinearModel.from_json(path.read_text(encoding="utf-8"))

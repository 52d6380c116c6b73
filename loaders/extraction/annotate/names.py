"""The learned part of finding organisations: a logistic model that scores a capitalised run the rules left
("to Prestige Brands for $660 million", "its joint venture with Nippon Chemiphar of Japan") from the run's
words and shape and the words around it. Its weights live in ``data/names.json``, fitted offline on the
annotated cases (``loaders.extraction.training.fit_names``); without the file no run is taken.

>>> model = NameModel({"bias": -1.0, "b1:with": 2.5}, threshold=0.5)
>>> model.accepts({"bias", "b1:with"}), model.accepts({"bias", "b1:said"})
(True, False)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["NameModel", "NameRecorder", "name_model", "using"]


@dataclass
class NameModel:
    """Weights per feature string and the probability from which a run is taken as a name."""

    weights: dict[str, float]
    threshold: float = 0.5

    def probability(self, features: Iterable[str]) -> float:
        z = math.fsum(self.weights.get(f, 0.0) for f in features)
        return 0.0 if z < -35 else 1.0 / (1.0 + math.exp(-z))

    def accepts(self, features: Iterable[str], text: str = "", start: int = 0, end: int = 0) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        weights = {f: round(w, 4) for f, w in sorted(self.weights.items()) if abs(w) >= 1e-4}
        return json.dumps({"threshold": self.threshold, "weights": weights}, indent=0, sort_keys=True)

    @classmethod
    def from_json(cls, data: str) -> NameModel:
        raw = json.loads(data)
        return cls({str(k): float(v) for k, v in raw["weights"].items()}, float(raw["threshold"]))


@dataclass
class NameRecorder(NameModel):
    """Takes no run, but keeps every run it is asked about with its features, for fitting a model."""

    weights: dict[str, float] = field(default_factory=dict)
    runs: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)

    def accepts(self, features: Iterable[str], text: str = "", start: int = 0, end: int = 0) -> bool:
        self.runs.append((start, end, frozenset(features)))
        return False


_OVERRIDE: list[NameModel | None] = []


def name_model() -> NameModel | None:
    """The model in use: the one :func:`using` set, else the shipped one (None without its file)."""
    return _OVERRIDE[-1] if _OVERRIDE else _shipped()


@contextmanager
def using(model: NameModel | None) -> Iterator[NameModel | None]:
    """Annotate with ``model`` (None: with no learned names) inside the block: for fitting and
    cross-validation, which must not read the shipped weights fitted on the documents they score."""
    _OVERRIDE.append(model)
    try:
        yield model
    finally:
        _OVERRIDE.pop()


@lru_cache(maxsize=1)
def _shipped() -> NameModel | None:
    path = resources.files("loaders.extraction").joinpath("data/names.json")
    if not path.is_file():
        return None
    return NameModel.from_json(path.read_text(encoding="utf-8"))

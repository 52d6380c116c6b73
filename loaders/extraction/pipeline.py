"""Annotators behind one small protocol, and the pipeline that runs them in order.

An annotator has a ``name``, says what it ``needs`` (names of layers earlier annotators add) and what it
``adds``, and is called with the :class:`AnnotatedDoc`.  A pipeline is a list of annotators; building one
checks that every need is met by an earlier annotator, so a statistical component can replace a rule-based
one by providing the same layers.

>>> from loaders.extraction.pipeline import Pipeline
>>> class Shout:
...     name, needs, adds = "shout", ("text",), ("shout",)
...     def __call__(self, doc): doc.done.append("shout")
>>> Pipeline([Shout()]).names
['shout']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from kg.errors import KgError
from loaders.extraction.document import AnnotatedDoc

__all__ = ["Annotator", "Pipeline"]


@runtime_checkable
class Annotator(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def needs(self) -> tuple[str, ...]: ...
    @property
    def adds(self) -> tuple[str, ...]: ...

    def __call__(self, doc: AnnotatedDoc) -> None: ...


class Pipeline:
    """Annotators run in order over one document; their needs are checked when the pipeline is built."""

    def __init__(self, annotators: Sequence[Annotator]) -> None:
        have = {"text"}
        for annotator in annotators:
            missing = [n for n in annotator.needs if n not in have]
            if missing:
                raise KgError(f"annotator {annotator.name!r} needs {', '.join(missing)} from an earlier one")
            have.update(annotator.adds)
        self.annotators = list(annotators)
        self.layers = have

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.annotators]

    def without(self, *names: str) -> Pipeline:
        """The same pipeline with some annotators left out (for ablation); needs are checked again."""
        return Pipeline([a for a in self.annotators if a.name not in names])

    def __call__(self, doc: AnnotatedDoc) -> AnnotatedDoc:
        for annotator in self.annotators:
            annotator(doc)
            doc.done.append(annotator.name)
        return doc

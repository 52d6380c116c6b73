"""The extraction engine: one announcement (:class:`~kg.model.Document`) in, typed facts with evidence out.

>>> from kg.model import Document
>>> extract(Document(doc="a.txt", text="Title\\nNothing happened.")).facts
()
"""

from loaders.extraction.engine import extract

__all__ = ["extract"]

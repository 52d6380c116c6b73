"""Extractors by name: the built-in one, and any a package registers in the ``biopharma_kg.extractors``
entry-point group (a spaCy- or LLM-based extractor plugs in without touching this repository).

An extractor is a callable taking a :class:`~kg.model.Document` and returning an
:class:`~kg.model.Extraction`.  A package registers one in its ``pyproject.toml``::

    [project.entry-points."biopharma_kg.extractors"]
    my-extractor = "my_package.module:extract"

and users pick it with ``kg extract --extractor my-extractor`` (or ``KG_EXTRACTOR=my-extractor``, which
worker processes inherit).

>>> "builtin" in available()
True
>>> load("builtin").__name__
'extract'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from kg.errors import KgError, one_line
from kg.model import Document, Extraction
from kg.plugins import EXTRACTORS
from loaders.files import Failure

__all__ = [
    "DEFAULT",
    "ENV",
    "GROUP",
    "Extractor",
    "available",
    "current",
    "extract_one",
    "load",
    "to_extractions",
]

GROUP = EXTRACTORS.group
ENV = "KG_EXTRACTOR"
DEFAULT = "builtin"

Extractor = Callable[[Document], Extraction]


def available() -> dict[str, str]:
    """Extractor name -> where it comes from ("module:attr"), built-in first, then installed plugins."""
    return EXTRACTORS.available()


def load(name: str) -> Extractor:
    """The extractor registered under ``name``; a clear error listing the known names otherwise."""
    found: Extractor = EXTRACTORS.load(name)
    if not callable(found):
        raise KgError(f"extractor {name!r} ({available()[name]}) is not callable")
    return found


def current() -> Extractor:
    """The extractor chosen for this process: ``KG_EXTRACTOR`` or the built-in one."""
    return load(os.environ.get(ENV) or DEFAULT)


def to_extractions(items: Iterable[Document | Extraction | Failure]) -> Iterator[Extraction | Failure]:
    """Run extraction on documents; pass records and failures through; never raise for one document."""
    for item in items:
        yield extract_one(item) if isinstance(item, Document) else item


def extract_one(document: Document) -> Extraction | Failure:
    """The extraction of one document by the chosen extractor (:func:`current`), or the failure it caused
    (an exception never escapes). A fetched document's provenance (fetch time, HTTP status, content hash)
    joins the record's ``source`` whichever extractor made it."""
    try:
        extraction = current()(document)
    except KgError as exc:
        return Failure(document.path or document.doc, str(exc))
    except Exception as exc:  # an extractor bug on one document must not stop the batch
        message = f"extraction failed: {type(exc).__name__}: {one_line(exc)}"
        return Failure(document.path or document.doc, message)
    if document.retrieved is None:
        return extraction
    return replace(extraction, source={**extraction.source, **document.retrieved.to_source()})

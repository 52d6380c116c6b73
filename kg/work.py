"""What a worker process of an ingest run does with one document: extract it, resolve it, map it to RDF.

The functions here run in the worker processes (:mod:`kg.pool`), which import this module and what it
needs only: not the sources, the web fetcher or the writer (:mod:`kg.pipeline`, in the parent). Each takes
and returns ``(item, input bytes done)`` so that progress travels with the results.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.identity import resolve
from kg.model import Document, Extraction
from kg.rdf import to_quads
from kg.reconcile import load_known, mentions_in
from kg.store import prepare_quads
from loaders import extractors
from loaders.extractors import extract_one
from loaders.files import Failure

__all__ = ["DOC_TIMEOUT", "extract", "prepare", "warm"]

DOC_TIMEOUT = 30.0  # seconds one document may take to extract before it fails (kg ingest --doc-timeout)


def warm() -> None:
    """Runs in each worker before its first document: imports, and the tables an extractor builds when it
    first needs them (the town gazetteer, the drug names, the model), are not a document's time."""
    extractors.load(extractors.DEFAULT)  # the built-in extractor's modules
    extract_one(_WARM_UP)  # never raises; its result is dropped


# a short announcement that takes every step of the built-in extractor (places after "in", a drug, a company)
_WARM_UP = Document(
    doc="warm-up",
    title="Acme Pharma opens plant",
    text="Acme Pharma opens plant\n\nBASEL, Switzerland, March 3, 2024 -- Acme Pharma AG opened a plant in "
    "Killorglin, Ireland, to make Januvia for Merck under a supply agreement running to 2030.",
)


def extract(pair: tuple[Any, int]) -> tuple[Any, int]:
    """Runs in a worker: extract a document; records and failures pass through."""
    item, done = pair
    return (extract_one(item) if isinstance(item, Document) else item), done


def prepare(known: str | None, pair: tuple[Any, int]) -> tuple[Any, int]:
    """Runs in a worker: extract, resolve (with the store's clusters in the file ``known``, if any), map to
    RDF and serialize, so the writer only has to store; the graph's mentions go with it."""
    document = pair[0]
    item, done = extract(pair)
    if isinstance(item, Extraction):
        former = document.former_keys if isinstance(document, Document) else ()
        try:
            quads = to_quads(resolve(item, known=load_known(known) if known else None))
            prepared = prepare_quads(item.doc, quads, former)
            item = replace(prepared, mentions=tuple(mentions_in(quads)))
        except Exception as exc:  # a record the RDF mapping cannot take must not stop the batch
            message = f"cannot map to RDF: {type(exc).__name__}: {str(exc).strip()[:200]}"
            item = Failure(item.source.get("path") or item.doc, " ".join(message.split()))
    return item, done

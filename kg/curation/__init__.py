"""The analyst loop: corrections that survive re-ingest, a review queue, and a journal of what changed.

Modules, one concept each, in the direction data flows:
:mod:`~kg.curation.model` (a correction, and its JSON form), :mod:`~kg.curation.graph` (corrections as RDF
in the curation graph, PROV-O), :mod:`~kg.curation.view` (the corrections applied to a graph: what every
output sees), :mod:`~kg.curation.facts` (fact ids), :mod:`~kg.curation.targets` (what an id or a name
refers to in the store), :mod:`~kg.curation.commands` (the corrections analysts make: ``kg curate``),
:mod:`~kg.curation.review` (the review queue and the interactive session: ``kg review``),
:mod:`~kg.curation.changes` (change sets, written with each write and read by ``kg changes``) and
:mod:`~kg.curation.feed` (what changed, as Atom). The store keeps its merged default graph equal to the
corrected union of the announcement graphs (:mod:`kg.merged`).
"""

from kg.curation.model import Action, Correction, CurationError

__all__ = ["Action", "Correction", "CurationError"]

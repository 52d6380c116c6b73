"""Which figures of a deal's context are its terms: each figure the rules kept is a candidate of the relation
``deal_amount``, scored by the relation classifier from the words around it and where it stands (the
sentence stating the deal or its context, which parties that sentence names, what it pays).

Money in a deal's sentences is often no term of it: what the buyer raised last year, the seller's sales, what
a plant cost, what another deal was worth. The rules in :mod:`loaders.extraction.annotate.money` drop the
figures whose words say so plainly; the classifier weighs the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.extraction.annotate.money import Amount
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.relations.candidates import Candidate
from loaders.extraction.relations.deals import Deal
from loaders.extraction.relations.model import RelationClassifier

__all__ = ["AMOUNT", "amount_candidates", "keep_terms"]

AMOUNT = "deal_amount"
_WORD = re.compile(r"(?<![\w\-])[a-z][a-z\-]*[a-z](?![\w\-])")  # lower case: names are no features
_WINDOW = 60  # characters either side of a figure whose words are its features
_WORDS = 5  # of those, the words nearest the figure


def amount_candidates(doc: AnnotatedDoc, deal: Deal) -> list[Candidate]:
    """One candidate per figure of the deal (subject: the deal's first party, object: the figure's offset)."""
    return [
        Candidate(AMOUNT, deal.parties[0], str(a.start), amount_features(doc, deal, a)) for a in deal.amounts
    ]


def keep_terms(doc: AnnotatedDoc, deals: Sequence[Deal], model: RelationClassifier) -> None:
    """Drop from each deal the figures the classifier scores under its threshold (none, without a model of
    ``deal_amount``)."""
    if model.knows(AMOUNT):
        threshold = model.threshold(AMOUNT)
        for deal in deals:
            if not deal.amounts:
                continue
            probs = model.probabilities(amount_candidates(doc, deal))
            deal.amounts = [a for a, p in zip(deal.amounts, probs, strict=True) if p >= threshold]
    _one_purchase(doc, deals)


def _one_purchase(doc: AnnotatedDoc, deals: Sequence[Deal]) -> None:
    """A purchase stated with the company bought and with its seller ("A bought X for $1 billion from B") is
    one purchase: the price found for the buyer and the company bought is the one paid to the seller too (the
    annotation puts it on the seller's agreement; in the real cases 117 prices sat on the other pair)."""
    for deal in deals:
        if deal.type != "acquisition" or deal.amounts or not deal.client or deal.target_is_site:
            continue
        for other in deals:
            shared = set(other.sentences) & set(deal.sentences)
            if other is deal or other.type != "acquisition" or other.client != deal.client or not shared:
                continue
            said = [doc.sentences[i] for i in shared]
            # the figure kept may be the headline's, the same one the shared sentence states again
            money = [m.value for s in said for m in doc.spans("MONEY", s.start, s.end) if m.value]
            stated = {tuple(v.split("|")[:2]) for v in money}
            deal.amounts = [
                a
                for a in other.amounts
                if any(s.start <= a.start < s.end for s in said) or (str(a.amount), a.currency) in stated
            ]
            if deal.amounts:
                break


def amount_features(doc: AnnotatedDoc, deal: Deal, amount: Amount) -> dict[str, float]:
    """What a figure pays, the words around it, the cue families of its sentence, and where it stands."""
    i = doc.sentence_index(amount.start)
    out: dict[str, float] = {"bias": 1.0, f"what:{amount.what}": 1.0, f"type:{deal.type}": 1.0}
    out[f"what.type:{amount.what}:{deal.type}"] = 1.0
    if amount.original:
        out["converted"] = 1.0
    if deal.companion:
        out["companion"] = 1.0
    same = [a.amount for a in deal.amounts if a.currency == amount.currency]
    out["largest" if amount.amount >= max(same) else "smaller"] = 1.0
    if len(deal.amounts) > 1:
        out["several"] = 1.0
    if i is None:
        return out
    sent = doc.sentences[i]
    at, end = amount.start - sent.start, amount.end - sent.start
    for w in _WORD.findall(sent.text[max(0, at - _WINDOW) : at])[-_WORDS:]:
        out[f"b:{w}"] = 1.0
    for w in _WORD.findall(sent.text[end : end + _WINDOW])[:_WORDS]:
        out[f"a:{w}"] = 1.0
    for cue in doc.spans("CUE", sent.start, sent.end):
        near = cue.end > amount.start - _WINDOW and cue.start < amount.end + _WINDOW
        out[f"{'near' if near else 's'}:{cue.value}"] = 1.0
    stated = i in deal.sentences
    out["stated" if stated else "context"] = 1.0
    distance = min((abs(i - j) for j in deal.sentences), default=3)
    out[f"distance:{min(distance, 3)}"] = 1.0
    out[f"section:{sent.section}"] = 1.0
    named = {r.key for r in doc.refs[i] if r.explicit and not r.excluded} if doc.refs else set()
    out[f"parties:{len(named & set(deal.parties))}"] = 1.0
    if named - set(deal.parties):
        out["others named"] = 1.0
    figures = sum(1 for a in deal.amounts if sent.start <= a.start < sent.end)
    out[f"figures in sentence:{min(figures, 3)}"] = 1.0
    return out

"""The products an agreement covers and the stage of development it is for."""

from __future__ import annotations

from loaders.extraction.annotate.values import stage_cues
from loaders.extraction.document import AnnotatedDoc, Sentence
from loaders.extraction.relations.deals import SERVICE_TYPES, Deal

__all__ = ["deal_products", "deal_stage"]

_ORDER = ["preclinical", "Phase 1", "Phase 2", "Phase 3", "commercial"]
_RANK = {s: i for i, s in enumerate(_ORDER)}


def deal_products(doc: AnnotatedDoc, deal: Deal, develops: dict[str, set[str]]) -> list[str]:
    """Products named in the sentences stating the deal; for a company bought, the products it develops."""
    found = [
        m.key
        for m in doc.product_mentions
        for i in deal.sentences
        if doc.sentences[i].start <= m.start < doc.sentences[i].end
    ]
    if deal.type == "acquisition" and not deal.target_is_site and deal.target:
        found += sorted(develops.get(deal.target, ()))
    return list(dict.fromkeys(found))


def deal_stage(doc: AnnotatedDoc, deal: Deal, deals: list[Deal]) -> list[str]:
    """Stages of the contracted work (for a service) or of the products (otherwise)."""
    if deal.type == "acquisition" and deal.target_is_site:
        return []
    service = deal.type in SERVICE_TYPES and deal.type != "research"
    stages: set[str] = set()
    if deal.products and not service:
        for product in deal.products:
            stages |= _product_stage(doc, product)
    elif deal.type != "acquisition":
        wanted = {deal.provider} if service and deal.provider else set(deal.parties)
        if any(d is not deal and wanted & {*d.parties} for d in deals):
            wanted = set()  # a party to several deals: only this deal's own sentences tell its stage
        for i, sent in enumerate(doc.sentences):
            if sent.section not in ("title", "head", "body"):
                continue
            if i in deal.context or any(r.key in wanted for r in doc.refs[i]):
                stages |= stage_cues(sent.text, service)
    if not stages and service and deal.products:
        for product in deal.products:  # a contract service for a named product serves its stage
            stages |= _product_stage(doc, product)
    if not stages and deal.companion and deal.type == "manufacturing":
        stages = {"commercial"}  # a plant's buyer making the seller's medicines there makes what is sold
    return [s for s in _ORDER if s in stages]


def _product_stage(doc: AnnotatedDoc, product: str) -> set[str]:
    """Stages from the most advanced passage about the product: its sentence and the sentences after it in
    the same paragraph until another product is named; failing those, the later sentences of the body up to
    the next product named ("The antibody is in a Phase III programme", a paragraph on)."""
    best: set[str] = set()
    later: set[str] = set()
    mentions = doc.product_mentions
    starts = {m.start for m in mentions if m.key == product}
    for i, sent in enumerate(doc.sentences):
        if sent.section == "boilerplate" or not any(sent.start <= p < sent.end for p in starts):
            continue
        passages = [_own_part(doc, sent, product)]
        for nxt in doc.sentences[i + 1 :]:
            if any(nxt.start <= m.start < nxt.end for m in mentions) or nxt.section == "boilerplate":
                break
            if nxt.para == sent.para:
                passages.append(nxt.text)
            elif not later:
                later = stage_cues(nxt.text, False)
        for passage in passages:
            cues = stage_cues(passage, False)
            if cues and (not best or max(_RANK[c] for c in cues) > max(_RANK[c] for c in best)):
                best = cues
    return best or later


def _own_part(doc: AnnotatedDoc, sent: Sentence, product: str) -> str:
    inside = [m for m in doc.product_mentions if sent.start <= m.start < sent.end]
    own = [m for m in inside if m.key == product]
    others = [m.start for m in inside if m.key != product and m.start > own[0].start]
    if not [m for m in inside if m.key != product]:
        return sent.text
    return doc.text[own[0].start : min(others or [sent.end])]

"""The products an agreement covers and the stage of development it is for.

The stage rules read it from where the deal is stated (for a contract service: the stages of the work) or from
the passages about its products. Each stage they, or the sentences around the deal, name is a candidate of the
relation ``deal_stage`` (and "commercial" always is: a contract for a marketed medicine seldom says it is
one), which the relation classifier scores from where it was found and what kind of deal it is.
"""

from __future__ import annotations

from collections import Counter

from loaders.extraction.annotate.values import sentence_stages, stage_cues
from loaders.extraction.document import AnnotatedDoc, Sentence
from loaders.extraction.relations.candidates import Candidate
from loaders.extraction.relations.deals import SERVICE_TYPES, Deal
from loaders.extraction.relations.model import RelationClassifier

__all__ = [
    "STAGE",
    "StageIndex",
    "deal_products",
    "deal_stage",
    "deal_stages",
    "has_stage",
    "stage_candidates",
]

STAGE = "deal_stage"
# said of the deal itself, or of the products it is for by the rules' passages (a stage the rules find there
# is the deal's, whatever the classifier makes of it: cross-validated, stage right 220 -> 229 of ~520)
_STATED = {"at:stated", "at:stated.service", "at:context", "at:context.service", "at:product"}
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


# a second stage is kept when the classifier scores it nearly as high as the first: the stage sets predicted
# were supersets of the annotated ones three times as often as subsets (105 to 37 of 1,101 on the
# cross-validated cases), and 0.85-1.0 of the first's score gave 473-475 right against 454
_SECOND = 0.9


def deal_stages(
    doc: AnnotatedDoc, deals: list[Deal], model: RelationClassifier | None = None
) -> list[list[str]]:
    """The stage of each deal (see :func:`deal_stage`), what the sentences say read once for all of them."""
    seen = StageIndex(doc)
    return [deal_stage(doc, deal, deals, model, seen) for deal in deals]


def deal_stage(
    doc: AnnotatedDoc,
    deal: Deal,
    deals: list[Deal],
    model: RelationClassifier | None = None,
    seen: StageIndex | None = None,
) -> list[str]:
    """Stages of the contracted work (for a service) or of the products (otherwise): those the rules find in
    the sentences stating the deal or its context, and those the classifier scores at its threshold or above
    and at nine tenths of the best stage's score (or, without a model of ``deal_stage``, all the rules
    find)."""
    if not has_stage(deal):
        return []
    seen = seen or StageIndex(doc)
    ruled = _ruled_stage(doc, deal, deals, seen)
    if model is None or not model.knows(STAGE):
        return ruled
    cands = stage_candidates(doc, deal, deals, ruled, seen)
    threshold = model.threshold(STAGE)
    scored = [(p, c.object) for c, p in zip(cands, model.probabilities(cands), strict=True) if p >= threshold]
    top = max((p for p, _ in scored), default=0.0)
    chosen = {s for p, s in scored if p >= max(threshold, _SECOND * top)}
    chosen |= {c.object for c in cands if "at:rule" in c.features and not _STATED.isdisjoint(c.features)}
    return [s for s in _ORDER if s in chosen]


class StageIndex:
    """What the stage of every deal of a document is read from, each found once, when first asked for: the
    stages a sentence of the title, head or body states (plainly, and as a contract service's work), the cue
    phrases of a sentence, each product's stage; and how many sentences state each stage (from the STAGE
    spans)."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        self.doc = doc
        self.read = [i for i, sent in enumerate(doc.sentences) if sent.section in ("title", "head", "body")]
        self.body: Counter[str] = Counter()
        for i in self.read:
            sent = doc.sentences[i]
            self.body.update({span.value for span in doc.spans("STAGE", sent.start, sent.end) if span.value})
        self._said: dict[tuple[int, bool], frozenset[str]] = {}
        self._phrases: dict[int, set[str]] = {}
        self._products: dict[str, set[str]] = {}

    def said(self, i: int, service: bool) -> frozenset[str]:
        """The stages sentence ``i`` states (``service``: as a contract service's work too)."""
        found = self._said.get((i, service))
        if found is None:
            found = self._said[i, service] = sentence_stages(self.doc.sentences[i].text, service)
        return found

    def phrases(self, i: int) -> set[str]:
        """The cue phrases of sentence ``i``, in lower case."""
        found = self._phrases.get(i)
        if found is None:
            sent, text = self.doc.sentences[i], self.doc.text
            found = {text[c.start : c.end].lower() for c in self.doc.spans("CUE", sent.start, sent.end)}
            self._phrases[i] = found
        return found

    def product(self, product: str) -> set[str]:
        found = self._products.get(product)
        if found is None:
            found = self._products[product] = _product_stage(self.doc, product)
        return found


def stage_candidates(
    doc: AnnotatedDoc,
    deal: Deal,
    deals: list[Deal],
    ruled: list[str] | None = None,
    seen: StageIndex | None = None,
) -> list[Candidate]:
    """A candidate per stage the rules (``ruled``), the deal's products or the sentences around the deal name,
    and "commercial" always; the features say where each was found."""
    seen = seen or StageIndex(doc)
    ruled = _ruled_stage(doc, deal, deals, seen) if ruled is None else ruled
    found: dict[str, set[str]] = {s: {"rule"} for s in ruled}
    for product in deal.products:
        for s in seen.product(product):
            found.setdefault(s, set()).add("product")
    words: set[str] = set()
    parties = set(deal.parties)
    for i in seen.read:
        if i in deal.sentences:
            where = "stated"
        elif i in deal.context:
            where = "context"
        elif doc.refs and any(r.key in parties for r in doc.refs[i]):
            where = "party"
        else:
            continue
        if where != "party":  # the cue words around the deal (a brand, a portfolio, a candidate, a trial)
            words |= seen.phrases(i)
        plain = seen.said(i, False)
        for s in seen.said(i, True):
            found.setdefault(s, set()).add(where if s in plain else f"{where}.service")
    found.setdefault("commercial", set())
    common = {"bias": 1.0, f"type:{deal.type}": 1.0, f"service:{deal.service}": 1.0}
    common[f"ruled:{min(len(ruled), 2)}"] = 1.0
    if deal.target_is_site:
        common["site bought"] = 1.0
    if deal.companion:
        common["companion"] = 1.0
    common[f"products:{min(len(deal.products), 2)}"] = 1.0
    out = []
    for stage in _ORDER:
        if stage not in found:
            continue
        features = dict(common)
        features[f"stage:{stage}"] = 1.0
        features[f"stage.type:{stage}:{deal.type}"] = 1.0
        for where in found[stage]:
            features[f"at:{where}"] = 1.0
            features[f"stage.at:{stage}:{where}"] = 1.0
        features[f"in body:{min(seen.body[stage], 3)}"] = 1.0
        if ruled and stage not in ruled:
            features["rules chose others"] = 1.0
        for word in words:
            features[f"{stage}|{word}"] = 1.0
        out.append(Candidate(STAGE, deal.parties[0], stage, features))
    return out


def has_stage(deal: Deal) -> bool:
    """Whether a deal has a stage at all: an equity investment or a plant bought has no contracted work and
    no product of its own (3 of 160 investments and 9 of 250 plant purchases of the real cases state one)."""
    return (
        deal.type != "investment"
        and not (deal.type == "acquisition" and deal.target_is_site)
        and not deal.prior  # an earlier deal named in passing: its work is not what this text states
    )


def _ruled_stage(doc: AnnotatedDoc, deal: Deal, deals: list[Deal], seen: StageIndex) -> list[str]:
    service = deal.type in SERVICE_TYPES and deal.type != "research"
    stages: set[str] = set()
    if deal.products and not service:
        for product in deal.products:
            stages |= seen.product(product)
    elif deal.type != "acquisition":
        wanted = {deal.provider} if service and deal.provider else set(deal.parties)
        if any(d is not deal and wanted & {*d.parties} for d in deals):
            wanted = set()  # a party to several deals: only this deal's own sentences tell its stage
        for i in seen.read:
            if i in deal.context or any(r.key in wanted for r in doc.refs[i]):
                stages |= seen.said(i, service)
    if not stages and service and deal.products:
        for product in deal.products:  # a contract service for a named product serves its stage
            stages |= seen.product(product)
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

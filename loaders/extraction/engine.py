"""The built-in extractor: annotate the document, generate relation candidates, score them with the
relation classifier, and assemble the typed :class:`~kg.model.Extraction` (every fact with the sentences
behind it and its calibrated confidence).

>>> from kg.model import Document
>>> extract(Document(doc="a.txt", text="Title\\nNothing happened.")).facts
()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from kg.model import Agreement, Document, Entity, EntityType, Evidence, Extraction, Fact, Money
from loaders.extraction.annotate import ANNOTATORS
from loaders.extraction.annotate.dateline import find_date
from loaders.extraction.annotate.orgs import Org, Undisclosed, public_body
from loaders.extraction.annotate.products import Product
from loaders.extraction.annotate.sites import Site
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.pipeline import Pipeline
from loaders.extraction.relations.agreements import deal_products, deal_stages
from loaders.extraction.relations.amounts import keep_terms
from loaders.extraction.relations.candidates import Candidate, candidates
from loaders.extraction.relations.deals import (
    SERVICE_TYPES,
    Deal,
    accepted_deals,
    deal_features,
    equal_parties,
)
from loaders.extraction.relations.model import RelationClassifier, default_model

__all__ = ["PIPELINE", "Scored", "annotate", "assemble", "describe", "extract", "score", "scored_candidates"]

PIPELINE = Pipeline(ANNOTATORS)
EXTRACTOR = "rules+model"
_KINDS = {
    "manufacturing": "cmo-contract",
    "development-and-manufacturing": "cdmo-contract",
    "licensing": "licensing",
    "option": "collaboration",
    "collaboration": "collaboration",
    "co-development": "collaboration",
    "research": "collaboration",
    "acquisition": "acquisition",
    "supply": "supply",
    "distribution": "supply",
    "investment": "investment",
}


# service deals a plant bought from the client may stand beside
_SERVICE_BESIDE_PLANT = frozenset({"manufacturing", "supply", "development-and-manufacturing", "development"})


def _end_of_term(deal: Deal, announced: str | None) -> int | None:
    """The year a deal ends by the length the text gives it, counted from the year it is announced."""
    year = (announced or "")[:4]
    if deal.term is None or deal.type in ("acquisition", "investment") or not year.isdigit():
        return None
    return int(year) + deal.term


def annotate(document: Document, pipeline: Pipeline = PIPELINE) -> AnnotatedDoc:
    return pipeline(AnnotatedDoc(document))


@dataclass
class Scored:
    """A document's candidates with their scores, and the deals the first stage accepted."""

    candidates: list[Candidate]
    deals: list[Deal]


def scored_candidates(doc: AnnotatedDoc, model: RelationClassifier | None = None) -> Scored:
    """Candidates scored in two stages: the deals first, then every relation with what the deals say."""
    model = model or default_model()
    cands = candidates(doc)
    score(cands, model)
    deals = accepted_deals(doc, cands, model.threshold("deal"), model)
    keep_terms(doc, deals, model)
    cands = deal_features(doc, deals, cands)
    score(cands, model)
    return Scored(cands, deals)


def score(cands: list[Candidate], model: RelationClassifier) -> None:
    for cand, p in zip(cands, model.probabilities(cands), strict=True):
        cand.score = p


def extract(
    document: Document, model: RelationClassifier | None = None, pipeline: Pipeline = PIPELINE
) -> Extraction:
    """Entities, facts and agreements (each with evidence) of one announcement."""
    model = model or default_model()
    doc = annotate(document, pipeline)
    return assemble(doc, scored_candidates(doc, model), model)


def assemble(doc: AnnotatedDoc, scored: Scored, model: RelationClassifier) -> Extraction:
    """The extraction record of an annotated document from its scored candidates and deals."""
    return _Assembly(doc, scored, model).extraction()


def describe(doc: AnnotatedDoc, key: str, eid: str | None = None) -> Entity | None:
    """The entity a key of the document stands for, as the extraction record shows it."""
    e = doc.entities.get(key)
    eid = eid or key
    if isinstance(e, Org):
        aliases = tuple(sorted(f for f in e.forms if f != e.name))
        return Entity(eid, EntityType.ORGANIZATION, e.name, aliases, country=e.country)
    if isinstance(e, Undisclosed):
        return Entity(eid, EntityType.ORGANIZATION, None, (), True, e.description, e.country)
    if isinstance(e, Site):
        aliases = tuple(sorted(a for a in e.aliases if a != e.name))
        return Entity(eid, EntityType.SITE, e.name, aliases, country=e.country, city=e.city)
    if isinstance(e, Product):
        aliases = tuple(sorted(e.aliases))
        return Entity(eid, EntityType.PRODUCT, e.name, aliases, modality=e.modality, indication=e.indication)
    return None


# a headquarters the text states ("headquartered in", "its headquarters are in", "Headquarters: Tokyo")
# outranks one it implies ("a U.S. biotech firm"), whatever their scores
_STATED_HQ = frozenset({"hq:headquartered_in", "btw:hq.verb", "hq:label"})


def _rank(cand: Candidate) -> tuple[bool, float, str]:
    stated = cand.relation == "headquartered_in" and not _STATED_HQ.isdisjoint(cand.features)
    return stated, cand.score, cand.subject


@dataclass
class _Found:
    evidence: list[int] = field(default_factory=list)  # sentence indexes, best first
    confidence: float = 0.0


class _Assembly:
    """Facts and agreements from scored candidates."""

    def __init__(self, doc: AnnotatedDoc, scored: Scored, model: RelationClassifier) -> None:
        self.doc, self.model, self.deals = doc, model, equal_parties(doc, scored.deals)
        self.by_relation: dict[str, list[Candidate]] = {}
        self.site_scores: dict[str, float] = {}  # each site's best-scored candidate, accepted or not
        self.acquires_scores: dict[tuple[str, str], float] = {}  # every acquires candidate, accepted or not
        for cand in scored.candidates:
            if cand.relation == "acquires":
                self.acquires_scores[(cand.subject, cand.object)] = cand.score
            if cand.relation in ("operates", "starts_operations", "acquires_site"):
                site = cand.subject if cand.relation == "starts_operations" else cand.object
                self.site_scores[site] = max(self.site_scores.get(site, 0.0), cand.score)
            if cand.score >= model.threshold(cand.relation):
                self.by_relation.setdefault(cand.relation, []).append(cand)
        self.facts: dict[tuple[str, str, str], _Found] = {}
        self.deal_candidates = {(c.subject, c.object): c for c in self.by_relation.get("deal", [])}

    def extraction(self) -> Extraction:
        deals = self._deals()
        self._pairs("operates", "operates")
        self._pairs("develops", "develops")
        self._best("acquires_site", "acquires", by_object=True)
        self._best("acquires", by_object=True)
        self._best("headquartered_in")
        self._best("starts_operations")
        self._located()
        self._undisclosed_countries()
        self._bought_whole()
        self._public_bodies_alone(deals)
        deals = deals + self._plants_bought(deals)
        for deal in deals:
            deal.products = deal_products(self.doc, deal, self._develops())
        for deal, stage in zip(deals, deal_stages(self.doc, deals, self.model), strict=True):
            deal.stage = stage
        ids = self._ids(deals)
        entities = tuple(e for key, eid in ids.items() if (e := describe(self.doc, key, eid)) is not None)
        facts = tuple(
            Fact(ids[s], p, ids.get(o, o), self._evidence(found))
            for (s, p, o), found in self.facts.items()
            if s in ids and (o in ids or p in ("located_in", "headquartered_in", "starts_operations"))
        )
        announced = self._announced()
        agreements = tuple(self._agreement(d, ids, announced, i == 0) for i, d in enumerate(deals))
        kind = _KINDS.get(deals[0].type, "mixed") if deals else "none"
        return Extraction(self.doc.document.doc, self._source(), entities, facts, agreements, kind)

    def _bought_whole(self) -> None:
        """A company bought whole is no party to a contract with its buyer (FORMAT: "a company that is itself
        acquired gets no contracts_with with its acquirer"), whatever other deal of the two the text was read
        to state (a buyout read as an investment, the target's earlier licence to its buyer)."""
        bought = {
            frozenset((s, o))
            for s, p, o in self.facts
            if p == "acquires" and not isinstance(self.doc.entities.get(o), (Site, Product))
        }
        for fact in [f for f in self.facts if f[1] == "contracts_with" and frozenset((f[0], f[2])) in bought]:
            del self.facts[fact]

    def _public_bodies_alone(self, deals: list[Deal]) -> None:
        """A ministry, agency or regulator that signs nothing is no entity (FORMAT: organisations that only
        support, certify or regulate are not entities unless they sign): where its headquarters would be its
        only fact, neither is given. Nor does one develop a product (the ministry that approved it, the agency
        that funds it: FORMAT's developer is the product's owner), whether it signs or not."""
        for fact in [f for f in self.facts if f[1] == "develops"]:
            org = self.doc.entities.get(fact[0])
            if isinstance(org, Org) and public_body(org.name):
                del self.facts[fact]
        parties = {k for deal in deals for k in deal.parties}
        counts: dict[str, int] = {}
        for s, _, o in self.facts:
            for key in (s, o):
                counts[key] = counts.get(key, 0) + 1
        for fact in [f for f in self.facts if f[1] == "headquartered_in"]:
            org = self.doc.entities.get(fact[0])
            if (
                isinstance(org, Org)
                and counts.get(fact[0]) == 1
                and fact[0] not in parties
                and public_body(org.name)
            ):
                del self.facts[fact]

    def _plants_bought(self, deals: list[Deal]) -> list[Deal]:
        """A purchase of a plant beside a service deal of the same two parties: the buyer acquires a site the
        other party runs (Catalent buys Erytech's Princeton plant and will make Erytech's products there), an
        acquisition of its own, which takes the plant's price."""
        out = []
        for deal in deals:
            if deal.companion or deal.type not in _SERVICE_BESIDE_PLANT or len(set(deal.parties)) != 2:
                continue
            for buyer, seller in (deal.parties, deal.parties[::-1]):
                sites = [
                    o
                    for (s, p, o) in self.facts
                    if s == buyer and p == "acquires" and (seller, "operates", o) in self.facts
                ]
                if sites:
                    price = [a for a in deal.amounts if a.what == "price"]
                    deal.amounts = [a for a in deal.amounts if a.what != "price"]
                    bought = Deal(
                        [buyer, seller],
                        deal.sentences[:1],
                        "acquisition",
                        provider=seller,
                        client=buyer,
                        target=sites[0],
                        target_is_site=True,
                        amounts=price,
                        companion=True,
                    )
                    out.append(bought)
                    break
        return out

    # -- facts -----------------------------------------------------------------------------------------

    def _add(
        self, s: str, p: str, o: str, cand: Candidate | None, sentences: list[int] | None = None
    ) -> None:
        if s == o:
            return
        if p == "contracts_with" and (o, p, s) in self.facts:
            s, o = o, s
        found = self.facts.setdefault((s, p, o), _Found())
        found.confidence = max(found.confidence, cand.score if cand else 0.8)
        for i in sentences if sentences is not None else sorted(cand.sentences) if cand else []:
            if i not in found.evidence:
                found.evidence.append(i)

    def _pairs(self, relation: str, predicate: str) -> None:
        for cand in self.by_relation.get(relation, []):
            self._add(cand.subject, predicate, cand.object, cand)

    def _likely_bought(self, buyer: str, target: str) -> bool:
        """The company the lead deal sells is bought by its buyer when the pair's own candidate reaches half
        the threshold: the deal's roles and the sentence's reading agree."""
        return self.acquires_scores.get((buyer, target), 0.0) >= 0.5 * self.model.threshold("acquires")

    def _best(self, relation: str, predicate: str | None = None, by_object: bool = False) -> None:
        """The best-scored candidate per subject (one headquarters per company, one start year per site),
        or per object (one buyer per site)."""
        best: dict[str, Candidate] = {}
        for cand in self.by_relation.get(relation, []):
            key = cand.object if by_object else cand.subject
            if key not in best or _rank(cand) > _rank(best[key]):
                best[key] = cand
        for cand in best.values():
            self._add(cand.subject, predicate or relation, cand.object, cand)

    def _located(self) -> None:
        """A site is located where the text places it; as sure as its surest fact (a site in no fact: as its
        likeliest operator, buyer or opening year, accepted or not)."""
        best = self._surest()
        for key, score in self.site_scores.items():
            best.setdefault(key, score)
        for key in sorted(best):
            site = self.doc.entities.get(key)
            if isinstance(site, Site) and site.country:
                first = next((m.sentence for m in self.doc.site_mentions if m.key == key), 0)
                self._add(key, "located_in", site.country, None, [first])
                self.facts[(key, "located_in", site.country)].confidence = best[key]

    def _surest(self) -> dict[str, float]:
        """Each entity's most confident fact so far."""
        best: dict[str, float] = {}
        for (s, _, o), found in self.facts.items():
            for key in (s, o):
                best[key] = max(best.get(key, 0.0), found.confidence)
        return best

    def _undisclosed_countries(self) -> None:
        """An undisclosed party described by its country ("a biopharma headquartered in the United States",
        "a Japanese company") is headquartered there; as sure as the facts it takes part in."""
        best = self._surest()
        for key in sorted(best):
            org = self.doc.entities.get(key)
            country = getattr(org, "country", None)
            if (
                key.startswith("u")
                and country
                and not any(s == key and p == "headquartered_in" for s, p, _ in self.facts)
            ):
                first = self.doc.sentence_index(org.start) if org is not None else None
                self._add(key, "headquartered_in", country, None, [first or 0])
                self.facts[(key, "headquartered_in", country)].confidence = best[key]

    def _develops(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for s, p, o in self.facts:
            if p == "develops":
                out.setdefault(s, set()).add(o)
        return out

    def _deals(self) -> list[Deal]:
        by_pair = {(c.subject, c.object): c for c in self.by_relation.get("deal", [])}
        deals = self.deals
        for deal in deals:
            if deal.prior and deal.type == "investment":  # a stake held in the company bought: no contract
                continue
            cand = by_pair.get(tuple(sorted(deal.parties)))  # type: ignore[arg-type]
            first = deal.sentences[:1]
            if deal.type == "acquisition":
                lead = deal.client or deal.parties[0]
                for buyer in [lead, *deal.co_clients]:
                    self._purchase(deal, buyer, cand, first, deals, lead)
                continue
            pairs = [(deal.provider, c) for c in (deal.client, *deal.co_clients)] if deal.co_clients else []
            for a, b in pairs or combinations(deal.parties, 2):  # a deal of three: a fact for each pair
                assert a is not None and b is not None
                pair = by_pair.get((min(a, b), max(a, b)))
                self._add(a, "contracts_with", b, pair or cand, first)
        return deals

    def _purchase(
        self, deal: Deal, buyer: str, cand: Candidate | None, first: list[int], deals: list[Deal], lead: str
    ) -> None:
        if deal.target_is_site and deal.target:
            self._add(buyer, "acquires", deal.target, cand, first)
            if deal.provider and deal.provider != buyer:
                self._add(buyer, "contracts_with", deal.provider, cand, first)
                self._add(deal.provider, "operates", deal.target, cand, first)
        elif deal.target is None and deal.provider and deal.provider != buyer:
            for seller in (deal.provider, *deal.co_providers):  # bought from its sellers
                self._add(buyer, "contracts_with", seller, cand, first)
        elif (
            deal is deals[0]
            and deal.target
            and deal.target == deal.provider != buyer
            and (
                self._likely_bought(buyer, deal.target)
                or (buyer != lead and self._likely_bought(lead, deal.target))
            )
        ):
            self._add(buyer, "acquires", deal.target, cand, first)

    # -- assembly --------------------------------------------------------------------------------------

    def _evidence(self, found: _Found) -> tuple[Evidence, ...]:
        out = []
        for i in found.evidence[:3]:
            s = self.doc.sentences[i]
            out.append(Evidence(s.text, s.start, s.end, EXTRACTOR, round(found.confidence, 3)))
        return tuple(out)

    def _ids(self, deals: list[Deal]) -> dict[str, str]:
        used: list[str] = []
        for s, p, o in self.facts:
            used += [s] + ([o] if p not in ("located_in", "headquartered_in", "starts_operations") else [])
        for deal in deals:
            used += [
                k
                for k in (
                    deal.provider,
                    *deal.co_providers,
                    deal.client,
                    *deal.co_clients,
                    *deal.parties,
                    *deal.products,
                )
                if k
            ]
        # numbered in the order the text first names them, as annotators number them
        first: dict[str, int] = {}
        for label in ("ORG", "SITE", "PRODUCT"):
            for span in self.doc.spans(label):
                if span.value is not None:
                    first.setdefault(span.value, span.start)
        ids: dict[str, str] = {}
        counters = {"e": 0, "s": 0, "p": 0}
        for key in sorted(dict.fromkeys(used), key=lambda k: first.get(k, len(self.doc.text))):
            entity = self.doc.entities.get(key)
            prefix = "s" if isinstance(entity, Site) else "p" if isinstance(entity, Product) else "e"
            counters[prefix] += 1
            ids[key] = f"{prefix}{counters[prefix]}"
        return ids

    def _agreement(self, deal: Deal, ids: dict[str, str], announced: str | None, first: bool) -> Agreement:
        roles: tuple[tuple[str, str], ...]
        if deal.provider and deal.client:
            clients = [deal.client, *deal.co_clients]
            providers = [deal.provider, *deal.co_providers]
            roles = (*(("provider", ids[p]) for p in providers), *(("client", ids[c]) for c in clients))
        else:
            roles = tuple(("partner", ids[k]) for k in deal.parties)
        pairs = [self.deal_candidates.get((min(a, b), max(a, b))) for a, b in combinations(deal.parties, 2)]
        cand_score = max((c.score for c in pairs if c is not None), default=0.5)
        evidence = tuple(
            Evidence(self.doc.sentences[i].text, self.doc.sentences[i].start, self.doc.sentences[i].end,
                     EXTRACTOR, round(cand_score, 3))
            for i in deal.sentences[:3]
        )  # fmt: skip
        return Agreement(
            roles=roles,
            type=deal.type,
            service=deal.service if deal.type in SERVICE_TYPES else "none",
            stage=tuple(deal.stage),
            products=tuple(ids[p] for p in deal.products if p in ids),
            end_year=deal.end_year or _end_of_term(deal, announced),
            value=tuple(Money(a.amount, a.currency, a.what) for a in deal.amounts),
            announced=announced if first else None,
            evidence=evidence,
        )

    def _announced(self) -> str | None:
        published = self.doc.document.published
        year = int(published[:4]) if published and published[:4].isdigit() else None
        dateline = self.doc.dateline
        if dateline and dateline.date:
            return dateline.date
        for sent in self.doc.sentences[:4]:
            if sent.section == "body":
                found = find_date(sent.text, year)
                if found:
                    return found
        return published

    def _source(self) -> dict[str, str]:
        d = self.doc.document
        pairs = (
            ("url", d.url),
            ("publisher", d.publisher),
            ("published", d.published),
            ("title", d.title or self.doc.title),
        )
        return {k: v for k, v in pairs if v}

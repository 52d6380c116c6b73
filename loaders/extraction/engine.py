"""Orchestrates the extractors over one document and assembles the typed :class:`~kg.model.Extraction`."""

from __future__ import annotations

from kg.model import Agreement, Document, Entity, EntityType, Evidence, Extraction, Fact, Money
from loaders.extraction.boilerplate import read_layout
from loaders.extraction.coref import resolve_refs
from loaders.extraction.dateline import find_date
from loaders.extraction.deals import SERVICE_TYPES, Deal, find_deals, sentence_stages, stage_cues
from loaders.extraction.headquarters import find_headquarters
from loaders.extraction.lexicon import tokenize
from loaders.extraction.money import sentence_amounts
from loaders.extraction.negation import is_negated
from loaders.extraction.orgs import find_orgs, find_undisclosed
from loaders.extraction.places import find_places
from loaders.extraction.products import find_owners, find_products
from loaders.extraction.sentences import Sentence
from loaders.extraction.sites import find_operators, find_sites, find_start_years

__all__ = ["extract"]

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


# per-sentence memos, reused within one document only (so repeated documents are not faster than new ones)
_SENTENCE_CACHES = (is_negated, sentence_amounts, sentence_stages)


def extract(document: Document) -> Extraction:
    """Extract entities, facts and agreements (each with evidence) from one announcement."""
    for cache in _SENTENCE_CACHES:
        cache.cache_clear()
    return _Run(document).extraction()


class _Run:
    """State of one extraction; every step reads what the earlier ones found."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.text = text = document.text
        layout = read_layout(text)
        self.layout, self.sentences = layout, layout.sentences
        tokens = tokenize(text)
        self.places = find_places(text, tokens)
        self.products, self.product_mentions = find_products(text, [])
        product_spans = [(m.start, m.end) for m in self.product_mentions if not m.key[:1].isupper()]
        taken = [(p.start, p.end) for p in self.places] + [
            s for s in product_spans if " " not in text[s[0] : s[1]]
        ]
        self.orgs, mentions = find_orgs(text, tokens, self.sentences, taken, layout.about)
        inside = [(m.start, m.end) for m in mentions]
        self.places = [p for p in self.places if not any(a <= p.start and p.end <= b for a, b in inside)]
        self.undisclosed = {
            f"u{i}": u for i, u in enumerate(find_undisclosed(text, self.sentences, mentions), 1)
        }
        spans = {k: (u.start, u.end) for k, u in self.undisclosed.items()}
        self.refs, self.salience, self.announcer = resolve_refs(
            text, self.sentences, mentions, self.orgs, spans
        )
        self.hq = find_headquarters(text, self.sentences, self.refs, self.places)
        for key, code, _ in self.hq:
            if key in self.orgs and self.orgs[key].country is None:
                self.orgs[key].country = code
        self.sites, self.site_mentions = find_sites(text, self.sentences, self.places)
        self.deals = find_deals(
            text, self.sentences, self.refs, self.orgs, set(self.undisclosed), self.site_mentions
        )
        self.facts: dict[tuple[str, str, str], list[Evidence]] = {}

    def extraction(self) -> Extraction:
        announced = self._announced()
        self._deal_facts()
        self._site_facts()
        self._hq_facts()
        self._product_facts()
        ids = self._ids()
        entities = self._entities(ids)
        facts = tuple(
            Fact(ids[s], p, ids.get(o, o), tuple(ev[:3]))
            for (s, p, o), ev in self.facts.items()
            if s in ids and (o in ids or p in ("located_in", "headquartered_in", "starts_operations"))
        )
        agreements = tuple(
            self._agreement(d, ids, announced) for d in self.deals if d.provider or d.client or d.parties
        )
        kind = _KINDS.get(self.deals[0].type, "mixed") if self.deals else "none"
        return Extraction(self.doc.doc, self._source(), entities, facts, agreements, kind)

    # -- facts ---------------------------------------------------------------------------------------------

    def _add(self, s: str, p: str, o: str, sentence: int, extractor: str, confidence: float = 0.8) -> None:
        if s == o:
            return
        if p == "contracts_with" and (o, p, s) in self.facts:
            s, o = o, s
        sent = self.sentences[sentence]
        ev = Evidence(sent.text, sent.start, sent.end, f"rules:{extractor}", confidence)
        bucket = self.facts.setdefault((s, p, o), [])
        if ev not in bucket:
            bucket.append(ev)

    def _deal_facts(self) -> None:
        for deal in self.deals:
            first = deal.sentences[0]
            if deal.type == "acquisition":
                if deal.target_is_site and deal.target:
                    self._add(deal.client or deal.parties[0], "acquires", deal.target, first, "deals")
                    if deal.provider and deal.provider != deal.client:
                        self._add(
                            deal.client or deal.parties[0], "contracts_with", deal.provider, first, "deals"
                        )
                        self._add(deal.provider, "operates", deal.target, first, "deals", 0.7)
                elif deal.client and deal.target:
                    self._add(deal.client, "acquires", deal.target, first, "deals")
                continue
            a, b = deal.parties
            self._add(a, "contracts_with", b, first, "deals")

    def _site_facts(self) -> None:
        for org, site, i in find_operators(
            self.text, self.sentences, self.sites, self.site_mentions, self.refs, self.salience
        ):
            self._add(org, "operates", site, i, "sites", 0.7)
        for site, year, i in find_start_years(self.text, self.sentences, self.site_mentions):
            self._add(site, "starts_operations", year, i, "sites", 0.7)
        used = {s for s, _, _ in self.facts} | {o for _, _, o in self.facts}
        for key in used:
            site = self.sites.get(key)
            if site and site.country:
                i = next((m.sentence for m in self.site_mentions if m.key == key), 0)
                self._add(key, "located_in", site.country, i, "places", 0.8)

    def _hq_facts(self) -> None:
        for key, code, i in self.hq:
            self._add(key, "headquartered_in", code, i, "headquarters", 0.9)
        for key, u in self.undisclosed.items():
            if u.country:
                i = next((n for n, s in enumerate(self.sentences) if s.start <= u.start < s.end), 0)
                self._add(key, "headquartered_in", u.country, i, "orgs", 0.8)

    def _product_facts(self) -> None:
        forms = {k: o.forms for k, o in self.orgs.items()}
        for org, product, i in find_owners(
            self.text, self.sentences, self.refs, self.product_mentions, self.salience, forms
        ):
            if org in self.orgs:
                self._add(org, "develops", product, i, "products", 0.7)
        for deal in self.deals:
            deal.products = self._deal_products(deal)
            if deal.type in SERVICE_TYPES and deal.provider and deal.client:
                # a contract manufacturer makes the client's product, it does not develop it
                for product in deal.products:
                    evidence = self.facts.pop((deal.provider, "develops", product), None)
                    if evidence and deal.client in self.orgs:
                        self.facts.setdefault((deal.client, "develops", product), evidence)
            if deal.type == "co-development" and len(deal.parties) == 2:
                for product in deal.products:  # both partners develop what they co-develop
                    for party in deal.parties:
                        if party in self.orgs:
                            self._add(party, "develops", product, deal.sentences[0], "deals", 0.6)
            if deal.type in ("licensing", "option") and deal.client:
                for product in deal.products:
                    self._add(deal.client, "develops", product, deal.sentences[0], "deals", 0.6)
                    if deal.provider:
                        self._add(deal.provider, "develops", product, deal.sentences[0], "deals", 0.6)
            deal.stage = self._stage(deal)

    def _deal_products(self, deal: Deal) -> list[str]:
        found = [
            m.key
            for m in self.product_mentions
            for i in deal.sentences
            if self.sentences[i].start <= m.start < self.sentences[i].end
        ]
        if deal.type == "acquisition" and not deal.target_is_site and deal.target:
            found += [p for (s, pred, p) in self.facts if pred == "develops" and s == deal.target]
        return list(dict.fromkeys(found))

    def _stage(self, deal: Deal) -> list[str]:
        if deal.type == "acquisition" and deal.target_is_site:
            return []
        service = deal.type in SERVICE_TYPES and deal.type != "research"
        stages: set[str] = set()
        if deal.products and not service:
            for product in deal.products:
                stages |= self._product_stage(product)
        elif deal.type != "acquisition":
            wanted = {deal.provider} if service and deal.provider else set(deal.parties)
            if any(d is not deal and wanted & {*d.parties} for d in self.deals):
                wanted = set()  # a party to several deals: only this deal's own sentences tell its stage
            for i, sent in enumerate(self.sentences):
                if sent.section not in ("title", "head", "body"):
                    continue
                if i in deal.context or any(r.key in wanted for r in self.refs[i]):
                    stages |= stage_cues(sent.text, service)
        if not stages and service and deal.products:
            # a contract service for a named product serves the stage the product is in
            for product in deal.products:
                stages |= self._product_stage(product)
        order = ["preclinical", "Phase 1", "Phase 2", "Phase 3", "commercial"]
        return [s for s in order if s in stages]

    def _product_stage(self, product: str) -> set[str]:
        """Stages from the most advanced passage about the product (its sentence and the sentences after it
        in the same paragraph until another product is named)."""
        best: set[str] = set()
        rank = {"preclinical": 0, "Phase 1": 1, "Phase 2": 2, "Phase 3": 3, "commercial": 4}
        starts = {m.start for m in self.product_mentions if m.key == product}
        for i, sent in enumerate(self.sentences):
            if sent.section == "boilerplate" or not any(sent.start <= p < sent.end for p in starts):
                continue
            passages = [self._own_part(sent, product)]
            for nxt in self.sentences[i + 1 :]:
                if nxt.para != sent.para or any(
                    nxt.start <= m.start < nxt.end for m in self.product_mentions
                ):
                    break
                passages.append(nxt.text)
            for passage in passages:
                cues = stage_cues(passage, False)
                if cues and (not best or max(rank[c] for c in cues) > max(rank[c] for c in best)):
                    best = cues
        return best

    def _own_part(self, sent: Sentence, product: str) -> str:
        inside = [m for m in self.product_mentions if sent.start <= m.start < sent.end]
        own = [m for m in inside if m.key == product]
        others = [m.start for m in inside if m.key != product and m.start > own[0].start]
        if not [m for m in inside if m.key != product]:
            return sent.text
        return self.text[own[0].start : min(others or [sent.end])]

    # -- assembly ------------------------------------------------------------------------------------------

    def _ids(self) -> dict[str, str]:
        used: list[str] = []
        for s, p, o in self.facts:
            used += [s] + ([o] if p not in ("located_in", "headquartered_in", "starts_operations") else [])
        for deal in self.deals:
            used += [k for k in (deal.provider, deal.client, *deal.parties, *deal.products) if k]
        ids: dict[str, str] = {}
        counters = {"e": 0, "s": 0, "p": 0}
        for key in dict.fromkeys(used):
            prefix = "s" if key in self.sites else "p" if key in self.products else "e"
            counters[prefix] += 1
            ids[key] = f"{prefix}{counters[prefix]}"
        return ids

    def _entities(self, ids: dict[str, str]) -> tuple[Entity, ...]:
        out = []
        for key, eid in ids.items():
            if key in self.orgs:
                org = self.orgs[key]
                aliases = tuple(sorted(f for f in org.forms if f != org.name))
                out.append(Entity(eid, EntityType.ORGANIZATION, org.name, aliases, country=org.country))
            elif key in self.undisclosed:
                u = self.undisclosed[key]
                out.append(Entity(eid, EntityType.ORGANIZATION, None, (), True, u.description, u.country))
            elif key in self.sites:
                site = self.sites[key]
                aliases = tuple(sorted(a for a in site.aliases if a != site.name))
                out.append(
                    Entity(eid, EntityType.SITE, site.name, aliases, country=site.country, city=site.city)
                )
            elif key in self.products:
                prod = self.products[key]
                out.append(
                    Entity(
                        eid,
                        EntityType.PRODUCT,
                        prod.name,
                        tuple(sorted(prod.aliases)),
                        modality=prod.modality,
                        indication=prod.indication,
                    )
                )
        return tuple(out)

    def _agreement(self, deal: Deal, ids: dict[str, str], announced: str | None) -> Agreement:
        if deal.provider and deal.client:
            roles = (("provider", ids[deal.provider]), ("client", ids[deal.client]))
        else:
            roles = tuple(("partner", ids[k]) for k in deal.parties)
        evidence = tuple(self._evidence(i) for i in deal.sentences[:3])
        return Agreement(
            roles=roles,
            type=deal.type,
            service=deal.service if deal.type in SERVICE_TYPES else "none",
            stage=tuple(deal.stage),
            products=tuple(ids[p] for p in deal.products if p in ids),
            end_year=deal.end_year,
            value=tuple(Money(a.amount, a.currency, a.what) for a in deal.amounts),
            announced=announced if deal is self.deals[0] else None,
            evidence=evidence,
        )

    def _evidence(self, i: int) -> Evidence:
        s: Sentence = self.sentences[i]
        return Evidence(s.text, s.start, s.end, "rules:deals", 0.8)

    def _announced(self) -> str | None:
        published = self.doc.published
        year = int(published[:4]) if published and published[:4].isdigit() else None
        dateline = self.layout.dateline
        if dateline and dateline.date:
            return dateline.date
        for sent in self.sentences[:4]:
            if sent.section == "body":
                found = find_date(sent.text, year)
                if found:
                    return found
        return published

    def _source(self) -> dict[str, str]:
        d = self.doc
        pairs = (
            ("url", d.url),
            ("publisher", d.publisher),
            ("published", d.published),
            ("title", d.title or self.layout.title),
        )
        return {k: v for k, v in pairs if v}

"""Agreements: which sentences state a deal, between whom, of what type and service, with which roles,
stages, end year and money terms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise
from typing import Protocol

from loaders.extraction.annotate.coref import Ref
from loaders.extraction.annotate.gates import Gated
from loaders.extraction.annotate.money import Amount, find_amounts
from loaders.extraction.annotate.orgs import Org
from loaders.extraction.annotate.sites import SiteMention
from loaders.extraction.document import AnnotatedDoc, Sentence
from loaders.extraction.relations.candidates import Candidate
from loaders.extraction.relations.negation import ended_spans, is_negated
from loaders.extraction.relations.partners import LISTED, Round, co_listed_investors, find_rounds

__all__ = [
    "Deal",
    "TypeClassifier",
    "accepted_deals",
    "build_deals",
    "deal_features",
    "equal_parties",
    "type_features",
]

# the seller's side of an acquisition: "agreed to divest its plant in Juncos to Valtrex"
_DIVEST = re.compile(
    r"\b(?:divest(?:s|ed|ing)?|sell|sells|selling|sold)\b(?=[^.;\n]{0,240}\bto\s+(?-i:[A-Z]))", re.I
)
# "from KKR", "from private equity firm KKR", "from its parent, X": who sells (lower-case words between)
_FROM_SELLER = re.compile(r"\bfrom\s+(?:[a-z][\w-]*,?\s+){0,4}$")
# a part of a company that is bought, named before its owner: "Zentiva, the generics business of French group
# Sanofi", "the Asia Pacific operations of X": the owner sells, it is not what is bought
_PART_NOUNS = (
    r"(?:business(?:es)?|units?|divisions?|arms?|operations|portfolios?|assets|franchises?|brands?|rights|"
    r"subsidiar(?:y|ies)|affiliates?|plants?|sites?|facilit(?:y|ies)|factor(?:y|ies))"
)
_PART_OF = re.compile(r"\b" + _PART_NOUNS + r"\s+of\s+(?:[A-Za-z][\w-]*\s+){0,4}$")
# ... or after it: "Sanofi's European generics unit", "Takeda's Asia Pacific primary care portfolio"
_OWNERS_PART = re.compile(
    r"(?:['’]s|(?<=s)['’])\s+(?:[\w&-]+\s+){0,5}?" + _PART_NOUNS + r"\b"
)  # "Chemicals' unit"
# ... or as a modifier: "Three Catalent Fill-Finish Sites", "the Biogen plant"
_OWNER_MODIFIER = re.compile(r"\s+(?:[\w&-]+\s+){0,2}?" + _PART_NOUNS + r"\b", re.I)
# the buyer after "to": "sell the plant to Valtrex", "to the Danish drugmaker Novo Nordisk"
_TO_BUYER = re.compile(r"\bto\s+(?:the\s+)?(?:[A-Za-z][\w-]*\s+){0,3}$")
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?$", re.I)
_ACQUIRE = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|acquisition\s+of|purchas(?:e|es|ed|ing)|buy|buys|bought|take\s+over|takes\s+over|"
    r"taking\s+over|assume\w*\s+ownership|merger)\b(?!\s+(?:an?\s+|the\s+)?(?:exclusive\s+|global\s+|worldwide\s+|"
    r"[\w%.\-]+\s+){0,3}(?:licen[cs]e|rights|option|stake|shares|(?<!private\s)equity|interest|holding)\b)",
    re.I,
)
_TYPES = (
    ("acquisition", _ACQUIRE),
    ("acquisition", _DIVEST),
    (
        "option",
        re.compile(r"\boption\s+(?:and|to)\s+(?:in-)?licen|\boption\s+agreement|\bexclusive\s+option", re.I),
    ),
    ("licensing", re.compile(r"licen[cs]", re.I)),
    (
        "development-and-manufacturing",
        re.compile(
            r"development\s+and\s+manufacturing\s+(?:\((?-i:[A-Z]+)\)\s+)?(?:agreement|contract|services|deal|partnership)",
            re.I,
        ),
    ),
    (
        "distribution",
        re.compile(
            r"\bdistribution\s+(?:and\s+\w+\s+)?(?:agreement|contract|deal|partnership|rights)|"
            r"\b(?:agreement|contract|deal|partnership)\b[^.;]{0,60}\bto\s+(?:exclusively\s+)?distribute\b",
            re.I,
        ),
    ),
    (
        "manufacturing",
        re.compile(
            r"manufactur|\bCMO\b|\bCDMO\b|fill[/ -]?(?:and\s+)?finish|bioconjugation|"
            r"production\s+(?:agreement|contract)",
            re.I,
        ),
    ),
    ("supply", re.compile(r"\bsuppl(?:y|ies|ier)\b", re.I)),
    ("co-development", re.compile(r"\bco[- ]?develop", re.I)),
    ("research", re.compile(r"\bresearch\s+(?:collaboration|agreement|partnership|services)|\bCRO\b", re.I)),
    (
        "commercialization",
        re.compile(r"commerciali[sz]ation\s+(?:agreement|partnership|rights)|co-promot", re.I),
    ),
    ("distribution", re.compile(r"distribut", re.I)),
    ("investment", re.compile(r"\binvest|equity\s+stake", re.I)),
    ("collaboration", re.compile(r"collaborat|partnership|alliance", re.I)),
)
SERVICE_TYPES = frozenset(
    {"manufacturing", "supply", "development-and-manufacturing", "development", "research"}
)
_SERVICES = (
    ("fill-finish", re.compile(r"fill[/ -]?(?:and\s+)?finish", re.I)),
    ("CMO", re.compile(r"\bCMO\b|contract\s+manufactur", re.I)),
    ("CDMO", re.compile(r"\bCDMO\b|contract\s+development\s+and\s+manufactur", re.I)),
    ("CRO", re.compile(r"\bCRO\b|contract\s+research", re.I)),
    ("CDO", re.compile(r"\bCDO\b|contract\s+development\s+organi", re.I)),
)
# "a South Korean CDMO", "the contract development and manufacturing organization": what a company is, not
# the service of this deal ("a CDMO agreement", "selected X as its CDMO", "contract manufacturing" are)
_KIND_OF_COMPANY = re.compile(r"\b(?:an?|the|its|leading|global)\s+(?:[\w\-]+\s+){0,3}$", re.I)
_SERVICE_NOUN = re.compile(r"\s*(?:agreement|contract|services?|deal|partnership|arrangement|order)\b", re.I)


_AS_ITS = re.compile(r"\bas\s+(?:its|their|a|the)\s+(?:[\w\-]+\s+){0,2}$", re.I)


def _service_said(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the text names the service: an abbreviation or "... organization" counts unless it says what
    kind of company a party is."""
    for m in pattern.finditer(text):
        word, before = m.group(), text[max(0, m.start() - 50) : m.start()]
        if not (word.isupper() or word.lower().endswith("organi")):
            return True  # "contract manufacturing"
        kind_of_company = _KIND_OF_COMPANY.search(before) and not _AS_ITS.search(before)
        if _SERVICE_NOUN.match(text, m.end()) or not kind_of_company:
            return True
    return False


_LICENSOR = re.compile(
    r"^[^.;]{0,40}?\b(?:out-licens\w*|licens(?:es|ed|ing)\s+(?:out\s+)?(?:its|the|their)|grant(?:s|ed)?|will\s+receive|"
    r"would\s+receive|could\s+receive|may\s+receive|is\s+eligible|are\s+eligible|stands?\s+to\s+(?:collect|receive|earn)|will\s+get|will\s+collect|receives?|"
    r"retains?|keeps?|(?:will\s+|would\s+|could\s+|to\s+)?be\s+paid)\b",
    re.I,
)
_LICENSEE = re.compile(
    r"^[^.;]{0,40}?\b(?:obtain(?:s|ed)?|gain(?:s|ed)?|acquir(?:es?|ed)|will\s+acquire|to\s+acquire|in-licen[cs]\w*|"
    r"will\s+(?:make|pay)|pays?|(?<!be )(?<!been )(?<!is )(?<!are )(?<!was )(?<!were )paid|will\s+hold|"
    # "has taken an exclusive licence from", "secured the rights", "received a licence"
    r"(?:receive[sd]?|tak(?:es?|en|ing)|took|secur(?:es?|ed))\s+(?:an?\s+|the\s+)?(?:exclusive\s+)?(?:worldwide\s+|"
    r"global\s+)?(?:licen[cs]e\w*|rights)|"
    r"will\s+be\s+responsible|may\s+exercise|will\s+(?:develop|commercialize)|"
    r"(?:will|to)\s+(?:distribute|market|sell|promote|co-promote|commerciali[sz]e))\b",
    re.I,
)
_TO_PARTY = re.compile(r"\b(?:licen[cs]\w*|out-licen[cs]\w*|grant\w*)\b[^.;]{0,80}\bto\s+$", re.I)
# the licensor after "from": "which licensed U.S. commercialization rights from Hexwell"
_FROM_PARTY = re.compile(r"\b(?:licen[cs]\w*|in-licen[cs]\w*|rights)\b[^.;]{0,80}\bfrom\s+(?:the\s+)?$", re.I)
_PAY_PARTY = re.compile(r"\b(?:pay|paying|pays)\s+$", re.I)
# the licensor's possessive before what it licenses: "Halvera's two preclinical candidates"
_OWNED_THING = re.compile(
    r"[’']s\s+(?:\w+[\s-]+){0,6}?(?:assets?|candidates?|drugs?|programs?|compounds?|technology|platform)"
)
_PROVIDE = re.compile(
    r"^(?:\s*\([^)]*\))?(?:,[^,]{0,90},)?\s+(?:will|shall|is\s+to|would|also)\s+(?:\w+\s+)?(?:provide|manufacture|produce|supply|fill|"
    r"carry\s+out|handle|perform|make|conduct|transfer)\b|^\s+(?:provides|manufactures|produces|supplies|makes)\b|"
    # "has chosen Alder Biologics as its contract development and manufacturing partner"
    r"^\s+as\s+(?:its|their)\s+(?:[\w\-]+\s+){0,4}?(?:partner|CDMO|CMO|CRO|manufacturer|supplier|provider)\b",
    re.I,
)
# the maker after "by": "Zentrilix is manufactured for Meravo by Kestova"
_MADE_BY = re.compile(
    r"\b(?:manufactured|produced|made|supplied|filled)\s+(?:for\s+[^.;]{1,60}?\s+)?by\s+$", re.I
)
# a headline's infinitive names the provider: "X to supply API to Y"
_TITLE_PROVIDE = re.compile(r"^\s+to\s+(?:supply|manufacture|produce|provide|fill)\b", re.I)
# money someone other than the parties guesses at is no term of the deal
_SPECULATION = Gated(
    r"\banalysts?\b|\b(?:could|might|may)\s+be\s+worth\b|\baccording\s+to\s+(?:people|sources|media|reports)\b|"
    r"\b(?:estimated|estimates?)\s+(?:by|at)\b",
    re.I,
    needs="analyst worth according estimat",
)
_END_YEAR = Gated(
    r"\b(?:contract|agreement|term|period|deal|partnership|collaboration)s?\b(?:[^.;]|(?<=\b(?-i:[A-Z]))\.){0,150}?\b(?:until|through|thru|till|to|"
    r"ending\s+in|expir\w*\s+in|runs?\s+to)\s+(?:the\s+end\s+of\s+)?(?:\w+\s+)?(?:\d{1,2},?\s+)?(20[2-7]\d)\b",
    re.I,
    needs="20",  # the year it ends with
)
# how long a deal runs, when the text gives a length rather than a year: "a five-year supply contract", "a
# term of 15 years", "will initially run for three years", "a decade-long partnership", "will keep making the
# products there for two years" (the end year is the year it is announced plus the length)
_YEARS = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_TERM_NOUN = (
    r"(?:agreements?|contracts?|deals?|pacts?|partnerships?|collaborations?|alliances?|arrangements?|terms?|"
    r"licen[cs]es?|extensions?)"
)
_TERM = Gated(
    rf"\b{_YEARS}[- ]years?[- ](?:long\s+)?(?:[\w\-]+\s+){{0,4}}?{_TERM_NOUN}\b"
    rf"|\b(?:term|period|duration)\s+of\s+(?:up\s+to\s+)?{_YEARS}\s+years\b"
    rf"|\b(?:runs?|lasts?|extends?|continues?)\s+(?:initially\s+)?for\s+(?:a\s+period\s+of\s+)?{_YEARS}\s+years\b"
    rf"|\b(?P<decade>decade)-long\s+(?:[\w\-]+\s+){{0,3}}?{_TERM_NOUN}\b"
    rf"|\b(?:will|shall)\b[^.;]{{0,80}}?\bfor\s+(?:the\s+next\s+|a\s+further\s+)?{_YEARS}\s+years\b",
    re.I,
    needs="year decade",
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip


def term_years(sentence: str) -> int | None:
    """How many years a deal runs, as a sentence states its length.

    >>> term_years("Cherokee signed a five-year agreement to keep producing the ingredients.")
    5
    >>> term_years("The joint venture will have a term of 15 years.")
    15
    >>> term_years("It has operated the plant for some 60 years.") is None
    True
    """
    m = _TERM.search(sentence)
    if m is None:
        return None
    if m.group("decade"):
        return 10
    word = next(g for g in m.groups() if g).lower()
    years = _NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0)
    return years if 0 < years <= 30 else None


_WHICH_ACQUIRED = re.compile(r",\s*which\s+(?:[\w&.\-]+\s+){1,4}")  # ", which Sandor Biotech " + verb
_PLURAL_ANAPHOR = re.compile(
    r"\b(?:the|these|those|all|both|each\s+of\s+the)\s+(?:\w+\s+){0,2}?(?:agreements|contracts|deals|partnerships)\b",
    re.I,
)
_DEAL_ANAPHOR = re.compile(
    r"\b(?:th(?:e|is|at)\s+(?:[\w\-]+\s+){0,2}(?:agreement|contract|deal|transaction|"
    r"arrangement|project|extension|collaboration|partnership|acquisition|license|licen[cs]ing\s+deal)|under\s+the\s+terms|"
    r"financial\s+terms|upfront|up[- ]front|milestone|royalt|the\s+work\b|the\s+services\b|"
    r"total\s+consideration)",
    re.I,
)
_NOT_TOTAL = re.compile(r"\b(?:more\s+than|over|in\s+excess\s+of|exceeding)\s*$", re.I)


@dataclass
class Deal:
    parties: list[str]
    sentences: list[int]
    type: str = "collaboration"
    service: str = "none"
    provider: str | None = None
    client: str | None = None
    target: str | None = None  # the company or site bought, for acquisitions
    target_is_site: bool = False
    products: list[str] = field(default_factory=list)
    stage: list[str] = field(default_factory=list)
    end_year: int | None = None
    term: int | None = None  # years it runs, when the text gives a length and no end year
    amounts: list[Amount] = field(default_factory=list)
    context: list[int] = field(default_factory=list)  # sentences whose terms belong to this deal
    companion: bool = False  # stated beside another deal of the same parties (a supply-back, an equity stake)
    prior: bool = False  # the parties' earlier deal, which this document's deal extends or follows
    co_clients: list[str] = field(default_factory=list)  # buyers beside the client ("A and B to buy X")
    # sellers beside the provider ("buy X from A and B")
    co_providers: list[str] = field(default_factory=list)


def build_deals(
    doc: AnnotatedDoc, pairs: list[tuple[str, str, list[int]]], types: TypeClassifier | None = None
) -> list[Deal]:
    """Deals for the accepted party pairs (each with the sentences stating it, in text order): their
    context, type (by ``types`` when given, else by the first matching cue), roles and terms."""
    text, sentences, refs = doc.text, tuple(doc.sentences), doc.refs
    orgs = {k: e for k, e in doc.entities.items() if isinstance(e, Org)}
    undisclosed = {s.value for s in doc.spans("UNDISCLOSED") if s.value}
    deals = [Deal([a, b], sorted(idx)) for a, b, idx in sorted(pairs, key=lambda p: (min(p[2]), p[0], p[1]))]
    by_pair = {frozenset(d.parties): d for d in deals}
    sentence_pair: dict[int, frozenset[str]] = {}
    sentence_pairs: dict[int, list[frozenset[str]]] = {}
    for deal in deals:
        for i in deal.sentences:
            sentence_pair.setdefault(i, frozenset(deal.parties))
            sentence_pairs.setdefault(i, []).append(frozenset(deal.parties))
    _attach_context(sentences, refs, deals, by_pair, sentence_pair, sentence_pairs)
    for deal in deals:
        kind = _deal_type(types, type_features(doc, deal, orgs)) if types is not None else None
        _classify(text, sentences, deal, refs, orgs, undisclosed, doc.site_mentions, kind)
    for deal in deals:
        _terms(sentences, deal, refs, several=len(deals) > 1)
    _share_amounts(doc, deals)
    companions = [back for deal in deals for back in _made_for_seller(doc, deal)]
    companions += [prior for deal in deals for prior in _prior_beside(doc, deal)]
    companions += [stake for deal in deals for stake in _stake_before(doc, deal)]
    for deal in deals:  # an equity purchase is an investment of its own, never a licence's payment
        if deal.type != "investment":
            companions += _equity_beside(doc, deal)
            deal.amounts = [a for a in deal.amounts if a.what != "equity"]
    return deals + companions


def _equity_beside(doc: AnnotatedDoc, deal: Deal) -> list[Deal]:
    """An investment beside a licence whose terms hold an equity purchase ("Pfizer will also buy $350
    million of Arvinas shares"): the licensee invests in the licensor. Without a figure, a stake one party
    takes in the other where the deal is stated ("MorphoSys obtains a 15% equity stake in HIBio", "will
    also take an equity stake in Kalexo"): the company whose stake it is issues the shares."""
    equity = [a for a in deal.amounts if a.what == "equity"]
    if equity and deal.type in ("licensing", "option") and deal.provider and deal.client:
        at = doc.sentence_index(equity[0].start)
        stated = [at] if at is not None else deal.sentences[:1]
        return [
            Deal(list(deal.parties), stated, "investment", provider=deal.provider, client=deal.client,
                 amounts=equity, companion=True)
        ]  # fmt: skip
    if deal.type not in _STAKE_BESIDE or len(set(deal.parties)) != 2 or not doc.refs:
        return []
    at = doc.sentence_index(equity[0].start) if equity else None
    # "Incyte will pay $120 million upfront and buy $80 million of Merus shares"
    if at is not None and (issuer := _issuer(doc, at, deal.parties)):
        investor = next(k for k in deal.parties if k != issuer)
        return [
            Deal(list(deal.parties), [at], "investment", provider=issuer, client=investor, amounts=equity,
                 context=[at], companion=True)
        ]  # fmt: skip
    for i in sorted({*deal.sentences, *deal.context}):
        for ref in doc.refs[i]:
            if ref.key in deal.parties and _STAKE_IN.search(doc.text, max(0, ref.start - 60), ref.start):
                investor = next(k for k in deal.parties if k != ref.key)
                return [
                    Deal(list(deal.parties), [i], "investment", provider=ref.key, client=investor,
                         context=[i], companion=True)
                ]  # fmt: skip
    return []


def _prior_beside(doc: AnnotatedDoc, deal: Deal) -> list[Deal]:
    """The parties' earlier deal, which the text names with its kind as the one this deal extends, expands or
    follows ("extended the manufacturing agreement they first signed in 2001", "expands an existing supply
    agreement", "builds on their 2018 research collaboration"): an agreement of its own, of that kind, with
    none of this deal's terms. Only where a sentence stating the deal, of its context, or naming both parties
    says so."""
    if len(set(deal.parties)) != 2 or not doc.refs:
        return []
    for i in _said_of(doc, deal):
        sent = doc.sentences[i]
        for m in _PRIOR_DEAL.finditer(doc.text, sent.start, sent.end):
            kind = next((t for t, pattern in _TYPES if pattern.search(m.group())), None)
            if kind is None or (kind == "collaboration" and "collaborat" not in m.group().lower()):
                continue  # no kind named: "extends the agreement", "expands their partnership"
            same = kind == deal.type
            return [
                Deal(list(deal.parties), [i], kind, deal.service if same else "none", provider=deal.provider,
                     client=deal.client, context=[i], companion=True, prior=True)
            ]  # fmt: skip
    return []


def _stake_before(doc: AnnotatedDoc, deal: Deal) -> list[Deal]:
    """The buyer's stake in the company it buys, held before the purchase ("to acquire the remaining equity
    in Caelum", "has held a 6 percent stake in Medicago since 2011", "the shares it does not already own"): an
    investment of its own, the company bought issuing the shares, with none of the purchase's terms."""
    bought = deal.target if deal.type == "acquisition" and not deal.target_is_site else None
    if not (bought and deal.client and doc.refs) or bought == deal.client or bought not in deal.parties:
        return []
    for i in _said_of(doc, deal):
        if _HELD_STAKE.search(doc.text, doc.sentences[i].start, doc.sentences[i].end):
            return [
                Deal(list(deal.parties), [i], "investment", provider=deal.target, client=deal.client,
                     context=[i], companion=True, prior=True)
            ]  # fmt: skip
    return []


def _said_of(doc: AnnotatedDoc, deal: Deal) -> list[int]:
    """The sentences that state a deal, hold its terms, or name both its parties, outside the boilerplate
    and the About sections, in text order."""
    both = {i for i, refs in enumerate(doc.refs) if set(deal.parties) <= {r.key for r in refs}}
    return [
        i
        for i in sorted({*deal.sentences, *deal.context} | both)
        if doc.sentences[i].section not in ("boilerplate", "about")
    ]


# a stake the buyer held before it buys the rest
_HELD_STAKE = re.compile(
    r"\b(?:the\s+)?(?:remaining|rest\s+of\s+the)\s+(?:[\w.,%-]+\s+){0,3}?(?:shares|stake|equity|interest|stock)\b"
    r"|\b(?:does|did)\s+not\s+already\s+own\b|\balready\s+(?:owns?|holds?|held)\b"
    r"|\bha[sd]\s+(?:held|owned)\s+(?:a|an)\s+(?:[\w.,%-]+\s+){0,3}?(?:stake|interest)\b"
    # a minority stake bought in what is now bought outright (a majority stake bought is the purchase)
    r"|\b(?:bought|acquired|took|purchased)\s+(?:a|an)\s+(?:[\w.,%-]+\s+){0,2}?minority\s+(?:[\w-]+\s+)?stake\s+in\b",
    re.I,
)


# an earlier deal of the same parties, named as what this one extends or follows
_DEAL_NOUN = (
    r"(?:agreements?|contracts?|deals?|partnerships?|collaborations?|alliances?|licen[cs]es?|arrangements?)"
)
_KIND_WORDS = r"(?:[\w-]+\s+){0,3}?"
_PRIOR_DEAL = re.compile(
    rf"\b(?:(?:existing|earlier|previous|prior|original|initial)\s+{_KIND_WORDS}{_DEAL_NOUN}"
    rf"|(?:extend|extends|extended|extending|expand|expands|expanded|expanding|renew|renews|renewed|"
    rf"amend|amends|amended|broaden|broadens|broadened)\s+(?:its|their|the|an|a)\s+{_KIND_WORDS}{_DEAL_NOUN}"
    rf"|(?:builds?|building)\s+on\s+(?:a|an|the|its|their)\s+(?:[\w$.,-]+\s+){{0,4}}?{_DEAL_NOUN}"
    rf"|follows?\s+(?:a|an|the|its|their)\s+(?:[\w$.,-]+\s+){{0,4}}?{_DEAL_NOUN})",
    re.I,
)


def _issuer(doc: AnnotatedDoc, at: int, parties: list[str]) -> str | None:
    """The party whose shares a sentence has bought: "a stake in X", "X shares", "X's common stock"."""
    for ref in doc.refs[at]:
        if ref.key in parties and (
            _STAKE_IN.search(doc.text, max(0, ref.start - 60), ref.start)
            or _SHARES_AFTER.match(doc.text, ref.end, ref.end + 40)
        ):
            return ref.key
    return None


# "Merus shares", "Arvinas's common stock", "newly issued BioInvent shares" (the name before the shares)
_SHARES_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:common|ordinary|new|newly\s+issued|preferred)\s+)?(?:shares|stock)\b"
)
_STAKE_BESIDE = {"licensing", "option", "collaboration", "co-development", "research", "commercialization",
                 "distribution"}  # fmt: skip
# "a 15% equity stake in", "an equity interest in", "minority stake of about 7% in", "shares of" a party
_STAKE_IN = re.compile(
    r"\b(?:equity|stake|shares)\b(?:\s+(?:stake|interest|investment|participation))?"
    r"(?:\s+(?:of|worth)\s+(?:about\s+|around\s+|roughly\s+)?[\d.,]+\s*(?:%|per\s*cent|percent))?"
    r"\s+(?:in|of)\s+(?:the\s+)?$",
    re.I,
)


# the buyer of a plant goes on making the seller's medicines there: "Catalent will go on producing the
# drugmaker's current product portfolio at Anagni", "Fujifilm will manufacture Biogen's products"
_MAKES = re.compile(r"\b(?:manufactur\w*|produc(?:e|es|ing)|mak(?:e|es|ing)|suppl(?:y|ies|ying))\b", re.I)
# ... or the seller hands the buyer its production: "Bayer will also outsource the production of other
# medicines to Uniao Quimica"
_OUTSOURCES = re.compile(r"\boutsourc\w*\b[^.;]{0,80}?\bto\b", re.I)
# ... or the seller goes on supplying what it sold: "Takeda will keep supplying the products to Hypera"
# (a verb with what makes it one, not "manufacturing sites")
_SUPPLIES = re.compile(
    r"\b(?:will|would|to|shall)\s+(?:(?:continue|keep|go\s+on)\s+(?:to\s+)?)?"
    r"(?:supply|supplying|manufacture|manufacturing|produce|producing|make|making)\b(?=[^.;]{0,80}?\b(?:to|for)\b)",
    re.I,
)
# who reports a sentence is no party to what it reports: "Sun said Frontida will go on producing ... for Sun"
_REPORTED = re.compile(r"\b(?:said|says|added|noted|stated|announced|explained)\b(?:\s+that\b)?", re.I)


def _made_for_seller(doc: AnnotatedDoc, deal: Deal) -> list[Deal]:
    """A manufacturing agreement beside the purchase of a site or of assets, where a sentence has the buyer
    make or supply for the seller (the buyer named before the verb, the seller after it), or the seller
    outsource its production to the buyer; a supply agreement where the seller goes on making or supplying
    for the buyer what it sold ("Takeda will keep supplying the products to Hypera"). Not beside the purchase
    of a company: the company is the seller, and what it makes for others is its business."""
    buyer, seller = deal.client, deal.provider
    assets = deal.target_is_site or deal.target is None
    if deal.type != "acquisition" or not assets or not buyer or not seller or buyer == seller:
        return []
    both = {i for i, refs in enumerate(doc.refs) if {buyer, seller} <= {r.key for r in refs}}
    supplied: Deal | None = None
    for i in sorted(set(deal.sentences) | set(deal.context) | both):
        sent, refs = doc.sentences[i], doc.refs[i] if doc.refs else []
        if sent.section == "boilerplate":
            continue
        said = [m.end() for m in _REPORTED.finditer(doc.text, sent.start, sent.end)]
        for verb in [
            *_MAKES.finditer(doc.text, sent.start, sent.end),
            *_OUTSOURCES.finditer(doc.text, sent.start, sent.end),
        ]:
            clause = max((e for e in said if e <= verb.start()), default=sent.start)
            before = {r.key for r in refs if clause <= r.start and r.end <= verb.start()}
            after = {r.key for r in refs if r.start >= verb.end()}
            maker, made_for = (seller, buyer) if verb.re is _OUTSOURCES else (buyer, seller)
            if maker in before and made_for in after and made_for not in before - {maker}:
                return [
                    Deal([buyer, seller], [i], "manufacturing", "CMO", provider=buyer, client=seller,
                         context=[i], companion=True)
                ]  # fmt: skip
        for verb in _SUPPLIES.finditer(doc.text, sent.start, sent.end):  # the verb's subject stands close
            clause = max((e for e in said if e <= verb.start()), default=sent.start)
            near = max(clause, verb.start() - 40)
            before = {r.key for r in refs if near <= r.start and r.end <= verb.start()}
            after = {r.key for r in refs if r.start >= verb.end()}
            if seller in before and buyer in after and buyer not in before and supplied is None:
                supplied = Deal([buyer, seller], [i], "supply", "none", provider=seller, client=buyer,
                                context=[i], companion=True)  # fmt: skip
    return [supplied] if supplied is not None else []


_FITS = {  # what a payment is -> the deal types it belongs to
    "equity": {"investment"},
    "price": {"acquisition"},
    "upfront": {"licensing", "option", "collaboration", "co-development", "research", "commercialization",
                "acquisition", "distribution"},
    "milestones": {"licensing", "option", "collaboration", "co-development", "research", "commercialization",
                   "acquisition", "distribution"},
}  # fmt: skip


def _share_amounts(doc: AnnotatedDoc, deals: list[Deal]) -> None:
    """A figure belongs to one deal: when the contexts of several deals hold it, the deal stated in its
    sentence, of a kind the payment fits ("equity" to the investment, "price" to the acquisition), whose
    parties the sentence names, wins; the others lose it."""
    claims: dict[int, list[Deal]] = {}
    for deal in deals:
        for amount in deal.amounts:
            claims.setdefault(amount.start, []).append(deal)
    for start, claimants in claims.items():
        if len(claimants) < 2:
            continue
        i = doc.sentence_index(start)
        refs = {r.key for r in doc.refs[i]} if i is not None and doc.refs else set()

        def fit(deal: Deal, i: int | None = i, refs: set[str] = refs, start: int = start) -> tuple[int, int]:
            what = next(a.what for a in deal.amounts if a.start == start)
            score = 3 * (i in deal.sentences) + (set(deal.parties) <= refs)
            if what in _FITS:
                score += 2 if deal.type in _FITS[what] else -2
            return score, -abs((deal.sentences[0] if deal.sentences else 0) - (i or 0))

        winner = max(claimants, key=fit)
        for deal in claimants:
            if deal is not winner:
                deal.amounts = [a for a in deal.amounts if a.start != start]


class TypeClassifier(Protocol):
    def classify(self, features: dict[str, float], exclude: tuple[str, ...] = ()) -> str | None: ...


def _deal_type(types: TypeClassifier, features: dict[str, float]) -> str | None:
    """The classifier's type, but an acquisition only where the deal's own sentences speak of buying or
    selling, and not of a minority stake (a licence with an equity purchase is no acquisition: "Pfizer will
    buy $350 million of Arvinas shares")."""
    bought = any(f.startswith(("s:acq.verb", "s:acq.sell", "s:acq.complete")) for f in features)
    # a minority stake bought is an investment ("Pfizer buys minority stake in Caribou"), a majority one not
    minority = "s:invest.minority" in features and not any(w in features for w in _CONTROL)
    return types.classify(features, exclude=() if bought and not minority else ("acquisition",))


_CONTROL = ("w:majority", "w:controlling interest", "w:wholly owned")


def type_features(doc: AnnotatedDoc, deal: Deal, orgs: dict[str, Org]) -> dict[str, float]:
    """What tells one kind of deal from another: the cue families and cue words of the sentences stating
    it (the first one apart), those of its context, and what its parties are."""
    out: dict[str, float] = {"bias": 1.0}
    # a headline naming other parties too speaks of several deals ("Hanmi takes rights to FLX475, Neurocrine
    # bets on Xenon, Sanofi sells Seprafilm and buys Synthorx"): its words are this deal's context only
    stated = {
        i
        for i in deal.sentences
        if doc.sentences[i].section != "title" or {r.key for r in doc.refs[i]} <= set(deal.parties)
    }
    first = min(stated, default=None)
    for i in sorted(set(deal.sentences) | set(deal.context)):
        sent = doc.sentences[i]
        where = "s" if i in stated else "c"
        for cue in doc.spans("CUE", sent.start, sent.end):
            family = cue.value or ""
            out[f"{where}:{family}"] = out.get(f"{where}:{family}", 0.0) + 1.0
            if where == "s":
                word = " ".join(doc.text[cue.start : cue.end].lower().split())
                out[f"w:{word}"] = 1.0
                if i == first:
                    out[f"f:{family}"] = 1.0
        for span in doc.spans("SERVICE", sent.start, sent.end):
            out[f"{where}:service:{span.value}"] = 1.0
        if where == "s" and doc.spans("SITE", sent.start, sent.end):
            out["s:site"] = 1.0
        if where == "s" and doc.spans("PRODUCT", sent.start, sent.end):
            out["s:product"] = 1.0
    for key in deal.parties:
        org = orgs.get(key)
        if org is not None and org.provider:
            out["party:provider"] = 1.0
        if key.startswith("u") and key[1:].isdigit():
            out["party:undisclosed"] = 1.0
    return {k: min(v, 3.0) for k, v in out.items()}


def _classify(
    text: str,
    sentences: tuple[Sentence, ...],
    deal: Deal,
    refs: list[list[Ref]],
    orgs: dict[str, Org],
    undisclosed: set[str],
    site_mentions: list[SiteMention],
    kind: str | None = None,
) -> None:
    joined = " ".join(sentences[i].text for i in deal.sentences)
    deal.type = kind or next((name for name, pattern in _TYPES if pattern.search(joined)), "collaboration")
    if deal.type == "acquisition":
        _acquisition_roles(text, sentences, deal, refs, site_mentions)
        return
    if deal.type in ("licensing", "option", "commercialization", "distribution"):
        # who holds the rights is the provider, who sells or distributes under them the client (annotated so:
        # the provider develops the product in 64 of 74 such agreements of the real cases, the client in 1)
        _license_roles(text, sentences, deal, refs)
        return
    if deal.type in SERVICE_TYPES or deal.type == "collaboration":
        service = next((name for name, pattern in _SERVICES if _service_said(pattern, joined)), None)
        a, b = deal.parties
        provider = _service_provider(text, sentences, deal, refs, orgs, undisclosed)
        if deal.type == "collaboration" and (
            kind or not (service or (provider and orgs.get(provider) and orgs[provider].provider))
        ):
            return
        if deal.type == "collaboration":
            deal.type = "manufacturing"
        if provider:
            deal.provider, deal.client = provider, (b if provider == a else a)
        if deal.type in SERVICE_TYPES:
            prov = orgs.get(deal.provider or "")
            kind = prov.company.kind if prov and prov.company else None
            default = (
                "CRO"
                if deal.type == "research" and kind == "cro"
                else "CDMO"
                if prov and prov.provider
                else "none"
            )
            if deal.type == "development-and-manufacturing" and deal.provider:
                default = "CDMO"  # whoever develops and manufactures for a client is a CDMO for this deal
            elif deal.type == "manufacturing":
                default = "CMO"  # making a client's product is contract manufacturing, whatever the maker is
            deal.service = service or (default if deal.type != "research" or kind == "cro" else "none")
            if deal.type == "supply" and not service:
                deal.service = "none"


def _service_provider(
    text: str,
    sentences: tuple[Sentence, ...],
    deal: Deal,
    refs: list[list[Ref]],
    orgs: dict[str, Org],
    undisclosed: set[str],
) -> str | None:
    a, b = deal.parties
    for key in (a, b):
        if key in undisclosed:
            return b if key == a else a
    scores = {a: 0, b: 0}
    for key in (a, b):
        org = orgs.get(key)
        if org and org.provider:
            scores[key] += 2
    for i in sorted(set(deal.sentences) | set(deal.context)):
        for r in refs[i]:
            after = text[r.end : sentences[i].end]
            if r.key in scores and (
                _PROVIDE.match(after)
                or _MADE_BY.search(text, max(sentences[i].start, r.start - 90), r.start)
                or (
                    sentences[i].section == "title"
                    and not text[sentences[i].start : r.start].strip()
                    and _TITLE_PROVIDE.match(after)
                )
            ):
                scores[r.key] += 3
    if scores[a] == scores[b]:  # "B will manufacture ..." anywhere in the body still names the provider
        for i, sent in enumerate(sentences):
            if sent.section in ("title", "head", "body"):
                for r in refs[i]:
                    if r.key in scores and r.explicit and _PROVIDE.match(text[r.end : sent.end]):
                        scores[r.key] += 1
    if scores[a] == scores[b]:
        return None
    return a if scores[a] > scores[b] else b


# what a buying verb takes is a part of a company, not the company: "acquire the worldwide rights to",
# "buy its portfolio of brands", "acquire certain assets"
_PART_BOUGHT = re.compile(
    rf"\s+(?:(?:the|its|their|certain|all|some|a|an)\s+)?(?:[\w\-]+\s+){{0,3}}?{_PART_NOUNS}\b"
)
# rights bought, which no buying verb takes ("acquire the worldwide rights to X" reads as a licence)
_RIGHTS_BOUGHT = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|buy|buys|bought)\s+(?:[\w\-]+\s+){0,3}?rights\b", re.I
)
_NOUN_OF_BUYING = re.compile(r"(?:purchase|takeover|buyout|acquisition|merger)\b", re.I)
_COORDINATED = re.compile(r"\s*,?\s*(?:and|&)\s+(?:its\s+(?:[\w\-]+\s+){0,3}?)?")


def _acquisition_roles(
    text: str,
    sentences: tuple[Sentence, ...],
    deal: Deal,
    refs: list[list[Ref]],
    site_mentions: list[SiteMention],
) -> None:
    a, b = deal.parties
    acquirer = seller = target = None
    part_bought = False  # the verb's object is a part of a company: "to acquire the worldwide rights to X"
    for i in deal.sentences:
        sent = sentences[i]
        own = [r for r in refs[i] if r.key in deal.parties]
        rights = _RIGHTS_BOUGHT.search(text, sent.start, sent.end)
        if rights:
            part_bought = True
            buyers = [r for r in own if r.end <= rights.start() and not _with_before(text, r)]
            acquirer = acquirer or (buyers[-1].key if buyers else None)
        verb = _buying_verb(text, sent, own, refs[i])
        sold = _DIVEST.search(text, sent.start, sent.end) if not verb else None
        if verb is None and not sold:  # "The acquisition of X by Y": a verb no party is named before
            verb = next(
                (
                    v
                    for v in _ACQUIRE.finditer(text, sent.start, sent.end)
                    if not any(r.end <= v.start() for r in own)
                ),
                None,
            )
        if sold:  # seller before the verb, buyer after "to", a site between them the target
            before = [r for r in own if r.end <= sold.start()]
            buyers = [r for r in own if r.start > sold.end() and _TO_BUYER.search(text, sold.end(), r.start)]
            participle = sold.group().lower() in ("sold", "divested")  # "is selling" is no passive
            if participle and _PASSIVE.search(text, max(sent.start, sold.start() - 12), sold.start()):
                # "Patheon to be sold to Thermo Fisher": the company named first is what is sold
                if before and buyers and before[-1].key != buyers[0].key:
                    acquirer, target = acquirer or buyers[0].key, target or before[-1].key
                continue
            if before and buyers and before[-1].key != buyers[0].key:
                seller, acquirer = seller or before[-1].key, acquirer or buyers[0].key
                sites = [
                    m for m in site_mentions if m.sentence == i and sold.end() <= m.start < buyers[0].start
                ]
                if sites and target is None:
                    target, deal.target_is_site = sites[0].key, True
            continue
        if not verb:
            continue
        by = re.match(r"\s+by\s+", text[verb.end() : verb.end() + 5])
        if by:
            after = [r for r in own if r.start >= verb.end()]
            before = [r for r in own if r.end <= verb.start()]
            if after and before:
                acquirer, target = after[0].key, before[0].key
            continue
        before = [r for r in own if r.end <= verb.start() and not _with_before(text, r)]
        if len(before) > 1 and _COORDINATED.fullmatch(text, before[-2].end, before[-1].start):
            continue  # "GSK and Human Genome Sciences sign merger agreement": both, neither the buyer
        if (
            len(before) > 1
            and before[-2].key != before[-1].key
            and _NOUN_OF_BUYING.match(verb.group())
            and not text[before[-1].end : verb.start()].strip()
        ):  # "Cambrex completes Halo purchase": the name before the noun is what is bought
            acquirer, target = acquirer or before[-2].key, target or before[-1].key
            continue
        if acquirer is None and before:
            acquirer = before[-1].key
        part_bought = part_bought or bool(_PART_BOUGHT.match(text, verb.end(), sent.end))
        # what is bought, and from whom, is named in the verb's clause ("X to Acquire Y; Z to Take Over ...")
        after = [r for r in own if r.start >= verb.end() and ";" not in text[verb.end() : r.start]]
        sites_after = [m for m in site_mentions if m.sentence == i and m.start >= verb.end()]
        # "The plant, which Sandor acquired from Novella": the site the relative clause is about
        sites_after = sites_after or [
            m
            for m in site_mentions
            if m.sentence == i and _WHICH_ACQUIRED.fullmatch(text, m.end, verb.start())
        ]
        # named as who sells ("from KKR") or as the owner of the part bought ("Sanofi's generics unit")
        sellers = [
            r
            for r in after
            if _FROM_SELLER.search(text, max(0, r.start - 50), r.start) or _owner_of_part(text, r, sent.start)
        ]
        if sellers:
            seller = seller or sellers[0].key
        if sites_after:
            owner = next((r for r in after if r.end <= sites_after[0].end and r.key != acquirer), None)
            if not deal.target_is_site and owner is not None and owner.key == target:
                target = None  # "Fujifilm buys Biogen plant", then "Biogen's plant in Hillerod": the plant
            target = target or sites_after[0].key
            deal.target_is_site = True
            if owner:
                seller = seller or owner.key
        elif after and target is None:
            first = next(
                (r for r in after if r.key != acquirer and r not in sellers),
                None,
            )
            if first:
                target = first.key
    acquirer = acquirer or a
    other = b if acquirer == a else a
    deal.client = acquirer
    if deal.target_is_site:
        deal.provider = seller or other
        deal.target = target
    elif (seller == other or (seller is None and part_bought)) and target in (None, other):
        # "Lonza agrees to buy Capsugel from KKR", "AstraZeneca sells Seroquel rights to Luye": the pair is
        # buyer and seller; what is bought (a company, a unit, a product's rights) is not the seller
        deal.provider, deal.target = seller or other, None
    else:
        deal.provider = target or other
        deal.target = target or other


def _buying_verb(text: str, sent: Sentence, own: list[Ref], every: list[Ref]) -> re.Match[str] | None:
    """The verb of buying this deal's parties take part in: "X to Acquire Y; Z to Take Over Y's Sites" has
    two, and for the pair Z-Y the second is theirs (the first whose clause names one of them before it)."""
    keys = {o.key for o in own}
    for verb in _ACQUIRE.finditer(text, sent.start, sent.end):
        if not any(r.end <= verb.start() and ";" not in text[r.end : verb.start()] for r in own):
            continue
        # its clause names companies, none of this pair: this verb is about another deal
        clause = [r for r in every if r.start >= verb.end() and ";" not in text[verb.end() : r.start]]
        if not clause or any(r.key in keys for r in clause):
            return verb
    return None


def _with_before(text: str, ref: Ref) -> bool:
    """ "an agreement with X to acquire": X is the other side, not the buyer."""
    return text[max(0, ref.start - 5) : ref.start].endswith("with ")


def _owner_of_part(text: str, ref: Ref, sent_start: int) -> bool:
    """Whether the company is named as the owner of a part of it that is bought (see ``_PART_OF``)."""
    return bool(
        _OWNERS_PART.match(text, ref.end, ref.end + 90)
        or (ref.explicit and _OWNER_MODIFIER.match(text, ref.end, ref.end + 60))
        or _PART_OF.search(text, max(sent_start, ref.start - 70), ref.start)
    )


def _license_roles(text: str, sentences: tuple[Sentence, ...], deal: Deal, refs: list[list[Ref]]) -> None:
    a, b = deal.parties
    score = {a: 0, b: 0}
    context = sorted(set(deal.sentences) | set(deal.context))
    for i in context:
        sent = sentences[i]
        for r in refs[i]:
            if r.key not in score:
                continue
            after = text[r.end : sent.end]
            before = text[max(sent.start, r.start - 120) : r.start]
            possessive = text[r.end : r.end + 2] in ("'s", "’s")
            if _LICENSOR.match(after) or (possessive and _OWNED_THING.match(text, r.end, r.end + 90)):
                score[r.key] += 1
            # "a licence to Halvera's HLV-202": rights to its product, not granted to it
            if _LICENSEE.match(after) or (_TO_PARTY.search(before) and not possessive):
                score[r.key] -= 1
            if _PAY_PARTY.search(before) or _FROM_PARTY.search(before):
                score[r.key] += 1
    licensor = a if score[a] >= score[b] else b
    deal.provider, deal.client = licensor, (b if licensor == a else a)


def _attach_context(
    sentences: tuple[Sentence, ...],
    refs: list[list[Ref]],
    deals: list[Deal],
    by_pair: dict[frozenset[str], Deal],
    sentence_pair: dict[int, frozenset[str]],
    sentence_pairs: dict[int, list[frozenset[str]]],
) -> None:
    if not deals:
        return
    current: Deal | None = None
    siblings: list[Deal] = []  # the deals of the last sentence that stated several at once
    for i, sent in enumerate(sentences):
        if sent.section in ("boilerplate", "about"):
            continue
        if i in sentence_pair:
            current = by_pair[sentence_pair[i]]
            current.context.append(i)
            siblings = [by_pair[p] for p in sentence_pairs[i]]
            continue
        if len(siblings) > 1 and _PLURAL_ANAPHOR.search(sent.text):  # "The agreements run through 2031."
            for deal in siblings:
                deal.context.append(i)
            continue
        target = _named_deal(refs[i], deals) or current or deals[0]
        if (
            _DEAL_ANAPHOR.search(sent.text)
            or sent.section in ("title", "head")
            or _mentions_both(refs[i], target)
            or _holders_of(sent, refs[i], target)
            or _pays(sent, refs[i], target)
        ):
            target.context.append(i)


def _named_deal(refs: list[Ref], deals: list[Deal]) -> Deal | None:
    """The one deal whose party the sentence names by name and no other deal has ("Under the second,
    Kestova will pay $25 million": Kestova's deal, not the one stated last)."""
    named = {r.key for r in refs if r.explicit}
    own = [d for d in deals if any(p in named and sum(p in e.parties for e in deals) == 1 for p in d.parties)]
    return own[0] if len(own) == 1 else None


_HOLDERS = re.compile(r"(?:'s?|’s?)?\s+(?:share|stock|ADS\s+|unit)holders\b", re.I)


def _holders_of(sent: Sentence, refs: list[Ref], deal: Deal) -> bool:
    """Whether the sentence tells what a party's shareholders get ("Orchard shareholders will receive
    $16.00 for each share"): the price of a deal, where only one party is named."""
    return any(
        r.key in deal.parties and _HOLDERS.match(sent.text, r.end - sent.start)
        for r in refs
        if sent.start <= r.end <= sent.end
    )


# "X will pay $40 million in cash": a party of the deal paying
_PAYS = re.compile(
    r"\s+(?:(?:will|would|is\s+to|agreed\s+to|has\s+agreed\s+to)\s+pay|pays|paid|is\s+paying)\b"
)


def _pays(sent: Sentence, refs: list[Ref], deal: Deal) -> bool:
    """Whether the sentence tells what a party of the deal pays ("X will pay $40 million up front")."""
    return any(r.key in deal.parties and _PAYS.match(sent.text, r.end - sent.start) for r in refs)


def _mentions_both(refs: list[Ref], deal: Deal) -> bool:
    keys = {r.key for r in refs}
    return all(p in keys for p in deal.parties)


# figures of another deal: "after BMS signed a separate licensing deal worth up to $1.56 billion with another
# biotech" (the sentence names not both parties), "Together, the two agreements could bring $3 billion"
_OTHER_DEAL = Gated(
    r"\b(?:separate|another|previous|earlier|prior)\s+(?:[\w-]+\s+){0,3}?(?:deal|agreement|pact|contract|"
    r"partnership|collaboration|transaction|acquisition)\b",
    re.I,
    needs="separate another previous earlier prior",
)
_AGGREGATE = Gated(
    r"\b(?:the|both|these|those)\s+(?:two\s+|three\s+|four\s+)?(?:agreements|deals|partnerships|contracts|pacts)\b"
    r"|\b(?:together|combined)\b"
    r"|\b(?:partnerships|pacts|agreements|deals|collaborations|alliances)\s+with\s+[^.;]{0,60}\band\b",
    re.I,
    needs="agreements deals partnerships contracts pacts together combined collaborations alliances",
)


def _other_deals_figures(sent: Sentence, refs: list[Ref], deal: Deal, several: bool) -> bool:
    """Whether the sentence's figures are those of another deal, or of several deals added up."""
    if _OTHER_DEAL.search(sent.text) and not _mentions_both([r for r in refs if r.explicit], deal):
        return True
    return several and bool(_AGGREGATE.search(sent.text))


def _terms(sentences: tuple[Sentence, ...], deal: Deal, refs: list[list[Ref]], several: bool) -> None:
    seen: dict[tuple[float, str], Amount] = {}
    conversions = {
        (round(a.original[0], -3), a.original[1]): a
        for i in set(deal.context)
        for a in find_amounts(sentences[i].text, sentences[i].start)
        if a.original
    }
    for i in sorted(set(deal.context)):
        sent = sentences[i]
        if deal.end_year is None:
            m = _END_YEAR.search(sent.text)
            if m:
                deal.end_year = int(m.group(1))
        if deal.term is None and i in deal.sentences:
            deal.term = term_years(sent.text)
        if i not in deal.sentences and is_negated(sent.text, hypothetical=False):
            continue
        if _SPECULATION.search(sent.text) or _other_deals_figures(sent, refs[i], deal, several):
            continue
        for amount in find_amounts(sent.text, sent.start, deal.type):
            if amount.what == "total" and _NOT_TOTAL.search(
                sent.text[max(0, amount.start - sent.start - 20) : amount.start - sent.start]
            ):
                amount = Amount(amount.start, amount.end, amount.amount, amount.currency, "total-floor")
            key = (round(amount.amount, -3), amount.currency)
            if key in conversions:
                converted = conversions[key]
                amount = Amount(amount.start, amount.end, converted.amount, converted.currency, amount.what)
                key = (round(amount.amount, -3), amount.currency)
            if key not in seen:
                seen[key] = amount
    amounts = list(seen.values())
    whats = {a.what for a in amounts}
    if {"upfront", "milestones"} <= whats:
        amounts = [a for a in amounts if a.what != "total-floor"]
    deal.amounts = [
        a if a.what != "total-floor" else Amount(a.start, a.end, a.amount, a.currency, "total")
        for a in amounts
    ]


def accepted_deals(
    doc: AnnotatedDoc, cands: list[Candidate], threshold: float, types: TypeClassifier | None = None
) -> list[Deal]:
    """The deals between party pairs whose ``deal`` candidate scored at least ``threshold``, with the
    products named where each is stated."""
    rounds = find_rounds(doc.text, doc.sentences, doc.refs)
    together = _co_investors(rounds) | co_listed_investors(doc.text, doc.sentences, doc.refs)
    accepted = [
        c
        for c in cands
        if c.relation == "deal"
        and c.score >= threshold
        and not any(_ends(doc, i, c.subject, c.object) for i in c.sentences)
        and frozenset((c.subject, c.object)) not in together
    ]
    deals = _merge_co_buyers(
        doc, build_deals(doc, [(c.subject, c.object, sorted(c.sentences)) for c in accepted], types)
    )
    deals = _merge_co_sellers(doc, _merge_round(rounds, deals))
    for deal in deals:
        _buying_group(doc, deal)
    for deal in deals:
        deal.products = _named_products(doc, deal)
    return deals


def _merge_co_buyers(doc: AnnotatedDoc, deals: list[Deal]) -> list[Deal]:
    """Two buyers the text names side by side ("Advent International and Warburg Pincus will buy Baxter's
    BioPharma Solutions") make one purchase from the seller with both as clients, and no deal between them."""
    together: set[frozenset[str]] = set()

    def beside(first: Deal, other: Deal, i: int) -> bool:
        return (
            other.provider == first.provider
            and other.client not in (None, first.client, *first.co_clients)
            and other.target == first.target
            and _side_by_side(doc, i, first.client, other.client)  # type: ignore[arg-type]
        )

    def join(first: Deal, other: Deal) -> None:
        first.co_clients.append(other.client)  # type: ignore[arg-type]
        together.add(frozenset(k for k in (first.client, other.client) if k))

    out = _merge_purchases(deals, beside, join)
    return [d for d in out if frozenset(d.parties) not in together]


def _merge_co_sellers(doc: AnnotatedDoc, deals: list[Deal]) -> list[Deal]:
    """Two sellers named side by side after "from" ("to acquire X from A and B", "from affiliates of A and
    B") make one sale to the buyer with both as providers; what is bought stays the deal of its own."""

    def beside(first: Deal, other: Deal, i: int) -> bool:
        return (
            other.client == first.client
            and other.provider not in (None, first.provider, *first.co_providers)
            and not (first.target_is_site or other.target_is_site)
            and _sold_by_both(doc, i, first.provider, other.provider)  # type: ignore[arg-type]
        )

    def join(first: Deal, other: Deal) -> None:
        first.co_providers.append(other.provider)  # type: ignore[arg-type]
        first.target = None

    return _merge_purchases(deals, beside, join)


def _merge_purchases(
    deals: list[Deal], beside: Callable[[Deal, Deal, int], bool], join: Callable[[Deal, Deal], None]
) -> list[Deal]:
    """Each purchase and another one ``beside`` it in a sentence both state become one (``join``)."""
    out = list(deals)
    for first in deals:
        if first not in out or first.type != "acquisition" or not (first.provider and first.client):
            continue
        for other in deals:
            if other is first or other not in out or other.type != "acquisition":
                continue
            if any(beside(first, other, i) for i in sorted(set(first.sentences) & set(other.sentences))):
                join(first, other)
                first.sentences = sorted(set(first.sentences) | set(other.sentences))
                out.remove(other)
    return out


_FROM = re.compile(r"\bfrom\s+(?:[\w-]+\s+){0,3}$", re.I)  # "from", "from affiliates of", "from its sellers"


def _sold_by_both(doc: AnnotatedDoc, index: int, a: str, b: str) -> bool:
    """Whether sentence ``index`` names ``a`` and ``b`` side by side after "from": the ones who sell."""
    start = doc.sentences[index].start
    return any(
        _FROM.search(doc.text, max(start, x.start - 40), x.start) is not None
        for x, _ in _named_together(doc, index, a, b)
    )


def _buying_group(doc: AnnotatedDoc, deal: Deal) -> None:
    """A buyer and the subsidiary the text says it buys through ("its wholly owned Danish subsidiary X has
    agreed to acquire", "the deal will be carried out through Y's U.S. subsidiary, X") both buy; a vehicle
    made for the purchase ("Zinc Merger Sub") does not, nor a parent the text only names."""
    if deal.type != "acquisition" or deal.client is None:
        return
    taken = {deal.client, deal.provider, deal.target, *deal.co_clients, *deal.parties}
    where = set(deal.sentences)
    where |= {
        i + 1
        for i in deal.sentences
        if i + 1 < len(doc.sentences) and _THROUGH.search(doc.sentences[i + 1].text)
    }
    for i in sorted(where):
        for parent, sub in _subsidiaries(doc, i):
            if (
                parent == deal.client
                and sub not in taken
                and not _VEHICLE.search(getattr(doc.entities.get(sub), "name", ""))
            ):
                deal.co_clients.append(sub)
                taken.add(sub)


_THROUGH = re.compile(r"\bthrough\b|\bcarried\s+out\s+by\b|\bvia\b", re.I)
_SUBSIDIARY = r"(?:wholly[- ]owned\s+)?(?:[\w.-]+\s+){0,3}?subsidiary"
_PARENT_SUB = re.compile(rf"(?:['’]s?)?\s+{_SUBSIDIARY}\s*,?\s*")  # "its U.S. subsidiary, X"
_SUB_OF = re.compile(rf",?\s+(?:an?|the)\s+{_SUBSIDIARY}\s+of\s+")  # "X, a wholly owned subsidiary of Y"
_COMMA = re.compile(r",\s+")
_PARENTS_SUB = re.compile(rf"['’]s?\s+{_SUBSIDIARY}\b")  # "X, Y's U.S. subsidiary"
_VEHICLE = re.compile(r"\bMerger\b")  # "Zinc Merger Sub": a vehicle of the purchase, no party


def _subsidiaries(doc: AnnotatedDoc, i: int) -> set[tuple[str, str]]:
    """(parent, subsidiary) pairs sentence ``i`` states as the parent's: "its wholly owned subsidiary X",
    "Y's U.S. subsidiary, X", and after the subsidiary's name: "X, Y's U.S. subsidiary", "X, a wholly owned
    subsidiary of Y"."""
    text, refs = doc.text, sorted(doc.refs[i], key=lambda r: r.start)
    out = set()
    for x, y in pairwise(refs):
        if x.key == y.key:
            continue
        if y.explicit and _PARENT_SUB.fullmatch(text, x.end, y.start):
            out.add((x.key, y.key))
        elif x.explicit and (
            _SUB_OF.fullmatch(text, x.end, y.start)
            or (_COMMA.fullmatch(text, x.end, y.start) and _PARENTS_SUB.match(text, y.end))
        ):
            out.add((y.key, x.key))
    return out


def _merge_round(rounds: list[Round], deals: list[Deal]) -> list[Deal]:
    """The investors of one round of financing ("led by A, with participation from B and C") make one
    investment in the company raising it, with each of them as a client, in the order the text names them."""
    out = list(deals)
    for found in rounds:
        issuer = found.issuer
        if issuer is None:
            continue
        pairs = [d for d in out if d.type == "investment" and issuer in d.parties and len(d.parties) == 2]
        by_investor = {_other(d, issuer): d for d in pairs}
        mine = [by_investor[k] for k in found.investors if k in by_investor]
        if len(mine) < 2:
            continue
        first, *others = mine
        first.provider, first.client = issuer, _other(first, issuer)
        for other in others:
            first.co_clients.append(_other(other, issuer))
            first.sentences = sorted(set(first.sentences) | set(other.sentences))
            figures = {(a.amount, a.currency, a.what) for a in first.amounts}
            first.amounts += [a for a in other.amounts if (a.amount, a.currency, a.what) not in figures]
            out.remove(other)
    return out


def _other(deal: Deal, party: str) -> str:
    return deal.parties[0] if deal.parties[1] == party else deal.parties[1]


_COORDINATION = re.compile(r"(?:,\s+[^,;.()]{3,40},)?\s+(?:and|&)\s+")  # "A, headquartered in Boston, and B"


# what the buyers named side by side do next: "A and B will acquire", "A and B agreed to buy", "A and B's
# $4.25 billion purchase of"; or what was done before: "to sell its BioPharma Solutions business to A and B"
_BUY_NEXT = re.compile(
    r"[^.;:]{0,60}?\b(?:acquir\w*|buy\w*|bought|purchas\w*|take\s+(?:over|private)|took\s+over|takeover)\b"
)
_SOLD_TO = re.compile(
    r"(?:\b(?:sell|sells|sold|selling|sale\s+of)\b[^.;:]{0,120}?\bto|\b(?:acquired|bought|purchased)\s+by)"
    r"\s+(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)  # "... to be acquired by affiliates of A and B"


def _side_by_side(doc: AnnotatedDoc, index: int, a: str, b: str) -> bool:
    """Whether sentence ``index`` names ``a`` and ``b`` side by side ("A and B", "A, based in Boston, and B")
    as the ones who buy."""
    sent = doc.sentences[index]
    return any(
        _BUY_NEXT.match(doc.text, y.end, sent.end) is not None
        or _SOLD_TO.search(doc.text, sent.start, x.start) is not None
        for x, y in _named_together(doc, index, a, b)
    )


def _named_together(doc: AnnotatedDoc, index: int, a: str, b: str) -> Iterator[tuple[Ref, Ref]]:
    """The names of ``a`` and ``b`` that sentence ``index`` writes one after the other, joined by "and"."""
    refs = [r for r in doc.refs[index] if r.explicit]
    for x, y in pairwise(refs):
        if {x.key, y.key} == {a, b} and _COORDINATION.fullmatch(doc.text, x.end, y.start) is not None:
            yield x, y


def _ends(doc: AnnotatedDoc, index: int, a: str, b: str) -> bool:
    """Whether sentence ``index`` reports the deal of ``a`` and ``b`` ended: it reports one ended that names
    no third company ("Teva buys Allergan's generics arm and drops its Mylan bid" ends Teva's bid for Mylan,
    not its purchase from Allergan)."""
    sent = doc.sentences[index]
    for start, end in ended_spans(sent.text):
        start, end = sent.start + start, sent.start + end
        if not any(start <= r.start < end and r.key not in (a, b) for r in doc.refs[index] if r.explicit):
            return True
    return False


def _co_investors(rounds: list[Round]) -> set[frozenset[str]]:
    """The pairs of investors of one round of financing: they took part in it side by side, which is no deal
    between them."""
    return {frozenset(pair) for found in rounds for pair in combinations(sorted(found.investors), 2)}


def _named_products(doc: AnnotatedDoc, deal: Deal) -> list[str]:
    found = [
        m.key
        for m in doc.product_mentions
        for i in deal.sentences
        if doc.sentences[i].start <= m.start < doc.sentences[i].end
    ]
    return list(dict.fromkeys(found))


_UNEQUAL = {"acquisition", "investment"}  # who buys or invests and who sells or issues: never a partner list


def equal_parties(doc: AnnotatedDoc, deals: list[Deal]) -> list[Deal]:
    """Three companies named together ("Takeda, Astellas and SMBC signed a master agreement to create a
    joint venture"), two or three of whose pairs are deals stated in that sentence, none with a provider or a
    client: one deal of all three (a partner list) in place of a deal per pair, where the first of them stood.
    Its type is the one most of the pairs have (the first pair's on a tie)."""
    pairs = {frozenset(d.parties): d for d in deals if _equal(d)}
    if len(pairs) < 2 or not doc.refs:
        return deals
    order = {id(d): n for n, d in enumerate(deals)}
    merged: dict[int, Deal] = {}  # id of each pair's deal -> the deal of all three
    for trio in combinations(sorted({k for pair in pairs for k in pair}), 3):
        members = [d for p in combinations(trio, 2) if (d := pairs.get(frozenset(p))) and id(d) not in merged]
        shared = set.intersection(*(set(d.sentences) for d in members)) if len(members) >= 2 else set()
        if not any(_coordinated(doc, i, trio) or _formed_with(doc, i, trio) for i in sorted(shared)):
            continue
        first = min(members, key=lambda d: order[id(d)])
        types = Counter(d.type for d in members)
        kind = max(types, key=lambda t: (types[t], t == first.type))
        whole = replace(
            first,
            parties=[*first.parties, *(k for k in trio if k not in first.parties)],
            type=kind,
            sentences=sorted({i for d in members for i in d.sentences}),
            context=sorted({i for d in members for i in d.context}),
            products=list(dict.fromkeys(p for d in members for p in d.products)),
        )
        merged.update((id(d), whole) for d in members)
    out: list[Deal] = []
    emitted: set[int] = set()
    for deal in deals:
        whole = merged.get(id(deal), deal)
        if id(whole) not in emitted:
            emitted.add(id(whole))
            out.append(whole)
    return out


def _coordinated(doc: AnnotatedDoc, i: int, keys: tuple[str, ...]) -> bool:
    """Whether sentence ``i`` names the companies ``keys`` one after the other in a list."""
    refs = sorted((r for r in doc.refs[i] if r.explicit and r.key in keys), key=lambda r: r.start)
    firsts = [r for n, r in enumerate(refs) if r.key not in {x.key for x in refs[:n]}]
    return len(firsts) == len(keys) and all(
        LISTED.fullmatch(doc.text, a.end, b.start) for a, b in pairwise(firsts)
    )


# a venture of more than two: "formed a joint venture with B and C", "a consortium with B and C"
_MANY_SIDED = re.compile(
    r"\b(?:joint[- ]venture|consortium|three-way|tripartite|trilateral|three-party)\b[^.;]{0,80}?\bwith\b"
    r"(?:\s+[^.;,]{0,40},)?(?:\s+[\w.-]+-based)?\s+$",
    re.I,
)


def _formed_with(doc: AnnotatedDoc, i: int, keys: tuple[str, ...]) -> bool:
    """Whether sentence ``i`` says one of ``keys`` forms a venture of many sides "with" the other two, named
    one after the other ("A formed a joint venture with B and C", "A formed a consortium with Munich-based B
    and Brussels-based C")."""
    refs = [r for r in doc.refs[i] if r.key in keys]
    for n, b in enumerate(refs):
        a = next((r for r in reversed(refs[:n]) if r.key != b.key), None)
        c = next((r for r in refs[n + 1 :] if a is not None and r.key not in (a.key, b.key)), None)
        if a is None or c is None or not b.explicit or not c.explicit:
            continue
        if (
            {a.key, b.key, c.key} == set(keys)
            and _MANY_SIDED.search(doc.text, a.end, b.start)
            and _AND_NAMED.fullmatch(doc.text, b.end, c.start)
        ):
            return True
    return False


# "B and C", "B, based in Munich, and C", "Munich-based B and Brussels-based C"
_AND_NAMED = re.compile(
    r"(?:\s*\([^()]{1,40}\))?(?:,\s+[^,;.()]{3,40},)?\s*,?\s+and\s+(?:the\s+)?(?:[\w.-]+-based\s+)?"
)


def _equal(deal: Deal) -> bool:
    return not deal.companion and deal.type not in _UNEQUAL and not (deal.provider and deal.client)


_DEVELOP_RIGHTS = re.compile(r"\bdevelop|\bclinical\s+(?:trial|stud|development)|\bco-develop", re.I)


def _licensee_rights(doc: AnnotatedDoc, deal: Deal) -> str:
    """Whether a licence gives rights to develop ("develop") or only to market and sell what another
    develops ("market"), by what the deal's sentences and terms say."""
    stated = " ".join(doc.sentences[i].text for i in sorted({*deal.sentences, *deal.context}))
    return "develop" if _DEVELOP_RIGHTS.search(stated) else "market"


_CLOSED = re.compile(
    r"\b(?:complet(?:ed|es)\s+(?:its\s+|the\s+)?(?:acquisition|purchase|sale|divestiture|merger|takeover)|"
    r"(?:has|have|had)\s+(?:now\s+)?(?:acquired|bought|closed|completed)|(?:deal|acquisition|purchase|sale|"
    r"transaction)\s+(?:has\s+|was\s+)?closed)\b",
    re.I,
)
_AGREED = re.compile(
    r"\b(?:agree[ds]?\s+to\s+(?:acquire|buy|purchase|sell|divest)|(?:will|would|plans?\s+to|to)\s+(?:acquire|buy|"
    r"purchase)|expected\s+to\s+(?:close|complete|be\s+completed)|subject\s+to\s+(?:regulatory|customary|"
    r"closing|shareholder|approval))\b",
    re.I,
)


def _acquisition_stages(doc: AnnotatedDoc, deal: Deal) -> tuple[str, ...]:
    """Whether the sentences of a purchase say it has closed ("closed"), is agreed ("agreed"), or both."""
    text = " ".join(doc.sentences[i].text for i in sorted({*deal.sentences, *deal.context}))
    return tuple(name for name, pattern in (("closed", _CLOSED), ("agreed", _AGREED)) if pattern.search(text))


def deal_features(doc: AnnotatedDoc, deals: list[Deal], cands: list[Candidate]) -> list[Candidate]:
    """The candidates with what the deals say about them: a licensee develops what it licenses, a contract
    manufacturer does not develop its client's product, a buyer takes over what it buys.  New candidates
    are made for a party and a product of its deal never named together in one sentence."""
    extra: dict[tuple[str, str, str], set[str]] = {}
    for deal in (d for d in deals if not d.companion):
        roles = (
            [("provider", deal.provider), ("client", deal.client)]
            if deal.provider and deal.client
            else [("partner", p) for p in deal.parties]
        )
        rights = (
            _licensee_rights(doc, deal) if deal.type in ("licensing", "option") and deal.products else None
        )
        # a product bought changes hands when the purchase closes: "has completed its acquisition of X",
        # against "agreed to acquire X ..., expected to close in the third quarter"
        stages = _acquisition_stages(doc, deal) if deal.type == "acquisition" else ()
        for role, party in roles:
            if not party:
                continue
            for product in deal.products:
                extra.setdefault(("develops", party, product), set()).add(f"deal:{deal.type}:{role}")
                extra[("develops", party, product)].update(f"deal:acquisition:{role}:{s}" for s in stages)
                if role == "client" and rights:
                    extra[("develops", party, product)].add(f"deal:licensee:{rights}")
            if deal.type == "acquisition" and deal.target_is_site and deal.target:
                extra.setdefault(("operates", party, deal.target), set()).add(f"deal:site_{role}")
        if deal.type == "acquisition" and not deal.target_is_site and deal.target and deal.client:
            if deal.target != deal.client:
                extra.setdefault(("acquires", deal.client, deal.target), set()).add("vote:acq_roles")
            for cand in cands:
                if cand.relation == "develops" and cand.subject == deal.target:
                    bought = extra.setdefault(("develops", deal.client, cand.object), set())
                    bought.update(["deal:bought_owner", *(f"deal:bought_owner:{s}" for s in stages)])
    out = []
    seen = set()
    for cand in cands:
        feats = extra.get(cand.key)
        if feats and "o:poss_other" in cand.features:
            # "Ipsen takes an exclusive licence to GENFIT's elafibranor": the licensee develops what the text
            # calls another's, where a company merely named near another's product does not
            feats = feats | {f"{f}:poss_other" for f in feats if f.endswith(":client")}
        if feats:
            cand = Candidate(
                cand.relation,
                cand.subject,
                cand.object,
                {**cand.features, **dict.fromkeys(feats, 1.0)},
                cand.sentences,
            )
        out.append(cand)
        seen.add(cand.key)
    for (relation, subject, obj), feats in sorted(extra.items()):
        if (relation, subject, obj) not in seen and subject in doc.entities and obj in doc.entities:
            first = min((i for d in deals if subject in d.parties for i in d.sentences), default=0)
            features = {"bias": 1.0, "deal_only": 1.0, **dict.fromkeys(feats, 1.0)}
            out.append(Candidate(relation, subject, obj, features, {first: set(feats)}))
    return out

"""Who buys whom, read from the words around a purchase cue: "Astellas agreed to buy San Francisco-based
Audentes", "AMRI has agreed to be acquired by affiliates of Carlyle", "its $59 billion purchase of Shire",
"Pharmacyclics, which AbbVie bought earlier this year", "Takeda agreed to sell its subsidiary TCHC to Oscar".

Each (buyer, company bought) comes as a vote (a feature) of the ``acquires`` candidate, so the classifier
weighs it beside every other cue; the verbs are the cue lexicon's purchase and sale families.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from loaders.extraction.annotate.sites import SiteMention
from loaders.extraction.document import Ref, Sentence, Span

__all__ = ["find_buyers"]

_BUYS = r"acquir(?:e|es|ed|ing)|buy|buys|buying|bought|purchas(?:e|es|ed|ing)"
_BUY_VERB = re.compile(_BUYS + r"|take[sn]?\s+over|took\s+over|taking\s+over", re.I)
_SELL_VERB = re.compile(r"sell|sells|selling|sold", re.I)
_NOUN = re.compile(r"acquisitions?|purchases?|takeovers?|buyouts?|tender\s+offer", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$", re.I)
# between a verb and the company it buys: an article and up to four modifiers ("San Francisco-based",
# "specialty pharma company"), never a preposition (what follows "from", "in", "of" is not what is bought)
# a word that cannot stand between a purchase and what it buys: a preposition, or what a company owns
_NOT_OBJECT = (
    r"(?!(?:of|from|in|into|with|for|to|by|on|at|and|or|stakes?|interests?|shares|business(?:es)?|units?|assets|"
    r"rights|portfolio|brands?|products?|plants?|sites?|facilit(?:y|ies))\b)"
)
_OBJECT_GAP = re.compile(
    r"\s+(?:(?:the|a|an|its|their)\s+)?(?:" + _NOT_OBJECT + r"[\w\-.,$€£¥]+\s+){0,4}", re.I
)
# between the buyer and its verb: what the apposition after its name says it is ("X, an English company
# offering discovery, development and analytical services, has bought"), then auxiliaries and plans ("has
# agreed to", "announced plans to", "is expanding in respiratory syncytial virus (RSV) by"), no clause end
_SUBJECT_GAP = re.compile(r"(?:\s*,\s+(?:an?|the)\s[^;:()]{0,160}?,)?(?:[^;:()]|\([^;:()]{1,30}\)){0,80}")
_APPOSED = re.compile(r"\s*,\s+$")
# "X, which Y bought", "X, the Irish CDMO (that) Y bought", "X, the CDMO with plants in A and B that Y
# bought", "X, the gene therapy CDMO it bought"
_RELATIVE = re.compile(
    r"\s*,\s*which\s+$|\s*,\s*(?:a|the)\s+[^,;]{0,60},\s*which\s+$|\s*,\s*(?:a|the)\s+[^,;()]{0,80}?\s+(?:that\s+)?$"
)
# "by affiliates of", "by funds managed by", "by an entity controlled by"
_CONTROLLED_BY = r"\s+(?:of|managed\s+by|advised\s+by|controlled\s+by|led\s+by|owned\s+by)\s+"
_BY = re.compile(
    # "was acquired in 2007 by", "the acquisition of X, a U.S. supplier of reagents, by"
    r"(?:\s*,\s+(?:an?|the)\s[^;:()]{0,100}?,|\s+in\s+(?:(?-i:[A-Z])[a-z]+\s+)?\d{4}|\s+(?:last|this)\s+year)?"
    r"\s+by\s+(?:(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,2}?(?:affiliates?|funds?|subsidiar(?:y|ies)|units?|entit(?:y|ies)|"
    r"vehicles?|consortium|company|companies)" + _CONTROLLED_BY + r")?(?:the\s+)?",
    re.I,
)
_TO = re.compile(
    # an aside in brackets on the way ("its subsidiary X (XCH) to", "X, a CDMO (contract maker) for ..., to")
    r"(?:[^;()]|\([^;()]{1,40}\)){0,200}?\bto\s+"
    r"(?:(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,2}?(?:affiliates?|funds?|subsidiar(?:y|ies)|"
    r"entit(?:y|ies)|vehicles?|consortium|company)" + _CONTROLLED_BY + r")?(?:the\s+)?"
    # what the buyer is: "to China's Orvane", "to Luxembourg-based Orvane", "to private equity firm Orvane",
    # "to the investment firm Orvane"
    r"(?:(?-i:[A-Z])[\w\-]*(?:['’]s|-based)\s+)?"
    r"(?:(?:[a-z][\w\-]*\s+){0,3}?(?:firms?|company|group|funds?|investors?|maker|drugmaker|manufacturer|CDMO|"
    r"partner|specialist|owner)\s+)?$",
    re.I,
)
_OF = re.compile(r"\s+(?:of|for)\s+(?:(?:the|a|an)\s+)?(?:" + _NOT_OBJECT + r"[\w\-.,$]+\s+){0,3}", re.I)
# before a nominal purchase: "'s" and amounts or words ("its $59 billion purchase of", "Merck's planned
# acquisition of")
_OWNER_GAP = re.compile(r"(?:['’]s?)?\s+(?:(?!(?:of|from|in|with|for|to|by|and|or)\b)[\w\-.,$€£¥]+\s+){0,3}")
_POSSESSIVE = re.compile(r"['’]")
# a name that only modifies what is bought: "a Pfizer sterile manufacturing facility", "the UCB plant"
_MODIFIES = re.compile(
    r"(?:\s*\([^()]{1,20}\))?\s+(?:[\w\-]+\s+){0,3}?(?:plants?|sites?|facilit(?:y|ies)|factor(?:y|ies)|business(?:es)?|units?|"
    r"divisions?|operations?|assets|portfolios?|brands?|products?|rights|stakes?|shares|campus|centers?|centres?|"
    r"laborator(?:y|ies)|labs?)\b",
    re.I,
)
_OF_NEXT = re.compile(r"\s+(?:of|for)\s")
_PERCENT_WORD = r"(?:%|percent|per\s+cent)"
# a stake bought that makes its buyer the owner: "has acquired a controlling interest in X", "has taken a
# majority stake in X", "will buy a 75 percent stake in X", "took majority ownership of X", "to acquire all of
# the outstanding shares of X", "to take 100% of X"; a stake of half or less ("a stake", "a 10% stake") is
# no purchase of the company
_STAKE = re.compile(
    r"\b(?:" + _BUYS + r"|take|takes|taking|took|taken)\s+"
    r"(?P<what>(?:(?:a|an|the|its|their)\s+)?(?:[\w\-.,%]+\s+){0,4}?(?:stake|interest|shareholding|holding|"
    r"ownership|equity|shares)|(?:the\s+)?(?:remaining\s+)?\d+(?:\.\d+)?\s*"
    + _PERCENT_WORD
    + r")\s+(?:in|of)\b",
    re.I,
)
# a price paid for a company: "in 2021 it paid $11.5 billion for X", "has agreed to pay $70 million for X"; a
# payment up front or against milestones buys rights, not the company
_PAID = re.compile(r"\b(?:paid|pays?|paying)\s+(?P<what>[^;()]{1,60}?)\s+for\b", re.I)
_PRICE = re.compile(r"[$€£¥]|\d|\b(?:billion|million|undisclosed)\b", re.I)
_NOT_PRICE = re.compile(r"\bup[\s-]*front|\bmilestones?\b|\broyalt|\blicen[cs]", re.I)
_MAJORITY = re.compile(
    r"\b(?:majority|controlling|remaining|entire|full|sole|whole|all)\b"
    r"|\b(?:100|5[1-9]|[6-9]\d)(?:\.\d+)?\s*" + _PERCENT_WORD,
    re.I,
)
_DETERMINERS = ("its", "their", "our")
# what a purchase takes with it, between its verb and a site: "together with", "including", "as well as"
_INCLUDED = re.compile(
    r"\b(?:together|along)\s+with\b|\bincluding\b|\bincludes?\b|\bas\s+well\s+as\b|\bplus\b|\bcover(?:s|ing)\b"
)
# a sentence whose subject is the deal, saying what it takes: "The deal covers the business's two sites",
# "The purchase also includes ...", "It includes rights to 350 brands and the facility at Baddi"
_DEAL_COVERS = re.compile(
    r"\s*(?:(?:The|This|That)\s+(?:[\w\-$€£.,]+\s+){0,3}?(?:deal|transaction|acquisition|purchase|sale|"
    r"agreement|divestment|divestiture|package|takeover)|It)\s+(?:also\s+|will\s+(?:also\s+)?|would\s+)?"
    r"(?:includes?|included|covers?|covered|comprises?|encompass(?:es)?|involves?)\b"
)
# between a verb and the site it buys: an article, whose it is and what it makes ("a Pfizer sterile drug",
# "Novartis's sterile fill and finish"), never a preposition
_SITE_GAP = re.compile(
    r"\s+(?:(?:the|a|an|its|their)\s+)?(?:(?!(?:from|in|into|with|for|to|by|on|at|or|stakes?)\b)"
    r"[\w\-.,$€£¥'’]+\s+){0,6}",
    re.I,
)


_PERCENT = re.compile(r"\d\s*" + _PERCENT_WORD, re.I)
# a name the apposition after it calls a site: "Tippecanoe Laboratories, its manufacturing site for APIs in"
_SITE_APPOSED = re.compile(
    r"(?:\s*\([^()]{1,30}\))?\s*,\s+(?:its|their|the|a|an)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:sites?|plants?|facilit(?:y|ies)|factor(?:y|ies)|campus)\b",
    re.I,
)
# a holding sold: "all of the outstanding equity interests in", "its 12 percent stake in", "all of the issued
# share capital of", "a controlling 50% stake in"
_SHARES_IN = re.compile(
    r"\s+(?:all\s+(?:of\s+)?)?(?:(?:the|its|their|a|an)\s+)?(?:[\w\-.%]+\s+){0,4}?"
    r"(?:equity\s+interests?|interests?|shares|share\s+capital|stake|holding|shareholding)\s+(?:in|of)\s+"
    r"(?:the\s+)?",
    re.I,
)


def _owned(text: str, m: Ref) -> bool:
    """Whether the name says whose thing is bought rather than what is bought: "Pfizer's plant", "a Pfizer
    plant"."""
    return bool(_POSSESSIVE.match(text, m.end) or _MODIFIES.match(text, m.end))


def _never_owned(text: str, m: Ref) -> bool:
    return False


@dataclass(frozen=True)
class _Kind:
    """What can be bought: companies (the sentence's named references) or sites (its site mentions)."""

    gap: re.Pattern[str]  # between a verb and what it buys
    owned: Callable[[str, Ref], bool]  # a mention that only says whose the thing bought is


_COMPANIES = _Kind(_OBJECT_GAP, _owned)
_SITES = _Kind(_SITE_GAP, _never_owned)


def find_buyers(
    text: str,
    sentences: Sequence[Sentence],
    refs: Sequence[Sequence[Ref]],
    cues: Sequence[Span],
    sites: Sequence[SiteMention] = (),
) -> Iterator[tuple[str, str, int, str]]:
    """(buyer, company or site bought, sentence index, how the words state it: "active", "passive",
    "relative", "sold", "nominal", "covered") for each purchase the words around a cue state, and
    for the sites a purchase includes ("together with the business's three production sites in A, B and
    C"; "The deal covers the business's two manufacturing sites"); ``cues`` and ``sites`` in text order."""
    starts = [c.start for c in cues]
    site_starts = [m.start for m in sites]
    last: tuple[str, int] | None = None  # the buyer of the last purchase read, and its sentence
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        here = sites[bisect_left(site_starts, sent.start) : bisect_left(site_starts, sent.end)]
        places = [Ref(m.start, m.end, m.key, True) for m in here]
        agents = [r for r in refs[i] if r.key != "*both*"]  # "the two companies": no buyer
        found = [r for r in agents if not r.excluded]  # "an affiliate of X" buys, "part of X" does not sell
        covers = _DEAL_COVERS.match(text, sent.start, sent.end)
        if covers and last is not None and i - last[1] <= 2:
            yield from ((last[0], m.key, i, "covered") for m in places if m.start >= covers.end())
        if not found:
            continue
        named = [r for r in found if r.explicit and text[r.start : r.end].lower() not in _DETERMINERS]
        yield from _stakes_and_prices(text, sent, found, named, i)
        for cue in cues[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]:
            if not (cue.value or "").startswith("acq."):
                continue
            for things, kind in ((named, _COMPANIES), (places, _SITES)):
                if things:
                    yield from _read(text, found, agents, things, kind, cue, i)
            buyer = _buyer_of(text, found, agents, cue)
            if buyer is not None:
                last = (buyer.key, i)
                for m in places:
                    if m.start > cue.end and _INCLUDED.search(text, cue.end, m.start):
                        yield buyer.key, m.key, i, "covered"


def _subject_before(text: str, before: list[Ref]) -> Ref | None:
    """The last company named before a verb, passing over a description in apposition to it ("WuXi AppTec,
    the largest CRO in China, has acquired"), which coreference may have read as another company."""
    if not before:
        return None
    last = before[-1]
    for r in reversed(before[:-1]):
        if last.explicit or not _APPOSED.fullmatch(text, r.end, last.start):
            break
        last = r
    return last


def _buyer_of(text: str, found: list[Ref], agents: list[Ref], cue: Span) -> Ref | None:
    """Who buys, whatever is bought: the subject of a purchase verb, the agent of a passive one, the owner
    of a nominal purchase ("its takeover of BASF's custom manufacturing business")."""
    words = text[cue.start : cue.end]
    before = [r for r in found if r.end <= cue.start]
    if _NOUN.fullmatch(words) and _OF_NEXT.match(text, cue.end):
        owner = before[-1] if before else None
        if owner is not None and _OWNER_GAP.fullmatch(text, owner.end, cue.start):
            if _POSSESSIVE.match(text, owner.end) or text[owner.start : owner.end].lower() in _DETERMINERS:
                return owner
        return None
    if not _BUY_VERB.fullmatch(words):
        return None
    if _PASSIVE_BEFORE.search(text, max(0, cue.start - 30), cue.start):
        later = [r for r in agents if r.start >= cue.end]
        return later[0] if later and _BY.fullmatch(text, cue.end, later[0].start) else None
    return _subject(text, before, cue.start)


def _subject(text: str, before: list[Ref], verb: int) -> Ref | None:
    """The subject of the verb at ``verb``: the last company named before it with only plans, auxiliaries and
    an apposition between ("X, a CRO, has agreed to"), never a possessive ("X's purchase")."""
    subject = _subject_before(text, before)
    if subject is None or not _SUBJECT_GAP.fullmatch(text, subject.end, verb):
        return None
    return None if _POSSESSIVE.match(text, subject.end) else subject


def _read(
    text: str, found: list[Ref], agents: list[Ref], things: list[Ref], kind: _Kind, cue: Span, i: int
) -> Iterator[tuple[str, str, int, str]]:
    """``found``: the sentence's companies that may buy or sell; ``agents`` those after "by" or "to" may be
    a parent's ("an affiliate of X")."""
    words = text[cue.start : cue.end]
    if _NOUN.fullmatch(words) and _OF_NEXT.match(text, cue.end):
        yield from _nominal(text, found, agents, things, kind, cue, i)
    elif _BUY_VERB.fullmatch(words):
        yield from _bought(text, found, agents, things, kind, cue, i)
    elif _SELL_VERB.fullmatch(words):
        yield from _sold(text, agents, things, kind, cue, i)


def _bought(
    text: str, found: list[Ref], agents: list[Ref], things: list[Ref], kind: _Kind, cue: Span, i: int
) -> Iterator[tuple[str, str, int, str]]:
    before = [r for r in found if r.end <= cue.start]
    after = [r for r in things if r.start >= cue.end]
    if _PASSIVE_BEFORE.search(text, max(0, cue.start - 30), cue.start):
        # "AMRI has agreed to be acquired by affiliates of Carlyle"
        later = [r for r in agents if r.start >= cue.end]
        buyer = later[0] if later and _BY.fullmatch(text, cue.end, later[0].start) else None
        earlier = [r for r in things if r.end <= cue.start]
        bought = earlier[-1] if earlier and _SUBJECT_GAP.fullmatch(text, earlier[-1].end, cue.start) else None
        if buyer and bought and buyer.key != bought.key:
            yield buyer.key, bought.key, i, "passive"
        return
    buyer = _subject(text, before, cue.start)
    if buyer is None:
        return
    # "Pharmacyclics, which AbbVie bought earlier this year", "Amylin, the San Diego biotech that BMS bought"
    earlier = [r for r in things if r.end <= buyer.start]
    if earlier and _RELATIVE.fullmatch(text, earlier[-1].end, buyer.start):
        head = earlier[-1]
        if head.key == buyer.key and not buyer.explicit:
            # "Kestova is integrating Talisk, which it bought": the pronoun is the main clause's subject
            main = [r for r in found if r.end <= head.start and r.key != head.key]
            buyer = main[-1] if main else buyer
        if head.key != buyer.key:
            yield buyer.key, head.key, i, "relative"
        return
    bought = after[0] if after and kind.gap.fullmatch(text, cue.end, after[0].start) else None
    if bought and bought.key != buyer.key and not kind.owned(text, bought):
        yield buyer.key, bought.key, i, "active"


def _stakes_and_prices(
    text: str, sent: Sentence, found: list[Ref], named: list[Ref], i: int
) -> Iterator[tuple[str, str, int, str]]:
    """ "Kestova Capital has acquired a controlling interest in Talisk Pharma", "Kestova paid $2 billion for
    Talisk Pharma": a majority bought, or a price paid, is the company bought."""
    for m in _STAKE.finditer(text, sent.start, sent.end):
        if _MAJORITY.search(m.group("what")):
            yield from _named_after(text, found, named, m.start(), m.end(), i, "stake")
    for m in _PAID.finditer(text, sent.start, sent.end):
        if _PRICE.search(m.group("what")) and not _NOT_PRICE.search(m.group("what")):
            yield from _named_after(text, found, named, m.start(), m.end(), i, "paid")


def _named_after(
    text: str, found: list[Ref], named: list[Ref], verb: int, end: int, i: int, how: str
) -> Iterator[tuple[str, str, int, str]]:
    """The company named right after ``end`` (a name, not whose thing it is), bought by the subject of the
    verb at ``verb``."""
    after = [r for r in named if r.start >= end]
    bought = after[0] if after and _OBJECT_GAP.fullmatch(text, end, after[0].start) else None
    if bought is None or _owned(text, bought):
        return
    buyer = _subject(text, [r for r in found if r.end <= verb], verb)
    if buyer is not None and buyer.key != bought.key:
        yield buyer.key, bought.key, i, how


def _sold(
    text: str, agents: list[Ref], things: list[Ref], kind: _Kind, cue: Span, i: int
) -> Iterator[tuple[str, str, int, str]]:
    """ "Takeda agreed to sell its subsidiary TCHC to Oscar A-Co": what is sold goes to the one after "to"."""
    after = [r for r in things if r.start >= cue.end]
    sold = after[0] if after and kind.gap.fullmatch(text, cue.end, after[0].start) else None
    if sold is None and after and kind is _COMPANIES:
        holding = _SHARES_IN.fullmatch(text, cue.end, after[0].start)
        # a minority sold makes no buyer ("sold a 25.1% stake in X to Y"); all of it, or control, does
        minority = holding and _PERCENT.search(holding.group()) and not _MAJORITY.search(holding.group())
        sold = after[0] if holding and not minority else None
    if sold is None or kind.owned(text, sold) or _SITE_APPOSED.match(text, sold.end):
        return
    for r in agents:
        if r.start > sold.end and r.explicit and r.key != sold.key and _TO.fullmatch(text, sold.end, r.start):
            yield r.key, sold.key, i, "sold"
            return


def _nominal(
    text: str, found: list[Ref], agents: list[Ref], things: list[Ref], kind: _Kind, cue: Span, i: int
) -> Iterator[tuple[str, str, int, str]]:
    """ "its $59 billion purchase of Shire", "Merck's acquisition of Acceleron", "the takeover of X by Y"."""
    after = [r for r in things if r.start >= cue.end]
    bought = after[0] if after and _OF.fullmatch(text, cue.end, after[0].start) else None
    if bought is None or kind.owned(text, bought):
        return
    later = [r for r in agents if r.start >= bought.end]
    buyer = later[0] if later and _BY.fullmatch(text, bought.end, later[0].start) else None
    if buyer is None:
        before = [r for r in found if r.end <= cue.start]
        owner = before[-1] if before else None
        if owner is not None and _OWNER_GAP.fullmatch(text, owner.end, cue.start):
            if _POSSESSIVE.match(text, owner.end) or text[owner.start : owner.end].lower() in _DETERMINERS:
                buyer = owner
    if buyer is not None and buyer.key != bought.key:
        yield buyer.key, bought.key, i, "nominal"

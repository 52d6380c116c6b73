"""Coreference: "the company", "the CDMO", "the Korean company", "it", "we", "both companies" → organisations.

Each sentence gets its list of organisation references (explicit mentions and resolved anaphors) in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from loaders.extraction.annotate.orgs import Org, OrgMention
from loaders.extraction.annotate.places import based_country, demonym_country
from loaders.extraction.document import Ref, Sentence

__all__ = ["BOTH", "Ref", "resolve_refs"]

BOTH = "*both*"
_ANAPHOR = re.compile(
    r"\b(?P<np>[Tt]he\s+(?P<adj>(?:South\s+)?[A-Z][a-z]+(?:-[a-z]+)?\s+|U\.S\.\s+|U\.K\.\s+|"
    r"(?!(?:the|an?|of|with|to|for|by|in|on|at|from|its|their|that|which)\s)[a-z\-]+\s+|"
    # "the South Korea-based company", "the Rockville, Maryland-based biotech": where it is based
    r"(?:[A-Z][\w.]*,?\s){0,2}[A-Z][\w.]*-(?:based|headquartered)\s+){0,4}?"
    r"(?P<noun>company|Company|drugmaker|CDMO|CMO|CRO|firm|biotech|group|Group|licensee|licensor|buyer|acquirer|"
    r"seller|client|customer|partner|giant|major|pharma|biopharma|multinational|manufacturer|maker|"
    r"developer|provider|organization|organisation|investor|fund))"
    r"(?!\s+(?:company|companies))\b"
    r"|\b(?P<pro>[Ii]ts|[Ii]t|[Ww]e|[Oo]ur|[Uu]s)\b"
    r"|\b(?P<both>[Bb]oth companies|[Tt]he two companies|[Tt]he companies|[Tt]he parties|[Bb]oth parties|"
    r"[Bb]oth sides|[Tt]hey|[Tt]heir)\b"
)
_BASED_ONLY = frozenset({"developer", "provider", "organization", "organisation", "investor"})
_EXCLUDED_CONTEXT = re.compile(
    r"(?:unit|subsidiary|division|arm|affiliate|parent|part)\s+(?:wholly\s+)?(?:owned\s+)?(?:of|by)\s+$"
    r"|(?:sister|parent|holding)\s+company\s+$|\bcompete\w*\s+with\s+$|\broles?\s+at\s+$|\bformerly\s+(?:at|with)\s+$"
    r"|\bleadership roles at\s+(?:[\w,&]+\s+){0,6}$"
    # a person's former employer: "Dr. Moreau previously led global manufacturing at X", "she was SVP at X"
    r"|\b(?:previously|formerly|earlier)\s+(?:led|headed|ran|served|worked|held|was|spent|oversaw|managed)\s+"
    r"(?:[\w\-,]+\s+){0,6}?at\s+$"
    r"|\b(?:he|she)\s+(?:was|served\s+as|held|led|headed|spent)\s+(?:[\w\-,]+\s+){0,6}?at\s+$"
)
_PART_OF = re.compile(r"\bpart\s+of\s+$")
# a possessive naming what is the company's, not a unit of it: "part of Takeda's effort"
_OWNS_NEXT = re.compile(r"['’]s?\s+(?!(?:wholly|subsidiar|units?\b|division|arm\b|affiliate|parent|group\b))")
_EXCLUDED_LAST = frozenset({"of", "by", "company", "with", "at"})
# "X, where she oversaw the company's partnership": "the company" is X, whatever the announcement is about
_RELATIVE = re.compile(r"^[^.;]{0,40}?,\s*(?:where|which|whose|in\s+which|at\s+which)\b[^,;]{0,80}$")
_EXCLUDED_AFTER = re.compile(r"^\s+(?:subsidiary|unit|division|affiliate|Group\b)")
_PREP_OBJECT = re.compile(r"\b(?:with|to|from|for|including|such\s+as)\s+(?:the\s+)?$")
# "for Cambridge, Mass.-based Moderna": the object of a preposition after where it is based
_PREP_OBJECT_BASED = re.compile(
    r"\b(?:with|to|from|for)\s+(?:the\s+)?(?:[A-Z][\w.]*,?\s+){0,2}[\w.]+-(?:based|headquartered)\s+$"
)
# "developed by Pfizer and BioNTech", "the plant of X": an agent or owner, also the second of two, is no
# subject a pronoun after it stands for
_AGENT_OR_OWNER = re.compile(
    r"\b(?:of|by)\s+(?:the\s+)?(?:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s+(?:and|&)\s+)?$"
)
# a name inside a noun phrase, after its article or amount: "a $31 million BARDA grant", "the Pfizer plant"
_MODIFIER_NAME = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he)|[$€£¥]\s?[\d.,]+(?:\s+(?:million|billion))?|"
    r"\d\s+(?:million|billion))\s+$"
)
_REPORTING = re.compile(
    r"^[^.]{0,60}?\b(?:said|announced|reported|stated)\s+(?:today\s+|on\s+\w+\s+)?that\s+(?P<next>\w+)"
)


def resolve_refs(
    text: str,
    sentences: tuple[Sentence, ...],
    mentions: list[OrgMention],
    orgs: dict[str, Org],
    undisclosed: dict[str, tuple[int, int]],
) -> tuple[list[list[Ref]], list[str | None], str | None]:
    """Per-sentence references, the salient organisation at each sentence, and the announcer."""
    explicit = [Ref(m.start, m.end, m.key, True, _excluded(text, m.start, m.end)) for m in mentions]
    explicit += [Ref(s, e, key, True) for key, (s, e) in undisclosed.items()]
    explicit.sort(key=lambda r: r.start)
    starts = [r.start for r in explicit]
    announcer = _announcer(sentences, explicit)
    salient: str | None = announcer
    recent: list[str] = []
    learned: dict[str, str] = {}  # countries anaphors gave organisations whose country was not known
    out: list[list[Ref]] = []
    salience: list[str | None] = []
    for sent in sentences:
        salience.append(salient)
        own = explicit[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        refs = list(own)
        for m in _ANAPHOR.finditer(text, sent.start, sent.end):
            if any(r.start <= m.start() < r.end for r in own):
                continue
            if m.group("noun") in _BASED_ONLY and not re.search(r"-(?:based|headquartered)\b", m.group("np")):
                continue  # "the developer of", "the organization": an organisation only where it is based
            named = [r for r in own if r.explicit and r.start > m.end() and text[m.end() : r.start].isspace()]
            if named:  # "the Swiss skin care company Galderma", "the Munich-based company apceth": the name
                refs.append(Ref(m.start(), m.end(), named[0].key, False, named[0].excluded))
                continue
            antecedent = _relative_antecedent(text, own, m)
            if antecedent is not None:
                refs.append(Ref(m.start(), m.end(), antecedent.key, False, antecedent.excluded))
                continue
            first = _first_clause_subject(text, sent, refs, m)
            if first is not None:
                refs.append(Ref(m.start(), m.end(), first, False))
                continue
            country = _country_said(text, m) if m.group("np") else None
            key = _resolve(
                m, text, sent, own, orgs, undisclosed, salient, recent, announcer, learned, country
            )
            if key:
                refs.append(Ref(m.start(), m.end(), key, False))
                if country and key != BOTH:
                    learned.setdefault(key, country)  # "The Boston-based company": then not "the German firm"
        refs.sort(key=lambda r: r.start)
        out.append(refs)
        if sent.section == "boilerplate":
            continue
        subject = _subject(text, sent, [r for r in own if not r.excluded])
        opening = refs[0] if refs and not refs[0].explicit and refs[0].key != BOTH else None
        if opening and opening.start < sent.start + 4 and opening.key not in undisclosed:
            # "The company has grown quickly since Danaher acquired it": the company stays what the text is
            # about, not the first name after it
            salient = opening.key
        elif subject and subject not in undisclosed:
            salient = subject
        elif not own:
            pro = [r for r in refs if not r.explicit and r.key != BOTH]
            salient = pro[0].key if pro and sent.start <= pro[0].start < sent.start + 40 else salient
        recent.extend(r.key for r in own if not r.excluded)
        for r in own:
            country = None if r.excluded else _stated_country(text, r, sent)
            if country:
                learned.setdefault(r.key, country)  # "X, a London-based firm": then not "the Italian firm"
    return out, salience, announcer


_NOUN = (
    r"(?:company|drugmaker|firm|biotech|biopharma|pharma|group|CDMO|CMO|CRO|developer|maker|manufacturer|"
    r"investor)"
)
_BASED_BEFORE = re.compile(
    r"(?<!\S)((?:[A-Z][\w.]*,?\s){0,2}[A-Z][\w.]*-(?:based|headquartered)|[A-Z][a-z]+|U\.S\.)\s+(?:[a-z][\w-]*\s+){0,4}?"
    + _NOUN
    + r"\s+$"
)
# "London-based X"
_BASED_RIGHT_BEFORE = re.compile(r"(?<!\S)((?:[A-Z][\w.]*,?\s){0,2}[A-Z][\w.]*-(?:based|headquartered))\s+$")
_BASED_AFTER = re.compile(
    r"\s*(?:\([^)]*\)\s*)?,\s+(?:an?|the)\s+((?:[a-z][\w-]*\s+){0,2}?(?:(?:[A-Z][\w.]*,?\s){0,2}[A-Z][\w.]*-(?:based|headquartered)|"
    r"[A-Z][a-z]+|U\.S\.)\s+(?:[a-z][\w-]*\s+){0,4}?" + _NOUN + r")\b"
)


def _stated_country(text: str, ref: Ref, sent: Sentence) -> str | None:
    """The country written next to a name: "London-based X", "Italian drugmaker X", "X, a Swiss company"."""
    m = _BASED_BEFORE.search(text, max(sent.start, ref.start - 60), ref.start) or _BASED_RIGHT_BEFORE.search(
        text, max(sent.start, ref.start - 60), ref.start
    )
    if m:
        return based_country(m.group(1) + " ")
    m = _BASED_AFTER.match(text, ref.end, min(sent.end, ref.end + 100))
    if m:
        words = re.sub(r"^(?:[a-z][\w-]*\s+)+", "", m.group(1))  # "a leading Swiss company": from "Swiss"
        return based_country(words + " ")
    return None


def _announcer(sentences: tuple[Sentence, ...], refs: list[Ref]) -> str | None:
    for sent in sentences:
        if sent.section in ("body",):
            own = [r for r in refs if sent.start <= r.start < sent.end and not r.excluded]
            if own:
                return own[0].key
    for sent in sentences:
        own = [r for r in refs if sent.start <= r.start < sent.end and not r.excluded]
        if own:
            return own[0].key
    return None


def _relative_antecedent(text: str, own: list[Ref], m: re.Match[str]) -> Ref | None:
    """The organisation a relative clause is about, for "the company" inside it ("at X, where ... the
    company's"); it shares that organisation's exclusion (a former employer stays no party)."""
    if (m.group("noun") or "").lower() not in ("company", "firm", "group") or (m.group("adj") or "").strip():
        return None
    prior = [r for r in own if r.end <= m.start() and r.explicit]
    if not prior:
        return None
    last = prior[-1]
    return last if _RELATIVE.match(text[last.end : m.start()]) else None


# "it" opening a second clause: ", and it has also bought", "; in November it agreed to"
_SECOND_CLAUSE = re.compile(
    r"(?:[,;]\s+(?:and|but|while|so)?|\s(?:and|but))\s+(?:(?:then|also|later|since|in\s+(?:[A-Z][a-z]+\s+)?\d{4}|"
    r"in\s+[A-Z][a-z]+|last\s+year|this\s+year),?\s+)?$"
)


def _first_clause_subject(text: str, sent: Sentence, refs: list[Ref], m: re.Match[str]) -> str | None:
    """ "Last year it paid $1.7 billion for X, and it has also bought Y": "it" opening a second clause is the
    first clause's subject (the organisation named or resolved first, near the sentence's start), not the
    last name before it."""
    if (m.group("pro") or "") not in ("it", "It"):
        return None
    if _SECOND_CLAUSE.search(text, max(sent.start, m.start() - 40), m.start()) is None:
        return None
    prior = sorted(
        (r for r in refs if r.start < m.start() and r.key != BOTH and not r.excluded), key=lambda r: r.start
    )
    if not prior or prior[0].start > sent.start + 40 or text[prior[0].end : prior[0].end + 1] in ("'", "’"):
        return None
    return prior[0].key


def _excluded(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 60) : start]
    last = before.rsplit(None, 1)[-1:]  # every _EXCLUDED_CONTEXT match ends in one of a few words
    context = (last and last[0] in _EXCLUDED_LAST) or "leadership roles at" in before
    if context and _PART_OF.search(before) and _OWNS_NEXT.match(text, end):
        context = False  # "part of Takeda's effort to refocus": Takeda's effort, not a part of Takeda
    return bool((context and _EXCLUDED_CONTEXT.search(before)) or _EXCLUDED_AFTER.match(text[end : end + 15]))


def _subject(text: str, sent: Sentence, own: list[Ref]) -> str | None:
    # "The round was led by A, with B and C taking part": the names are its investors, none its subject
    if own and _INVESTOR_AGENT.search(text, max(sent.start, own[0].start - 16), own[0].start):
        return None
    # "... milestone income from its partnership with X": X is an object there, not what the text is about;
    # nor a name modifying a noun after "the" ("The Millennium purchase caps a string of deals by Takeda")
    own = [
        r
        for r in own
        if not _PREP_OBJECT.search(text, max(sent.start, r.start - 12), r.start)
        and not (
            text[max(sent.start, r.start - 4) : r.start] in ("The ", "the ") and _NOUN_NEXT.match(text, r.end)
        )
    ]
    # "Building on its acquisition of Gracell, AstraZeneca said ...": the subject follows an opening phrase
    opening = _OPENING.match(text, sent.start, sent.end)
    if opening:
        own = [r for r in own if r.start >= opening.end()] or own
    if not own:
        return None
    first = own[0]
    m = _REPORTING.match(text[first.end : sent.end])
    if m and m.group("next").lower() not in ("it", "its", "they", "the", "both") and len(own) > 1:
        return own[1].key
    return first.key


_NOUN_NEXT = re.compile(r" [a-z]")
_INVESTED = re.compile(
    r"\b(?:(?:co-)?led|joined|backed|funded|took\s+part\s+in|participated\s+in|invested\s+in)\s+$", re.I
)
_INVESTOR_AGENT = re.compile(r"\b(?:(?:co-)?led|joined|backed|funded)\s+by\s+(?:the\s+)?$")
_FUND = re.compile(r"\b(?:Fund|Funds|Capital|Ventures|Investment|Investments|Partners)\b")
# a phrase opening a sentence before its subject, up to its comma: "Building on its 2024 acquisition of X,",
# "Following the deal with X,", "Under the agreement with X,"
_OPENING = re.compile(
    r"\s*(?:[A-Z][a-z]+ing(?=\s+[a-z])|After|Following|With|Under|Through|Besides|Beyond|Despite|Unlike|Like|"
    r"Apart\s+from|Along\s+with|In\s+addition\s+to|As\s+part\s+of)\b[^,;.]{3,150},\s"
)


def _country_said(text: str, m: re.Match[str]) -> str | None:
    """The country a descriptive anaphor gives: "the Korean company", "The Boston-based firm"."""
    adj = (m.group("adj") or "").strip()
    if not adj:
        return None
    modifiers = text[m.start("np") + 4 : m.start("noun")]  # "South Korea-based ", "Swiss drug "
    return demonym_country(adj) or based_country(modifiers)


def _resolve(
    m: re.Match[str],
    text: str,
    sent: Sentence,
    own: list[Ref],
    orgs: dict[str, Org],
    undisclosed: dict[str, tuple[int, int]],
    salient: str | None,
    recent: list[str],
    announcer: str | None,
    learned: dict[str, str],
    country: str | None,
) -> str | None:
    """The organisation an anaphor names (``country``: the one its words give, see :func:`_country_said`)."""
    before = [r for r in own if r.end <= m.start() and not r.excluded and r.key not in undisclosed]
    if m.group("both"):
        return BOTH
    if m.group("pro"):
        word = m.group("pro").lower()
        if word in ("we", "our", "us"):
            outside = [r for r in own if not r.excluded and r.key not in undisclosed]
            return outside[-1].key if outside else announcer or salient
        subjects = [
            r
            for r in before
            if text[r.end : r.end + 1] not in ("'", "’")
            and not _AGENT_OR_OWNER.search(text[max(0, r.start - 60) : r.start])
        ]
        # "made by Kestova at its facility": the agent just before "at its" (not "for Auralis at its plant")
        near = [
            r
            for r in before
            if re.fullmatch(r"\s+at\s+", text[r.end : m.start()])
            and text[max(0, r.start - 3) : r.start] == "by "
        ]
        if word == "its" and near:
            return near[-1].key
        # "A and B co-led its Series B": investors lead no round of their own; it is the company the text is
        # about
        if word in ("its", "their") and _INVESTED.search(text, max(0, m.start() - 24), m.start()):
            # "X's earlier rounds: A and B co-led its Series B"
            owners = [r for r in before if text[r.end : r.end + 2] in ("'s", "’s")]
            if owners:
                return owners[-1].key
            if salient is not None and salient not in {r.key for r in before}:
                return salient
        # "X signed an agreement with Y, under which it will supply": the subject, not the object of "with";
        # nor a name modifying a noun ("X disclosed a $31 million BARDA grant to expand ... its site")
        if word in ("it", "its"):
            free = [
                r
                for r in subjects
                if not _PREP_OBJECT.search(text, max(0, r.start - 12), r.start)
                and not _PREP_OBJECT_BASED.search(text, max(0, r.start - 60), r.start)
                and not _MODIFIER_NAME.search(text, max(0, r.start - 30), r.start)
            ]
            subjects = free or subjects
        return (subjects or before)[-1].key if before else salient
    noun = m.group("noun").lower()
    adj = (m.group("adj") or "").strip()
    if noun in ("client", "customer", "partner") or (
        noun == "company" and adj.lower() in ("partner", "client", "customer")
    ):
        if undisclosed:
            return list(undisclosed)[-1]
        others = [k for k in reversed(recent) if k != announcer]
        return others[0] if others else None
    if country:

        def country_of_org(key: str) -> str | None:
            org = orgs[key]
            return org.country or (org.company.country if org.company else None) or learned.get(key)

        service = noun in ("cdmo", "cmo", "cro") or "contract " in m.group("np").lower()
        matching = [k for k in reversed(recent) if k in orgs and country_of_org(k) == country]
        # "the Korean contract manufacturer": of two Korean companies, the one that provides the service
        serving = [k for k in matching if orgs[k].provider] if service else []
        if serving or matching:
            return (serving or matching)[0]
        # "the South Korean CDMO" for the one organisation so far whose country is not known yet
        unknown = {key for key in recent if key in orgs and country_of_org(key) is None}
        providers = {key for key in unknown if orgs[key].provider}
        if noun in ("cdmo", "cmo", "cro") and providers:
            unknown = providers
        if len(unknown) == 1:
            return unknown.pop()
        # "The Boston-based company expects ...": several could be, the one the text is about is
        return salient if salient in unknown and sent.start <= m.start() < sent.start + 5 else None
    if noun == "fund":  # "The fund has already teamed up with Hetero": the last fund named, if any
        return next((k for k in reversed(recent) if k in orgs and _FUND.search(orgs[k].name)), None)
    if noun in ("cdmo", "cmo", "cro"):
        for key in reversed(recent):
            if key in orgs and orgs[key].provider:
                return key
        return None
    if noun == "drugmaker":
        for key in reversed(recent):
            if key in orgs and not orgs[key].provider:
                return key
    if noun in ("group",) and not adj:
        return None
    if before and noun in ("company",) and adj:
        return before[-1].key
    return salient

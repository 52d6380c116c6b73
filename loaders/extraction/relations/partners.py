"""Partners named by what they are to a company: "Catalent's larger clients have included Moderna and
Johnson & Johnson", "CureVac's other manufacturing partners include Bayer, Fareva and Wacker", "Zhifei, its
commercialization partner in China", "its licensee Impax", "HIBio is backed by ARCH and Monograph".  Each
names a deal between the company and every organisation of the list, whatever verb (if any) the sentence
uses; they come as votes (features) of the deal candidates, so the classifier weighs them.  So do the
investors of a round of financing with the company that raises it ("a Series B round led by A, with
participation from B and C"); the investors of one round are no deal among themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from loaders.extraction.document import Ref, Sentence

__all__ = ["LISTED", "Round", "co_listed_investors", "find_partner_roles", "find_rounds"]

_ROLE = (
    r"(?:partners?|partnerships?|clients?|customers?|collaborators?|licensees?|licensors?|distributors?|"
    r"backers?|investors?|shareholders?|suppliers?|contract\s+manufacturers?|CDMOs?|CMOs?)"
)
_MODIFIERS = r"(?:[\w-]+\s+){0,3}"
# after the company: "['s] larger clients have included", "partners such as", "backers are"
_OWNER_ROLE = re.compile(
    r"(?:['’]s?)?\s+" + _MODIFIERS + _ROLE + r"\b(?P<gap>[^.;:]{0,30}?)"
    r"(?:\b(?:such\s+as|includ(?:e|es|ed|ing)|have\s+included|has\s+included|are|were|is|was)\b|:)\s*",
    re.I,
)
# the role before a name: "its licensee Impax", "Lonza's partner Moderna"
_ROLE_NAME = re.compile(r"(?:['’]s?)?\s+" + _MODIFIERS + _ROLE + r",?\s+$", re.I)
# after a name: "Zhifei, its commercialization partner"
_APPOSED_ROLE = re.compile(r"\s*,\s+(?:its|their)\s+" + _MODIFIERS + _ROLE + r"\b", re.I)
_BACKED = re.compile(
    r"\s+(?:is|are|was|were|has\s+been|have\s+been)?\s*(?:backed|funded|financed)\s+by\s+", re.I
)
# a round's investors may come in groups a semicolon parts: "include A and B; the funds C and D; and E"
_INVESTORS_END = re.compile(r"\s(?:while|but|whereas|which|who)\s")
_LIST_END = re.compile(";|" + _INVESTORS_END.pattern)  # not "." (inside a sentence it ends "Inc.")


def find_partner_roles(
    text: str, sentences: Sequence[Sentence], refs: Sequence[Sequence[Ref]]
) -> Iterator[tuple[str, str, int, str]]:
    """(company, partner, sentence index, the role the phrase names: "partner", "client", "investor" ...) for
    every role phrase that relates them."""
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        found = [r for r in refs[i] if not r.excluded]
        for k, owner in enumerate(found):
            after = _OWNER_ROLE.match(text, owner.end, sent.end) or _BACKED.match(text, owner.end, sent.end)
            if after:
                role = _role(after.group())
                stop = _LIST_END.search(text, after.end(), sent.end)
                end = min(stop.start() if stop else sent.end, after.end() + 200)
                for other in found[k + 1 :]:
                    if other.start >= end:
                        break
                    if other.explicit and other.key != owner.key and other.start >= after.end():
                        yield owner.key, other.key, i, role
            apposed = _APPOSED_ROLE.match(text, owner.end, sent.end)
            if apposed and owner.explicit:
                its = next((r for r in found if owner.end < r.start < apposed.end()), None)
                if its is not None and its.key != owner.key:
                    yield its.key, owner.key, i, _role(apposed.group())
            if owner.explicit and k > 0:
                before = found[k - 1]
                role_name = _ROLE_NAME.fullmatch(text, before.end, owner.start)
                if before.key != owner.key and role_name:
                    yield before.key, owner.key, i, _role(role_name.group())


_ROLE_WORD = re.compile(
    r"partner|client|customer|collaborator|licensee|licensor|distributor|backer|backed|funded|financed|investor|"
    r"shareholder|supplier|manufacturer|CDMO|CMO",
    re.I,
)


_SAME_ROLE = {"backed": "backer", "funded": "backer", "financed": "backer", "customer": "client"}


def _role(words: str) -> str:
    """The role a phrase names, one word for its kind ("larger clients have included" -> "client")."""
    found = _ROLE_WORD.search(words)
    word = found.group().lower() if found else "other"
    return _SAME_ROLE.get(word, word)


# a round of financing: "a Series B round", "its Series A financing", "a $45 million private placement"
_ROUND = re.compile(
    r"\b(?:series\s+[A-H](?:-?\d|\+)?|seed|pre-IPO|crossover|mezzanine|bridge)\s+(?:financing|funding|round|"
    r"investment|preferred)|\b(?:financing|funding|investment)\s+round|\bround\s+of\s+(?:financing|funding)|"
    # "its $70 million Series B"
    r"(?:\$|€|£|¥|\b(?:its|a|the)\s)[^.;:]{0,25}\bSeries\s+[A-H](?:-?\d|\+)?(?![\w-])|"
    r"\bprivate\s+placement",
    re.I,
)
# what names the round's investors after it, or an investor before it
_INVESTORS_AFTER = re.compile(
    r"\b(?:co-led|led|joined|backed|supported)\s+by\s+|\bparticipation\s+(?:from|of|by)\s+|"
    r"\binvestors?\s+(?:including|include|included|such\s+as|were|are)\s+",
    re.I,
)
_INVESTOR_BEFORE = re.compile(r"\b(?:took|takes|take|taking)\s+part\s+in\b|\bparticipated\s+in\b", re.I)


@dataclass
class Round:
    """A round of financing: the company raising it, the sentences about it (the one reporting it first)
    and each investor with the sentence naming it."""

    issuer: str | None
    sentences: list[int]
    investors: dict[str, int] = field(default_factory=dict)


# a sentence going on about the round the one before reported: "The round was led by A", "A and B co-led the
# financing", "Other investors include C"
_ROUND_AGAIN = re.compile(
    r"\b(?:the|this|its)\s+(?:(?:latest|new|current|oversubscribed|initial|first|second|final|extended|previous|"
    r"earlier|last)\s+)?"
    r"(?:round|financing|funding|raise|placement|series\s+[A-H](?:-?\d)?)\b|"
    r"\b(?:other|existing|new|additional|earlier|previous)\s+(?:investors?|backers?|participants?|shareholders?)\b|"
    r"\bnewcomers?\b|"
    # "A, B and C also invested, as did D", "Existing backers E and F invested again"
    r"\balso\s+(?:invested|participated|took\s+part|subscribed)\b|\binvested\s+again\b|"
    # a round closed in parts: "The second tranche brought in", "D also invested in that close"
    r"\b(?:first|second|third|final|initial)\s+(?:close|closing|tranche)\b|\b(?:that|this)\s+(?:close|tranche)\b",
    re.I,
)
# investors named before what they did: "A and B led the round", "C took part in it", "D also invested"
_DID_BEFORE = re.compile(
    r"\b(?:co-)?led\s+(?:the|this|its)\b|\b(?:took|take|takes|taking|taken)\s+part\b|\bparticipated\b|"
    r"\bjoined\s+(?:the|this|its)\b|\balso\s+invested\b",
    re.I,
)
# investors named after what names them: "led by A", "participation from B", "included C", "as did D"
_NAMED_AFTER = re.compile(
    _INVESTORS_AFTER.pattern + r"|\b(?:includ(?:ed|es|e)|featured)\s+|\bas\s+did\s+|\balongside\s+|"
    r"\b(?:investments?|support|contributions?)\s+from\s+|"
    # "Several investors from the previous round came back, among them A and B", "and brought in C and D"
    r"\bamong\s+them\s+|\bbrought\s+in\s+",
    re.I,
)
_POSSESSIVE = ("'s", "’s", "' ", "’ ")
# sentences after the last one about the round (others may come between: what the money is for, the board)
_AGAIN_WITHIN = 4


def find_rounds(text: str, sentences: Sequence[Sentence], refs: Sequence[Sequence[Ref]]) -> list[Round]:
    """The rounds of financing the sentences report: "Quorra raised $45 million in a Series B round led by
    A, with participation from B and C", "D took part in Quorra's Series C financing", and the investors the
    next sentences name ("The round was led by A", "A and B co-led the financing, which also included C")."""
    rounds: list[Round] = []
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        found = [r for r in refs[i] if not r.excluded and r.key != "*both*"]
        if _ROUND.search(sent.text):
            rounds.append(_round(text, sent, i, found))
            continue
        last = rounds[-1] if rounds else None
        if (
            last is None
            or last.issuer is None
            or i - last.sentences[-1] > _AGAIN_WITHIN
            or sent.section == "about"
            or not _ROUND_AGAIN.search(sent.text)
        ):
            continue
        named = [r for r in found if r.explicit and r.key != last.issuer]
        did = _DID_BEFORE.search(text, sent.start, sent.end)
        investors = [r.key for r in named if did and r.end <= did.start()]
        after = _NAMED_AFTER.search(text, did.end() if did else sent.start, sent.end)
        if did and not investors:  # "Two new investors co-led the round: A and B"
            after = after or did
        if after:
            stop = _INVESTORS_END.search(text, after.end(), sent.end)
            end = stop.start() if stop else sent.end
            investors += [r.key for r in named if after.end() <= r.start < end]
        elif not did:
            # "Velquor Capital and Orvane Fund came in as new investors in the round", "The round also drew A
            # and B": a sentence about the round names its investors, whatever the verb
            investors = [r.key for r in named]
        if investors:
            last.sentences.append(i)
            for key in investors:
                last.investors.setdefault(key, i)
    return rounds


def _round(text: str, sent: Sentence, i: int, found: list[Ref]) -> Round:
    cue = _INVESTORS_AFTER.search(text, sent.start, sent.end)
    if cue:
        stop = _INVESTORS_END.search(text, cue.end(), sent.end)
        end = stop.start() if stop else sent.end
        investors = [r.key for r in found if cue.end() <= r.start < end and r.explicit]
        issuers = [r.key for r in found if r.end <= cue.start() and r.key not in investors]
        return _named(issuers[0] if issuers else None, i, investors)
    part = _INVESTOR_BEFORE.search(text, sent.start, sent.end)
    if part:
        investors = [r.key for r in found if r.end <= part.start()][-1:]
        owners = [r.key for r in found if r.start >= part.end() and text[r.end : r.end + 2] in _POSSESSIVE]
        return _named(owners[0] if owners else None, i, investors)
    did = _DID_BEFORE.search(text, sent.start, sent.end)
    if did:
        # "A and B co-led its $70 million Series B, in which C and D also took part": the investors named
        # before what they did, the company whose round it is after it
        owners = [r.key for r in found if did.start() < r.start <= did.end() + 4 and _owner(text, r)]
        if owners:
            later = list(_DID_BEFORE.finditer(text, did.end(), sent.end))
            until = later[-1].start() if later else did.start()
            investors = [
                r.key for r in found if r.explicit and (r.end <= did.start() or did.end() < r.start < until)
            ]
            return _named(owners[0], i, investors)
    return Round(found[0].key if found else None, [i])  # "Quorra closed a $45 million Series B round"


def _owner(text: str, ref: Ref) -> bool:
    """Whether a reference is a possessive: "its", "their", "Quorra's"."""
    return text[ref.start : ref.end].lower() in ("its", "their") or text[ref.end : ref.end + 2] in _POSSESSIVE


def _named(issuer: str | None, i: int, investors: list[str]) -> Round:
    return Round(issuer, [i], {k: i for k in investors if k != issuer} if issuer is not None else {})


# what says a sentence is about a round's investors, whether or not it names the company raising it
_ABOUT_INVESTORS = re.compile(
    r"\binvestors?\b|\bbackers?\b|\bshareholders?\b|\bsyndicate\b|\bround\b(?!-up)|\bfinancing\b|"
    r"\bSeries\s+[A-H]\b|\btook\s+part\b|\bparticipat",
    re.I,
)
# the companies that found a venture together are its partners, investors in it or not ("a joint venture of
# A, B and C, said it has closed a round", "co-founded by A and B, which led its Series A")
_FOUNDING = re.compile(
    r"\bjoint[- ]venture|\bconsortium\b|\bco-?found|\bfounded\s+by\b",
    re.I,
)
# what stands between names listed together: "A, B and C", "A (TSE: 4502), B Inc. and C", "A and the B Fund"
_ASIDE = r"(?:\s*\([^()]{1,40}\))?"
_AND = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
LISTED = re.compile(_ASIDE + _AND + r"(?:the\s+)?")
# ... and among a round's investors, what joins one to the next with an apposition between: "A, a global asset
# manager based in Boston, together with B", "A as well as B", "A alongside B"
_INVESTORS_LISTED = re.compile(
    _ASIDE + r"(?:\s*,\s*(?:an?|the)\s+[^,;()]{1,80},)?"
    rf"(?:{_AND}|,?\s+(?:(?:together|along)\s+with|as\s+well\s+as|alongside)\s+)(?:the\s+)?"
)


def co_listed_investors(
    text: str, sentences: Sequence[Sentence], refs: Sequence[Sequence[Ref]]
) -> set[frozenset[str]]:
    """The pairs of companies a sentence about a round's investors names in its lists ("New investors A and B
    led the extension, and C, D, E and F also took part", "A and B took part in the equity round, together
    with C, D and E"): investors of one round, which is no deal between them (the company raising it is named
    on its own: "Halvera's round was led by A and B")."""
    out: set[frozenset[str]] = set()
    for i, sent in enumerate(sentences):
        if (
            sent.section == "boilerplate"
            or not _ABOUT_INVESTORS.search(sent.text)
            or _FOUNDING.search(sent.text)
        ):
            continue
        named = sorted((r for r in refs[i] if r.explicit and r.key != "*both*"), key=lambda r: r.start)
        listed = [
            k
            for prev, cur in pairwise(named)
            if prev.end <= cur.start and _INVESTORS_LISTED.fullmatch(text, prev.end, cur.start)
            for k in (prev.key, cur.key)
        ]
        unique = list(dict.fromkeys(listed))
        out |= {frozenset((a, b)) for n, a in enumerate(unique) for b in unique[n + 1 :]}
    return out

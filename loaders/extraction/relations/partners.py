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

from loaders.extraction.document import Ref, Sentence

__all__ = ["find_partner_roles", "find_round_investors"]

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
_LIST_END = re.compile(r";|\s(?:while|but|whereas|which|who)\s")  # not "." (inside a sentence it ends "Inc.")


def find_partner_roles(
    text: str, sentences: Sequence[Sentence], refs: Sequence[Sequence[Ref]]
) -> Iterator[tuple[str, str, int]]:
    """(company, partner, sentence index) for every role phrase that relates them."""
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        found = [r for r in refs[i] if not r.excluded]
        for k, owner in enumerate(found):
            after = _OWNER_ROLE.match(text, owner.end, sent.end) or _BACKED.match(text, owner.end, sent.end)
            if after:
                stop = _LIST_END.search(text, after.end(), sent.end)
                end = min(stop.start() if stop else sent.end, after.end() + 200)
                for other in found[k + 1 :]:
                    if other.start >= end:
                        break
                    if other.explicit and other.key != owner.key and other.start >= after.end():
                        yield owner.key, other.key, i
            apposed = _APPOSED_ROLE.match(text, owner.end, sent.end)
            if apposed and owner.explicit:
                its = next((r for r in found if owner.end < r.start < apposed.end()), None)
                if its is not None and its.key != owner.key:
                    yield its.key, owner.key, i
            if owner.explicit and k > 0:
                before = found[k - 1]
                if before.key != owner.key and _ROLE_NAME.fullmatch(text, before.end, owner.start):
                    yield before.key, owner.key, i


# a round of financing: "a Series B round", "its Series A financing", "a $45 million private placement"
_ROUND = re.compile(
    r"\b(?:series\s+[A-H](?:-?\d)?|seed|pre-IPO|crossover|mezzanine|bridge)\s+(?:financing|funding|round|"
    r"investment|preferred)|\b(?:financing|funding|investment)\s+round|\bround\s+of\s+(?:financing|funding)|"
    r"\bprivate\s+placement",
    re.I,
)
# what names the round's investors after it, or an investor before it
_INVESTORS_AFTER = re.compile(
    r"\b(?:co-led|led|joined|backed)\s+by\s+|\bparticipation\s+(?:from|of|by)\s+|"
    r"\binvestors?\s+(?:including|include|included|such\s+as|were|are)\s+",
    re.I,
)
_INVESTOR_BEFORE = re.compile(r"\b(?:took|takes|take|taking)\s+part\s+in\b|\bparticipated\s+in\b", re.I)


def find_round_investors(
    text: str, sentences: Sequence[Sentence], refs: Sequence[Sequence[Ref]]
) -> Iterator[tuple[str, str, int]]:
    """(issuer, investor, sentence index) of a round of financing a sentence reports: "Quorra raised $45
    million in a Series B round led by A, with participation from B and C", "D took part in Quorra's Series C
    financing".  The investors of one round are no deal among themselves."""
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate" or not _ROUND.search(sent.text):
            continue
        found = [r for r in refs[i] if not r.excluded and r.key != "*both*"]
        cue = _INVESTORS_AFTER.search(text, sent.start, sent.end)
        if cue:
            stop = _LIST_END.search(text, cue.end(), sent.end)
            end = stop.start() if stop else sent.end
            investors = [r.key for r in found if cue.end() <= r.start < end and r.explicit]
            issuers = [r.key for r in found if r.end <= cue.start() and r.key not in investors]
            issuer = issuers[0] if issuers else None
        else:
            part = _INVESTOR_BEFORE.search(text, sent.start, sent.end)
            if not part:
                continue
            investors = [r.key for r in found if r.end <= part.start()][-1:]
            owners = [
                r.key
                for r in found
                if r.start >= part.end() and text[r.end : r.end + 2] in ("'s", "’s", "' ", "’ ")
            ]
            issuer = owners[0] if owners else None
        for investor in dict.fromkeys(investors):
            if issuer is not None and investor != issuer:
                yield issuer, investor, i

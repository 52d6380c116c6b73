"""Partners named by what they are to a company: "Catalent's larger clients have included Moderna and
Johnson & Johnson", "CureVac's other manufacturing partners include Bayer, Fareva and Wacker", "Zhifei, its
commercialization partner in China", "its licensee Impax", "HIBio is backed by ARCH and Monograph".  Each
names a deal between the company and every organisation of the list, whatever verb (if any) the sentence
uses; they come as votes (features) of the deal candidates, so the classifier weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from loaders.extraction.document import Ref, Sentence

__all__ = ["find_partner_roles"]

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

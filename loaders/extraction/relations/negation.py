"""Negative cues: hypotheticals, plans to explore, denials and rumours make a sentence state no deal."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ended_spans", "is_negated"]

# a deal ended or called off: "terminated the license agreement", "call off $900 million sale", "has stopped
# negotiating a takeover", "walked away from the merger"; a deal so reported is no agreement of the document
_ENDED = re.compile(
    r"\bterminat(?:e|ed|es|ing|ion\s+of)\s+(?:the|its|their|a)\s+(?:[\w-]+\s+){0,3}?(?:agreement|collaboration|"
    r"partnership|licen[cs]e|acquisition|sale|merger|transaction|deal|contract)"
    r"|\b(?:call(?:s|ed|ing)?\s+off|scrap(?:s|ped|ping)?|abandon(?:s|ed|ing)?|walk(?:s|ed|ing)?\s+away\s+from|"
    r"drop(?:s|ped|ping)?)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w$.,\-]+\s+){0,5}?(?:agreement|collaboration|"
    r"partnership|licen[cs]e|acquisition|sale|merger|transaction|deal|takeover|bid|offer|talks)s?\b"
    r"|\b(?:stopped|ended|ceased)\s+(?:negotiating|talks)\b"
    r"|\b(?:acquisition|sale|merger|transaction|deal|takeover|agreement|licen[cs]e)\s+(?:has\s+|had\s+)?"
    r"(?:been\s+)?(?:called\s+off|terminated|scrapped|abandoned)\b",
    re.IGNORECASE,
)
_ENDED_CUES = ("terminat", " call", "scrap", "abandon", "walk", "drop", "stopped", "ended", "ceased")
_NEGATIVE = re.compile(
    r"\b(?:plans?|planning|intends?|intending|hopes?|seeks?|seeking|looks?|looking|aims?)\s+to\s+(?:explore|evaluate|"
    r"pursue|seek|consider|discuss|conclude|enter|negotiate|find|identify)"
    r"|\b(?:explor(?:e|es|ing)|consider(?:s|ing)?|evaluat(?:e|es|ing)|in talks|in discussions|"
    r"in negotiations|"
    r"negotiating)\s+(?:a\s+|an\s+|potential\s+|possible\s+|strategic\s+|additional\s+|further\s+)*(?:deal|agreement|"
    r"partnership|collaboration|sale|acquisition|merger|options|alternatives|opportunities|licensing)"
    r"|\b(?:denied|denies|deny|rejected|declined to comment on|dismissed|rebuffed)\b"
    r"|\b(?:no|not|never)\s+(?:\w+\s+){0,3}(?:signed|agreed|entered|reached|made|struck|concluded|"
    r"any agreement|deal|agreement)"
    r"|\b(?:rumou?rs?|speculation|reportedly|potential suitors?|would consider|could consider|may consider)\b"
    r"|\bterminat(?:e|ed|es|ion of)\s+(?:the|its|their)\s+(?:\w+\s+){0,2}(?:agreement|collaboration|"
    r"partnership|license)"
    # a deal ended or called off (above)
    r"|" + _ENDED.pattern +
    # a deal being ended: "Thessaly and Orvane end ADC collaboration" (not "the end of the agreement")
    r"|\b(?:end|ends|ended|ending|exits?|exited|dissolve[sd]?)\s+(?!of\b)(?:their|its|the\s+)?\s*(?:[\w\-]+\s+){0,2}?"
    r"(?:collaboration|partnership|agreement|alliance|license|licence|deal)s?\b"
    # a deal reported as over: "that collaboration ended in 2024", "the license expired last year"
    r"|\b(?:agreement|collaboration|partnership|alliance|license|licence|contract)\s+(?:has\s+|had\s+)?"
    r"(?:ended|expired|lapsed|was\s+terminated|was\s+discontinued)\b"
    r"|\b(?:the first|a first)\s+\w+\s+(?:company|firm)\s+to\b"
    r"|\bremains? free to\b|\bother companies\b|\bthird part(?:y|ies)\b"
    # a non-binding MOU / letter of intent states intent, not an agreement: no contract fact (decided for
    # the knowledge graph: contracts_with needs a signed agreement with obligations)
    r"|\bnon-?binding\b"
    # trade-press reports of talks: "is in talks with A and B about a potential licensing deal"
    r"|\bin\s+(?:advanced\s+|early\s+|exclusive\s+|preliminary\s+)?(?:talks|discussions|negotiations)\s+"
    r"(?:with|to|about|over|for)\b"
    r"|\bpeople\s+familiar\s+with\b"
    r"|\bpotential\s+(?:\w+\s+)?(?:deal|agreement|acquisition|transaction|partnership|merger|tie-up)\b(?!\s+value)",
    re.IGNORECASE,
)


_HYPOTHETICAL = re.compile(
    r"^\s*(?:if|should|were)\b|\bif\s+(?:it|they|the|a|an|(?-i:[A-Z])\w+)\b[^,]{0,80}\b(?:licens|acquir|sign|agree|exercis|buy)"
    r"|\b(?:could|might|would)\s+(?:become|be)\s+(?:an?\s+)?(?:acquisition\s+)?target",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def is_negated(sentence: str, hypothetical: bool = True) -> bool:
    """True when the sentence reports no actual deal.

    >>> is_negated("The company also plans to explore additional collaboration opportunities.")
    True
    >>> is_negated("Acme denied reports that it had agreed to buy Beta.")
    True
    >>> is_negated("Acme signed a supply agreement with Beta.")
    False
    >>> is_negated("The program was partnered with Beta; that collaboration ended in 2024.")
    True
    """
    low = " " + sentence.lower().replace("\t", " ") + " "
    if not any(cue in low for cue in _CUES):
        return False  # no word either pattern needs: most sentences, decided without running them
    return bool(_NEGATIVE.search(sentence) or (hypothetical and _HYPOTHETICAL.search(sentence)))


# every match of _NEGATIVE or _HYPOTHETICAL contains one of these (lower case, the sentence padded by spaces)
_CUES = (
    *_ENDED_CUES,
    "plan to",
    "plans to",
    "planning to",
    "intend",
    "hope",
    "seek",
    " look",
    " aim",
    "explor",
    "consider",
    "evaluat",
    "talks",
    "discussion",
    "negotiat",
    "deni",
    "deny",
    "reject",
    "declined",
    "dismiss",
    "rebuff",
    " no ",
    " not ",
    " never ",
    "rumo",
    "speculat",
    "reportedly",
    "suitor",
    "terminat",
    "ended",
    " end",
    "exit",
    "dissolve",
    "expired",
    "lapsed",
    "discontinued",
    "first",
    "free to",
    "other companies",
    "third part",
    "binding",
    "potential",
    "familiar",
    " if",
    "should",
    " were",
    "target",
)


@lru_cache(maxsize=4096)
def ended_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence reports a deal ended or called off (offsets in it): "terminated the license
    agreement", "Drops Mylan Bid"; not a right to end one ("may terminate the deal if ...").

    >>> ended_spans("Teva buys Allergan's generics arm and drops its Mylan bid")
    [(38, 57)]
    >>> ended_spans("Novartis and Aurobindo call off $900 million sale of Sandoz unit")
    [(23, 49)]
    >>> ended_spans("Bayer may terminate the deal if the drug is not approved by 2018.")
    []
    """
    low = " " + sentence.lower() + " "
    if not any(cue in low for cue in _ENDED_CUES):
        return []
    found = _ENDED.finditer(sentence)
    return [m.span() for m in found if not _MAY.search(sentence, max(0, m.start() - 40), m.start())]


# a right or a readiness to end a deal ends nothing: "Bayer may terminate the deal if the FDA ...", "either
# party can terminate the agreement on 90 days' notice", "it was prepared to walk away from a deal"
_MAY = re.compile(
    r"\b(?:may|might|can|could|(?:the\s+)?right\s+to|entitled\s+to|option\s+to|able\s+to|allowed\s+to|"
    r"prepared\s+to|ready\s+to|willing\s+to|free\s+to)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)

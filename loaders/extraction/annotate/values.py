"""Values stated in the text: years, dates, stages of development, contract services; spans for each.

>>> sorted(stage_cues("a project for Phase 3 clinical trials and commercialization", True))
['Phase 3', 'commercial']
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extraction.annotate.dateline import DATE, parse_date
from loaders.extraction.annotate.gates import Gated, fold
from loaders.extraction.document import AnnotatedDoc, Span

__all__ = ["annotate_values", "sentence_stage_pair", "sentence_stages", "stage_cues"]

# "Phase 3", "phase III", "Phase-2b", "Phase 1b/2", "Phase II/III", "phase 2 and 3", "phase three"
_NUM = r"(1|2|3|4|iv|i{1,3}|one|two|three|four)"
_PHASE = Gated(
    rf"\bphase[\s-]+{_NUM}[ab]?(?:\s*(?:/|-|and|or|to)\s*(?:phase[\s-]+)?{_NUM}[ab]?)?\b",
    re.I,
    needs="phase",
)
_ROMAN = {"1": "1", "2": "2", "3": "3", "i": "1", "ii": "2", "iii": "3", "one": "1", "two": "2", "three": "3"}
_PORTION = Gated(
    rf"\bphase[\s-]+{_NUM}[ab]?\s+(?:portion|part|stage|segment)\b",
    re.I,
    needs="phase",
)
_COMMERCIAL_ANY = Gated(
    r"\b(?:approved|cleared\s+for\s+(?:use|marketing|sale)|marketed|on\s+the\s+market|authori[sz]ed\s+use|launched|"
    r"sold\s+(?:worldwide|in|as|under)|markets\s+the|"
    # sales stated as a past figure: "sales of the portfolio topped", "generated sales of", "annual sales of"
    r"(?:generated|recorded|posted|reported|latest\s+annual|full-year)\s+(?:\w+\s+){0,2}(?:sales|revenues?)|"
    r"sales\s+(?:of\s+(?:[\w-]+\s+){1,4})?(?:topped|totaled|totalled|reached|amounted|exceeded|were|was|rose|grew))\b",
    re.I,
    needs="approved cleared market authori launched sold sales revenue",
)
_COMMERCIAL_SERVICE = Gated(
    r"\bcommerciali[sz]ation\b|\bcommercial(?:-scale|-stage|\s+(?:supply|manufacturing|production|scale|launch|batches|"
    r"manufacturing\s+site|products?|stage))\b",
    re.I,
    needs="commercial",
)
_PRECLINICAL = Gated(
    r"\b(?:pre-?clinical\b|discover(?:y)?\s+(?:new|novel)\b|discovery\s+(?:activities|stage|programs?|work|research)\b|"
    r"target\s+(?:and\s+\w+\s+)?discovery\b|not\s+yet\s+entered\s+(?:the\s+)?clinic|"
    r"(?:move|moving|advance|advancing|carry|bring)\b[^.;]{0,40}\binto\s+(?:the\s+)?clinic(?:al\s+(?:stage|trials|development))?)",
    re.I,
    needs="clinic discover",
)
_HYPOTHETICAL_APPROVAL = Gated(
    r"\b(?:if|once|when|upon|until|pending|after|before|subject to)\s+(?:[\w-]+\s+){0,3}(?:approv\w*|"
    r"authori[sz]\w*|launch\w*)",
    re.I,
    needs="approv authori launch",
)


def stage_cues(sentence: str, service: bool) -> set[str]:
    """Stages a sentence states: Phase 1-3, preclinical, commercial.

    >>> sorted(stage_cues("a project for Phase 3 clinical trials and commercialization", True))
    ['Phase 3', 'commercial']
    >>> sorted(stage_cues("is in the Phase 2 portion of a Phase 1/2a trial", False))
    ['Phase 2']
    """
    return set(sentence_stages(sentence, service))


def sentence_stages(sentence: str, service: bool) -> frozenset[str]:
    """The stages a sentence states, read plainly or (``service``) as a contract service's work too."""
    return sentence_stage_pair(sentence)[service]


@lru_cache(maxsize=4096)
def sentence_stage_pair(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the stages a sentence states plainly, and as a contract service's work: "commercial supply"), read in
    one pass."""
    out: set[str] = set()
    sentence = _HYPOTHETICAL_APPROVAL.sub(" ", sentence)
    folded = fold(sentence)
    portion = _PORTION.search(sentence, folded)
    if portion:
        out.update(_phases(portion))
    else:
        for m in _PHASE.finditer(sentence, folded=folded):
            out.update(_phases(m))
    if _PRECLINICAL.search(sentence, folded):
        out.add("preclinical")
    if _COMMERCIAL_ANY.search(sentence, folded):
        out.add("commercial")
        return frozenset(out), frozenset(out)
    plain = frozenset(out)
    return plain, plain | {"commercial"} if _COMMERCIAL_SERVICE.search(sentence, folded) else plain


def _phases(m: re.Match[str]) -> list[str]:
    """The stages a phase match names ("Phase 4", post-approval, names none)."""
    numbers = (_ROMAN.get(g.lower()) for g in m.groups() if g)
    return [f"Phase {n}" for n in numbers if n]


_YEAR = re.compile(r"(?<![\w$€£¥.,])((?:19\d|20[0-6])\d)(?![\w%]|[.,]\d)")
# a year said relative to the announcement's: "is due to start production early next year", "opened earlier
# this year", "will be running by the end of the year", "started operating last year"
_RELATIVE_YEAR = Gated(
    r"\b(?:(?P<now>this|the\s+current)\s+year|(?P<next>next|the\s+coming)\s+year|(?P<last>last)\s+year|"
    r"(?P<end>(?:the\s+)?year[- ]end|(?:the\s+)?end\s+of\s+the\s+year))\b(?!['’])",
    re.I,
    needs="year",
)
_RELATIVE_DELTA = {"now": 0, "next": 1, "last": -1, "end": 0}
_SERVICE = Gated(  # one pass for every contract service; the group that matched names it
    r"(?P<fill>fill[/ -]?(?:and\s+)?finish)|"
    r"\b(?:(?P<cdmo>CDMOs?\b|contract\s+development\s+and\s+manufactur)|"
    r"(?P<cmo>CMOs?\b|contract\s+manufactur)|(?P<cro>CROs?\b|contract\s+research)|"
    r"(?P<cdo>CDOs?\b|contract\s+development\s+organi))",
    re.I,
    needs="fill cdmo cmo cro cdo contract",
)
_SERVICE_NAMES = {"fill": "fill-finish", "cdmo": "CDMO", "cmo": "CMO", "cro": "CRO", "cdo": "CDO"}


def annotate_values(doc: AnnotatedDoc) -> None:
    """YEAR, DATE, STAGE and SERVICE spans over the text (boilerplate included: features decide)."""
    text, folded, spans = doc.text, fold(doc.text), []
    for m in _YEAR.finditer(text):
        spans.append(Span(m.start(), m.end(), "YEAR", "values", value=m.group(1)))
    default = _year_of(doc)
    if default is not None:
        for m in _RELATIVE_YEAR.finditer(text, folded=folded):
            year = str(default + _RELATIVE_DELTA[m.lastgroup or "now"])
            spans.append(Span(m.start(), m.end(), "YEAR", "values", value=year))
    for m in DATE.finditer(text):
        found = parse_date(m, default)
        if found:
            spans.append(Span(m.start(), m.end(), "DATE", "values", value=found))
    for m in _PHASE.finditer(text, folded=folded):
        spans += [Span(m.start(), m.end(), "STAGE", "values", value=phase) for phase in _phases(m)]
    for pattern, stage in ((_PRECLINICAL, "preclinical"), (_COMMERCIAL_ANY, "commercial")):
        matches = pattern.finditer(text, folded=folded)
        spans += [Span(m.start(), m.end(), "STAGE", "values", value=stage) for m in matches]
    for m in _SERVICE.finditer(text, folded=folded):
        spans.append(
            Span(m.start(), m.end(), "SERVICE", "values", value=_SERVICE_NAMES[m.lastgroup or "cmo"])
        )
    doc.extend(spans)


def _year_of(doc: AnnotatedDoc) -> int | None:
    date = (doc.dateline.date if doc.dateline else None) or doc.document.published
    return int(date[:4]) if date and date[:4].isdigit() else None

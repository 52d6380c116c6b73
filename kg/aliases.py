"""Identity statements in an announcement's own words: the names and tickers it gives an entity.

Read from the sentences an extraction record carries (its evidence and title), so they work whatever
produced the record: "Eli Lilly and Company (Lilly)", "Samsung Biologics (KRX: 207940)", "Acme Bio,
formerly known as Zeta Pharma", 'Northbridge Biologics, Inc. ("Northbridge")', "Zelvix (zelvormab,
ABC-123)". A short name counts only when it is part or the initials of the name it follows ("Lilly",
"BMS"), or is quoted; a product's only when it looks like a drug name or code.

>>> from kg.model import Entity, EntityType, Evidence, Extraction, Fact
>>> text = "Eli Lilly and Company (NYSE: LLY) and Samsung Biologics Co., Ltd. (KRX: 207940) signed."
>>> lilly = Entity("e1", EntityType.ORGANIZATION, "Eli Lilly")
>>> samsung = Entity("e2", EntityType.ORGANIZATION, "Samsung Biologics")
>>> fact = Fact("e1", "contracts_with", "e2", (Evidence(text, 0, 80),))
>>> ex = Extraction("a.txt", entities=(lilly, samsung), facts=(fact,))
>>> found = find_statements(ex)
>>> found["e1"].tickers, found["e2"].tickers
(('NYSE:LLY',), ('KRX:207940',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Entity, EntityType, Extraction
from kg.names import fold, org_key, ticker_key

__all__ = ["Statements", "find_statements", "sentences_of"]


@dataclass(frozen=True)
class Statements:
    aliases: tuple[str, ...] = ()  # names the text gives the entity (short names, former names, codes)
    tickers: tuple[str, ...] = ()  # EXCHANGE:SYMBOL


_LEGAL_TAIL = re.compile(
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.|Inc\.?|Ltd\.?|Limited|Corp\.?|Corporation|AG|S\.A\.|SA|SE|plc|PLC|GmbH|"
    r"LLC|N\.V\.|B\.V\.|AB|A/S|ASA|K\.K\.|Pte\.?\s*Ltd\.?|S\.p\.A\.|KGaA|Oyj?|(?:and|&)\s+(?:Company|Co\.?)))*"
)
_PAREN = re.compile(r"\s*\(([^()]{1,100})\)")
_FORMERLY = re.compile(
    r",?\s+\(?(?:formerly|previously)(?:\s+(?:known|named|called))?(?:\s+as)?\s+"
    r"(?P<name>[A-Z0-9][\w.&'\- ]{1,60}?)"
    r"(?=\s*(?:[,;.)]|\s+(?:and|to|has|have|had|will|is|was|said|today|announced)\b|$))"
)
_AKA = re.compile(r",?\s+(?:also known as|a\.k\.a\.?|aka)\s+(?P<name>[\w.&'\- ]{2,60}?)(?=\s*(?:[,;.)]|$))")
_FORMER_INSIDE = re.compile(
    r"^(?:formerly|previously|f/k/a)(?:\s+(?:known|named|called))?(?:\s+as)?\s+(?P<name>.+)$", re.IGNORECASE
)
_QUOTED = re.compile(
    r"^(?:the\s+|hereinafter\s+(?:the\s+)?|collectively\s+)?[\"“'‘](?P<name>[^\"”'’]{2,40})[\"”'’]$"
)
_CODE = re.compile(r"^[A-Z]{1,6}[- ]?\d{2,6}[A-Za-z]?$")
_DRUGLIKE = re.compile(r"^[a-z][a-z\-]{4,}$")  # an INN as written in running text: lower case
_BRAND = re.compile(r"^[A-Z][a-z]{3,}(?:[A-Z][a-z]+)?$")
_NOT_ALIASES = frozenset(
    "company the company group purchaser buyer seller licensee licensor party parties partner collaborator "
    "us usa u s uk china japan korea europe inc ltd".split()
)


def sentences_of(ex: Extraction) -> list[str]:
    """The sentences a record carries, each once: its title, then the evidence of facts and agreements."""
    found = [str(ex.source.get("title") or "")]
    for item in (*ex.facts, *ex.agreements):
        found += [ev.sentence for ev in item.evidence]
    return [s for s in dict.fromkeys(found) if s]


def find_statements(ex: Extraction) -> dict[str, Statements]:
    """Per entity id, the aliases and tickers the record's sentences state for it."""
    named = [e for e in ex.entities if e.name and not e.undisclosed and e.type is not EntityType.SITE]
    if not named:
        return {}
    found: dict[str, tuple[list[str], list[str]]] = {e.id: ([], []) for e in named}
    products = {fold(e.name): e for e in named if e.type is EntityType.PRODUCT and e.name}
    for sentence in sentences_of(ex):
        lowered = sentence.casefold()
        for entity in named:
            for form in _forms(entity):
                start = lowered.find(form.casefold())
                while start >= 0:
                    end = start + len(form)
                    if _word_edges(sentence, start, end):
                        _read_after(sentence, end, entity, products, found[entity.id])
                    start = lowered.find(form.casefold(), end)
    out = {}
    for entity in named:
        aliases, tickers = found[entity.id]
        known = {fold(n) for n in _forms(entity)}
        aliases = [a for a in dict.fromkeys(aliases) if fold(a) not in known]
        if aliases or tickers:
            out[entity.id] = Statements(tuple(aliases), tuple(dict.fromkeys(tickers)))
    return out


def _forms(entity: Entity) -> tuple[str, ...]:
    return tuple(f for f in dict.fromkeys((entity.name or "", *entity.aliases)) if len(f) >= 2)


def _word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and text[end - 1].isalnum())


def _read_after(
    sentence: str,
    end: int,
    entity: Entity,
    products: dict[str, Entity],
    out: tuple[list[str], list[str]],
) -> None:
    aliases, tickers = out
    pos = _LEGAL_TAIL.match(sentence, end).end()  # type: ignore[union-attr]
    paren = _PAREN.match(sentence, pos)
    if paren:
        for part in re.split(r"\s*[;,]\s*|\s+and\s+", paren.group(1).strip()):
            ticker = ticker_key(part)
            if ticker:
                tickers.append(ticker)
            elif (former := _FORMER_INSIDE.match(part)) is not None:
                aliases.append(former["name"].strip())
            elif (quoted := _QUOTED.match(part)) is not None:
                if fold(quoted["name"]) not in _NOT_ALIASES:
                    aliases.append(quoted["name"].strip())
            elif _acceptable(part, entity, products):
                aliases.append(part)
        pos = paren.end()
    for pattern in (_FORMERLY, _AKA):
        match = pattern.match(sentence, pos)
        if match:
            aliases.append(match["name"].strip())


def _acceptable(part: str, entity: Entity, products: dict[str, Entity]) -> bool:
    """Whether a bare parenthesized name after ``entity``'s name is another name of it."""
    if not 2 <= len(part) <= 40 or fold(part) in _NOT_ALIASES or not part[:1].isalnum():
        return False
    if entity.type is EntityType.PRODUCT:
        return bool(
            fold(part) in products or _CODE.match(part) or _DRUGLIKE.match(part) or _BRAND.match(part)
        )
    if not part[:1].isupper():
        return False
    words = fold(part).split()
    for name in _forms(entity):
        whole = org_key(name).split("-")
        if words and any(whole[i : i + len(words)] == words for i in range(len(whole))):
            return True  # "Lilly" in "Eli Lilly and Company"
        initials = "".join(w[0] for w in whole if w not in ("and", "of"))
        if part.isupper() and part.isalpha() and len(part) >= 2 and part.casefold() == initials:
            return True  # "BMS" for Bristol Myers Squibb
    return False

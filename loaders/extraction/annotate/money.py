"""Money terms: "$170 million upfront", "up to US$1.5 billion in milestones", "496.3 billion won ($405m)"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.extraction.annotate.gates import Gated

__all__ = ["Amount", "find_amounts"]

_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_SYMBOL = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "chf": "CHF",
    "¥": "JPY",
    "jpy": "JPY",
    "krw": "KRW",
    "₩": "KRW",
    "rmb": "CNY",
    "cny": "CNY",
    "a$": "AUD",
    "c$": "CAD",
    "s$": "SGD",
    "dkk": "DKK",
    "sek": "SEK",
    "hk$": "HKD",
    "r$": "BRL",
    "inr": "INR",
    "rs.": "INR",
    "₹": "INR",
}
_WORD = {
    "euro": "EUR",
    "euros": "EUR",
    "won": "KRW",
    "yen": "JPY",
    "dollars": "USD",
    "swiss francs": "CHF",
    "francs": "CHF",
    "pounds": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "kroner": "DKK",
    "kronor": "SEK",
}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_RE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|[mMbB])\b)?"
AMOUNT = re.compile(
    rf"(?:(?P<sym>US\$|HK\$|A\$|C\$|S\$|R\$|USD|EUR|GBP|CHF|JPY|KRW|RMB|CNY|DKK|SEK|INR|Rs\.|[$€£¥₩₹])\s?)?{_NUM}{_SCALE_RE}"
    rf"(?(sym)|\s*(?P<word>euros?|won|yen|dollars|swiss francs|francs|pounds|yuan|renminbi|rupees|kroner|"
    rf"kronor)\b)",
    re.IGNORECASE,
)
_SKIP_AFTER = re.compile(
    r"^\s*(?:per\s+share|a\s+share|each|per\s+dose|of\s+revenue|"
    # what a product sells, not "$800 million in sales milestone payments"
    r"in\s+(?:annual\s+)?(?:revenue|sales)\b(?![\s-]+(?:based\s+|related\s+)?milestone)|"
    r"worth of|after\s+(?:deducting|subtracting)|net\s+of\b|"
    r"(?:in|of)\s+(?:annual\s+|yearly\s+)?(?:cost\s+|operating\s+|tax\s+)?(?:savings|synergies)\b(?!-)|"
    # spending, not a payment between the parties: "US$65 million in clinical costs"
    r"in\s+(?:[\w\-]+\s+){0,2}?(?:costs|expenses|spending)\b|"
    # what a building costs is no term of a deal: "its €200 million fill-finish facility"
    r"(?:[\w\-]+\s+){0,3}?(?:facility|facilities|plant|site|campus|factory|expansion|headquarters)\b)",
    re.I,
)
_SKIP_BEFORE = re.compile(
    r"(?:termination|break-?up|exercise|option|reverse)\s+fee\s+(?:of\s+)?(?:up\s+to\s+|approximately\s+)?$|share\s+price\s+of\s+$|"
    r"closing\s+(?:share\s+)?price\s+(?:of\s+)?$|revenues?\s+(?:of\s+)?(?:up\s+to\s+|about\s+|approximately\s+)?$|sales\s+(?:of\s+)?$|invest\w*\s+(?:(?:of|about|approximately|around|roughly|some|up\s+to)\s+){0,2}$|"
    r"committed\s+$|capital expenditure\w*\s+(?:of\s+)?$|market\s+(?:value|cap\w*)\s+(?:of\s+)?$|"
    # what a company expects to save is no payment: "cost savings of about $3.5 billion", "save $2 billion"
    r"\b(?:sav(?:e|es|ing|ings)|synerg(?:y|ies))\s+(?:of\s+)?(?:(?:at\s+least|about|approximately|around|roughly|"
    r"some|up\s+to|nearly)\s+)?$|"
    r"expansion\s+(?:projects?\s+)?(?:of\s+)?$|"
    # results, not deal terms: "Revenue rose 18% to RMB 1.2 billion", "net income was $40 million"
    r"\b(?:revenues?|sales|net\s+(?:income|loss|profit)|profits?|earnings|ebitda)\s+(?:\w+\s+){0,3}?(?:rose|grew|increased|"
    r"fell|declined|dropped|climbed|jumped|was|were|totall?ed|reached|amounted)\s+(?:by\s+)?(?:[\d.,]+\s*%\s+)?(?:to\s+)?$|"
    r"(?:per|a)\s+share\s+(?:of\s+)?$|net\s+loss\s+(?:of\s+)?$|cash\s+(?:and\s+\w+\s+)?(?:of\s+)?$|raised?\s+$|funding\s+of\s+$",
    re.I,
)


# every amount has a currency symbol, code or word: sentences without one are skipped before AMOUNT runs
_HINT = Gated(
    r"[$€£¥₩₹]|\b(?:USD|EUR|GBP|CHF|JPY|KRW|RMB|CNY|DKK|SEK|INR)(?:\b|(?=\d))|"  # "EUR1.9bn" too
    r"\b(?:Rs\.|euros?|won|yen|dollars|francs|pounds|yuan|renminbi|rupees|kroner|kronor)\b",
    re.IGNORECASE,
    needs=(
        "$ € £ ¥ ₩ ₹ usd eur gbp chf jpy krw rmb cny dkk sek inr rs. won yen dollars francs pounds yuan "
        "renminbi rupees kroner kronor"
    ),
)


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    amount: float
    currency: str
    what: str  # upfront | milestones | total | price | equity
    original: tuple[float, str] | None = None  # the amount it converts, as written ("496.3 billion won")


def find_amounts(sentence: str, offset: int = 0, deal_type: str | None = None) -> list[Amount]:
    """Deal amounts in one sentence; of one figure written in two currencies, the dollar one.

    >>> text = "will pay $50 million upfront and up to $1.2 billion in milestones"
    >>> [(a.amount, a.currency, a.what) for a in find_amounts(text)]
    [(50000000.0, 'USD', 'upfront'), (1200000000.0, 'USD', 'milestones')]
    >>> [(a.amount, a.currency) for a in find_amounts("worth 496.3 billion won ($405 million)")]
    [(405000000.0, 'USD')]
    >>> [(a.amount, a.currency) for a in find_amounts("about $387 million (¥57 billion) in total")]
    [(387000000.0, 'USD')]
    >>> [(a.amount, a.currency) for a in find_amounts("for EUR1.9 billion (about GBP1.69 billion)")]
    [(1900000000.0, 'EUR')]
    """
    return list(sentence_amounts(sentence, offset, deal_type))


@lru_cache(maxsize=4096)
def sentence_amounts(sentence: str, offset: int, deal_type: str | None) -> tuple[Amount, ...]:
    return tuple(
        Amount(
            offset + f.start,
            offset + f.end,
            f.amount,
            f.currency,
            _what(f.before, f.after, deal_type),
            f.original,
        )
        for f in sentence_figures(sentence)
    )


@dataclass(frozen=True, slots=True)
class Figure:
    """An amount of a sentence before what it pays is told (which depends on the deal): its offsets in the
    sentence and the words around it."""

    start: int
    end: int
    amount: float
    currency: str
    original: tuple[float, str] | None
    before: str
    after: str


# payments with no slot in a deal's terms: "may choose to continue the collaboration, in which case it will
# make a one-time payment of $325 million", "a technology transfer fee" (opt-in fees: often summed with
# milestones, so they stay)
_NO_SLOT = re.compile(
    r"\b(?:continu(?:e|es|ing)\s+(?:the\s+|its\s+|their\s+)?(?:collaboration|agreement|partnership|programs?|"
    r"development)|continuation|technology[- ]transfer\s+(?:fee|payment))\b",
    re.I,
)
# one figure in two currencies: "460 billion won ($330 million)", "$330 million, or about 460 billion won"
_CONVERTED = re.compile(
    r"\s*(?:\(|,\s*or|,\s*equivalent\s+to|,\s*the\s+equivalent\s+of)\s*"
    r"(?:about\s+|approximately\s+|around\s+|roughly\s+|some\s+|nearly\s+|~)?"
)


@lru_cache(maxsize=4096)
def sentence_figures(sentence: str) -> tuple[Figure, ...]:
    """The amounts of a sentence, found once whatever deal they are read for."""
    if not _HINT.search(sentence):
        return ()
    found = list(AMOUNT.finditer(sentence))
    out: list[Figure] = []
    skip_next = False
    for i, m in enumerate(found):
        if skip_next:
            skip_next = False
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        original = None
        if nxt and _currency(m) != _currency(nxt) and _CONVERTED.fullmatch(sentence, m.end(), nxt.start()):
            # one figure in two currencies: the dollar figure stands for it, the other converts to it; of two
            # others, the first, as the text states it ("EUR1.9 billion (about GBP1.69 billion)")
            kept, other = (nxt, m) if _currency(nxt) == "USD" else (m, nxt)
            original = (_value(other) or 0.0, _currency(other))
            context_start, context_end = m.start(), nxt.end()
            m, skip_next = kept, True
        else:
            context_start, context_end = m.start(), m.end()
        value = _value(m)
        if value is None or value < 1e5:
            continue
        before = sentence[max(0, context_start - 60) : context_start]
        after = sentence[context_end : context_end + 60]
        if _SKIP_AFTER.match(after) or (_SKIP_BEFORE.search(before) and not _buys_shares(after)):
            continue
        if _NO_SLOT.search(sentence, max(0, context_start - 120), context_start):
            continue
        out.append(Figure(m.start(), m.end(), value, _currency(m), original, before, after))
    return tuple(out)


def _value(m: re.Match[str]) -> float | None:
    try:
        number = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = (m.group("scale") or "").lower()
    return round(number * _SCALE.get(scale, 1.0), 2)


def _currency(m: re.Match[str]) -> str:
    if m.group("sym"):
        return _SYMBOL.get(m.group("sym").lower(), "USD")
    return _WORD.get((m.group("word") or "").lower(), "USD")


_UPFRONT = re.compile(
    r"up-?\s?front|signing|\binitial\b|lump[- ]sum|\b(?:at|on|upon)\s+(?:the\s+)?closing|when\s+the\s+"
    r"(?:deal|transaction|acquisition|agreement)\s+closes"
)
# payments that depend on what happens later: milestones, whatever the text calls them
_MILESTONES = re.compile(
    r"milestone|contingent\s+(?:value\s+right|payment|consideration)|earn-?outs?\b|performance-based"
)
_CONTINGENT_AFTER = re.compile(
    r"\s+in\s+(?:additional\s+)?(?:potential\s+)?(?:contingent\s+)?payments\s+(?:tied\s+to|upon|on|linked\s+to|"
    r"based\s+on|subject\s+to|dependent\s+on)\b"
)


# what buys shares; "an equity value of $2.7 billion" is what a company bought is worth: its price
_EQUITY = re.compile(r"equity(?!\s+value)|stake|shares")
_SHARES = re.compile(r"\b(?:shares|stock|equity|stake|private\s+placement)\b", re.I)
# "issues 22 million new shares to Pfizer for", "sells treasury shares to J&J for about" (a buyer of all the
# shares acquires the company: that is a price)
_SHARES_FOR = re.compile(
    r"\bshares\b[^.;$€£¥]{0,40}\bfor\s+(?:about\s+|approximately\s+|around\s+|some\s+)?$", re.I
)
_NEXT_FIGURE = re.compile(r"[$€£¥]|\d+(?:[.,]\d+)*\s*(?:million|billion|bn\b|m\b)")


def _buys_shares(after: str) -> bool:
    """Whether the figure buys shares, said after it up to the next figure ("$100 million of 3SBio shares",
    "invest $50 million in Coherus, buying 2,491,988 Coherus shares"): an equity investment, however the
    sentence says it (an investment in a plant is no deal term)."""
    clause = _NEXT_CLAUSE.split(_NEXT_FIGURE.split(after, maxsplit=1)[0], maxsplit=1)[0]
    return _SHARES.search(clause[:60]) is not None


# where the words about a figure end: "$650 million, with 3M keeping a 17% stake" (not "in Coherus, buying
# ... shares")
_NEXT_CLAUSE = re.compile(r"[;:]|,\s+(?!buying|acquiring|purchasing|subscribing|through|in\s+exchange)")


_CEILING = re.compile(r"\bup\s+to\b|\bmaximum\b|\bpotential(?:ly)?\b|\bas\s+much\s+as\b|\bcould\b")


def _what(before: str, after: str, deal_type: str | None) -> str:
    """What an amount pays, from the words around it.

    >>> _what("will make an initial lump-sum payment of ", " to Acme", "licensing")
    'upfront'
    >>> _what("upfront, up to ", " in additional potential payments tied to approval", None)
    'milestones'
    >>> _what("and performance-based contingent payments of up to ", " due in 2027", "acquisition")
    'milestones'
    >>> _what("which values the company at ", " on an enterprise value basis", "acquisition")
    'price'
    >>> _what("by 2029, taking the maximum value of the deal to approximately ", " in cash", "acquisition")
    'total'
    >>> _what("which gives the deal an approximate total equity value of ", ".", "acquisition")
    'price'
    """
    # (what buys a company, or a controlling stake in it, is its price)
    shares = deal_type != "acquisition" and (_buys_shares(after) or _SHARES_FOR.search(before) is not None)
    ceiling = re.split(r"\d", before)[-1][-70:].lower()  # back to the figure before, if any
    after = re.split(r"\d|\$", after, maxsplit=1)[0][:100].lower()
    before = re.split(r"\d|\band\b|[,;]", before)[-1][-45:].lower()
    for text in (after[:30], before):
        if _UPFRONT.search(text):
            return "upfront"
        if _MILESTONES.search(text):
            return "milestones"
    if "milestone" in after or _CONTINGENT_AFTER.match(after):
        return "milestones"
    if shares or _EQUITY.search(after[:30] + before[-20:]):
        return "equity"
    if deal_type == "investment":
        return "equity"
    if deal_type == "acquisition" and not _CEILING.search(ceiling):
        return "price"  # what is paid for it, however it is called; "up to" a ceiling with what may follow
    return "total"

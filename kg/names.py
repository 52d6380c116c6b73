"""Name keys: the case-, accent-, punctuation- and legal-suffix-insensitive forms names are compared by.

>>> org_key("LOTTE BIOLOGICS Co., Ltd.") == org_key("Lotte Biologics")
True
>>> org_key("Eli Lilly and Company"), org_key("Duality Biologics (Suzhou) Co., Ltd.")
('eli-lilly', 'duality-biologics')
>>> org_key("Acme Pharma N.V."), org_key("Acme Pharma S.A."), org_key("U.S. Acme K.K.")
('acme-pharma', 'acme-pharma', 'us-acme')
>>> ticker_key("KOSPI: 207940"), ticker_key("Nasdaq Global Select Market: ZLAB"), ticker_key("Acme")
('KRX:207940', 'NASDAQ:ZLAB', None)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "LEGAL",
    "doc_hash",
    "fold",
    "name_order",
    "org_key",
    "preferred_name",
    "slug",
    "strip_legal",
    "thing_key",
    "ticker_key",
]

# words that end a company name without telling companies apart ("Acme Bio Inc." is Acme Bio); "Holdings"
# and "Group" are not among them: Otsuka Holdings is not Otsuka Pharmaceutical
LEGAL = frozenset(
    "inc incorporated ltd limited co corp corporation company plc ag sa se gmbh llc lp nv bv kk "
    "kabushiki kaisha ab as asa oy oyj spa srl pte pvt private public sas "
    "bhd sdn ulc kgaa mbh pty llp sarl aps".split()
)
_PARENS = re.compile(r"\([^()]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # names recur across announcements; resolution keys each often
def doc_hash(doc: str) -> str:
    """A short stable hash of a document key (in the IRIs of what only that announcement names).

    >>> doc_hash("a.txt")
    'cfc7b4885384'
    """
    return hashlib.sha1(doc.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1 << 16)  # resolution folds the same names in every announcement naming them
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name.

    >>> fold("Médicis & Co.")
    'medicis and co'
    """
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    return _NON_WORD.sub(" ", text).strip()


_DOTTED = re.compile(r"(?<=\b\w)\.(?=\w\b)|(?<=\b\w\.\w)\.")  # "N.V.", "S.A.", "K.K." -> "NV", "SA", "KK"


def _core_words(name: str) -> list[str]:
    words = fold(_DOTTED.sub("", _PARENS.sub(" ", name))).split()
    while len(words) > 1 and (words[-1] in LEGAL or words[-1] == "and"):
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return words


@lru_cache(maxsize=1 << 16)  # names recur across announcements; resolution keys each often
def org_key(name: str) -> str:
    """The key of a company name: folded, without parenthesized parts, trailing legal words or a leading
    "the" (legal words inside a name stay: "AB Science", "The Medicines Company" keeps "medicines")."""
    return "-".join(_core_words(name)) or "unnamed"


@lru_cache(maxsize=1 << 16)  # names recur across announcements; resolution keys each often
def thing_key(name: str) -> str:
    """The key of a site or product name within its operator or owner (folded, no leading "the").

    >>> thing_key("The Basel Plant 3"), thing_key("ABC-123")
    ('basel-plant-3', 'abc-123')
    """
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return "-".join(words)[:80].strip("-") or "unnamed"


def slug(text: str, limit: int = 80) -> str:
    return (fold(text).replace(" ", "-") or "x")[:limit].strip("-")


_LEGAL_TAIL = re.compile(
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.|Inc\.?|Ltd\.?|Limited|Corp\.?|Corporation|AG|S\.A\.|SA|SE|plc|PLC|GmbH|"
    r"LLC|L\.L\.C\.|N\.V\.|NV|B\.V\.|BV|AB|A/S|ASA|K\.K\.|KK|Pte\.?\s*Ltd\.?|S\.p\.A\.|SpA|S\.r\.l\.|Oy|Oyj|"
    r"KGaA|S\.A\.S\.|SAS|Pty\.?\s*Ltd\.?|Pvt\.?\s*Ltd\.?|Private Limited))+\.?\s*$",
    re.IGNORECASE,
)


def strip_legal(name: str) -> str:
    """A company name without its legal form, for display.

    >>> strip_legal("Samsung Biologics Co., Ltd."), strip_legal("Acme AG"), strip_legal("AB Science")
    ('Samsung Biologics', 'Acme', 'AB Science')
    """
    stripped = _LEGAL_TAIL.sub("", name).strip(" ,")
    return stripped or name


def preferred_name(names: list[str] | set[str] | tuple[str, ...]) -> str:
    """The name to show among several of one thing: written in mixed case, without a legal form, the
    shortest, then the first alphabetically.

    >>> preferred_name(["ACME BIO INC.", "Acme Bio Inc.", "Acme Bio"])
    'Acme Bio'
    """
    return min(names, key=name_order)


def name_order(name: str) -> tuple[bool, bool, int, str]:
    """How names of one thing rank for display (smallest first): see :func:`preferred_name`."""
    return (name.isupper() and len(name) > 5, strip_legal(name) != name, len(name), name)


# stock exchanges as written in announcements -> one code each
_EXCHANGES = {
    "nasdaq": "NASDAQ", "nasdaqgs": "NASDAQ", "nasdaqgm": "NASDAQ", "nasdaqcm": "NASDAQ",
    "nasdaq global select market": "NASDAQ", "nasdaq global market": "NASDAQ",
    "nasdaq capital market": "NASDAQ",
    "nyse": "NYSE", "nyse american": "NYSE", "nyse mkt": "NYSE", "new york stock exchange": "NYSE",
    "krx": "KRX", "kospi": "KRX", "kosdaq": "KRX", "kse": "KRX", "korea exchange": "KRX",
    "hkex": "HKEX", "sehk": "HKEX", "hkse": "HKEX", "hk": "HKEX", "hong kong stock exchange": "HKEX",
    "tse": "TSE", "tyo": "TSE", "tokyo stock exchange": "TSE", "tokyo": "TSE",
    "sse": "SSE", "star": "SSE", "shanghai": "SSE", "szse": "SZSE", "shenzhen": "SZSE",
    "lse": "LSE", "lon": "LSE", "aim": "LSE", "london stock exchange": "LSE",
    "six": "SIX", "six swiss exchange": "SIX", "swx": "SIX",
    "euronext": "EURONEXT", "euronext paris": "EURONEXT", "euronext brussels": "EURONEXT",
    "euronext amsterdam": "EURONEXT", "epa": "EURONEXT", "ebr": "EURONEXT",
    "xetra": "XETRA", "fwb": "XETRA", "fse": "XETRA", "etr": "XETRA", "frankfurt": "XETRA",
    "asx": "ASX", "tsx": "TSX", "tsxv": "TSX", "otc": "OTC", "otcqx": "OTC", "otcqb": "OTC",
    "bse": "BSE", "nse": "NSE", "twse": "TWSE", "tpex": "TPEX",
    "nasdaq stockholm": "STO", "sto": "STO", "nasdaq copenhagen": "CPH", "cph": "CPH",
    "nasdaq helsinki": "HEL", "hel": "HEL", "oslo": "OSE", "ose": "OSE",
}  # fmt: skip
_TICKER = re.compile(
    r"^\s*(?P<exchange>[A-Za-z][A-Za-z .]{0,40}?)\s*:\s*(?P<symbol>[A-Za-z0-9][A-Za-z0-9.\-]{0,11})\s*$"
)


def ticker_key(text: str) -> str | None:
    """``EXCHANGE:SYMBOL`` for a ticker as written ("Nasdaq: ABCD", "KRX: 207940"); None if it is not one."""
    match = _TICKER.match(text)
    if not match:
        return None
    exchange = _EXCHANGES.get(" ".join(match["exchange"].casefold().replace(".", " ").split()))
    return f"{exchange}:{match['symbol'].upper()}" if exchange else None


EXCHANGE_WORDS = tuple(sorted({k for k in _EXCHANGES if k.isalpha() or " " in k}, key=len, reverse=True))

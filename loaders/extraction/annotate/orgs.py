"""Organisation mentions: gazetteer names, names by form (legal suffixes, "X Therapeutics"), names by context
(tickers, "X announced", "About X", defined short names), and undisclosed parties."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from loaders.extraction.annotate.gates import Gated, fold
from loaders.extraction.annotate.gazetteer import (
    COMPANY_APPOSITION,
    COMPANY_DESCRIPTOR_BEFORE,
    Company,
    company_index,
    lookup,
    norm_name,
)
from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.names import NameModel, name_model
from loaders.extraction.annotate.places import country_of, demonym_country, place_kind
from loaders.extraction.annotate.sentences import Sentence
from loaders.extraction.annotate.tokens import PhraseIndex, Token, Tokens, as_tokens

__all__ = [
    "Org",
    "OrgMention",
    "Undisclosed",
    "find_orgs",
    "find_undisclosed",
    "listed_as_company",
    "public_body",
]

HEADS = frozenset(
    """Therapeutics Biologics Pharmaceuticals Pharmaceutical Pharma Biosciences Bioscience Biotech Biotek
    Biotechnology Biotechnologies Biotherapeutics Biopharma BioPharma Biopharmaceuticals Biopharmaceutical Bio
    Sciences Medicines Laboratories Labs Oncology Genomics Genetics Therapies Vaccines Biosolutions
    BioSolutions
    Biomedical Biologicals Biomedicines Healthcare Holdings Group Corporation Inc Incorporated Ltd
    Limited AG SA
    SE plc PLC GmbH LLC NV BV AB Co Corp Industries Technologies Diagnostics Bioservices Lifesciences
    Biotherapies Immunotherapeutics BioTherapeutics CDMO CRO BioServices
    Biologic Pharmaceutica Farmaceutici Bioproducts Bioprocessing Biomanufacturing Biosystems Biopharmaceutica
    Biolabs Bioworks Biosolution Lifescience Capital Ventures Partners Investments Advisors Fund Medicine
    University Institute Hospital Foundation BioPharm Bioprocess Generics Biopartners Bioventures""".split()
)
STOP = frozenset(
    """The A An This That These Those It Its Our We Their They He She His Her Under With As At For On In By To
    From Of And Both Once After Before When While If Since During Until Upon Into About Also Such Each Any All
    Through Via Following Including Despite Amid Among Besides Beyond Unlike
    No Not New Today Additionally Meanwhile However Moreover Furthermore Recently Earlier Later Last
    Next First
    Second Third Phase FDA EMA CEO CFO COO CSO CMO CDMO CRO CDO API APIs ADC ADCs GMP cGMP mAb EU US U.S UK
    Chairman Chief President Director Dr Mr Ms Mrs Prof Professor Vice Senior Executive Head Founder
    Asia Europe North South East West Central Global International National Nasdaq NASDAQ NYSE Inc Ltd Co
    Company Group Agreement Contract Deal License Collaboration Partnership Biopark Campus Site Plant Facility
    Terms Financial Forward Looking Statements Media Contact Contacts Source Investor Relations Press Release
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Specialty Manufacturing Development
    Organization Contract Research Services Global Q1 Q2 Q3 Q4 COVID SARS HIV mRNA DNA RNA NSCLC CRC
    GIST Minister Secretary Governor Mayor Chancellor Commissioner Ambassador
    Crohn Alzheimer Parkinson Huntington Hodgkin Addison Cushing Sjogren Sjögren Duchenne
    Gaucher Fabry Pompe Tourette Raynaud Others
    AML CLL CML MDS RCC HCC SCLC NASH MASH COPD HBV HCV RSV ALS SMA DMD CKD IBD GVHD T1D T2D""".split()
)  # the last line: diseases written short ("a candidate for AML"), never a company
# last words a name is also written without ("Aptus" for "Aptus Clinical", "Syngene" for "Syngene
# International"): the heads, and words that say what kind of company it is without being a head of a name
_DROPPABLE = HEADS | frozenset(
    """Clinical Scientific International Internacional Holding Medical Health BioSciences BioPharmaceuticals
    Biologika Company Chemie Arzneimittel Research Pharmaservices""".split()
)
_STOP_NOT_HEADS = STOP - HEADS  # function words that end no name
TRAILERS = frozenset({"Services", "Solutions"})  # after a head word, still the name: "X Pharma Services"
LEGAL_TOKENS = frozenset(
    """N.V B.V S.A AG SA SE Inc Ltd Co Corp plc PLC GmbH LLC AB K.K S.p.A d.o.o A.S ASA Oy LLP JSC PJSC
    OJSC CJSC Sdn Bhd Tbk Oyj""".split()
)
TITLE_VERBS = frozenset(
    """Announces Announce Signs Sign Enters Enter To Acquire Acquires Acquired Buys Buy License Licenses
    Licensed
    Expands Expand Extends Extend Partners Partner Agrees Agree Completes Complete Appoints Appoint
    Reports Report
    Receives Receive Inks Ink Selects Select Secures Secure Wins Win Opens Open Launches Launch Unveils
    Strikes
    Collaborates Teams Forms Form Takes Take Sells Sell Out-Licenses Out-licenses Names Name Celebrates Breaks
    Invests Invest Establishes Establish Starts Start Begins Begin Builds Build Plans Plan Adds Add Joins
    Join""".split()
)
_LEGAL_SUFFIX = (
    r"(?:,?\s+(?:\((?:[A-Z][\w.]*\s?){1,3}\)\s+)?(?:Co\.,?\s*(?:Ltd\.?|Limited)|Co\.|Inc\.?|Ltd\.?|Limited|Corp\.?|"
    r"Corporation|AG|S\.A\.|SA|SE|plc|PLC|GmbH|LLC|L\.L\.C\.|N\.V\.|B\.V\.|AB|A/S|ASA|K\.K\.|Pte\.?\s*Ltd\.?|S\.p\.A\.|"
    r"SpA|S\.r\.l\.|Oy|Bhd|d\.o\.o\.|s\.r\.o\.|Sp\.\s*z\s*o\.o\.|Kft\.|S\.A\.S\.|SAS|A\.S\.|ApS|Pty\.?\s*Ltd\.?|"
    r"Pvt\.?\s*Ltd\.?|LLP|[POC]?JSC|Sdn\.?\s*Bhd\.?|Tbk\.?|Oyj|S\.L\.U?\.?|S\.A\.U\.))"
)
_LEGAL = re.compile(
    # "and Company" / "and Co" / "& Co." close a name ("Eli Lilly and Co", "Merck & Co., Inc."), not "and
    # Company X"
    rf"(?:\s+(?:and|&)\s+Co(?:mpany|\.)?(?!\s+[A-Z]|\w){_LEGAL_SUFFIX}*|{_LEGAL_SUFFIX}+)(?=\W|$)"
)
_TICKER = re.compile(
    r"\s*[(\[](?:(?:[^()\[\]]{0,30}\b)?(?:Nasdaq|NASDAQ|NYSE|TSX|LSE|AIM|SIX|KOSDAQ|KOSPI|KRX|HKEX|HKSE|SSE|SZSE|SEHK|STAR|"
    r"Euronext|ASX|OTC|OTCQX|TSE|TYO|Xetra|FWB|Stock Code|stock code|SEHK|BSE|NSE|Nasdaq Stockholm|"
    r"Nasdaq Copenhagen)\b"
    # any exchange written as a listing: "(TOKYO: 4519)", "[Euronext Brussels: ABLX; OTC: ABYLY]"
    r"|[A-Z][A-Za-z]*(?: [A-Z][a-z]+)?\s?:\s?[A-Z0-9][A-Z0-9.]{0,9}[\s;,)\]/])"
)
_ABBREVIATED_END = re.compile(r"(?:\bInc|\bLtd|\bCo|\bCorp|o\.o|\bS\.A|\bN\.V|\bB\.V|\bK\.K|S\.p\.A|\bA\.S)$")
_LAST_WORD = re.compile(r",?\s+([\w.]+?)\.?$")
_DEFINED = re.compile(
    r"\s*\((?:the\s+|hereinafter\s+)?[\"“](?P<alias>[^\"”]{2,40})[\"”](?:\s+or\s+[\"“][^\"”]+[\"”])?\)"
)
_SUBJECT_VERB = re.compile(
    r"(?:,[^,]{3,140},|,\s+which\s[^;.]{3,160}?,)?\s+(?:on\s+[A-Z][a-z]+\.?(?:\s+\d{1,2})?\s+|(?:this|last|earlier\s+this)\s+"
    r"(?:week|month|year)\s+)?(?:today\s+|has\s+|have\s+|will\s+|also\s+|had\s+|is\s+|was\s+)?"
    r"(?:(?:previously|already|recently|now|since|jointly)\s+)?"
    r"(?:announced|reported|signed|entered|agreed|acquired|to acquire|acquire|licensed|licenses|out-licensed|"
    r"out-licenses|concluded|transferred|granted|completed|closed|inked|struck|selected|chose|chosen|extended|"
    r"expanded|formed|partnered|"
    r"obtained|received|gained|taps|tapped|engaged|bought|sold|sells|buys|plans|expects|develops|manufactures|"
    r"headquartered|based|said|says|raised|raises|invested|invests|opened|opens|launched|launches|built|builds|"
    r"building|teamed|teams|took|takes|intends|owns|operates|specializes|specialises|unveiled|unveils|paid|pays|"
    r"filed|won|wins|secured|secures|announces|signs|enters|agrees|acquires|completes|obtains|"
    r"receives|and\s+[A-Z])\b"
)
# what may open a sentence before its subject: "On Jan. 4, ", "Earlier this month, ", "In a separate deal, "
_INTRODUCED = re.compile(
    r"(?:On|In|Earlier|Later|Last|This|Meanwhile|Separately|Also|A|An|One|Two|Three|Four|Five|Six|Elsewhere|"
    r"Finally|Previously|Back|By|Since|Under|As|After|Before|Then|Shortly|Just)\b[^,;:()]{0,30},\s+"
)
_CONTEXT_PREP = re.compile(
    r"(?:\b(?:from|with|to|acquire|acquires|acquired|acquiring|between|and|bought|buys|buy)\s+|"
    r"\b(?:acquisition|purchase|buyout|takeover|sale|carve-out|spin-off|stake)\s+(?:of|in)\s+)$"
)
# what investors did in a round, said after their names: "with A and B also taking part", "C joined the
# round", "D and E came in as new investors"
_INVESTOR_AFTER = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?[A-Z][^.;:,]{0,40}?)*\s+(?:(?:also\s+)?(?:took|taking|"
    r"takes|take)\s+part\b|joined\s+(?:the|this|its)\s+(?:round|financing)|came\s+in\s+as\s+(?:a\s+)?"
    r"(?:new\s+)?investors?\b|also\s+(?:invested|participated)\b)"
)
_ROUND_WORDS = Gated(
    r"financing|funding|\bround\b|invest|backers|\bseries\s+[A-H]\b",
    re.I,
    needs="financ fund round invest backers series",
)
# what names a round's investors before a name, with those of its list already named: "led by ", "led by A,
# B and ", "participation from C and ", "investors include "
_INVESTOR_CUE = re.compile(
    r"\b(?i:(?:co-)?led\s+by|participation\s+(?:from|of|by)|(?:investors?|backers?)\s+(?:including|"
    r"include[sd]?|such\s+as|were|are))\s+(?:[Tt]he\s+)?"
    r"(?:[A-Z][\w&.'’-]*(?:[ ][A-Z0-9][\w&.'’-]*){0,4}(?:,[ ](?:and[ ])?|[ ]and[ ]))*$"
)
# "France's Genethon", "Japan's Takeda": a country's possessive before a capitalised name
_COUNTRY_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['’]s\s+$")
# "Genethon, a non-profit research center devoted to ...": an apposition says what the name is
_DEAL_WORDS = Gated(
    r"agreement|contract|deal|licen[cs]|acqui|purchase|collaborat|partnership|merger|\bbuy|\bbought|divest|"
    r"agreed\s+to|\bsold\b|\bsells?\b|\bsale\b|"
    # a joint venture, an alliance or a memorandum is a deal too ("a joint venture with Takamul", "teamed up
    # with Inventiva in 2016", "signed a memorandum of cooperation with Merck", "a pact ... with Millennium")
    r"joint\s+venture|\bteam(?:s|ed)?\s+up|tie-up|partnered|alliance|memorand|\bpact\b",
    re.I,
    needs="agreement contract deal licen acqui purchase collaborat partnership merger buy bought divest "
    "agreed sold sell sale joint team tie-up partnered alliance memorand pact",
)
# what is bought is a company, whatever its words ("the purchase of Banner Pharmacaps", "to acquire Cell
# Genesys"): a person is rarely bought, so a name there reads as no person's
_BOUGHT_BEFORE = re.compile(
    r"\b(?:acquire|acquires|acquired|acquiring|bought|buys|buy|(?:acquisition|purchase|buyout|takeover)\s+of)"
    r"\s+$"
)
# "San Francisco-based", "Winston-Salem-based", "Alphabet-founded", "Bain-backed", "500-square-meter": words
# that say where or whose a company is, or how big what follows is, not its name
_BASED_PREFIX = re.compile(
    r"^[\w.-]+(?:-based|-headquartered|-listed|-founded|-backed|-owned|-led|-controlled|’s|'s)$|^\d[\d,.]*-[a-z-]+$"
)
_PROVIDER_CUE = re.compile(
    r"\b(?:CDMO|CMO|CRO|CDO|contract (?:development and )?manufactur\w*|contract research|"
    r"outsourcing partner|"
    r"manufacturing services provider)\b"
)


@dataclass
class Org:
    key: str
    name: str
    forms: set[str] = field(default_factory=set)
    company: Company | None = None
    provider: bool = False  # sells contract services (CDMO/CMO/CRO)
    country: str | None = None  # headquarters stated in the text
    split_from: str | None = None  # the company of the same name without its place in brackets
    learned: bool = False  # found only by the learned names, no rule


@dataclass(frozen=True, slots=True)
class OrgMention:
    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class Undisclosed:
    start: int
    end: int
    description: str
    country: str | None


def find_orgs(
    text: str,
    tokens: list[Token],
    sentences: tuple[Sentence, ...],
    taken_spans: list[tuple[int, int]],
    about: tuple[str, ...],
    products: Sequence[int] = (),
) -> tuple[dict[str, Org], list[OrgMention]]:
    """Organisations and every mention of them. ``taken_spans`` (places, products) are never organisations;
    ``products``: where the text names a product (a name whose possessive comes just before it owns it)."""
    taken = Intervals(taken_spans)
    tokens = as_tokens(tokens)
    known = list(company_index().find(text, tokens))
    candidates: list[tuple[int, int, Company | None]] = [(s, _extend_legal(text, e), c) for s, e, c in known]
    arms = _country_arms(text, known)
    candidates += arms
    capital = {w: _is_cap_word(w) or w == "&" for w in {t.text for t in tokens}}  # once per distinct word
    caps = [capital[t.text] for t in tokens]
    for i, t in enumerate(tokens):  # "Castellan Partners to buy": a name's word, unless "Partners with"
        if t.text in ("Partners", "Partner") and i and caps[i - 1]:
            caps[i] = caps[i] or i + 1 == len(tokens) or tokens[i + 1].text.lower() != "with"
    lists = []
    sentence_runs = []
    for sent in sentences:
        if sent.section in ("body", "about", "head"):
            runs = _runs(text, tokens, caps, sent.start, sent.end)
            candidates += _by_form(text, tokens, runs)
            candidates += _by_context(text, tokens, sent, runs)
            lists += _lists(text, tokens, runs)
            sentence_runs.append((sent, runs))
        elif sent.section == "title":
            runs = _runs(text, tokens, caps, sent.start, sent.end)
            candidates += _title_subject(text, tokens, sent, runs)
            sentence_runs.append((sent, runs))
    candidates += _listed_with(text, tokens, lists, {text[s:e] for s, e, _ in candidates})
    candidates += _product_owners(text, products)
    institutions = _institutions(text, sentences)
    # a name by form inside an institution's name is part of it: "Direct Investment Fund" in "Russian Direct
    # Investment Fund"
    candidates = [
        c
        for c in candidates
        if c[2] is not None
        or not any(s <= c[0] and c[1] <= e and e - s > c[1] - c[0] for s, e, _ in institutions)
    ]
    candidates += institutions
    defined = _defined_long_forms(text, sentences, candidates)
    spans = {(s, e) for s, e, _ in defined}
    candidates = [
        c for c in candidates if c[2] is not None or not any(s <= c[0] and c[1] <= e for s, e in spans)
    ]
    candidates += defined
    for name in about:
        pos = text.find(name)
        if pos >= 0 and country_of(name) is None:
            candidates.append((pos, pos + len(name), lookup(name)))
    model = name_model()
    learned = _by_model(text, tokens, sentence_runs, candidates, taken, model) if model is not None else []
    candidates += learned
    # a name the text also writes as a city with its state or country ("Bristol, Tennessee" ... "moves to
    # Bristol") is that place, unless the registry knows it as a company
    named = {text[s:e].split(",")[0] for s, e in taken_spans if "," in text[s:e]}
    candidates = [
        c
        for c in candidates
        if not _blocked(
            text, c[0], c[1], taken, c[2] is not None or c in arms or c in institutions or c in defined
        )
        # the registry's names stand as written: "West Pharmaceutical Services"
        and (c[2] is not None or _plausible(text[c[0] : c[1]]))
        and (c[2] is not None or text[c[0] : c[1]] not in named)
    ]
    initialled = _initialled_arms(text)
    orgs = _cluster(text, candidates, _stated_arms(text) | initialled)
    _split_bracketed(text, orgs)
    _split_legal_forms(text, orgs)
    _fold_bare_names(orgs)
    _add_short_forms(text, orgs, initialled)
    _add_defined_aliases(text, orgs, candidates)
    _fold_known_as(text, orgs)
    _fold_abbreviations(orgs)
    mentions = _all_mentions(text, tokens, orgs, taken, known)
    _mark_providers(text, orgs, mentions)
    if learned:
        spans = {(s, e) for s, e, _ in learned}
        by_rule = {text[s:e] for s, e, _ in candidates if (s, e) not in spans}
        for org in orgs.values():
            org.learned = not (org.forms | {org.name}) & by_rule
    return orgs, mentions


# universities, institutes and public bodies, which sign deals too ("developed with the University of
# Oxford", "Gamaleya National Research Institute of Epidemiology and Microbiology", "Institut Pasteur de
# Dakar", "Cell and Gene Therapy Catapult"); not centres, since plants and campuses are called centres too
_CAP = r"[A-Z][\w'’.-]*"
_WORD = r"(?!The\b)[A-Z][\w'’-]*"  # a capitalised word after the head: no full stop, no new sentence
_HEAD = (
    r"(?:University|Universidad|Universidade|Université|Universität|Università|Universiteit|Institute|Institut|"
    r"Instituto|Istituto|College|Hospital|Catapult|Foundation|"
    # public bodies, which fund, buy and sign too: "U.S. Department of Defense", "Ministry of Health and
    # Welfare", "Government of Canada", "UK Government", "the Japanese government", "Russian Direct Investment
    # Fund", development banks and research councils that lend and partner ("Uganda Development Bank",
    # "Indian Council of Medical Research"); not agencies, authorities, commissions or bureaus, which are
    # most often regulators
    r"Department|Ministry|Government|government|Fund|Bank|Council)\b"
)
_INSTITUTION = re.compile(
    rf"(?:(?!The\b){_CAP}\s+(?:(?:and|&)\s+(?!{_HEAD})(?={_CAP}))?){{0,4}}"
    rf"(?:{_HEAD}(?:\s+{_WORD}){{0,2}})"
    rf"(?:\s+(?:of|for|de|du|des|do|da|di|del|der|für)\s+{_WORD}(?:\s+(?:(?:and|&)\s+(?!{_HEAD}))?{_WORD}){{0,4}})?"
)
_NOT_IN_INSTITUTION = frozenset(
    {"In", "At", "On", "By", "With", "From", "For", "Its", "Their", "Our", "A", "An"}
)


# what names a ministry, an agency, a government or a regulator, which FORMAT makes an entity only when it
# signs: "Ministry of Health", "U.S. Food and Drug Administration", "Singapore government", "NMPA"
_PUBLIC_BODY = re.compile(
    r"\b(?:Ministry|Ministries|Agency|Administration|Commission|Authority|Department|Government|government|"
    r"Council|Bureau|Regulatory|FDA|EMA|NMPA|PMDA|MHRA|CDSCO|ANVISA)\b"
)


def public_body(name: str) -> bool:
    """Whether an organisation's name says it is a public body or a regulator.

    >>> [public_body(n) for n in ("Ministry of Food and Drug Safety", "Singapore government", "Halvera Bio")]
    [True, True, False]
    """
    return _PUBLIC_BODY.search(name) is not None


def _institutions(text: str, sentences: tuple[Sentence, ...]) -> list[tuple[int, int, None]]:
    """The spans of universities and institutes named outside the boilerplate (two words or more)."""
    out: list[tuple[int, int, None]] = []
    for sent in sentences:
        if sent.section == "boilerplate" or not _INSTITUTION_GATE.search(text, sent.start, sent.end):
            continue
        for m in _INSTITUTION.finditer(text, sent.start, sent.end):
            start, words = m.start(), m.group().split()
            # not the words of another name before it: "NIH's National Institute ...", "AstraZeneca and
            # Oxford University", "KRICT and Sungkyunkwan University" (an acronym is a name of its own)
            for i, word in enumerate(words[:-1]):
                named = " ".join(words[:i])
                if word.endswith(("'s", "’s")) or (
                    word in ("and", "&")
                    # "Tessaline Biotherapeutics Ltd. and Halvera Bank": a company's name ends before "and"
                    and (lookup(named) or (named.isupper() and len(named) > 1) or _ends_with_head(named))
                ):
                    start += len(" ".join(words[: i + 1])) + 1
                    words = words[i + 1 :]
                    break
            while words and words[0] in _NOT_IN_INSTITUTION:
                start += len(words[0]) + 1
                words = words[1:]
            name = _before_next_name(" ".join(words).rstrip(".,"))
            if len(words) >= 2 and text[start - 1 : start] != "(":  # "(CGT Catapult)": a short form, an alias
                out.append((start, start + len(name), None))
    return out


def _before_next_name(name: str) -> str:
    """An institution's name up to a company listed after it: "Ministry of Health and Welfare and SK
    bioscience" ends at "Welfare" (a second "and", or an "and" before a registry company's name)."""
    ands = [m.start() for m in re.finditer(r" (?:and|&) ", name)]
    for k, at in enumerate(ands):
        rest = name[at:].split(maxsplit=1)[1]
        if k >= 1 or lookup(rest) or lookup(rest.split()[0]):
            return name[:at]
    return name


def _ends_with_head(name: str) -> bool:
    words = name.rstrip(".,").split()
    return bool(words) and words[-1] in HEADS


_INSTITUTION_GATE = re.compile(
    r"Universi|Institut|Istituto|College|Hospital|Catapult|Foundation|Department|Ministry|[Gg]overnment|Fund|Bank|"
    r"Council"
)


def _country_arms(text: str, known: list[tuple[int, int, Company]]) -> list[tuple[int, int, None]]:
    """A known company's name followed by a country or region is its arm there ("Pfizer China", "Otsuka
    America", "Daiichi Sankyo Europe"), a company of its own; "Lonza Visp" (a city) is rather a site."""
    out = []
    for s, e, _ in known:
        m = _ARM_AFTER.match(text, e)
        if m and (m.group(1) in _REGIONS or place_kind(m.group(1)) == "country"):
            out.append((s, m.end(), None))
    return out


def listed_as_company(text: str, word: str) -> bool:
    """Whether the text writes ``word`` with a legal form or a listing ("TESARO, Inc.", "X (NASDAQ: X)"):
    then it is a company's name wherever it stands, though its form (capitals) is a product code's."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (_LEGAL.match(text, end) or _TICKER.match(text, end)) and not _word_char(text[at - 1 : at] or " "):
            return True
        at = text.find(word, end)
    return False


def _extend_legal(text: str, end: int) -> int:
    m = _LEGAL.match(text, end)
    return m.end() if m else end


def _is_cap_word(word: str) -> bool:
    c = word[0]
    if word in LEGAL_TOKENS or _CAMEL.match(word):  # "mAbxience", "bioMérieux", "vTv"
        return True
    return (c.isupper() or (c.isdigit() and any(ch.isalpha() for ch in word))) and word not in TITLE_VERBS


_CAMEL = re.compile(r"[a-z]{1,4}[A-Z][^\W\d_A-Z]")


def _runs(text: str, tokens: Tokens, caps: list[bool], start: int, end: int) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised token runs inside [start, end) (``caps``: whether each token is
    capitalised, by :func:`_is_cap_word`)."""
    out, n = [], len(tokens)
    i = bisect_left(tokens.starts, start)
    while i < n and tokens[i].end <= end:
        if not caps[i]:
            i += 1
            continue
        j = i + 1
        while j < n and tokens[j].end <= end and caps[j]:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if gap not in (" ", "-", " + "):  # " + ": "Bausch + Lomb"
                break
            j += 1
        out.append((i, j))
        i = j
    return out


def _trim(tokens: list[Token], i: int, j: int, keep_places: bool = False) -> tuple[int, int]:
    """Drop function words, "X-based" and place words from the start of a run and function words from its
    end.  ``keep_places``: the run ends in a legal suffix, so a place word starting it is part of the name
    ("Saxony BioServices GmbH", "Jiangsu Hengrui Pharmaceuticals Co.")."""
    keep_places = keep_places or _city_starts_name(tokens, i, j) or _fund_named_after_country(tokens, i, j)
    # "First Wave BioPharma", "Global Brain Corporation": a word the stop list holds may open a name of three
    # words or more ending in a company word (a name of stop and company words only, "Beyond Next Ventures",
    # still fails _plausible: letting it through measured worse, see the extraction log)
    named = j - i >= 3 and tokens[j - 1].text in HEADS and tokens[i].text in _NAME_START
    while (
        i < j
        and not named
        and (
            tokens[i].text in STOP
            or _BASED_PREFIX.match(tokens[i].text)
            or (
                country_of(tokens[i].text)
                and not (
                    keep_places
                    and i + 1 < j
                    and tokens[i + 1].text not in STOP
                    and tokens[i + 1].text[0].isupper()
                )
            )
            or demonym_country(tokens[i].text)
        )
    ):
        i += 1
    based = [k for k in range(i, j - 1) if _BASED_PREFIX.match(tokens[k].text)]
    if based:  # "San Francisco-based Five Prime Therapeutics": the place is no part of the name
        i = based[-1] + 1
    while j > i and tokens[j - 1].text in _STOP_NOT_HEADS and not _trailer(tokens, i, j):
        if (
            tokens[j - 1].text in _NAME_END
            and j - 1 > i
            and not any(t.text in HEADS for t in tokens[i : j - 1])
        ):
            break  # "Fidelity International": the name, where no company word comes before it
        j -= 1
    return i, j


_NAME_END = frozenset({"International", "Global"})
_NAME_START = frozenset({"New", "First", "Next", "Beyond", "Global", "National", "International", "Central"})


def _city_starts_name(tokens: list[Token], i: int, j: int) -> bool:
    """A city or region before a capitalised word of no place starts a company's own name ("Tianjin Tasly
    Pharma", "Boston Pharmaceuticals", "Shenzhen Salubris"), as Chinese companies are registered."""
    return (
        j - i >= 2
        and _city_word_first([t.text for t in tokens[i : i + 2]])
        # "Syracuse Bio Campus", "Tokyo Stock Exchange"
        and not {tokens[j - 1].text, tokens[j - 1].text.removesuffix("s")} & _AREA_WORDS
    )


def _fund_named_after_country(tokens: list[Token], i: int, j: int) -> bool:
    """ "Korea Investment Partners", "China Growth Capital": an investor's name may start with its country."""
    return j - i >= 3 and tokens[j - 1].text in _FUND_WORDS and country_of(tokens[i].text) is not None


_FUND_WORDS = frozenset("Partners Capital Ventures Investment Investments Fund".split())


# last words of the names of sites, parks and markets, which a city starts without being a company's name
_AREA_WORDS = frozenset(
    "Plant Site Campus Facility Factory Centre Center Park Unit Work Hub Building Exchange Zone Area "
    "District Cluster Valley City Port".split()
)


def _city_word_first(words: list[str]) -> bool:
    if len(words) < 2 or place_kind(words[0]) not in ("city", "region"):
        return False
    nxt = words[1]
    return nxt[0].isupper() and nxt not in STOP and not place_kind(nxt) and not country_of(nxt)


def _head_then_country(words: Sequence[str]) -> bool:
    """Whether a name's words end in a head word and then the country of its branch ("Sequoia Capital
    China", "Orvane Ventures India")."""
    return len(words) >= 3 and words[-2] in HEADS and country_of(words[-1].rstrip(".,")) is not None


def _trailer(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the run [i, j) ends in a word that extends a company name after its head word
    ("Northwell Pharma Services", "Piramal Pharma Solutions")."""
    return j - i >= 3 and tokens[j - 1].text in TRAILERS and tokens[j - 2].text in HEADS


def _by_form(
    text: str, tokens: list[Token], runs: list[tuple[int, int]]
) -> list[tuple[int, int, Company | None]]:
    out = []
    for i, j in runs:
        tail = _legal_tail(text, tokens, i, j)
        i, j = _trim(tokens, i, j, keep_places=tail is not None)
        if tail is not None and i < tail <= j:
            j = tail
        while j - i > 1 and tokens[j - 1].text in LEGAL_TOKENS:
            j -= 1
        if i >= j:
            continue
        last = tokens[j - 1].text
        end = _extend_legal(text, tokens[j - 1].end)
        if re.match(
            r"\s+(?:company|firm|business|model|platform|sector|industry|market)\b", text[end : end + 12]
        ):
            continue
        if (
            (last in HEADS or _trailer(tokens, i, j) or _head_then_country([t.text for t in tokens[i:j]]))
            and j - i >= 2
        ) or (end > tokens[j - 1].end and tokens[i].text not in HEADS):
            start = tokens[i].start
            name = text[start:end]
            out.append((start, end, lookup(name)))
    return out


def _legal_tail(text: str, tokens: list[Token], i: int, j: int) -> int | None:
    """Index of the first token of a legal suffix ending the run [i, j) ("Pte" in "Caldera Biomanufacturing
    Pte. Ltd.", "Kft", "GmbH"), if it has one."""
    for k in (j - 1, j - 2):
        if k > i:
            m = _LEGAL.match(text, tokens[k - 1].end)
            if m and m.end() >= tokens[j - 1].end:
                return k
    return None


_LIST_JOIN = re.compile(r"\.?[ \t]*,[ \t]*(?:and[ \t]+)?|\.?[ \t]+(?:and|&)[ \t]+")  # "Inc., X and Y"


def _lists(text: str, tokens: list[Token], runs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words coordinated with each other ("Ache, EMS, Hypermarcas and Uniao Quimica"):
    each list of two runs or more, its runs trimmed of function words and places before them."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for i, j in runs:
        if current and _LIST_JOIN.fullmatch(
            text, _extend_legal(text, tokens[current[-1][1] - 1].end), tokens[i].start
        ):
            current.append((i, j))
            continue
        if len(current) >= 2:
            out.append(current)
        current = [(i, j)]
    if len(current) >= 2:
        out.append(current)
    return [[_trim(tokens, i, j) for i, j in group] for group in out]


def _listed_with(
    text: str, tokens: list[Token], lists: list[list[tuple[int, int]]], names: set[str]
) -> list[tuple[int, int, Company | None]]:
    """The other names of a list said to be of companies ("Brazilian drugmakers Ache, EMS, Hypermarcas and
    Uniao Quimica", "investors, among them OrbiMed, SR One and EQT") or two of whose names are known
    organisations ("Pfizer, Sanofi and Halvera"): organisations too, unless they read as a place, a title,
    a legal form, a person's name or an adverb opening a sentence."""
    out = []
    known = {n.rstrip(".") for n in names}  # "Velmora Inc." and "Velmora Inc" alike
    for group in lists:
        spans = [(tokens[i].start, _extend_legal(text, tokens[j - 1].end)) for i, j in group if i < j]
        if not spans:
            continue
        said = bool(_COMPANIES_BEFORE.search(text, max(0, spans[0][0] - 60), spans[0][0]))
        if not said and sum(text[a:b].rstrip(".") in known for a, b in spans) < 2:
            continue
        for a, b in spans:
            name = text[a:b]
            first = name.split()[0]
            if (
                name.rstrip(".") in known
                or len(name.split()) > 4
                or _TITLE_WORD.search(name)
                or len(name) < 3
            ):
                continue
            if first in STOP or first in LEGAL_TOKENS or _LEGAL.match(name) or _is_place(name) or "." in name:
                continue
            if name.endswith("ly") and text[:a].rstrip(" \t")[-1:] in ("", ".", "\n", "-"):
                continue  # "Separately, Pfizer and Sanofi": an adverb opening a sentence
            if _CITY_OF_BASED.match(text, b):
                continue  # "Tustin, California-based Avid": a town with its state
            if text[b : b + 4] == " of " or text[max(0, a - 3) : a] == "of ":
                continue  # "Bank of Iwate": part of a name the run does not hold
            if _person_like(text, b) or _person_name(name):
                continue
            out.append((a, b, lookup(name)))
    return out


_CITY_OF_BASED = re.compile(r",[ \t]+[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?-based\b")
# a plural word for companies a list of names follows: "four of Brazil's largest drugmakers, A, B and C",
# "new investors A, B and C", "customers, among them A and B"
_COMPANIES_BEFORE = re.compile(
    r"\b(?:companies|drugmakers|pharmaceutical\s+makers|biotechs|firms|investors|backers|shareholders|"
    r"partners|customers|clients|licensees|manufacturers|CDMOs|CMOs|CROs|groups|rivals|peers|developers|"
    r"suppliers|distributors|funds)"
    r"(?:,?\s+(?:among\s+them|including|such\s+as|namely|like|are|were|include[sd]?))?[ \t]*[,:]?[ \t]+$"
)


def _by_context(
    text: str, tokens: list[Token], sent: Sentence, runs: list[tuple[int, int]]
) -> list[tuple[int, int, Company | None]]:
    out = []
    deal: list[bool] = []  # whether the sentence speaks of a deal, found when first needed

    def speaks_of_deal() -> bool:
        if not deal:
            deal.append(bool(_DEAL_WORDS.search(sent.text)))
        return deal[0]

    for i, j in runs:
        i, j = _trim(tokens, i, j)
        if i >= j or j - i > 4:
            continue
        start, end = tokens[i].start, _extend_legal(text, tokens[j - 1].end)
        before = text[max(sent.start, start - 40) : start]
        # what it is said to be just before it ("cancer vaccine developer Immune Design") names a company,
        # even in words a person's name could have
        described = bool(COMPANY_DESCRIPTOR_BEFORE.search(before) and before[-12:].strip()[-1:].islower())
        ok = described or bool(_TICKER.match(text, end)) or bool(_DEFINED.match(text, end))
        ok = ok or (
            (start == sent.start or _INTRODUCED.fullmatch(text, sent.start, start) is not None)
            and _subject_of_verb(text, start, end)
            and not _person_like(text, end)
        )
        ok = ok or (bool(_CONTEXT_PREP.search(before)) and _ends_phrase(text, end) and speaks_of_deal())
        # "a Series B round led by A, with participation from B": the investors of a round
        listed = bool(
            _ends_phrase(text, end)
            and text[end : end + 4] != " of "  # "Bank of Tessa": part of a longer name
            and _INVESTOR_CUE.search(text, max(sent.start, start - 200), start)
        )
        invests = bool(
            (listed or _INVESTOR_AFTER.match(text, end, sent.end))
            and _ROUND_WORDS.search(sent.text)
            and not _person_like(text, end)
        )
        ok = ok or invests
        # "led by SR One and Franklin Templeton": who leads a round is an investor, though named like a person
        described = described or (invests and listed)
        described = described or bool(_BOUGHT_BEFORE.search(before) and _ends_phrase(text, end))
        ok = ok or (bool(COMPANY_APPOSITION.match(text, end, end + 90)) and not _person_like(text, end))
        # "Cullinan Pearl, a subsidiary of Cullinan Oncology": what the apposition says it is names a company,
        # even in words a person's name could have
        described = described or bool(_SAID_COMPANY.match(text, end, end + 90))
        # "with Malaysia-based BioCare Manufacturing (BioCare)", "Gujarat-based Vidhi": where it is based
        ok = ok or (bool(_BASED_JUST_BEFORE.search(before)) and not _person_like(text, end))
        poss = _COUNTRY_POSSESSIVE.search(before)
        ok = ok or bool(poss and _is_place(poss.group(1)) and _ends_phrase(text, end))  # "Shanghai's CARsgen"
        # "HitGen of Chengdu", "Cell Genesys of San Francisco", "LSNE, based in New Hampshire": where it is
        of = _OF_PLACE.match(text, end)
        ok = ok or bool(
            of
            and _is_place(of.group(1))
            and tokens[i].text not in _NOT_OF_PLACE
            and not _person_like(text, end)
        )
        ok = ok or bool(_BASED_IN_AFTER.match(text, end) and not _person_like(text, end))
        # "Isaac T. Kohlberg": a first name and an initial before it make a person's surname
        ok = ok and not _FIRST_AND_INITIAL.search(before)
        ok = ok and not _TITLE_WORD.search(text, start, end)  # "KRICT President Kim Sung-soo has signed"
        # what investors did in a round says what they are: "with Orvane Venture and Halvera Selby also taking
        # part" names no persons
        described = described or (invests and _INVESTOR_AFTER.match(text, end, sent.end) is not None)
        if ok and (described or not (_person_name(text[start:end]) and not _TICKER.match(text, end))):
            out.append((start, end, lookup(text[start:end])))
    return out


_SAID_COMPANY = re.compile(
    r",\s+(?:an?|the|its)\s+(?:[\w\-]+\s+){0,4}?(?:company|subsidiary|unit|affiliate|biotech|drugmaker|firm|"
    r"start-?up|developer|manufacturer|CDMO|CMO|CRO)(?=\s*[,.;]|\s+(?:of|that|which|based|in|focused|developing|"
    r"with|specializing|specialising|founded|owned)\b)"
)
_OF_PLACE = re.compile(r"\s+of\s+([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})\b(?![\w-])")
_BASED_IN_AFTER = re.compile(r",\s+(?:which\s+is\s+)?(?:based|headquartered)\s+in\s+(?:the\s+)?[A-Z]")
# names "X of <place>" that are institutions or offices, not companies
_NOT_OF_PLACE = frozenset(
    """University Bank Government Ministry Department Province State City Republic Kingdom Port Minister
    Governor Mayor President Prime Secretary Queen King Prince Duke Embassy Consulate Council Municipality
    County People Court Parliament Senate Museum Hospital School College Institute Academy Society Church
    Diocese Chamber""".split()
)


def _by_model(
    text: str,
    tokens: list[Token],
    sentence_runs: list[tuple[Sentence, list[tuple[int, int]]]],
    candidates: list[tuple[int, int, Company | None]],
    taken: Intervals,
    model: NameModel,
) -> list[tuple[int, int, Company | None]]:
    """The capitalised runs no rule took (none overlapping a name found or a place or product) that the
    learned model takes as names, from their words (:func:`_name_features`) and what is around them
    (:func:`_context_features`)."""
    found = Intervals((s, e) for s, e, _ in candidates)
    # a word of a registry company's name found elsewhere is its short form or none, which the rules decide
    # ("Valeant" after "Valeant Pharmaceuticals International")
    names = " | ".join({text[s:e] for s, e, company in candidates if company is not None})
    in_names: dict[str, bool] = {}
    own: dict[str, frozenset[str]] = {}  # what a run's text alone gives, once per distinct text
    out = []
    for sent, runs in sentence_runs:
        deal: frozenset[str] | None = None  # whether the sentence speaks of a deal, found when first needed
        for i, j in runs:
            i, j = _trim(tokens, i, j)
            if i >= j or j - i > 4:
                continue
            start, end = tokens[i].start, _extend_legal(text, tokens[j - 1].end)
            if _overlaps(start, end, found) or _overlaps(start, end, taken):
                continue
            name = text[start:end]
            if name not in in_names:
                in_names[name] = _has_word(names, name)
            if in_names[name]:
                continue
            if name not in own:
                own[name] = _name_features(text, name)
            if deal is None:
                deal = frozenset({"deal_sent"}) if _DEAL_WORDS.search(sent.text) else frozenset()
            features = _context_features(text, sent, start, end) | own[name] | deal
            if model.accepts(features, text, start, end):
                out.append((start, end, lookup(name)))
    return out


def _shape(word: str) -> str:
    if word.isupper():
        return "XX"
    if any(c.isdigit() for c in word):
        return "9"
    if word[:1].isupper() and word[1:].islower():
        return "Xx"
    return "xX" if any(a.islower() and b.isupper() for a, b in pairwise(word)) else "other"


_THING_AFTER = re.compile(
    r"(?:-based\b|\s+(?:[\w/-]+\s+){0,2}?|,\s+(?:its|their|the|an?|[\w-]+['’]s)\s+(?:[\w/-]+\s+){0,3}?)"
    r"(?:technolog(?:y|ies)|platforms?|linkers?|payloads?|modalit(?:y|ies)|scaffolds?|formats?|constructs?)\b",
    re.I,
)
_WORDS = re.compile(r"[\w'’&.-]+|[,;:()]")


def _context_features(text: str, sent: Sentence, start: int, end: int) -> set[str]:
    """What the learned model reads of where a capitalised run text[start:end] stands: the two words before
    and after it, and what the rules test there (a title after it, a preposition or a word a company is
    described by just before, a verb companies take after it ...). :func:`_by_model` adds what the run's
    text alone gives (:func:`_name_features`) and whether the sentence speaks of a deal."""
    before = _WORDS.findall(text, max(sent.start, start - 40), start)
    after = _WORDS.findall(text, end, min(sent.end, end + 40))
    b1 = before[-1].lower() if before else "^"
    a1 = after[0].lower() if after else "$"
    out = {
        f"sec:{sent.section}",
        f"b1:{b1}",
        f"b2:{before[-2].lower() if len(before) > 1 else '^'} {b1}",
        f"a1:{a1}",
        f"a2:{a1} {after[1].lower() if len(after) > 1 else '$'}",
    }
    head = text[max(sent.start, start - 40) : start]
    tests = (
        ("sent_start", start == sent.start),
        ("person_like", _person_like(text, end)),
        ("ctx_prep", bool(_CONTEXT_PREP.search(head))),
        ("ends_phrase", _ends_phrase(text, end)),
        ("appos", bool(COMPANY_APPOSITION.match(text, end, end + 90))),
        ("descr", bool(COMPANY_DESCRIPTOR_BEFORE.search(head))),
        ("subj_verb", _subject_of_verb(text, start, end)),
        ("of_place", bool(_OF_PLACE.match(text, end))),
        # what a technology or a medicine is named by: "ConjuAll ADC technology", "its Affimer platform",
        # "the deal covers X, Y's linker technology"
        ("thing", bool(_THING_AFTER.match(text, end, min(sent.end, end + 60)))),
    )
    out.update(f for f, ok in tests if ok)
    return out


def _name_features(text: str, name: str) -> frozenset[str]:
    """The features of a run that its text alone gives, wherever it stands in the document."""
    words = name.split()
    out = {
        "bias",
        f"n:{len(words)}",
        f"sh:{_shape(words[0])}",
        f"shl:{_shape(words[-1])}",
        f"w1:{words[0].lower()}",
        f"wl:{words[-1].lower()}",
        f"occ:{min(text.count(name), 3)}",
    }
    out.update(f"w:{w.lower()}" for w in words)
    tests = (
        ("person_name", _person_name(name)),
        ("place", _is_place(name)),
        ("head", any(w in HEADS for w in words)),
        ("poss", f"{name}'s" in text or f"{name}’s" in text),
        # a word the text also writes as the last or the first of a longer capitalised run: a person's surname
        # ("Jeon" after "Jeon Seung-ho"), a town of a site's name, or a company's short name
        ("tail", len(words) == 1 and _after_capital(text, name)),
        ("lead", len(words) == 1 and _before_capital(text, name)),
    )
    out.update(f for f, ok in tests if ok)
    return frozenset(out)


# these read the text with str.find, not with a pattern built per name: compiling one for each distinct run
# cost more than all the model's other work


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _boundary(text: str, i: int) -> bool:
    """A word boundary at i, as ``\b`` reads one."""
    return (i > 0 and _word(text[i - 1])) != (i < len(text) and _word(text[i]))


def _occurrences(text: str, needle: str) -> Iterator[int]:
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


def _has_word(text: str, name: str) -> bool:
    """``name`` in ``text`` with no word character or hyphen just before or after it."""
    n = len(name)
    return any(
        (i == 0 or not (_word(text[i - 1]) or text[i - 1] == "-"))
        and (i + n == len(text) or not (_word(text[i + n]) or text[i + n] == "-"))
        for i in _occurrences(text, name)
    )


def _after_capital(text: str, name: str) -> bool:
    """``name`` after a space and a word holding a capital letter ("Seung-ho Jeon"), a boundary after it."""
    for i in _occurrences(text, " " + name):
        j = i
        while j > 0 and (_word(text[j - 1]) or text[j - 1] in "'’.-"):
            j -= 1
        if any("A" <= ch <= "Z" for ch in text[j:i]) and _boundary(text, i + 1 + len(name)):
            return True
    return False


def _before_capital(text: str, name: str) -> bool:
    """``name`` with a boundary before it, then a space and a capital letter ("Jeon Seung-ho")."""
    n = len(name)
    return any(
        _boundary(text, i) and "A" <= text[i + n + 1 : i + n + 2] <= "Z"
        for i in _occurrences(text, name + " ")
    )


def _is_place(name: str) -> bool:
    return bool(country_of(name)) or place_kind(name) in ("city", "region", "country")


_BASED_JUST_BEFORE = re.compile(r"[\w.)]-(?:based|headquartered)\s+$")  # "Calif.-based X"
# who "said" at the start of a sentence is most often a person: "Gupta said", "Araris CEO Dragan Grabulovski
# said"; a name takes the verb as a company's only when it holds no title and the text never writes it after a
# first name ("Rich Fisher ... Fisher said")
_TITLE_WORD = re.compile(
    r"\b(?:CEO|President|Chair\w*|Director|Minister|Secretary|Officer|Chief|Founder|Professor|Dr|Mr|Mrs|Ms|"
    r"Managing|Spokes\w+|Head)\b"
)


def _subject_of_verb(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is the subject of a verb companies take ("said" only when no person
    is named so)."""
    verb = _SUBJECT_VERB.match(text, end)
    if verb is None:
        return False
    return not verb.group(0).endswith(("said", "says")) or _said_by_company(text, start, end)


def _said_by_company(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # "Belén Garijo"
    if name in ("Analysts", "Management") or _TITLE_WORD.search(name):
        return False
    if len(name.split()) > 1 and _person_name(plain):
        return False
    first = re.escape(name.split()[0])
    # "Rich Fisher" before "Fisher said"; "Cho Yong-joon" (a family name first) before "Cho said"
    person = re.compile(rf"\b[A-Z][^\W\d_]+\s+{first}\b|\b{first}\s+[A-Z][a-z]+-[a-z]+\b")
    return person.search(text) is None


_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\.?")
_FIRST_AND_INITIAL = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.\s*$")


def _person_name(name: str) -> bool:
    """ "Troy Wilson", "Kwon Se-chang": two or three capitalised words, none a company word or a noun's
    ending, unknown to the registry, reads as a person's name rather than a company's."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(_NAME_WORD.fullmatch(w) for w in words)
        and not any(_company_word(w) for w in words)
        and lookup(name) is None
        and not _registered_in_china(words)
    )


def _registered_in_china(words: list[str]) -> bool:
    """ "Shenzhen Salubris", "Shanghai Haini": Chinese companies are registered under their city's or
    province's name, which is nobody's first name."""
    return _city_word_first(words) and country_of(words[0]) == "CN"


_BRACKETED_PLACE = re.compile(r"\(([A-Z][\w .]*)\)")


def country_in_name(name: str) -> str | None:
    """The country an organisation's name gives: a Chinese city or province it is registered under
    ("Suzhou Kintor Pharmaceuticals"), a place in brackets ("3D Medicines (Beijing)", "Tessaline (Thailand)"),
    a country first ("Korea Investment Partners")."""
    bracketed = _BRACKETED_PLACE.search(name)
    if bracketed and place_kind(bracketed.group(1).strip()) in ("city", "region", "country"):
        return country_of(bracketed.group(1).strip())
    words = name.split()
    if _registered_in_china(words):
        return "CN"
    if len(words) >= 2 and place_kind(words[0]) == "country" and words[1][0].isupper():
        return country_of(words[0])
    return None


def _company_word(word: str) -> bool:
    """A word no person is called: a head or what says what kind of company it is ("Bionova Scientific"), a
    noun's ending ("Ion Channel Innovations", "Precision Diagnostics", "Cell Technology")."""
    return word in _DROPPABLE or word in TRAILERS or word in _GROUP_FIRST or bool(_NOUN_ENDING.search(word))


# a noun's ending, which no person's name has
_NOUN_ENDING = re.compile(r"(?:ions|ics|ogy|ogies|ities|ment|ments|ness|ances|ences|ware|works|ures)$")


def _title_subject(
    text: str, tokens: list[Token], sent: Sentence, runs: list[tuple[int, int]]
) -> list[tuple[int, int, Company | None]]:
    if not runs or tokens[runs[0][0]].start != sent.start:
        return []
    i, j = runs[0]
    j = min(j, i + 3)
    nxt = text[tokens[j - 1].end : tokens[j - 1].end + 20]
    if re.match(
        r"\s+(?:to|and|out-licenses|licenses|acquires|signs|enters|inks|extends|expands|agrees|partners|"
        r"announces|completes|secures|wins|selects|buys|reports|taps|chooses|picks|engages|pledges)\b",
        nxt,
        re.I,
    ):
        start, end = tokens[i].start, tokens[j - 1].end
        return [(start, end, lookup(text[start:end]))]
    return []


# a one-word name whose possessive comes a few words before a product: "Merck's Keytruda", "Novo's
# semaglutide", "Acme's PD-1 antibody Zolvex" (not the last word of a longer name: "Dr. Lee's", "Jan Ott's",
# a headline's "to Acquire Acme's")
_OWNER_OF_PRODUCT = re.compile(
    r"(?<![\w.-])(?!(?:The|Dr|Mr|Ms|Mrs|Prof)\b)([A-Z][\w&-]+)['’]s[ ]+(?:[\w-]+[ ]+){0,3}$"
)
_NAME_WORD_BEFORE = re.compile(r"[A-Z][\w.]*[ ]$")


def _product_owners(text: str, products: Sequence[int]) -> list[tuple[int, int, Company | None]]:
    out = []
    for at in products:
        found = _OWNER_OF_PRODUCT.search(text, max(0, at - 60), at)
        if (
            found
            and country_of(found.group(1)) is None
            and not _NAME_WORD_BEFORE.search(text, max(0, found.start() - 30), found.start())
        ):
            out.append((found.start(1), found.end(1), lookup(found.group(1))))
    return out


def _person_like(text: str, end: int) -> bool:
    return bool(
        re.match(
            r",\s*(?:the\s+)?(?:[\w.&-]+['’]s\s+)?(?:chief|CEO|president|chair|head|founder|vice|director|senior|"
            r"executive)",
            text[end : end + 40],
            re.I,
        )
    )


# what may follow a party's name: a preposition or a relative word (read by its first two letters), or a
# verb a party takes ("NerPharMa covering", "Biotheus have signed")
_AFTER_NAME = (" fo", " to", " in", " an", " on", " wh", " th", " un", " at", " of", " (", " wi", " ov",
               " fr", " has ", " have ", " had ", " signed", " agreed", " covering")  # fmt: skip


def _ends_phrase(text: str, end: int) -> bool:
    nxt = text[end : end + 12]
    return not nxt or nxt[0] in ",.;:)'’\"" or nxt.startswith(_AFTER_NAME)


# words no organisation is named by alone: parts of the world ("in Europe, the Middle East and Africa"), of a
# court's or a regulator's name ("the District of Massachusetts", "Iran's Food and Drug Administration")
_NOT_NAMES = frozenset(
    {"Africa", "Europe", "Asia", "Oceania", "Middle East", "Latin America", "North America", "South America",
     "Asia Pacific", "District", "Court", "Food", "Drug", "Region", "Province", "State", "County"}
)  # fmt: skip
# what a filing or a designation is called: "a Biologics License Application (BLA)"
_FILING = re.compile(r"\b(?:Applications?|Designations?|Submissions?)$")


def _plausible(name: str) -> bool:
    words = name.split()
    if not words or name in STOP or name in _NOT_NAMES or country_of(name) or len(name) < 2:
        return False
    if all(w.strip(".,") in HEADS or w in STOP for w in words) or _FILING.search(name):
        return False
    # a code is a product's or a disease's, not a company's: "ABC-123", "COVID-19"
    return not re.fullmatch(r"[A-Z]{1,5}-?\d[\w-]*", name)


def _blocked(text: str, s: int, e: int, taken: Intervals, known: bool) -> bool:
    """A candidate overlapping a place or product is no organisation, unless it wholly contains it and is a
    name by form or by the gazetteer ("Saxony BioServices GmbH", "Incheon Biologics Co.")."""
    hits = taken.overlapping(s, e)
    if not hits:
        return False
    if any(a < s or b > e or (a, b) == (s, e) for a, b in hits):
        return True
    if len(hits) == 1 and hits[0][0] == s and _city_word_first(text[s:e].split()):
        return False  # "Shanghai Haini": a city starting the name
    words = text[s:e].split()
    last = words[-1].rstrip(".,")
    return not (
        known
        or last in HEADS
        or last in LEGAL_TOKENS
        or _head_then_country(words)
        or _LEGAL.search(text, s, e) is not None
    )


def _overlaps(s: int, e: int, spans: Intervals) -> bool:
    return spans.overlaps(s, e)


def _cluster(
    text: str, candidates: list[tuple[int, int, Company | None]], arms: Collection[str]
) -> dict[str, Org]:
    orgs: dict[str, Org] = {}
    # the first words of every name the text gives an organisation, for names made of two ("Amgen Astellas")
    firsts: dict[str, set[str | None]] = {}
    for s, e, company in candidates:
        if words := norm_name(_strip_legal(text[s:e])).split():
            firsts.setdefault(words[0], set()).add(company.name if company else None)
    for s, e, company in sorted(candidates, key=lambda c: (c[2] is None, -(c[1] - c[0]))):
        form = text[s:e]
        key = company.name if company else norm_name(_strip_legal(form))
        if not key:
            continue
        if company is None:
            key = _merge_target(key, orgs, form, arms, firsts) or key
        org = orgs.get(key)
        if org is None:
            org = orgs[key] = Org(key, company.name if company else _strip_legal(form), company=company)
        org.forms.add(form)
        stripped = _strip_legal(form)
        if stripped != form and len(stripped) > 1:
            org.forms.add(stripped)
    return orgs


# the words in brackets before a legal form: "Tessaline (Asia) Limited", "Tessaline (EU) Limited"
_BRACKET_START = re.compile(r",?\s+\(([^()]+)\)")


def _split_bracketed(text: str, orgs: dict[str, Org]) -> None:
    """A name with a place in brackets before its legal form and the same name with a legal form and no
    brackets, both written out, are two companies ("Tessaline (Asia) Limited and its subsidiary Tessaline
    Limited"; "Tessaline (EU) Limited, a subsidiary of Tessaline Limited"). Forms with the bracket's words
    ("Tessaline EU", "Asia Tessaline") are the bracketed one's; the name alone stays with the one without
    brackets, unless the text calls that one a subsidiary."""
    for org in list(orgs.values()):
        bracketed: dict[str, set[str]] = {}
        for form in org.forms:
            m = _LEGAL.search(form)
            if not (m and m.end() == len(form) and m.start() > 0):
                continue
            if b := _BRACKET_START.match(form, m.start()):
                name = f"{form[: m.start()].rstrip(' ,')} ({b.group(1).strip()})"
                bracketed.setdefault(name, set()).add(form)
        plain = {f for f in org.forms if _strip_legal(f) != f} - set().union(*bracketed.values())
        if not bracketed or not plain:
            continue
        for name, forms in bracketed.items():
            if name in orgs:
                continue
            words = set(name[name.index("(") + 1 : -1].split())
            forms |= {f for f in org.forms - plain if words & set(f.split())}
            org.forms -= forms
            split = orgs[name] = Org(name, name, forms | {name}, split_from=org.key)
            if any(re.search(rf"\b{_STATED_NOUN.pattern}\s+{re.escape(f)}", text) for f in plain):
                bare = org.forms - plain  # the one without brackets is the subsidiary
                org.forms -= bare
                split.forms |= bare
                org.name, org.company = max(plain, key=len), None


def _split_legal_forms(text: str, orgs: dict[str, Org]) -> None:
    """One name written with two legal forms names two companies, a group and its company in another
    country ("Eisai Inc., a subsidiary of Eisai Co., Ltd."; "LEO Pharma K.K." and "LEO Pharma A/S";
    "MedImmune, LLC" and "MedImmune Limited"); a form cut short ("Co" of "Co., Ltd.") is no other. The name
    alone stays with the one the text does not call a subsidiary, or with the first written."""
    for org in list(orgs.values()):
        groups: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for form in org.forms:
            if "(" in form:
                continue
            words = [_LEGAL_WORD.get(w, w) for w in re.findall(r"[\w&/]+", form.lower())]
            n = len(words)
            while n > 1 and words[n - 1] in _LEGAL_TAIL:
                n -= 1
            base, tail = " ".join(words[:n]), tuple(words[n:])
            if not tail:
                continue
            same = next((k for k in groups if k[0] == base and _starts_alike(list(k[1]), list(tail))), None)
            if same is not None and len(tail) > len(same[1]):
                groups[(base, tail)] = groups.pop(same)  # "Co" and "Co., Ltd.": one form, cut short
                same = (base, tail)
            groups.setdefault(same or (base, tail), set()).add(form)
        bases = [k[0] for k in groups]
        for base in {b for b in bases if bases.count(b) > 1}:
            ordered = sorted(
                (forms for k, forms in groups.items() if k[0] == base),
                key=lambda forms: min(_first_at(text, f) for f in forms),
            )
            home = next((fs for fs in ordered if not any(_called_unit(text, f) for f in fs)), ordered[0])
            for forms in ordered:
                name = max(forms, key=len)
                if forms is home or name in orgs:
                    continue
                org.forms -= forms
                orgs[name] = Org(name, name, set(forms), split_from=org.key)


_LEGAL_WORD = {"and": "&", "company": "co", "limited": "ltd", "incorporated": "inc", "corporation": "corp"}
_LEGAL_TAIL = frozenset(
    "& co ltd inc corp plc ag sa se gmbh llc lp nv bv kk ab as asa oy spa s p a srl pte pvt private sas bhd "
    "sdn ulc l c n v b v k a s d o a/s".split()
)
# "X Inc., a wholly owned subsidiary of ...", "its U.S. subsidiary X Inc."
_UNIT_AFTER = re.compile(r",?\s+(?:an?|its|the)\s+(?:[\w.-]+\s+){0,3}?(?:subsidiary|unit|affiliate|arm)\b")
_UNIT_BEFORE = re.compile(r"\b(?:subsidiary|unit|affiliate|arm),?\s+$")


def _first_at(text: str, form: str) -> int:
    at = text.find(form)
    return at if at >= 0 else len(text)


def _called_unit(text: str, form: str) -> bool:
    """Whether the text calls a company written so a subsidiary, unit or affiliate where it names it."""
    at = text.find(form)
    while at >= 0:
        end = at + len(form)
        if _UNIT_AFTER.match(text, end, end + 80) or _UNIT_BEFORE.search(text, max(0, at - 40), at):
            return True
        at = text.find(form, end)
    return False


def _fold_bare_names(orgs: dict[str, Org]) -> None:
    """A registry company named only by one bare word ("Merck", which the registry gives to Merck KGaA) is
    the company of the text written with that word and more, or named that word and a legal form ("Merck &
    Co.", named "MSD" in the text too), when there is one such."""
    for key, org in list(orgs.items()):
        if org.company is None or len(org.forms) != 1:
            continue
        (word,) = org.forms
        if " " in word:
            continue
        fuller = [
            o
            for o in orgs.values()
            if o is not org
            and o.company is not None
            and (
                any(f.startswith(word + " ") for f in o.forms)
                or _strip_legal(o.name.replace(" & ", " ")) == word
            )
        ]
        if len(fuller) == 1:
            fuller[0].forms.add(word)
            del orgs[key]
            continue
        if word == org.company.name:
            continue
        # a registry company written only by a short name of it ("Jubilant", "Piramal") is the company the
        # text names in full with that word first ("Jubilant Organosys Ltd.", "Piramal Enterprises", names
        # the registry may not hold, from before or after a renaming), when there is one and it is no arm
        written = [
            o
            for o in orgs.values()
            if o.company is None
            and any(f.startswith(word + " ") for f in o.forms)
            and not _arm_of(o.name, org)
            and not _INSTITUTION_WORD.search(o.name)
        ]
        if len(written) == 1:
            written[0].forms.add(word)
            written[0].company = org.company
            del orgs[key]


_INSTITUTION_WORD = re.compile(r"\b(?:University|Institute|Hospital|Foundation|Ventures|Capital|Fund)\b")


def _add_short_forms(text: str, orgs: dict[str, Org], initialled: Collection[str]) -> None:
    """ "Halvera Bio" is also "Halvera" when the text uses that word on its own; a company whose name starts
    with a group's initials ("SK Biotek", "CJ CheilJedang") is also those initials written alone ("SK took on
    300 workers"), when no other company of the text starts with them. Not a company with initials of its
    own whose first words name another ("Rhodia Pharma Solutions (RPS)" is "RPS", "Rhodia" its parent)."""
    # a one-word name of no registry company ("Halvera" in a headline) is a short form, not a second company
    # sharing the first word
    bare = {o.name: k for k, o in orgs.items() if o.company is None and " " not in o.name}
    firsts = [o.name.split()[0] for o in orgs.values() if o.name not in bare]
    for org in list(orgs.values()):
        words = org.name.split()
        if len(words) < 2 or (norm_name(org.name) in initialled and _parent_named(org, orgs)):
            continue
        if (
            _INITIALS.fullmatch(words[0])
            and firsts.count(words[0]) == 1
            and country_of(words[0]) is None
            and words[0] not in STOP
            and _used_alone(text, words[0], words[1], possessive=False)
        ):
            org.forms.add(words[0])
        if org.company:
            # a registry company written with a company word the registry's names lack: "Valeant
            # Pharmaceuticals International" is also "Valeant" where the text writes that word alone
            for form in sorted(org.forms):
                first, *after = form.split()
                unique = not any(o is not org and o.name.split()[0] == first for o in orgs.values())
                if after and unique and _first_word_alone(text, first, after, trailers=False):
                    org.forms.add(first)
            continue
        # "Avara Pharmaceutical Services" is also "Avara": its other words are all company words
        if len(words) >= 3 and firsts.count(words[0]) == 1 and _first_word_alone(text, words[0], words[1:]):
            org.forms.add(words[0])
        short = " ".join(words[:-1])
        if firsts.count(words[0]) > 1 or short in STOP or country_of(short) or len(short) < 4:
            continue
        # "Halvera" for "Halvera Bio"; for other last words only a possessive ("Brightwater's plant")
        if _used_alone(text, short, words[-1], possessive=words[-1] not in _DROPPABLE):
            org.forms.add(short)
            if short in bare:
                org.forms |= orgs.pop(bare.pop(short)).forms
        # "Tianjin Tasly Pharma" is also "Tasly Pharma" and "Tasly", each when written without the city
        local = _after_home(org.name)
        if local:
            home = words[0]
            for form in (local, " ".join(local.split()[:-1])):
                if len(form) >= 4 and form not in STOP and _used_after_other(text, form, home):
                    org.forms.add(form)
        # "Grupo União Química" is also "União Química": a group's word before its name
        rest = " ".join(words[1:])
        if (
            words[0] in _GROUP_FIRST
            and len(rest) >= 4
            and re.search(rf"(?<!{words[0]} )\b{re.escape(rest)}\b", text)
        ):
            org.forms.add(rest)


def _parent_named(org: Org, orgs: dict[str, Org]) -> bool:
    """Whether another organisation of the text is named by the first words of ``org``'s name."""
    words = norm_name(org.name).split()
    return any(
        o is not org and (ow := norm_name(o.name).split()) and words[: len(ow)] == ow for o in orgs.values()
    )


_INITIALS = re.compile(r"[A-Z]{2,3}")  # a group's initials starting its companies' names: SK, CJ, GC, LG

_GROUP_FIRST = frozenset(
    {"Grupo", "Groupe", "Gruppo", "Group", "Laboratorios", "Laboratoires", "Laboratorio"}
)


def _first_word_alone(text: str, first: str, after: list[str], trailers: bool = True) -> bool:
    """Whether a name's first word stands for it: the words after it are company words ("Pharmaceuticals
    International", with ``trailers`` also "Pharmaceutical Services"), it is a word of its own (no
    function word, country or registry company) and the text writes it alone."""
    company_words = _DROPPABLE | TRAILERS if trailers else _DROPPABLE
    return (
        all(w.rstrip(".,") in company_words for w in after)
        and len(first) >= 4
        and first not in STOP
        and country_of(first) is None
        and lookup(first) is None
        and _used_alone(text, first, after[0], possessive=False)
    )


def _used_alone(text: str, short: str, last: str, possessive: bool) -> bool:
    """Whether ``short`` occurs as whole words not followed by ``last`` (or, with ``possessive``, followed
    by "'s"). String search, not a regular expression: names differ in every document, and compiling a
    pattern per name cost 5% of extraction."""
    if not (short[:1].isalnum() and short[-1:].isalnum()):
        return False
    start = text.find(short)
    while start >= 0:
        end = start + len(short)
        before_ok = start == 0 or not _word_char(text[start - 1])
        if before_ok and (end == len(text) or not _word_char(text[end])):
            rest = text[end : end + len(last) + 12]
            if possessive:
                if rest[:2] in ("'s", "’s") and (len(rest) < 3 or not _word_char(rest[2])):
                    return True
            elif not (rest[:1].isspace() and rest.lstrip().startswith(last)):
                return True
        start = text.find(short, start + 1)
    return False


def _used_after_other(text: str, form: str, home: str) -> bool:
    """Whether ``form`` occurs as whole words not right after the word ``home`` (string search, as
    :func:`_used_alone`)."""
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        whole = (start == 0 or not _word_char(text[start - 1])) and (
            end == len(text) or not _word_char(text[end])
        )
        if whole and not text[:start].endswith(home + " "):
            return True
        start = text.find(form, start + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|&))*"
_STATED_NOUN = re.compile(r"\b(?:subsidiary|unit|arm|affiliate|division)\b")
# "Kaneka Eurogentec, a subsidiary of Kaneka", "Fosun's subsidiary Fosun Pharma Industrial"
_STATED_BEFORE = re.compile(
    rf"({_NAME})\s*(?:\([^()]{{0,40}}\)\s*)?,\s+(?:a|an|the|its|(?:[A-Z][\w&.-]*\s+){{0,3}}[A-Z][\w&.-]*['’]s)\s+(?:[\w'’-]+\s+){{0,3}}$"
)
_STATED_AFTER = re.compile(rf",?\s+({_NAME})")


def _stated_arms(text: str) -> set[str]:
    """Names the text calls a subsidiary, unit or division of a company: companies of their own, never
    merged with the company whose name they start with."""
    out = set()
    for m in _STATED_NOUN.finditer(text):
        before = _STATED_BEFORE.search(text, max(0, m.start() - 150), m.start())
        if before and m.group() not in ("subsidiary", "affiliate") and re.search(r"['’]s\s", before.group()):
            before = None  # "Merck Serono, Merck's biopharmaceutical division": a division is the company
        after = _STATED_AFTER.match(text, m.end())
        for found in (before, after):
            if found and " " in found.group(1):
                out.add(norm_name(_strip_legal(found.group(1))))
    return out


def _initialled_arms(text: str) -> set[str]:
    """Names the text gives initials of their own that name more than the company they start with
    ("Rhodia Pharma Solutions (RPS)", "Biocon Biologics Ltd (BBL)"; not "Glenmark Pharmaceuticals Limited
    (GPL)"): the text calls them by the initials, and the first words alone name the parent."""
    out = set()
    for m in _INITIALLED.finditer(text):
        name, initials = m.group("name"), m.group("abbr")
        words = _strip_legal(name).split()
        if len(words) < 2 or words[-1] in _SITE_WORDS or not _initials_of(initials, name):
            continue
        # the longest first words the text writes alone ("Daiichi Sankyo", "Bharat Biotech") and the rest
        for k in range(len(words) - 1, 0, -1):
            if _used_alone(text, " ".join(words[:k]), words[k], possessive=False):
                if set(words[k:]) - _MAIN_WORDS:
                    out.add(norm_name(_strip_legal(name)))
                break
    return out


# a name with initials of its own in brackets: "Rhodia Pharma Solutions (RPS)", "Biocon Biologics Ltd (BBL)"
_INITIALLED = re.compile(rf"(?P<name>{_NAME}),?\s+\(\s*[\"“]?(?P<abbr>[A-Z]{{2,6}})[\"”]?\s*\)")
# the words after a company's name that still name the company itself, not a unit of it ("Glenmark
# Pharmaceuticals Limited (GPL)" is Glenmark; "Grifols Diagnostic Solutions (GDS)" is a unit)
_SITE_WORDS = frozenset({"Laboratory", "Facility", "Plant", "Campus", "Centre", "Center", "Site"})
_MAIN_WORDS = frozenset(
    "Pharmaceutical Pharmaceuticals Pharma Pharm Enterprises Group Holdings Holding Company Corporation "
    "Industries Industrial International".split()
)


def _merge_target(
    key: str,
    orgs: dict[str, Org],
    name: str,
    arms: Collection[str] = (),
    firsts: Mapping[str, set[str | None]] | None = None,
) -> str | None:
    """The organisation a name without a registry entry is another form of: one whose name starts with it or
    that it starts with ("Halvera" and "Halvera Bio"), unless the longer one adds a place or a line of
    business ("Pfizer China", "Otsuka America", "Sekisui Diagnostics": a company's arm is a company of its
    own)."""
    words, flat = key.split(), key.replace(" ", "")
    local = _after_home(name)
    hits = []
    for other_key, org in orgs.items():
        other = norm_name(org.name)
        ow, oflat = other.split(), other.replace(" ", "")
        if ow[: len(words)] == words or words[: len(ow)] == ow:
            longer = key if len(words) > len(ow) else other
            if not _arm_of(name, org) and (longer == key == other or longer not in arms):
                if longer != key or not _names_another(words[len(ow) :], org, firsts or {}):
                    hits.append(other_key)
        elif (rest := _after_home(org.name)) and _starts_alike(norm_name(rest).split(), words):
            hits.append(other_key)  # "Zein Pharmaceutical" of "Chongqing Zein Pharmaceutical Co., Ltd."
        elif local and any(
            _starts_alike(norm_name(local).split(), norm_name(f).split()) for f in (org.name, *org.forms)
        ):
            hits.append(other_key)  # "Jiangsu Hengrui Medicine" of "Hengrui Medicine", also written "Hengrui"
        elif len(flat) >= 6 and (oflat.startswith(flat) or flat.startswith(oflat)):
            hits.append(other_key)
        elif any(norm_name(f) == key for f in org.forms):
            hits.append(other_key)
    return hits[0] if len(set(hits)) == 1 else None


def _names_another(rest: list[str], org: Org, firsts: Mapping[str, set[str | None]]) -> bool:
    """Whether the words a longer name adds after ``org``'s start the name of another organisation of the
    text (not another name of the same registry company): a joint venture named after its parents ("Amgen
    Astellas BioPharma") is neither parent."""
    start, own = norm_name(org.name).split()[0], {org.company.name if org.company else None}
    return any(w != start and firsts.get(w, set()) - own for w in rest)


def _after_home(name: str) -> str | None:
    """A name without the city or province starting it, when a name of its own follows ("Tasly Pharma" of
    "Tianjin Tasly Pharma", "Hengrui" of "Jiangsu Hengrui"): how Chinese companies are named and shortened."""
    home, _, rest = name.partition(" ")
    if place_kind(home) not in ("city", "region") or not rest[:1].isupper():
        return None
    first = rest.split()[0].strip(",.")
    return None if first in HEADS or first in STOP or place_kind(first) else rest


def _starts_alike(a: list[str], b: list[str]) -> bool:
    """Whether one list of words starts the other (both non-empty)."""
    return bool(a and b) and (a[: len(b)] == b or b[: len(a)] == a)


# what follows an arm's name: not a noun it modifies ("Zai Lab China rights", "Pfizer Japan sales")
_ARM_AFTER = re.compile(
    r" ((?:(?:North|South|Latin) )?[A-Z][A-Za-z]+)(?=[,.;:)]|['’]s\b|$|\s+(?:and|or|said|says|will|would|has|"
    r"had|have|is|was|were|signed|agreed|announced|entered|to|for|as|with|under|which|that|who|plans?|expects?)\b)"
)
_ARM_PLACES = ("country", "city")
_REGIONS = frozenset({"Europe", "Asia", "Pacific", "Americas", "Africa", "EMEA", "APAC", "Nordic", "Nordics"})


# lines of business that make a company's name another company's (its unit for them)
_BUSINESS_ARMS = frozenset(
    {"Diagnostics", "Diagnostic", "Generics", "Consumer", "Commercialization", "Specialty", "Animal"}
)


# ... and those that do when the longer name has a legal form of its own ("Recipharm Biologics AB")
_LEGAL_ARMS = frozenset({"Biologics", "Manufacturing", "Pharmaservices", "Investment"})


def _arm_of(form: str, org: Org) -> bool:
    """Whether of a name and an organisation whose names start alike, the longer is the other's arm."""
    stripped = _strip_legal(form)
    base, other = stripped.split(), org.name.split()
    # the words after those they share: "Otsuka America" and "Otsuka Holdings" part after "Otsuka"
    shared = (k for k, (a, b) in enumerate(zip(base, other, strict=False)) if a.lower() != b.lower())
    n = next(shared, min(len(base), len(other)))
    if len(base) > n and _adds_arm(base[n:], legal=stripped != form):
        return True
    legal = any(_strip_legal(f) != f for f in org.forms)
    return len(other) > n and _adds_arm(other[n:], legal)


def _adds_arm(words: list[str], legal: bool) -> bool:
    """Whether words added to a company's name name a country, city or region ("China", "North America") or
    a line of business ("Diagnostics", "Consumer Healthcare"; "Biologics" in a name with a legal form)."""
    if re.fullmatch(r"\([^()]*\)", " ".join(words)):
        return False  # "HUTCHMED (China) Limited": a place in brackets is part of the company's own name
    words = [w.strip("(),") for w in words]
    pairs = [f"{a} {b}" for a, b in pairwise(words)]
    return any(
        w in _REGIONS or w in _BUSINESS_ARMS or (legal and w in _LEGAL_ARMS) or place_kind(w) in _ARM_PLACES
        for w in words + pairs
    )


def _strip_legal(form: str) -> str:
    """The name without its legal form ("Lonza Group AG" -> "Lonza Group"); "& Co." stays part of a name
    ("KKR & Co.", not "KKR &")."""
    m = _LEGAL.search(form)
    if not (m and m.end() == len(form) and m.start() > 0):
        return form
    stripped = form[: m.start()].rstrip(" ,")
    return form if stripped.endswith(("&", " and")) else stripped


def _add_defined_aliases(
    text: str, orgs: dict[str, Org], candidates: list[tuple[int, int, Company | None]]
) -> None:
    by_form = {f: o for o in orgs.values() for f in o.forms}
    for s, e, _ in candidates:
        org = by_form.get(text[s:e])
        if org is None:
            continue
        m = _DEFINED.match(text, e) or _DEFINED.match(text, _TICKER_END(text, e))
        if m:
            alias = m.group("alias")
            if alias.lower() not in ("company", "companies", "group") and alias[0].isupper():
                org.forms.add(alias)
        short = _ACRONYM.match(text, e)
        if short and _initials_of(short.group("alias"), text[s:e]):
            if _used_elsewhere(text, short.group("alias"), short.start("alias")):
                org.forms.add(short.group("alias"))  # "Biological E. Limited (BE)" ... "BE will manufacture"
        symbol = _SYMBOL.match(text, e)
        if symbol and _used_elsewhere(text, symbol.group("sym"), symbol.start("sym")):
            org.forms.add(symbol.group("sym"))  # "Rovi, S.A. (BME: ROVI)" is "ROVI"


# another name a company goes by, after its name: "Gulf Pharmaceutical Industries, the Ras Al Khaimah-based
# drugmaker better known as Julphar", "Celonic AG (formerly Glycotope Biotechnology GmbH)", "OXB (Oxford
# Biomedica)"
_KNOWN_AS = re.compile(
    r"[ \t]*\(\s*(?:formerly\s+|previously\s+|now\s+)?[\"“]?(?P<alias>[^()\"”\n]{2,50}?)[\"”]?\s*[),;]"
    r"|,[^.;\n]{0,70}?\b(?:known|referred\s+to|doing\s+business|trading)\s+as\s+"
    r"(?P<known>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
)


def _fold_known_as(text: str, orgs: dict[str, Org]) -> None:
    """A registry company's name the text gives as another name of a company it names ("better known as
    Julphar", "(formerly Glycotope Biotechnology GmbH)") is that company's; a registry company written only
    so is that company, not a second one: it keeps the registry's identity and the name the text uses
    first."""
    for org in list(orgs.values()):
        if org.key not in orgs or org.company is not None:
            continue  # two registry companies stay two
        for form in sorted(org.forms, key=len, reverse=True):
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                whole = not _word_char(text[end : end + 1] or " ") and not text.endswith(
                    ("and ", "& "), 0, at
                )
                m = _KNOWN_AS.match(text, end) if whole else None
                alias: str = (m.group("alias") or m.group("known")) if m else ""
                other = alias and next(
                    (o for o in orgs.values() if o is not org and o.company is not None and alias in o.forms),
                    None,
                )
                if other and norm_name(form) in norm_name(other.name):
                    other = None  # "Orphan Biovitrum AB (Sobi)": a piece of the registry company's own name
                if other:
                    org.forms.add(alias)
                    other.forms.discard(alias)
                    if not other.forms:  # written only so: the same company ("better known as Julphar")
                        org.company = other.company
                        del orgs[other.key]
                at = text.find(form, end)


_DEFINED_WORD = re.compile(r"[A-Za-z][\w&'’.\-]*,?")
_LINK_WORDS = frozenset({"of", "and", "for", "&", "de", "du", "des", "la", "le", "der", "für"})
# words that make a defined name a company's or an investor's (not a regulator's: "Agency", "Administration")
_ORG_WORDS = (
    HEADS
    | LEGAL_TOKENS
    | TRAILERS
    | frozenset("Company Corporation Group Pty Investors Network Holding".split())
)
_PUBLIC_WORDS = frozenset(
    "Agency Administration Authority Commission Bureau Office Ministry Department Council Association "
    "Society Organization Organisation".split()
)


def _defined_long_forms(
    text: str, sentences: tuple[Sentence, ...], candidates: list[tuple[int, int, Company | None]]
) -> list[tuple[int, int, Company | None]]:
    """An organisation's name that an abbreviation in brackets defines, read back from the brackets as far
    as the abbreviation's capitals reach (after Schwartz and Hearst, "A simple algorithm for identifying
    abbreviation definitions in biomedical text", 2003): "Indian Immunologicals Ltd (IIL)", "International
    Chemical Investors Group (ICIG)", "Innovation Network Corporation of Japan (INCJ)". The name replaces
    the shorter names found inside it; the abbreviation becomes one of its forms."""
    out: list[tuple[int, int, Company | None]] = []
    for sent in sentences:
        if sent.section == "boilerplate" or "(" not in sent.text:
            continue
        for m in _ACRONYM.finditer(text, sent.start, sent.end):
            start = _long_form_start(text, max(sent.start, m.start() - 120), m.start(), m.group("alias"))
            if start is None:
                continue
            end = len(text[: m.start()].rstrip(" ,"))
            words = text[start:end].replace(",", " ").split()
            if (
                not any(w.rstrip(".") in _ORG_WORDS for w in words)
                or any(w in _PUBLIC_WORDS for w in words)
                or country_of(text[start:end])
            ):
                continue
            known = next((c for s, e, c in candidates if s == start and e == end and c is not None), None)
            out.append((start, end, known or lookup(text[start:end])))
    return out


def _long_form_start(text: str, floor: int, pos: int, abbr: str) -> int | None:
    """Where the words before ``pos`` that the abbreviation's capitals spell out start: each capital is the
    first letter of a capitalised word or a capital inside one ("BioPharma"), in order, the first capital
    the first letter of the first word; only linking words ("of", "and") are passed over."""
    words = [(w.start(), w.group().rstrip(",")) for w in _DEFINED_WORD.finditer(text, floor, pos)]
    capitals = [c for c in abbr if c.isupper()]
    if len(capitals) < 2 or not words:
        return None
    want = len(capitals) - 1
    for i in range(len(words) - 1, -1, -1):
        start, word = words[i]
        if word in _LINK_WORDS:
            continue
        if not word[0].isupper():
            return None
        letters = [c for c in word if c.isupper()]
        while letters and want >= 0:
            letter = letters.pop()
            if letter == capitals[want] and (want > 0 or (letter == word[0] and not letters)):
                want -= 1
        if want < 0:
            return start if word[0] == capitals[0] and i >= len(words) - len(capitals) - 3 else None
    return None


def _fold_abbreviations(orgs: dict[str, Org]) -> None:
    """An organisation found only by an abbreviation ("IIL said ...") is the one whose name the abbreviation
    was defined for ("Indian Immunologicals Ltd (IIL)")."""
    for key, org in list(orgs.items()):
        if org.company is not None or len(org.forms) != 1:
            continue
        (form,) = org.forms
        owner = next((o for o in orgs.values() if o is not org and form in o.forms), None)
        if owner is not None and form.isupper():
            del orgs[key]


# an abbreviation in brackets after a name, without quotes: "Biological E. Limited (BE)"
_ACRONYM = re.compile(r"\s*\((?P<alias>[A-Z][A-Za-z0-9&]{1,6})\)")


def _initials_of(abbreviation: str, name: str) -> bool:
    """Whether the capitals of ``abbreviation`` are, in order, capitals of ``name``.

    >>> _initials_of("BE", "Biological E. Limited"), _initials_of("BMS", "Bristol Myers Squibb")
    (True, True)
    >>> _initials_of("FDA", "Biological E. Limited")
    False
    """
    capitals = [c for c in name if c.isupper()]
    it = iter(capitals)
    wanted = [c for c in abbreviation if c.isupper()]
    return len(wanted) >= 2 and all(c in it for c in wanted)


# the symbol of a listing in brackets after a name: "(BME: ROVI)", "(NYSE: PFE)"
_SYMBOL = re.compile(r"\s*\((?:[A-Z][A-Za-z]*\s?){1,3}:\s*(?P<sym>[A-Z][A-Za-z]{2,7})\)")


def _used_elsewhere(text: str, word: str, at: int) -> bool:
    """Whether ``word`` is written as a word of its own somewhere other than at ``at``."""
    return any(m.start() != at for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


_BRACKETS = re.compile(r"\s*(?:\([^()]{1,40}\)|\[[^\[\]]{1,40}\])")


def _TICKER_END(text: str, end: int) -> int:
    m = _BRACKETS.match(text, end)
    return m.end() if m else end


def _all_mentions(
    text: str,
    tokens: list[Token],
    orgs: dict[str, Org],
    taken: Intervals,
    known: list[tuple[int, int, Company]],
) -> list[OrgMention]:
    local: PhraseIndex[str] = PhraseIndex()
    written = {form: org.key for org in orgs.values() if org.split_from for form in org.forms}
    for org in sorted(orgs.values(), key=lambda o: -max(len(f) for f in o.forms)):
        for form in sorted(org.forms, key=len, reverse=True):
            local.add(form, org.key)
            if not form.isupper() and len(form) >= 4:
                local.add(form.upper(), org.key)
    mentions: list[OrgMention] = []
    for s, e, key in local.find(text, tokens):
        if not _blocked(text, s, e, taken, True):
            e = _extend_legal(text, e)
            last = _LAST_WORD.search(text, s, e)
            if last and last.group(1) in LEGAL_TOKENS:  # a form ending "Co" still takes "Co., Ltd."
                e = max(e, _extend_legal(text, last.start()))
            if text[e : e + 1] == "." and _ABBREVIATED_END.search(text, s, e):
                e += 1
            # a name the legal form extended to is its own company's: "Tessaline" + " (Asia) Limited"
            mentions.append(OrgMention(s, e, written.get(text[s:e], key)))
    found = Intervals((m.start, m.end) for m in mentions)
    for s, e, company in known:
        if company.name in orgs and not found.overlaps(s, s + 1) and not _overlaps(s, e, taken):
            mentions.append(OrgMention(s, e, company.name))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _mark_providers(text: str, orgs: dict[str, Org], mentions: list[OrgMention]) -> None:
    for org in orgs.values():
        org.provider = bool(org.company and org.company.is_provider)
    for m in mentions:
        window = text[max(0, m.start - 30) : m.end + 80]
        after = window[m.end - max(0, m.start - 30) :]
        before = window[: m.start - max(0, m.start - 30)]
        if (
            after[:2].strip(" ") in (",", "") and _PROVIDER_CUE.search(after.split(".")[0][:80])
        ) or _PROVIDER_CUE.search(before[-12:]):
            if re.match(r",\s*(?:a|an|the|which|one)\b", after) or _PROVIDER_CUE.search(before[-12:]):
                orgs[m.key].provider = True


_UNDISCLOSED = Gated(
    r"\b(?:a|an|one)\s+(?P<desc>(?:(?!(?:from|a|an|the|of|with|to|in|and|for|at|on|by|its|their|which|that)\b)"
    r"(?:[\w.\-]+|top[- ]\d+)[\s,]+){0,6}?"
    r"(?:company|partner|client|customer|firm|drugmaker|developer|player|manufacturer|innovator|organization|biotech)s?"
    r"(?!\s+(?:company|companies|firm|partner|client|customer|developer))"
    r"(?:\s*,?\s*(?:which is\s+)?(?:headquartered|"
    r"based)\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}))?)\b",
    needs=(
        "company partner client customer firm drugmaker developer player manufacturer innovator organization "
        "biotech"
    ),
)


def find_undisclosed(
    text: str, sentences: tuple[Sentence, ...], mentions: list[OrgMention]
) -> list[Undisclosed]:
    """Parties described but not named ("a global biopharmaceutical company headquartered in the U.S.")."""
    out = []
    folded = fold(text)
    for sent in sentences:
        if sent.section not in ("title", "head", "body"):
            continue
        for m in _UNDISCLOSED.finditer(text, sent.start, sent.end, folded):
            before = text[max(sent.start, m.start() - 60) : m.start()]
            if re.search(r"(?:\([^()]*\)\s*)?,\s*$|\b(?:is|was|as|becomes|became)\s+$", before) and any(
                0 <= m.start() - x.end < 60 for x in mentions
            ):
                continue  # an apposition describing a named company
            desc = m.group("desc").strip(" ,.")
            words = desc.split()
            if _praised_partner(words) or (
                _KIND_OF_COMPANY.search(text, sent.start, m.start()) and not _UNNAMED_SAID.search(sent.text)
            ):
                continue
            if not any(w.lower().strip(",") in _PARTY_WORDS for w in words) and not (
                _PARTY_BEFORE.search(before) and _DESCRIBED.search(desc) and _CONTRACT.search(sent.text)
            ):
                continue
            country = _country_in(m.group("place")) or _demonym_in(words)
            out.append(Undisclosed(m.start(), m.end(), desc, country))
    return _later_country(text, sentences, out)


# what a speaker calls a named partner: "a valuable partner", "a key partner", "a partner"
_PRAISE = frozenset(
    "key valuable preferred long-term longtime long-standing leading trusted respected reliable strategic "
    "ideal excellent great strong important natural perfect right committed experienced world-class true "
    "good close outstanding established proven".split()
)
# a kind of company the sentence counts or ranks, not a party: "the first time a Korean company has acquired",
# "the largest licensing deal ever struck by a Japanese drugmaker", "its second alliance with a large pharma"
_KIND_OF_COMPANY = re.compile(
    r"\b(?:first|second|third|fourth|largest|biggest|ever|only|record|time)\b[^.;:]{0,70}$", re.I
)
# the text says a party goes unnamed: "an undisclosed client", "a partner that was not identified", "whose
# name was not disclosed"
_UNNAMED_SAID = re.compile(
    r"\b(?:undisclosed|unnamed|unidentified|confidential|not\s+(?:been\s+)?(?:identified|named|disclosed))\b|"
    r"\b(?:whose\s+name|name\s+was|identity)\s+(?:was|is|has|were)?\s*(?:not|n't)",
    re.I,
)


def _praised_partner(words: list[str]) -> bool:
    """Whether a description is a partner with only praise before it: "a valuable partner", "a partner"."""
    low = [w.lower().strip(",") for w in words]
    return bool(low) and low[-1] in ("partner", "partners") and all(w in _PRAISE for w in low[:-1])


# "an agreement with a European vaccine developer", "with a U.S.-based clinical-stage company"
_PARTY_BEFORE = re.compile(r"\b(?:with|from|by|between|and)\s+$")
_DESCRIBED = re.compile(
    r"[A-Z]|-based|-headquartered|\btop[- ]\d+|\b(?:mid-?sized?|small|large|leading|global|multinational|"
    r"international|regional|private(?:ly[- ]held)?|listed|clinical-stage|commercial-stage|emerging|"
    r"specialty|vaccine|cell|gene|antibody|oncology|biologics?)\b"
)
_CONTRACT = re.compile(r"\b(?:agreements?|contracts?|deal|partnership|collaboration|alliance|pact)\b", re.I)
# "The client, a privately held company based in France, was not named."
_LATER = Gated(
    r"\b[Tt]he\s+(?:client|customer|partner|licensee|licensor|buyer|company|developer|counterparty)\s*,\s*"
    r"(?:an?\s+|the\s+)(?P<desc>[^,.;]{0,80}?)(?:\s*,?\s*(?:which\s+is\s+)?(?:headquartered|based|located)\s+in\s+"
    r"(?:the\s+)?(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}))?\s*,",
    needs="client customer partner licensee licensor buyer company developer counterparty",
)


def _later_country(text: str, sentences: tuple[Sentence, ...], found: list[Undisclosed]) -> list[Undisclosed]:
    """An unnamed party's country stated in a later apposition about "the client" takes its place."""
    folded = fold(text)
    for sent in sentences:
        if sent.section not in ("head", "body"):
            continue
        for m in _LATER.finditer(text, sent.start, sent.end, folded):
            code = _country_in(m.group("place")) or _demonym_in(m.group("desc").split())
            earlier = [k for k, u in enumerate(found) if u.end <= m.start() and u.country is None]
            if code and earlier:
                u = found[earlier[-1]]
                found[earlier[-1]] = Undisclosed(u.start, u.end, u.description, code)
    return found


_PARTY_WORDS = frozenset(
    "biopharmaceutical pharmaceutical biotech biotechnology pharma drugmaker partner client customer "
    "undisclosed unnamed "
    "biopharma".split()
)


def _country_in(place: str | None) -> str | None:
    if not place:
        return None
    words = place.split()
    for n in range(len(words), 0, -1):
        code = country_of(" ".join(words[:n]).rstrip(".,") if n < len(words) else " ".join(words[:n]))
        if code:
            return code
    return None


def _demonym_in(words: list[str]) -> str | None:
    for w in words:
        w = w.strip(",")
        code = demonym_country(w) or (demonym_country(w[: -len("-based")]) if w.endswith("-based") else None)
        if not code and w.endswith(("-based", "-headquartered")):
            code = country_of(w.rsplit("-", 1)[0])
        if code:
            return code
    return None

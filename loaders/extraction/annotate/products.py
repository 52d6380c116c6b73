"""Products: named candidates ("ABC-123"), INN drug names by stem (-mab, -tinib, -cel ...), brand names
with their INN in brackets ("QINLOCK (ripretinib)"), "X Vaccine"; with modality and indication when stated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from loaders.extraction.annotate.drugs import is_drug_word
from loaders.extraction.annotate.gates import Gated, fold
from loaders.extraction.annotate.gazetteer import COMPANY_APPOSITION, introduced_as_company, lookup
from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.places import country_of, demonym_country, places_index

__all__ = ["Product", "ProductMention", "find_products", "names_by_form"]

_CODE = re.compile(
    # "PF-06649751", "MSB0010718C": large companies' codes run to eight digits
    r"(?<![\w-])([A-Z]{1,5}[a-z]?-?\d{3,8}[A-Za-z]?\d?(?:-\d{1,2}\b|-[A-Z][A-Za-z]{1,3}\b)?|"
    r"[A-Z]{2,5}-\d{1,2}[A-Za-z]?|"
    # "2MW7141": a digit, two or three capitals, four digits or more
    r"\d[A-Z]{2,3}\d{4,5}|"
    r"[A-Z]{2,4}0\d|[A-Z]{2,5}\d{1,3}\.\d{1,3}|[a-z]{2,3}\d{4,6}|"
    # "ABC 1234", "BAY 1905254", "BI 882370": letters, a space and digits (after two letters: six or more)
    r"[A-Z]{3,4} \d{3,7}|[A-Z]{2} \d{6,7}|"
    # "AVT33", "UCART19", "LCB84": three letters or more and two digits
    r"[A-Z]{3,5}\d{2}(?!\d|\.\d)|"
    # "mRNA-1273", "ALT-B4", "Exo-101"
    r"[a-z][A-Z]{2,4}-\d{3,5}|[A-Z]{2,4}-[A-Z]\d{1,2}|[A-Z][a-z]{1,4}-\d{3,4})"
    r"\b(?![-%/]|\s*(?:mg|kg|liters?|litres?|L\b|%|square|sq|m2|employees|patients|people|doses|units|Phase))"
)
# what looks like a code name but names a gene, a virus, a standard, a period or a building
_NOT_CODE = re.compile(
    # ("DS-8201", "PD-0325901" are codes: drug substance and product, PD-1, have short numbers)
    r"(?:NCT|ISO|COVID|SARS|MERS|HER|CSF|VEGFR|EGFR|PD(?!-?\d{4})|CD|IL|MFG|DP(?!-\d{3})|DS(?!-\d{3})|ICH|Q[1-4]|"
    r"FY|H[12]|GLP|FGF|TNF|HIV|HPV|MUC|GPR|CLDN|KIF|ADAM|TLR|STAT|CYP|SLC|TMEM|NLRP|HLA|BSL|HEK|CHO|VERO|"
    # market indices ("FTSE 100", "STOXX 600")
    r"FTSE|STOXX|MSCI|IBEX|DAX|CAC|SMI|TOPIX|"
    # gene families whose members read like codes ("CCL19", "GDF15")
    r"CCL|CXCL|CCR|GDF|IGF|TGF|BMP|KLK|SIGLEC|"
    r"RSV|BCMA|KRAS|CAR|GMP|USP|EU|US|UK|Tier|Type|Plant|Unit|Line|Module|Building|Site|Suite|Phase|Form|"
    r"Rule|Section|Item|Note|Series|Round|ICD|IPO|ESG|CEO|CFO|PR(?!\d)|SEC|EMA|FDA|NMPA|PMDA|MFDS|"
    # currencies ("RMB100", "GBP1.69") and stock exchanges ("HKEX 1952", "TSE 4502")
    r"USD|EUR|GBP|CHF|JPY|CNY|RMB|KRW|INR|HKD|SGD|AUD|CAD|SEK|DKK|NOK|TWD|RM|MYR|BRL|MXN|ZAR|THB|IDR|PHP|VND|"
    r"NZD|PLN|CZK|HUF|TRY|RUB|AED|EGP|NGN|PKR|BDT|ARS|CLP|COP|ILS|"
    r"HKEX|SEHK|NYSE|NASDAQ|TSE|TYO|KRX|KOSDAQ|KOSPI|SSE|SZSE|TWSE|TPEX|SIX|LSE|ASX|NSE|BSE|OTC|ETR|"
    # enzymes and kinases ("DPP-4", "CDK-4"), a country
    r"DPP|CDK|USA|USAG|BRAF\w*|"
    # a mutation ("T790M", "C481S")
    r"[A-Z]\d{2,4}[A-Z]$)"
    # a whole word of letters: "PR" is a press release, "PRX302" a code; "CD" a marker, "CDX-005" a code
    r"(?![A-Za-z])"
)

# a code name of a shape the pattern above lacks: two to four parts of letters and digits joined by hyphens
# or dots, with two capitals and a digit among them ("NVX-CoR4410", "Ad31.ZEKA.S", "LCAR-Q55M",
# "P-CD22CD19-ALLO3"); not what is aimed at ("anti-CD19"), a part in lower case ("FLT3-mutant") or a trial
_CODE_SHAPE = re.compile(
    r"(?<![\w.\-/])(?![Aa]nti-)((?=[\w.\-]*\d)(?=[\w.\-]*[A-Z][\w.\-]*[A-Z])[A-Za-z][A-Za-z0-9]*"
    r"(?:[\-.](?![a-z]{3,}\b)[A-Za-z0-9]+){1,3})(?![\w\-]|\.\w)"
    r"(?!\s+(?:trial|study|studies|programme|program)\b)"
)
# gene editing, a cell line, a television channel, genes and markers written like codes
_NOT_CODE_SHAPE = re.compile(r"(?:CRISPR|Crispr|PER|CNBC|FLT3|Flt3|B7)(?![A-Za-z])")
_CODE_PARTS = re.compile(r"[\-.]")


def _code_shaped(name: str) -> bool:
    """Whether a match of ``_CODE_SHAPE`` is a code name: not a trial ("KEYNOTE-200": a word in capitals and
    a number), a word in lower case first ("post-COVID-19"), a capitalised word after it ("-Targeting"), a
    range ("FGFR1-3") or a version ("GII.4")."""
    first, *rest = _CODE_PARTS.split(name)
    if re.fullmatch(r"[A-Z]{4,}", first) and all(p.isdigit() and len(p) <= 3 for p in rest):
        return False
    if first.islower() or any(re.fullmatch(r"[A-Z][a-z]{3,}", p) for p in rest):
        return False
    if re.search(r"\d-\d$", name) or re.fullmatch(r"[A-Z]{1,3}\.\d{1,2}", name):
        return False
    return not _NOT_CODE.match(name) and not _NOT_CODE_SHAPE.match(name)


@lru_cache(maxsize=1)
def _stems() -> dict[str, tuple[str, ...]]:
    """The INN stems (``data/inn_stems.txt``) by their last three letters (a word is checked against the
    few stems its own ending allows)."""
    data = resources.files("loaders.extraction").joinpath("data/inn_stems.txt").read_text(encoding="utf-8")
    by_end: dict[str, list[str]] = {}
    for stem in {w.strip() for w in data.splitlines() if w.strip() and not w.startswith("#")}:
        by_end.setdefault(stem[-3:], []).append(stem)
    return {end: tuple(sorted(stems, key=len, reverse=True)) for end, stems in by_end.items()}


@lru_cache(maxsize=65536)  # each word of a document is asked about, and words recur
def _is_stemmed(word: str) -> bool:
    """A lower-case word ending in one of the stems after at least four letters ("lazertinib", "zotadirsen"),
    three before a stem of four letters or more ("edoxaban", "perampanel"), two before one of six or more
    ("vibegron")."""
    stems = _stems().get(word[-3:]) or ()
    return (
        bool(stems)
        and word.isalpha()
        and any(len(word) >= len(s) + _BEFORE_STEM.get(len(s), 2) and word.endswith(s) for s in stems)
    )


# letters a drug's name has before its stem, by the stem's length: "vibegron", "nystatin" have two before a
# long stem; a short stem needs more ("lazertinib"), for English words end in it too
_BEFORE_STEM = {3: 4, 4: 3, 5: 3}


_LOWER_WORD = re.compile(r"\b[a-z]{6,}\b")
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]{5,}\b")
_DRUG_WORD = re.compile(r"(?<![\w-])(?:[A-Za-z][a-z]{3,}|[A-Z]{5,})(?![\w-])")
_COMPANY_AFTER = re.compile(
    r"['’]s\b|\s+(?:Inc|Ltd|Co|Corp|AG|SA|plc|GmbH|LLC|Pharma|Pharmaceuticals?|Therapeutics|Biosciences?|Biotech|"
    r"Bio|Laboratories|Labs|Holdings|Group)\b"
)


def _capital_inn(text: str, word: str, end: int) -> bool:
    """An INN written with a capital ("Rivoceranib rights to HLB", "Bevacizumab and Trastuzumab"), unless the
    word names a company: one the registry knows, or one the text gives a possessive or a company word."""
    lower = word.lower()
    if lower in _NOT_INN or not _is_stemmed(lower) or lookup(word) is not None:
        return False
    if _COMPANY_AFTER.match(text, end) or COMPANY_APPOSITION.match(text, end, end + 90):
        return False  # "Novogene, a Chinese genomics sequencing company": what the text says it is
    return f"{word}'s" not in text and f"{word}’s" not in text


_INN_SECOND_WORD = re.compile(r" ([a-z]{4,})\b")
# the second word of a two-word INN: the payload of a conjugate, an ester or a modification
_INN_SECOND = frozenset(
    """vedotin deruxtecan govitecan tirumotecan mafodotin emtansine ozogamicin tesirine pegol diftitox
    pasudotox sudotox cilexetil medoxomil etexilate alfa beta""".split()
)


_NOT_INN = frozenset(
    "concept accept except intercept percept cancel parcel excel gene genes antigene library liberal glib "
    "crib scribe thermostat statistic status stat cardiac tribe vibe diabetes oligonucleotide peptide "
    "nucleotide vedotin deruxtecan govitecan mafodotin tesirine emtansine ozogamicin pegol ravtansine "
    "polypeptide pesticide insecticide homicide suicide antibacterial glide riptide undertide eventide "
    "bromide chloride fluoride oxide sulfide mainland regene engine pristine routine machine medicine "
    "gasoline vaccine doctrine marine determine examine imagine combine feminine genuine decline "
    "cellular gel label model level travel novel parallel personnel hotel panel vessel fuel pixel tunnel "
    "channel council cancel carousel counsel barrel funnel kernel shovel towel april civil until "
    "lipid hybrid solid valid pivotal capital hospital digital vital total portal global goal "
    "scientific specific pacific terrific prolific cholesterol sterol steroid steroids interleukin "
    "interleukins cytokine cytokines chemokine chaperone chaperones histidine carbamate alkaline precept "
    "coarsen hoarsen pyridone pyrrolidone phosphoinositide inositide nucleoside glycoside saccharide "
    "polysaccharide oligosaccharide cephalosporin".split()
)
_BRAND_INN = re.compile(
    r"\b([A-Z][A-Za-z0-9®™]{2,}(?:\s[A-Z][A-Za-z0-9]+)?)(?:®|™|\(R\))?\s*\(([a-z][a-z\- /]{4,60})\)"
)
_INN_BRAND = Gated(
    r"\b([a-z]{5,}(?:\s(?:vedotin|deruxtecan|govitecan|mafodotin|tesirine|emtansine|ozogamicin|pegol|"
    r"alfa|beta|ravtansine|soravtansine|duocarmazine|tiuxetan|autoleucel|ciloleucel|maraleucel))?)\s*"
    r"\(([A-Z][A-Za-z0-9\-]{2,})(?:®|™|\(R\))?\)",
    needs="(",
)
_VACCINE = re.compile(
    r"\b((?:[A-Z][\w\-]*\s){0,3}(?:COVID-19|Influenza|RSV|Flu|mRNA|Dengue|Zika|Ebola|Malaria|[A-Z0-9][\w-]*)\s"
    r"(?:Vaccine|vaccine))\b"
    # not "Debrecen Vaccine Plant", "European Vaccine Developer", "vaccine maker"
    r"(?!\s+(?:[A-Z]|(?:developers?|makers?|manufactur\w*|compan\w+|firms?|plants?|facilit\w+|sites?|"
    r"business|division|unit|capacity|production)\b))"
)
_GENERIC_VACCINE_WORDS = frozenset(
    "COVID-19 COVID Influenza RSV Flu Dengue Zika Ebola Malaria Polio Measles Rabies Cholera Typhoid "
    "Pneumococcal Meningococcal HPV Hepatitis Shingles Mpox Smallpox mRNA Protein Viral Vector Adjuvanted "
    "Recombinant Manufacture Produce Supply Develop Make Fill New Novel Global Universal Seasonal "
    "Pandemic Because While Although When Whether If Since After Before Once Unlike Like As With Without "
    "For EU US UK".split()
)
# classes of medicine said before a brand, read alone and before a list ("the antipsychotic KarXT", "the
# contraceptives Lunara and Vessa")
_DRUG_CLASSES = (
    "antipsychotic antidepressant antibiotic analgesic antiviral anticoagulant decongestant antiseptic "
    "antibacterial antihistamine relaxant contraceptive laxative hormone sedative anesthetic anaesthetic "
    "antiemetic"
).split()
_CLASS = "|".join(_DRUG_CLASSES)
_DESCRIPTOR = Gated(
    r"\b(?:candidate|drug|medicine|immunotherapy|therapy|treatment|vaccine|antibody|inhibitor|biosimilar|product|"
    # what kind of medicine it is: "the cold remedy Whituben", "the antipsychotic KarXT", "insulin Lantus"
    r"asset|compound|ADC|conjugate|remedy|painkiller|insulin|injectable|pill|tablet|nasal\s+spray|supplement|"
    + _CLASS
    + r"|sleep\s+aid)s?[ ]+"
    r"([A-Z][A-Za-z]{3,}(?:-[A-Z0-9][A-Za-z0-9]*)?|[A-Z]{3,})\b(?!\s+(?:Inc|Ltd|Co|Therapeutics|"
    r"Pharma))",
    needs=(
        "candidate drug medicine therap treatment vaccine antibod inhibitor biosimilar product asset "
        "compound adc conjugate remedy painkiller insulin injectable pill tablet spray supplement aid "
        + " ".join(_DRUG_CLASSES)
    ),
)
# a brand with what it is in brackets: "QDENGA (dengue tetravalent vaccine [live, attenuated])"
_BRAND_DESCRIBED = re.compile(
    r"\b([A-Z][a-z]{3,}[A-Za-z]*|[A-Z]{4,})(?:®|™)?\s*\((?:[a-z0-9][\w\-]*\s+){0,4}(?:vaccine|injection|tablets?|"
    r"capsules?|oral\s+solution|infusion|nasal\s+spray|eye\s+drops?|ophthalmic\s+solution|cream|gel|patch)\b"
)
_MODALITY = Gated(
    r"\b(antibody-drug conjugate|ADC|monoclonal antibody|bispecific antibody|antibody|small molecule|"
    r"cell therapy|CAR-T|gene therapy|mRNA vaccine|vaccine|siRNA|antisense oligonucleotide|peptide|"
    r"tyrosine kinase inhibitor|kinase inhibitor|inhibitor|biosimilar|radiopharmaceutical|protein)\b",
    re.I,
    needs="antibod adc molecule cell car-t gene vaccine sirna antisense peptide inhibitor biosimilar "
    "radiopharmaceutical protein",
)
_INDICATION = re.compile(
    r"\b(?:for|in|treat(?:ing|ment of)?)\s+(?:patients with\s+)?((?:[a-z\-]+\s){0,4}(?:cancer|tumou?rs?|"
    r"carcinoma|"
    r"lymphoma|leukemia|myeloma|fibroids|disease|disorder|syndrome|infection|diabetes|obesity|NSCLC|colitis|"
    r"arthritis|psoriasis|dermatitis|asthma|fibrosis|hepatitis|COVID-19)(?:\s\([A-Z]+\))?)"
)
_APPOSITION = Gated(
    r"\b([A-Z][a-z]{3,}[A-Za-z]*|[A-Z]{4,}),\s+(?:the|a|an)\s+(?:[\w\-]+\s+){0,3}?(?:medicine|drug|therapy|vaccine|treatment|"
    r"product|biosimilar|antibody)\s+(?:sold|marketed|developed|approved|made|co-developed|co-marketed)\b",
    needs="sold marketed developed approved made",
)
# a name and, after a comma, what kind of medicine it is: "Iclusig, a leukemia treatment already on the
# market", "C-Cure, its stem cell therapy for heart failure", "Sotyktu, the psoriasis pill from ..." (the kind
# ends its phrase: not "a vaccine maker"; no preposition before it: not "Boston, a hub for cell therapy")
_KIND_NOUN = (
    r"(?:treatment|therap(?:y|ies)|drug|medicine|vaccine|candidate|antibod(?:y|ies)|inhibitor|biosimilar|"
    r"solution|formulation|pill|tablet|implant|injection|immunotherapy|remed(?:y|ies)|painkiller|insulin|shot|"
    r"spray|inhaler|cream|antagonist|agonist|conjugate|ADC)s?"
)
_APPOSITIVE_KIND = Gated(
    r",\s+(?:a|an|its|the|their)\s+"
    r"(?:(?!(?:in|for|of|at|with|on|by|and|or|from|to|who|that|which|is|was|has)\b)[\w/-]+\s+){0,5}?"
    + _KIND_NOUN
    + r"(?=\s*[,.;:)]|\s*$|\s+(?:for|against|that|which|used|approved|in|with|from|of|to|developed|sold|"
    r"marketed|being|currently|already|now|is|was|targeting|designed|and)\b)",
    needs=(
        "treatment therap drug medicine vaccine candidate antibod inhibitor biosimilar solution formulation "
        "pill tablet implant injection remed painkiller insulin shot spray inhaler cream agonist antagonist "
        "conjugate adc"
    ),
)
# the name before the comma of an apposition (searched in the text before it: the apposition is the rarer
# part)
_NAME_BEFORE_COMMA = re.compile(
    r"(?<![\w.-])([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ ][A-Z][A-Za-z0-9]+)?)(?:®|™)?$"
)
# capitalised words that open a sentence before a comma without being names
_NOT_APPOSED = re.compile(
    r"(?:\w+ly|Today|Yesterday|Tomorrow|Meanwhile|However|Together|Now|Then|Also|Here|There|Overall|First|"
    r"Second|Third|Next|Last|Earlier|Later|Instead|Further|Furthermore|Moreover|Thus|Therefore|Indeed|"
    r"Elsewhere|Otherwise|Nevertheless|Still|Yet|Since|Once|Under|Through|Despite|Besides|Beyond|Above|"
    r"Below|Initially|Currently|Previously|Recently|Separately|Additionally|Importantly|Notably|Finally)"
)
_STOP_NAMES = frozenset(
    """The This That These Those Phase Fast Track Breakthrough Orphan FDA EMA Nasdaq NYSE Inc Ltd Co Corp
    Its Their Our In On At For From With By Of And Or To As Such Including Both Each All Other New US EU UK
    China Japan Europe Asia America Africa Korea India Germany France Italy Spain Canada Australia ADC ADCs
    CAR API APIs GMP CMO CDMO CRO mRNA DNA RNA COVID Group Company Holdings Biologics Pharma Pharmaceuticals
    Therapeutics Sciences Medical Health Healthcare Global International North South East West Central
    European Asian African Latin Nordic Scandinavian Western Eastern Northern Southern Middle Pacific Atlantic
    Tablet Tablets Capsule Capsules Plant Medicine Medicines Vaccine Vaccines Drug Drugs Injection Solution
    Platform Technology Technologies Program Programme Product Products Candidate Therapy Treatment
    January February March April May June July August September October November December
    HER2 HER3 EGFR KRAS BRAF ALK ROS1 MET RET BCMA TROP2 CLDN18 GPC3 FGFR FGFR2 VEGF TNF CD19 CD20 CD3 CD38
    CD47 GLP-1 GIP PD-1 PD-L1 CTLA-4 IL-6 IL-17 IL-23 TIGIT LAG-3 DLL3 B7-H3 Nectin-4 Lp(a) PCSK9
    ANGPTL3 TIM-3 VEGFR PARP EZH2 ROCK2 JAK BTK PI3K mTOR TYK2 FXR CAR-T CAR-NK TCR-T
    CROs CMOs CDMOs Americas EMEA APAC LatAm Head Vice Director Manager""".split()
)
_NAME = r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ ][A-Z][A-Za-z0-9]+)?"
_PRODUCT_NOUNS = (
    r"\b(?:medicines?|drugs?|brands?|products?|therap(?:y|ies)|treatments?|vaccines?|biosimilars?|candidates?|"
    r"assets?|franchises?|injections?|antibod(?:y|ies)|inhibitors?|blockbusters?|portfolio|treatments?|"
    r"programs?|programmes?)"
)
# what kind of medicine: "the antacid Picot", "the cough syrups Tussionex and Delsym", "COPD inhalers Eklira
# and Duaklir", "the energy drink Glucon-D"
_KIND_NOUNS = (
    r"\b(?:antacids?|relievers?|remed(?:y|ies)|painkillers?|syrups?|suspensions?|capsules?|tablets?|pills?|"
    r"creams?|ointments?|powders?|drinks?|inhalers?|sprays?|implants?|patch(?:es)?|injectables?|formulations?|"
    r"immunosuppressants?|antifungals?|insulins?|sleep\s+aids?|(?:" + _CLASS + r")s?)"
)
_KIND_NEEDS = (
    "antacid reliever remed painkiller syrup suspension capsule tablet pill cream ointment powder drink "
    "inhaler spray implant patch injectable formulation immunosuppressant antifungal insulin aid "
    + " ".join(_DRUG_CLASSES)
)
# a list of names after a product noun: "medicines, including Ozempic and Wegovy", "biosimilars Benepali,
# Imraldi and Flixabi", "brands such as Allegra, Doliprane and Icy Hot"
# the list follows on the same line ("drug\n\nTOKYO -- ..." is a dateline)
# a list's item may say what the product is before its name: "brands, including Tessolin and the digestive
# enzyme Dolcera", "two drugs: the appetite stimulant Calvix and the anti-epileptic Nutrelle" (lower-case
# words or an acronym, none saying the name is a company's or a place's)
_WHAT_IT_IS = (
    r"(?:(?:the|its|their)\s+(?:(?!(?:compan(?:y|ies)|firms?|groups?|makers?|drugmakers?|biotechs?|developers?|"
    r"manufacturers?|partners?|subsidiar(?:y|ies)|units?|distributors?|investors?|funds?|cit(?:y|ies)|states?|"
    r"countr(?:y|ies)|regions?|provinces?|sites?|plants?|facilit(?:y|ies)|agency|regulators?|universit(?:y|ies))\b)"
    r"(?:[a-z][\w'’-]*|[A-Z]{2,5})\s+){1,3})?"
)
_WHAT_IT_IS_RE = re.compile("^" + _WHAT_IT_IS)
_ITEM = _WHAT_IT_IS + _NAME
_LISTED_AFTER = (
    r"[ \t]*,?[ \t]*(?:(?:such\s+as|including|like|namely|notably|among\s+them|include[sd]?|are)\s+|"
    + r":[ \t]*|"
    + r"[—–][ \t]*)?"
    + rf"((?:{_ITEM})(?:®|™)?(?:\s*,\s*(?:and\s+|or\s+)?(?:{_ITEM})(?:®|™)?"
    + rf"|\s+(?:and|or|&)\s+(?:{_ITEM})(?:®|™)?)*)"
)
_PRODUCT_NEEDS = (
    "medicine drug brand product therap treatment vaccine biosimilar candidate asset franchise injection "
    "antibod inhibitor blockbuster portfolio program"
)
_BRAND_LIST = Gated(_PRODUCT_NOUNS + _LISTED_AFTER, needs=_PRODUCT_NEEDS)
_KIND_LIST = Gated(_KIND_NOUNS + _LISTED_AFTER, needs=_KIND_NEEDS)
# "sold under the names Vectavir, Pencivir and Fenlips", "under the brand name Cresemba"
_NAMES_LIST = Gated(r"\bunder\s+the\s+(?:brand\s+|trade\s+)?names?" + _LISTED_AFTER, needs="under the")
# the list a few words after the noun, opened by a colon or "among them": "four marketed products now sold
# by X: A, B, C and D", "brands in pain management and nutrition, among them A, B and C" (two names or more)
_NAMES = rf"((?:{_ITEM})(?:®|™)?(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:{_ITEM})(?:®|™)?)+)"
_BRAND_LIST_LATER = Gated(
    _PRODUCT_NOUNS
    # (not a list of those it went to: "antibodies it has licensed to nine companies, among them ...")
    + r"\b(?:(?!compan|partner|firm|licensee|customer|client)[^.;:()\n]){1,60}?"
    + r"(?:,[ \t]*(?:among\s+them|including|such\s+as|namely)\s+|:[ \t]*)"
    + _NAMES,
    needs=_PRODUCT_NEEDS,
)
_BRAND_LISTS = (_BRAND_LIST, _KIND_LIST, _NAMES_LIST, _BRAND_LIST_LATER)
_APPOSITIVE_BRAND = Gated(
    rf"\b({_NAME}),\s+(?:the\s+|a\s+|an\s+)?[A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){{0,3}}['’]s?\s+"
    r"(?:[\w\-]+\s+){0,3}?(?:brand|drug|medicine|therapy|vaccine|product|biosimilar|treatment|candidate)s?\b"
    r"(?!\s+(?:plants?|sites?|facilit(?:y|ies)|factor(?:y|ies)|makers?|manufactur\w*|compan(?:y|ies)|business|"
    r"units?|campus|division|developers?))",
    needs="' ’",
)
_MARKETS = Gated(
    rf"\b(?:markets|sells|commerciali[sz]es|launched|launches|distributes)[ \t]+"
    rf"((?:{_NAME})(?:®|™)?(?:\s*,\s*(?:and\s+)?(?:{_NAME})(?:®|™)?|\s+and\s+(?:{_NAME})(?:®|™)?)*)",
    needs="markets sells commerciali launche distributes",
)
# the names a product is sold or known by, after it: "semaglutide, marketed as Wegovy and Ozempic", "vibegron,
# which it sells as Gemtesa in the US", "tirzepatide, sold as Mounjaro and Zepbound", "CHS-0214, also known
# as ..."
_SOLD_AS = Gated(
    r"\b(?:marketed|sold|sells|branded|known|approved)"
    r"(?:\s+[a-z]+){0,3}?\s+as\s+"
    rf"((?:{_NAME})(?:®|™)?(?:(?:\s*,\s*|\s+(?:and|or)\s+)(?:as\s+)?(?:{_NAME})(?:®|™)?"
    r"|\s+(?:for|in)\s+(?:[a-z\-]+\s+){0,2}?[a-z\-]+(?=\s+and\s+as\b))*)",
    needs="marketed sold sells branded known approved",
)
# the product before "marketed as": "semaglutide, which it sells as", "CHS-0214, also known as"
_SOLD_PRODUCT = re.compile(
    r"\b([a-z]{5,}(?: [a-z]{4,})?|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?:®|™)?\s*,?\s*\(?"
    r"(?:which\s+(?:it\s+|is\s+|was\s+|are\s+)|that\s+(?:it\s+|is\s+)|and\s+is\s+|is\s+)?"
    r"(?:also\s+|now\s+|formerly\s+|previously\s+)?$"
)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# "Eisai's Leqembi", "Lilly's Kisunla": a capitalised word owned by a name is a product, when it is no
# place, no company and no facility or title
_OWNED_BRAND = Gated(
    rf"[A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){{0,3}}['’]s?\s+({_NAME})(?:®|™)?(?=[\s,.;:)]|$)",
    needs="' ’",
)
_NOT_BRAND_AFTER = re.compile(
    r"\s+(?:[A-Z]|plant|site|facility|campus|factory|headquarters|unit|subsidiary|division|business|CEO|chief|"
    r"president|chairman|founder|board|shares?|stock|(?:AI\s+|drug\s+discovery\s+)?(?:platform|technology|engine|"
    r"system|software|tool|programme|program)|"
    # what a target or a kind of medicine is named before: "AstraZeneca's PARP inhibitor olaparib", "Juno's
    # CAR-T programs"
    r"inhibitors?|antibod(?:y|ies)|agonists?|antagonists?|degraders?|modulators?|blockers?|candidates?|"
    r"programmes?|programs?|therap(?:y|ies)|cells?|assets?|pathway|receptors?|targets?)\b"
)
# "sales of Xyrem", "approval of Rolontis", "Xywav is approved": a name in a product's own context
_OF_PRODUCT = Gated(
    rf"\b(?:sales|approval|launch|label|commercialization|commercialisation|rights|royalties)\s+(?:of|for|to)\s+({_NAME})\b",
    needs="sales approval launch label commerciali rights royalties",
)
_PRODUCT_VERB = Gated(
    rf"\b({_NAME})(?:®|™)?\s+(?:is|was|has\s+been|are|were)\s+(?:already\s+|now\s+|currently\s+)?"
    r"(?:approved|marketed|sold|launched|indicated|prescribed)\b",
    needs="approved marketed sold launched indicated prescribed",
)
_MODIFIES_NOUN = re.compile(rf"\s+(?:{_PRODUCT_NOUNS}|{_KIND_NOUNS})\b")
_COORDINATED = re.compile(rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)({_NAME})\b")
_ORG_WORDS = re.compile(
    r"\b(?:Inc|Ltd|Co|Corp|AG|SA|SE|plc|GmbH|LLC|Pharma|Pharmaceuticals?|Therapeutics|Biologics|Biotech|Bio|"
    r"Bio[Pp]harma|Biopharmaceuticals?|Biosciences?|Biotherapeutics|Biotechnology|Healthcare|"
    r"Sciences|Holdings|Group|Laboratories|Labs|University|Institute|Hospital|Agency|Ministry|Foundation)\b"
)


# what a target's name follows: "antibodies directed against TIM-3 and LAG-3", "targeting CD-19"
_TARGETED = re.compile(
    r"\b(?:against|targeting|targets?|directed\s+(?:at|against|to)|binds?(?:\s+to)?|blocks?|inhibits?|"
    r"inhibiting)\s+(?:the\s+)?(?:[\w-]+(?:\s+and|\s+or|,)\s+)?$"
)
_INN_IN_BRACKETS = re.compile(r"\([a-z][a-z\- /]{4,60}\)")  # what every _BRAND_INN match ends with


@dataclass
class Product:
    key: str
    name: str
    aliases: set[str] = field(default_factory=set)
    modality: str | None = None
    indication: str | None = None
    variant: bool = False  # a brand's name with its form or strength after it ("Seroquel XR")


@dataclass(frozen=True, slots=True)
class ProductMention:
    start: int
    end: int
    key: str


Named = tuple[int, int, str, str | None, bool]  # start, end, name, alias, whether a taken span voids it


def names_by_form(text: str) -> list[Named]:
    """Product names found by their form alone (brand with INN, codes, INN stems, "X vaccine", "drug X"):
    found once per document, then filtered against the spans organisations and places take."""
    out: list[Named] = []
    folded = fold(text)
    for m in _BRAND_INN.finditer(text) if _INN_IN_BRACKETS.search(text) else ():
        if _is_inn(m.group(2)) and m.group(1) not in _STOP_NAMES:
            out.append((m.start(), m.end(), m.group(1), m.group(2), False))
    for m in _INN_BRAND.finditer(text, folded=folded):
        if _is_inn(m.group(1).split()[0]) and m.group(2) not in _STOP_NAMES:
            out.append((m.start(), m.end(), m.group(2), m.group(1), False))
    coded = []
    for m in _CODE.finditer(text):
        coded.append((m.start(), m.end()))
        if not _NOT_CODE.match(m.group(1)) and not _TARGETED.search(text, max(0, m.start() - 60), m.start()):
            out.append((m.start(), m.end(), m.group(1), None, True))
    for m in _CODE_SHAPE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in coded):
            continue
        if _code_shaped(m.group(1)) and not _TARGETED.search(text, max(0, m.start() - 60), m.start()):
            out.append((m.start(), m.end(), m.group(1), None, True))
    longer = [n.lower() for _, _, n, a, _ in out if " " in n] + [
        a.lower() for _, _, _, a, _ in out if a and " " in a
    ]
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word in _NOT_INN or not _is_stemmed(word):
            continue
        if any(text[m.start() : m.start() + len(f)].lower() == f for f in longer):
            continue
        second = _INN_SECOND_WORD.match(text, m.end())
        if second and (second.group(1) in _INN_SECOND or _is_stemmed(second.group(1))):
            # one drug, two words: "ciltacabtagene autoleucel", "candesartan cilexetil", "X vedotin"
            out.append((m.start(), second.end(), f"{word} {second.group(1)}", None, True))
            continue
        out.append((m.start(), m.end(), word, None, True))
    named = {n.lower() for _, _, n, _, _ in out} | {a.lower() for _, _, _, a, _ in out if a}
    for m in _DRUG_WORD.finditer(text):  # names a published table lists: "Wegovy", "XTANDI", "cariprazine"
        word = m.group()
        if word.islower() or word.lower() in named or not is_drug_word(word):
            continue
        if re.search(rf"\b{word.lower()}\b", text):
            continue  # a word the text also writes in lower case is not a brand ("Generics", "generics")
        out.append((m.start(), m.end(), word, None, True))
    for m in _CAPITAL_WORD.finditer(text):  # "Rivoceranib rights", "Pegfilgrastim (PEG-G-CSF) and Adalimumab"
        word = m.group()
        if _capital_inn(text, word, m.end()):
            out.append((m.start(), m.end(), word, None, True))
    for m in _VACCINE.finditer(text) if "accine" in text else ():
        if text[max(0, m.start() - 2) : m.start()].rstrip().endswith("&"):  # "the J&J vaccine", "Johnson &
            continue  # Johnson COVID-19 vaccine": no "J vaccine", no "Johnson COVID-19 vaccine"
        name = m.group(1).strip()
        start = m.start()
        article = re.match(r"(?:The|A|An|Its|Their)\s+", name)  # "The Moderna COVID-19 Vaccine"
        if article:
            name, start = name[article.end() :], start + article.end()
        first = name.split()[0]
        # "Moderna COVID-19 Vaccine" names one; "COVID-19 vaccine", "Indian vaccine", "Make X Vaccine" do not
        if (
            name[0].isupper()
            and len(name.split()) >= 2
            and first not in _GENERIC_VACCINE_WORDS
            and not demonym_country(first)
            and not first.islower()
        ):
            out.append((start, m.end(), name, None, False))
    for m in _DESCRIPTOR.finditer(text, folded=folded):
        name = m.group(1)
        owned = bool(
            re.search(r"(?:'s|’s|\bits)\s+(?:[\w\-]+\s+){0,4}$", text[max(0, m.start() - 50) : m.start()])
        )
        if (
            name not in _STOP_NAMES
            and not _ORG_WORDS.fullmatch(name)
            and (_named_like(name) or owned)
            and not introduced_as_company(text, name)  # "the second candidate PharmaMar has derived"
        ):
            out.append((m.start(1), m.end(1), name, None, True))  # not "ADC Biotechnology"
    for m in _BRAND_DESCRIBED.finditer(text) if "(" in text else ():  # "QDENGA (dengue tetravalent vaccine)"
        if m.group(1) not in _STOP_NAMES:
            out.append((m.start(1), m.end(1), m.group(1), None, False))
    for m in _APPOSITION.finditer(text, folded=folded):
        if m.group(1) not in _STOP_NAMES:
            out.append((m.start(1), m.end(1), m.group(1), None, True))
    for m in _APPOSITIVE_KIND.finditer(text, folded=folded):
        before = _NAME_BEFORE_COMMA.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        name = before.group(1)
        if _brand_like(name) and not _NOT_APPOSED.fullmatch(name.split()[0]):
            out.append((before.start(1), before.end(1), name, None, True))
    # "biosimilars Benepali, Imraldi and Flixabi": before companies
    for m in (m for pattern in _BRAND_LISTS for m in pattern.finditer(text, folded=folded)):
        start = m.start(1)
        parts = _LIST_SPLIT.split(m.group(1))
        bare = _BARE_COMMA.fullmatch(text, m.start(), start)
        if len(parts) == 1 and bare and not _CLOSED.match(text, m.end()):
            # "sterile injectables, Carlsson said": a bare comma introduces a list, not one name; one name
            # closed by a comma, a stop or a bracket is in apposition ("its lead candidate, QRV-101, is")
            continue
        for part in parts:
            name = _WHAT_IT_IS_RE.sub("", part.rstrip("®™").strip(), count=1)
            at = text.find(name, start)
            # one name alone may be a company's ("the medicines Asahi already sells")
            if _brand_like(name) and not introduced_as_company(text, name):
                out.append((at, at + len(name), name, None, len(parts) == 1))
    for m in _APPOSITIVE_BRAND.finditer(text, folded=folded):  # "Nicotinell, Haleon's leading NRT brand"
        if _brand_like(m.group(1)) and "-based" not in m.group(0):  # not "Burlington, Mass.-based ArQule's"
            out.append((m.start(1), m.end(1), m.group(1), None, False))
    found = {n.lower() for _, _, n, _, _ in out}
    for m in _SOLD_AS.finditer(text, folded=folded):  # "semaglutide, marketed as Wegovy and Ozempic"
        before = _SOLD_PRODUCT.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        product = before.group(1)
        if " " in product and product.split()[1] not in _INN_SECOND:  # "while tirzepatide, sold as ..."
            product = product.split()[1]
        if product.lower() not in found and not _is_inn(product):
            continue
        for part in re.split(r"\s*,\s*|\s+(?:and|or)\s+(?:as\s+)?|\s+(?:for|in)\s+", m.group(1)):
            name = part.rstrip("®™").strip()
            at = text.find(name, m.start(1))
            if name[:1].isupper() and (_brand_like(name) or _CODE.fullmatch(name)):
                out.append((at, at + len(name), product, name, False))
    for m in _MARKETS.finditer(text, folded=folded):  # "where it markets Xyrem and Xywav"
        if _FACILITY_AFTER.match(text, m.end(1)):  # "sells its Camden fill-finish plant"
            continue
        for part in _LIST_SPLIT.split(m.group(1)):
            name = part.rstrip("®™").strip()
            at = text.find(name, m.start(1))
            if _brand_like(name):
                out.append((at, at + len(name), name, None, True))
    return out


_BARE_COMMA = re.compile(r"\w+[ \t]*,[ \t]*")
_CLOSED = re.compile(r"\s*(?:[,;)]|\.(?!\w))|\s+\(")
_FACILITY_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+(?:plants?|sites?|facilit(?:y|ies)|factor(?:y|ies)|campus|units?|business|"
    r"operations|subsidiary|division)\b"
)


def find_products(
    text: str,
    org_spans: list[tuple[int, int]],
    brands: bool = True,
    owners: list[tuple[int, int]] | None = None,
    named: list[Named] | None = None,
) -> tuple[dict[str, Product], list[ProductMention]]:
    """Named products and their mentions (case-insensitive for INNs); ``named`` is what
    :func:`names_by_form` found, when already known.

    >>> prods, _ = find_products("Its inhibitor QINLOCK (ripretinib) and DB-1303 and lazertinib.", [])
    >>> sorted((p.name, sorted(p.aliases)) for p in prods.values())
    [('DB-1303', []), ('QINLOCK', ['ripretinib']), ('lazertinib', [])]
    """
    products: dict[str, Product] = {}
    spans: list[tuple[int, int, str]] = []
    taken = Intervals(org_spans)

    index: dict[str, str] = {}

    def add(name: str, alias: str | None = None) -> None:
        name = name.rstrip("®™").strip()  # "Entyvio®" is Entyvio
        key = index.get(name.lower()) or (index.get(alias.lower()) if alias else None) or name.lower()
        prod = products.setdefault(key, Product(key, name))
        for form in (name, alias):
            if form:
                index[form.lower()] = key
                if form.lower() != prod.name.lower():
                    prod.aliases.add(form)

    for start, end, name, alias, voidable in names_by_form(text) if named is None else named:
        if not (voidable and _inside(start, end, taken)):
            add(name, alias)
    if brands:  # by context: needs the organisations and places found, to tell a brand from a company
        for name in _brands(text, taken, owners or []):
            add(name)
        for name in _coordinated(text, index, taken):
            add(name)
        for name in _drug_by_context(text):
            add(name)
    for name in _variants(text, products, taken):
        add(name)
        products[index[name.lower()]].variant = True
    for key in list(products):
        longer = [k for k in products if k != key and k.endswith(" " + key)]
        if len(longer) == 1:
            products[longer[0]].aliases.add(products.pop(key).name)
    forms = {}
    for key, prod in products.items():
        for form in (prod.name, *prod.aliases):
            forms[form.lower()] = key
    if forms:
        pattern = re.compile(
            r"\b(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b", re.I
        )
        for m in pattern.finditer(text):
            if not _inside(m.start(), m.end(), taken):
                spans.append((m.start(), m.end(), forms[m.group(1).lower()]))
    merged = _merge_named_as_one(text, products, forms, spans)
    if merged:
        spans = [(s, e, merged.get(k, k)) for s, e, k in spans]
    by_key: dict[str, list[tuple[int, int, str]]] = {}
    for span in spans:
        by_key.setdefault(span[2], []).append(span)
    for prod in products.values():
        _describe(text, prod, by_key.get(prod.key, [])[:5])
    used = {k for _, _, k in spans} - _platforms_and_trials(text, by_key)
    kept = [ProductMention(s, e, k) for s, e, k in spans if k in used]
    return {k: p for k, p in products.items() if k in used}, kept


# a brand's form or strength written after its name makes another product: "Seroquel and Seroquel XR",
# "Gardasil and Gardasil 9", "TIMOPTIC PF", "Prevenar 13" (not a dose or a count: "Zelvora 40 mg", "Zelvora 12
# years after")
_VARIANT = re.compile(
    r"[ ](XR|XL|SR|ER|CR|LA|PF|SC|IV|XE|ODT|HCT|SDF|Plus|PLUS|Duo|DUO|Forte|FORTE|Retard|Depot|Quadrivalent|"
    r"Trivalent|Tetra|Podhaler|Respimat|Diskus|Ellipta|Turbuhaler|[1-9][0-9]?)(?![\w-]|\.\d|,\d|\s*(?:%|mg\b|"
    r"mcg\b|µg\b|g\b|ml\b|mL\b|IU\b|units?\b|doses?\b|vials?\b|per\b|million\b|billion\b|percent\b|"
    r"years?\b|months?\b|weeks?\b|days?\b|hours?\b|patients?\b|countries\b|markets\b|products\b|of\b|to\b|"
    r"and\s+\d|or\s+\d))"
)


def _variants(text: str, products: dict[str, Product], taken: Intervals) -> list[str]:
    """Names of a found brand with a form or strength after it ("Seroquel XR"): products of their own.
    Each form is searched on its own: one pattern of all forms would match "Velmora XR", when another rule
    found it already, and never see "Velmora" followed by "XR" (the variant then unmarked, read as a
    company)."""
    out = []
    for prod in products.values():
        for form in (prod.name, *prod.aliases):
            if not form[:1].isupper():
                continue
            for m in re.finditer(rf"\b{re.escape(form)}(?=[ ])", text):
                variant = _VARIANT.match(text, m.end())
                if variant and not _inside(m.start(), variant.end(), taken):
                    out.append(f"{form} {variant.group(1)}")
    return out


# what stands between two names of one product: "Engensis (VM202)", "vadadustat (formerly AKB-6548)",
# "TAK-438 (generic name: vonoprazan)", "NGM313, now called MK-3655", "MK-3655, an antibody previously
# called NGM-313", "Gemzar, whose active ingredient is gemcitabine", "Rolontis, which will be sold in the US
# under the brand name Rolvedon"; a list inside the brackets names it further ("toripalimab (JS001, Tuoyi)")
_SAME_PRODUCT = re.compile(
    r"[®™]?\)?\s*\(\s*(?:(?:formerly|previously|also|now|originally)(?:\s+(?:known\s+as|called|named|"
    r"designated))?\s+|(?:generic|brand|trade|code)\s+name:?\s+|INN:?\s+|code[- ]named\s+)?"
    r"|[®™]?\)?,\s+(?:(?:an?|the|its)\s+(?:[\w-]+\s+){0,4}?)?(?:(?:also|formerly|previously|then|now|originally)\s+"
    r"(?:known\s+as|called|named|referred\s+to\s+as|designated)|whose\s+active\s+(?:pharmaceutical\s+)?ingredient\s+"
    r"is|(?:which\s+(?:is|will\s+be)\s+)?(?:sold|marketed)\s+(?:in\s+(?:the\s+)?[\w.]+(?:\s[\w.]+)?\s+)?under\s+the\s+"
    r"(?:brand\s+|trade\s+)?names?)\s+(?:the\s+)?"
    # "orlistat, the active ingredient of Roche's obesity drug Xenical"
    r"|(?:,\s+|\s+is\s+)the\s+active\s+(?:pharmaceutical\s+)?ingredient\s+(?:of|in)\s+(?:[\w'’-]+\s+){0,5}?"
)
_IN_SAME_BRACKETS = re.compile(r"[®™]?\s*[,;/]\s*")  # "(MK-5684/ODM-208)"
# the product named last given another name: "Vitalli ... has renamed the drug VIT-801", "Arcus will refer to
# the antibody as AB122", "Niraparib went on sale in April under the brand name ZEJULA", "known as CLN-081 at
# Cullinan and TAS6417 at Taiho"
_RENAMED = re.compile(
    r"[\s\S]{0,400}?\b(?:(?:has\s+|have\s+|was\s+|been\s+)?re-?named(?:\s+(?:it|the\s+(?:[\w-]+\s+){0,3}?[\w-]+))?|"
    r"refers?\s+to\s+(?:it|the\s+(?:[\w-]+\s+){0,3}?[\w-]+)|renaming\s+(?:it|the\s+(?:[\w-]+\s+){0,3}?[\w-]+))"
    r"\s+(?:as\s+|to\s+)?"
    r"|[^;.]{0,100}?\bunder\s+the\s+(?:brand|trade)\s+names?\s+"
    r"|\s+at\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*)?\s+and\s+"
)
_CODE_PAIR = re.compile(r"\s*/\s*")  # "CLN-081/TAS6417": two codes of one compound
# salt and ester words ("remogliflozin etabonate" is remogliflozin), and the suffix US names of biologics
# carry ("epcoritamab-bysp", "remestemcel-L")
_SALTS = (
    "fumarate|etabonate|sulfate|sulphate|hydrochloride|mesylate|maleate|tartrate|citrate|acetate|besylate|"
    "bromide|succinate|phosphate|sodium|potassium|disodium|hexahydrate|hydrobromide|tosylate"
)
# a name inside a longer hyphenated word ("remestemcel" of "remestemcel-L") links to nothing
_NAME_GOES_ON = re.compile(r"[\w-]")
_BASE_FORM = re.compile(rf"([a-z]{{5,}})(?:(?:\s(?:{_SALTS}))+|-[a-z]{{4}}|-l)")


def _merge_named_as_one(
    text: str, products: dict[str, Product], forms: dict[str, str], spans: list[tuple[int, int, str]]
) -> dict[str, str]:
    """Products the text says are one (a name in brackets after another, "formerly", "also known as", "whose
    active ingredient is", "sold under the brand name", or an INN with its salt) become one product: the
    first name stays, the others are its aliases. ``forms``: each name (lower case) -> its product;
    ``spans``: the products' mentions in text order. Returns each merged product -> the one it joined.

    >>> prods = {k: Product(k, n) for k, n in (("engensis", "Engensis"), ("vm202", "VM202"))}
    >>> _merge_named_as_one("its treatment Engensis (VM202) in the US", prods,
    ...                     {"engensis": "engensis", "vm202": "vm202"},
    ...                     [(14, 22, "engensis"), (24, 29, "vm202")])
    {'vm202': 'engensis'}
    >>> [(p.name, sorted(p.aliases)) for p in prods.values()]
    [('Engensis', ['VM202'])]
    """
    if len(products) < 2:
        return {}
    into: dict[str, str] = {}

    def root(key: str) -> str:
        while key in into:
            key = into[key]
        return key

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            into[b] = a

    for key, prod in products.items():  # "remogliflozin etabonate" and "remogliflozin"
        for form in (prod.name, *prod.aliases):
            base = _BASE_FORM.fullmatch(form.lower())
            if base and base.group(1) in forms:
                join(forms[base.group(1)], key)
    whole = [
        (start, end, key)
        for start, end, key in spans
        if not _NAME_GOES_ON.match(text, end) and not (start and _NAME_GOES_ON.match(text, start - 1))
    ]
    bracketed = False  # whether the last link opened brackets the next names may continue
    for (a_start, a_end, a), (b_start, _, b) in pairwise(whole):
        gap = text[a_end:b_start]
        link = _SAME_PRODUCT.fullmatch(gap)
        listed = bracketed and _IN_SAME_BRACKETS.fullmatch(gap)
        renamed = (
            ("name" in gap or "refer" in gap or gap.startswith(" at "))  # before the pattern: most gaps fail
            and _RENAMED.fullmatch(gap)
            and (not gap.startswith(" at ") or text.endswith("known as ", 0, a_start))
        )
        codes = _CODE_PAIR.fullmatch(gap) and all(any(c.isdigit() for c in k) for k in (a, b))
        if link or listed or renamed or codes:
            join(a, b)
        bracketed = bool((link and "(" in gap) or listed)
    merged = {key: root(key) for key in into}
    for key, survivor in merged.items():
        prod = products.pop(key)
        products[survivor].aliases |= {prod.name, *prod.aliases} - {products[survivor].name}
    return merged


# what follows the name of a technology or a clinical trial, not a product: "its Azymetric bispecific
# platform", "BrainTransporter technology", "(DITAC) platform", "HERIZON-BTC-01, a Phase 2b trial"
_NOT_PRODUCT_AFTER = re.compile(
    r"\)?(?:\s+[a-z][\w-]*){0,3}\s+(?:platforms?|technology|technologies|engine|linker|database)\b"
    r"|,\s+(?:an?|the)\s+(?:[\w/-]+\s+){0,4}(?:trial|study)\b|\s+(?:trial|study)\b"
)
# what a trial's other mentions say of it: "After the KEYNOTE-181 results are available", "Top-line data from
# KEYNOTE-181" (said of a product too: counted only for a name called a trial once)
_RESULTS_AFTER = re.compile(r"\s+(?:top-?line\s+)?(?:results|data|readouts?)\b")
_RESULTS_BEFORE = re.compile(r"\b(?:data|results|readouts?)\s+(?:from|of|in)\s+(?:the\s+)?$", re.I)


# a drug's name in lower case that no INN stem ends, where the text says it is a drug: "its investigational
# drug seladelpar", "to develop and commercialize evenamide in Japan", "seladelpar (MBX-8025)"
_DRUG_CONTEXT = Gated(
    r"\b(?:investigational|experimental|lead)\s+(?:drug|compound|candidate|therapy|molecule|treatment|product)\s+"
    r"(?P<a>[a-z][a-z-]{5,})\b"
    r"|\b(?:develop|commerciali[sz]e|market|manufacture)(?:,?\s+(?:and\s+)?(?:develop|commerciali[sz]e|market|"
    r"manufacture|sell))+\s+(?P<b>[a-z][a-z-]{5,})\s+(?:in|for|outside|across|worldwide|globally)\b"
    r"|\b(?P<c>[a-z][a-z-]{5,})\s+\((?:[A-Z]{2,5}[- ]?\d{2,6}|formerly\s+[A-Z]{2,5}[- ]?\d{2,6})\)",
    needs="investigational experimental lead develop commerciali market manufacture (",
)
_NOT_DRUG_WORD = re.compile(
    r"(?:s|ing|ed|ly|tion|ment|ness|ity|ive|al|able|ary|ics|ogy|ure|er|or)$|^(?:therapy|vaccine|medicine|"
    r"candidate|compound|product|molecule|antibody|biosimilar|platform|portfolio|treatment)"
)


_FUNCTION_WORDS = frozenset(
    "through behind across around beyond within without together further toward towards alongside against "
    "between outside inside either neither another whether".split()
)


def _drug_by_context(text: str) -> list[str]:
    """Lower-case drug names the text calls drugs (names no INN stem ends: "seladelpar", "evenamide").

    >>> _drug_by_context("to develop and market evenamide in Japan; its investigational drug seladelpar")
    ['evenamide', 'seladelpar']
    >>> _drug_by_context("to develop and commercialize innovative therapies in Japan")
    []
    """
    out = []
    for m in _DRUG_CONTEXT.finditer(text, folded=fold(text)):
        name = m.group("a") or m.group("b") or m.group("c")
        if not _NOT_DRUG_WORD.search(name) and name not in _FUNCTION_WORDS and name not in out:
            out.append(name)
    return out


def _platforms_and_trials(text: str, by_key: dict[str, list[tuple[int, int, str]]]) -> set[str]:
    """The names that, in most of their mentions, name a technology platform or a clinical trial.

    >>> t = "built on its Azymetric bispecific platform; the Azymetric platform; drug ZW-25"
    >>> _platforms_and_trials(t, {"a": [(13, 22, "a"), (50, 59, "a")], "z": [(75, 80, "z")]})
    {'a'}
    """
    out = set()
    for key, mentions in by_key.items():
        said = sum(bool(_NOT_PRODUCT_AFTER.match(text, e)) for _, e, _ in mentions)
        if said:
            said += sum(
                bool(_RESULTS_AFTER.match(text, e) or _RESULTS_BEFORE.search(text, max(0, s - 30), s))
                for s, e, _ in mentions
            )
        if said and 2 * said >= len(mentions):
            out.add(key)
    return out


def _brands(text: str, taken: Intervals, owners: list[tuple[int, int]]) -> list[str]:
    """Brand names by context: listed after a product noun, owned by a company ("Eisai's Leqembi"),
    "sales of X", "X is approved"."""
    out = []
    owner_ends = {b for _, b in owners}
    folded = fold(text)
    for m in _OWNED_BRAND.finditer(text, folded=folded):
        name = m.group(1)
        owner_end = (
            m.start(1) - len(text[: m.start(1)]) + len(text[: m.start(1)].rstrip().rstrip("s").rstrip("'’"))
        )
        if owner_end not in owner_ends:
            continue
        if (
            _brand_like(name)
            and " " not in name
            and not _NOT_BRAND_AFTER.match(text, m.end(1))
            and not _inside(m.start(1), m.end(1), taken)
            and not _SITE_OR_ROLE.match(name)
        ):
            out.append(name)
    for pattern in (_OF_PRODUCT, _PRODUCT_VERB):
        for m in pattern.finditer(text, folded=folded):
            name = m.group(1)
            possessive = (
                text[m.end(1) : m.end(1) + 2] in ("'s", "’s") or text[m.end(1) : m.end(1) + 1] in "'’"
            )
            modifier = _MODIFIES_NOUN.match(text, m.end(1))  # "rights to COPD inhalers Eklira and Duaklir"
            if _brand_like(name) and not (possessive or modifier or _inside(m.start(1), m.end(1), taken)):
                out.append(name)
    return out


_SITE_OR_ROLE = re.compile(
    r"(?:Plant|Site|Facility|Campus|Factory|Center|Centre|Hub|Park|Headquarters|Board|Chairman|Chief|President|"
    r"CEO|CFO|COO|Group|Unit|Division|Business|Annual|Quarterly|Fiscal|First|Second|Third|Fourth|New|Global|"
    r"Phase|Series|Class|Type|Form|Series|Investor|Capital|Fund|Ventures|Partners|University|Institute)\b"
)


def _coordinated(text: str, index: dict[str, str], taken: Intervals) -> list[str]:
    """Names coordinated with a known product are products too: "Xyrem and Xywav"."""
    if not index:
        return []
    out = []
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(f) for f in sorted(index, key=len, reverse=True)) + r")\b", re.I
    )
    for m in pattern.finditer(text):
        out += [name for _, _, name in _listed_after(text, m.end(), taken)]
    return out


def names_listed_after(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of one-word names listed after products and said nowhere else in the text ("Alvesco,
    Omnaris and Zetonna"): products, not organisations (a company named there is named again elsewhere)."""
    none = Intervals([])
    listed = [(s, e, name) for _, end in spans for s, e, name in _listed_after(text, end, none)]
    return [(s, e) for s, e, name in listed if " " not in name and len(_whole_word(name).findall(text)) == 1]


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def _listed_after(text: str, end: int, taken: Intervals) -> Iterator[tuple[int, int, str]]:
    nxt = _COORDINATED.match(text, end)
    while nxt:
        name = nxt.group(1)
        owner = text[nxt.end(1) : nxt.end(1) + 2] in ("'s", "’s")  # "X and Halvera's HLV-2"
        if owner or not _brand_like(name) or _inside(nxt.start(1), nxt.end(1), taken):
            break
        yield nxt.start(1), nxt.end(1), name
        nxt = _COORDINATED.match(text, nxt.end(1))


def _brand_like(name: str) -> bool:
    words = name.split()
    if re.search(r"-[a-z]{3,}", name):  # "Nasdaq-listed", "HER2-targeted": an adjective, not a brand
        return False
    if not words or words[0] in _STOP_NAMES or words[-1] in _STOP_NAMES or _ORG_WORDS.search(name):
        return False
    if words[0] in _GENERIC_VACCINE_WORDS:  # "COVID-19", "Influenza": diseases, not brands
        return False
    if len(name) < 4 or (name.isupper() and len(name) <= 3) or lookup(name) is not None:
        return False
    if demonym_country(words[0]) or country_of(name) or places_index().starts_phrase(words[-1]):
        return False  # "European", "Tokyo", "Hong" (Kong)
    return not any(w in _STOP_NAMES for w in words)


def _is_inn(words: str) -> bool:
    """Whether a word (or one word of a phrase: "fam-trastuzumab deruxtecan-nxki", "ezetimibe/simvastatin")
    is an INN."""
    for w in re.split(r"[\s\-/]+", words.lower().strip()):
        if len(w) > 4 and w not in _NOT_INN and (_is_stemmed(w) or is_drug_word(w)):
            return True
    return False


def _named_like(name: str) -> bool:
    return (name.isupper() and len(name) >= 4) or bool(re.search(r"[a-z][A-Z]|\d", name))


def _inside(s: int, e: int, spans: Intervals) -> bool:
    return spans.contains(s, e)


def _describe(text: str, prod: Product, spans: list[tuple[int, int, str]]) -> None:
    for s, e, key in spans:
        if key != prod.key:
            continue
        window = text[max(0, s - 80) : e + 120]
        if prod.modality is None:
            m = _MODALITY.search(window)
            prod.modality = m.group(1) if m else None
        if prod.indication is None:
            m = _INDICATION.search(text, e, min(len(text), e + 120))
            prod.indication = m.group(1) if m else None


_SAME_PHRASE = re.compile(r"(?:\s+[a-z][\w\-]*){1,3}\s+")
_OWNER_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:sold|marketed|developed|made|commercialized|co-developed|owned)\s+by\s+"
)
_DEVELOP_CUE = re.compile(
    r"\b(?:develop\w*|candidate|trial|pipeline|portfolio|inhibitor|approved|drug|therapy|therapies|results|evaluat\w*|"
    r"program|medicine|vaccine|asset|compound|study|studies|treatment|designation)\b",
    re.I,
)


def find_owners(
    text: str,
    sentences: Sequence[Any],
    refs: Sequence[Any],
    mentions: list[ProductMention],
    salience: Sequence[str | None],
    org_forms: dict[str, set[str]],
) -> list[tuple[str, str, int]]:
    """(org key, product key, sentence index): possessives ("ONO's Opdivo", "its drug X"), "sold by A and B",
    names that start with a company name, and the subject of a sentence about the product."""
    out: list[tuple[str, str, int]] = []
    cued: dict[int, bool] = {}  # per sentence: does it talk about developing a product?
    for pm in mentions:
        idx = next((i for i, s in enumerate(sentences) if s.start <= pm.start < s.end), None)
        if idx is None or sentences[idx].section == "boilerplate":
            continue
        sent, own = sentences[idx], [r for r in refs[idx] if not r.excluded and r.key != "*both*"]
        every = [r for r in refs[idx] if r.key != "*both*"]
        before = text[max(sent.start, pm.start - 90) : pm.start]
        between_products = [
            m
            for m in mentions
            if sent.start <= m.start < pm.start
            and m.key != pm.key
            and pm.start - m.end < 60
            and not _SAME_PHRASE.fullmatch(text, m.end, pm.start)  # "X's trastuzumab biosimilar KB-0402"
        ]
        poss = [  # a possessive names the owner whatever part it plays: "compete with AstraZeneca's Tagrisso"
            r
            for r in every
            if r.end <= pm.start
            and pm.start - r.end < 90
            and (
                (text[r.end : r.end + 2] in ("'s", "’s") or text[r.end - 1 : r.end + 1] in ("s'", "s’"))
                or text[r.start : r.end].lower() in ("its", "their")
            )
        ]
        if poss and not between_products:
            out.append((poss[-1].key, pm.key, idx))
            continue
        appos = [
            r
            for r in every
            if 0 <= r.start - pm.end <= 8
            and re.match(r",\s*(?:the\s+)?$", text[pm.end : r.start])
            and (text[r.end : r.end + 2] in ("'s", "’s") or text[r.end - 1 : r.end + 1] in ("s'", "s’"))
        ]
        if appos:
            out.append((appos[0].key, pm.key, idx))
            continue
        after = _OWNER_AFTER.match(text[pm.end : min(sent.end, pm.end + 200)])
        if after:
            start = pm.end + after.end()
            for r in own:
                if start <= r.start < start + 60:
                    out.append((r.key, pm.key, idx))
            continue
        name = text[pm.start : pm.end]
        starting = [k for k, forms in org_forms.items() if any(name.startswith(f + " ") for f in forms)]
        if starting:
            out.append((starting[0], pm.key, idx))
            continue
        if idx not in cued:
            cued[idx] = bool(_DEVELOP_CUE.search(sent.text))
        if cued[idx] and not between_products and "compet" not in before:
            prior = [r for r in own if r.end <= pm.start]
            if prior:
                out.append((prior[-1].key, pm.key, idx))
            elif not own and (salient := salience[idx]):
                out.append((salient, pm.key, idx))
    return out

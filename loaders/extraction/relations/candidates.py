"""Relation candidates: every plausible (subject, relation, object) of a document, with the features of all
the places the two are mentioned together (and of the entities themselves), ready to be scored.

Relations scored here (``RELATIONS``): ``develops`` (organisation, product), ``operates`` (organisation,
site), ``headquartered_in`` (organisation, country), ``starts_operations`` (site, year), ``acquires_site``
(organisation, site), ``acquires`` (organisation, organisation) and ``deal`` (an agreement between two
organisations, unordered).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.extraction.annotate.orgs import country_in_name
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.relations.features import Mention, SentenceView, pair_features
from loaders.extraction.relations.votes import negated, votes

__all__ = ["RELATIONS", "Candidate", "candidates"]

RELATIONS = (
    "develops",
    "operates",
    "headquartered_in",
    "starts_operations",
    "acquires_site",
    "acquires",
    "deal",
)
_DEAL_FAMILIES = ("deal.", "acq.", "lic.", "svc.", "collab.", "invest.", "option.")
_AROUND = ("btw:", "pre:", "post:")  # the features that say which cue families stand around a pair
_DEAL_CUED = tuple(place + family for place in _AROUND for family in _DEAL_FAMILIES)
_ACQ_CUED = tuple(place + "acq." for place in _AROUND)


@dataclass
class Candidate:
    relation: str
    subject: str
    object: str
    features: dict[str, float] = field(default_factory=dict)
    # sentence index -> the features of the mention pairs found there (for evidence and explanations)
    sentences: dict[int, set[str]] = field(default_factory=dict)
    score: float = 0.0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.relation, self.subject, self.object)


class _Pool:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], Candidate] = {}

    def add(self, relation: str, subject: str, obj: str, index: int, feats: set[str]) -> None:
        key = (relation, subject, obj)
        cand = self.items.get(key)
        if cand is None:
            cand = self.items[key] = Candidate(relation, subject, obj)
        cand.sentences.setdefault(index, set()).update(feats)


def candidates(doc: AnnotatedDoc) -> list[Candidate]:
    """All candidates of the document, features aggregated over their mention pairs, in a stable order."""
    pool = _Pool()
    last_sites: list[Mention] = []
    announced = _announced_year(doc)
    text = doc.text
    for index, sent in enumerate(doc.sentences):
        if sent.section == "boilerplate":
            continue
        view = SentenceView(doc, index)
        orgs = view.refs
        hq_cued = any((c.value or "").startswith("hq.") for c in view.cues)
        for org in orgs:
            for product in near(view.products, org):
                pool.add("develops", org.key, product.key, index, pair_features(view, org, product))
            for site in near(view.sites, org):
                feats = pair_features(view, org, site)
                pool.add("operates", org.key, site.key, index, feats)
                if _any_family(feats, _ACQ_CUED):
                    pool.add("acquires_site", org.key, site.key, index, feats)
            for place in near(view.places, org):
                # a headquarters is stated close by, with a word for it, or as "X-based" / "the Danish ..."
                close = abs(view.token(place.start) - view.token(org.start)) <= 12
                said = hq_cued or place.source == "places:demonym" or place.form.endswith("-based")
                if not (close or said):
                    continue
                if place.start >= org.end or place.end <= org.start or place.source == "places:demonym":
                    feats = (
                        pair_features(view, org, place)
                        | _place_features(view, place)
                        | _hq_features(view, org, place)
                    )
                    pool.add("headquartered_in", org.key, place.key, index, feats)
        for a in orgs:
            for b in near(orgs, a):
                if a.key == b.key or b.start <= a.start:
                    continue
                feats = pair_features(view, a, b)
                if _any_family(feats, _DEAL_CUED) or view.both:
                    first, second = sorted((a.key, b.key))
                    pool.add("deal", first, second, index, _unordered(feats))
                if _any_family(feats, _ACQ_CUED):
                    # "it bought a Pfizer sterile drug facility": a company named before a plant sells the
                    # plant, it is not what is bought
                    owns_a, owns_b = (_site_owner(text, m) for m in (a, b))
                    pool.add("acquires", a.key, b.key, index, feats | owns_b)
                    pool.add("acquires", b.key, a.key, index, _swap(feats) | owns_a)
        _cross_sentence(pool, view, index)
        verbs = _opening_verbs(view) if view.sites and not view.years and announced else []
        if verbs and announced:
            # "BeiGene opens its flagship facility in Hopewell": an opening reported now starts this year
            families = {f"sent:{c.value}" for c in view.cues}
            for site in view.sites:
                feats = {"yr:implicit", f"sec:{view.sent.section}", *families}
                feats |= _opening_features(view, site, verbs)
                pool.add("starts_operations", site.key, announced, index, feats)
        sites = view.sites or ([] if not _starts_here(view) else last_sites)
        for site in sites:
            here = site in view.sites
            # a site of an earlier sentence stands where this one starts: "It opened in 1966", "Production is
            # scheduled to begin in early 2019" read as if the site were their subject
            start = view.sent.start
            at = site if here else Mention(start, start, "site", site.key, False, "", "xsent")
            for year in near(view.years, site) if here else view.years[:4]:
                feats = pair_features(view, at, year) | (set() if here else {"xsent"})
                pool.add("starts_operations", site.key, year.key, index, feats | _year_features(doc, year))
        if view.sites:
            last_sites = view.sites[-1:]
    for relation, subject, obj, index, rule in votes(doc):
        pool.add(relation, subject, obj, index, {f"vote:{rule}"})
    for cand in pool.items.values():
        if cand.relation == "deal" and any(negated(doc, i) for i in cand.sentences):
            cand.sentences[min(cand.sentences)].add("vote:negated")
    _year_of_another_site(pool)
    _no_deal_within_group(doc, pool)
    registered = _registry_headquarters(doc, pool)
    by_name = _named_headquarters(doc, pool, registered)
    out = list(pool.items.values())
    context = _Context(doc)
    for cand in out:
        cand.features = _aggregate(doc, cand, context)
        if cand.relation == "headquartered_in" and registered.get(cand.subject) == cand.object:
            cand.features["reg:hq"] = 1.0  # the registry has it there (features say what the text adds)
        if cand.relation == "headquartered_in" and by_name.get(cand.subject) == cand.object:
            cand.features["name:hq"] = 1.0  # its name says where it is ("Suzhou Kintor", "Korea Investment")
    return out


def _no_deal_within_group(doc: AnnotatedDoc, pool: _Pool) -> None:
    """A company and the one of its name with a place in brackets ("Tessaline Limited", "Tessaline (EU)
    Limited") are parent and subsidiary: what one signs, the group signs; no deal between them."""
    parent = {k: p for k, e in doc.entities.items() if (p := getattr(e, "split_from", None))}
    if not parent:
        return
    for key, cand in list(pool.items.items()):
        pair = {cand.subject, cand.object}
        if cand.relation == "deal" and {parent.get(k) for k in pair} & pair:
            del pool.items[key]


def _registry_headquarters(doc: AnnotatedDoc, pool: _Pool) -> dict[str, str]:
    """Organisation -> the country the company registry has it in; each such organisation named in the text
    is a ``headquartered_in`` candidate there (evidence: the first sentence naming it), whether or not the
    text says where it is: announcements often leave a well-known company's home unsaid, or say it in words
    no pattern reads."""
    out: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, refs in enumerate(doc.refs or []):
        if doc.sentences[i].section != "boilerplate":
            for r in refs:
                if r.explicit and not r.excluded:
                    first.setdefault(r.key, i)
    for key, entity in doc.entities.items():
        company = getattr(entity, "company", None)
        if company is None or not company.country or key not in first:
            continue
        out[key] = company.country
        pool.items.setdefault(
            ("headquartered_in", key, company.country),
            Candidate("headquartered_in", key, company.country, sentences={first[key]: set()}),
        )
    return out


def _named_headquarters(doc: AnnotatedDoc, pool: _Pool, registered: dict[str, str]) -> dict[str, str]:
    """Organisation -> the country its name gives (:func:`country_in_name`), for those the registry does not
    place; each a ``headquartered_in`` candidate there, with the first sentence naming it."""
    out: dict[str, str] = {}
    for i, refs in enumerate(doc.refs or []):
        if doc.sentences[i].section == "boilerplate":
            continue
        for r in refs:
            entity = doc.entities.get(r.key)
            if not r.explicit or r.excluded or r.key in registered or r.key in out or entity is None:
                continue
            # as written here ("Quorra Medicines (Beijing) Co., Ltd.") or as named
            country = country_in_name(doc.text[r.start : r.end]) or country_in_name(
                getattr(entity, "name", "")
            )
            if country:
                out[r.key] = country
                pool.items.setdefault(
                    ("headquartered_in", r.key, country),
                    Candidate("headquartered_in", r.key, country, sentences={i: set()}),
                )
    return out


class _Context:
    """What entity features need from the whole document, computed once."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        self.in_title = {
            r.key for i, s in enumerate(doc.sentences) if s.section == "title" for r in doc.refs[i]
        }
        self.sentences_of: dict[str, list[int]] = {}
        for label in ("PRODUCT", "SITE"):
            for span in doc.spans(label):
                i = doc.sentence_index(span.start)
                if i is not None and span.value:
                    self.sentences_of.setdefault(span.value, []).append(i)
        self.abouts = sorted({s.about for s in doc.sentences if s.section == "about" and s.about})
        self.dateline_country = _dateline_country(doc)
        self.possessors = _possessors(doc)
        self.references = _references(doc)


WINDOW = 400  # characters: mentions farther apart inside one sentence are not paired (bounds the work on
# run-on text to linear; real sentences are shorter)


def near(mentions: list[Mention], m: Mention) -> list[Mention]:
    """The mentions (sorted by start) that start within ``WINDOW`` characters of ``m``."""
    lo = bisect_left(mentions, m.start - WINDOW, key=_start)
    hi = bisect_right(mentions, m.end + WINDOW, key=_start)
    return mentions[lo:hi]


# a product a biosimilar copies: "a biosimilar to Stelara", "biosimilar of Humira", "Eylea biosimilar",
# "which references Prolia"
_REFERENCE_BEFORE = re.compile(
    r"\bbiosimilars?\s+(?:candidates?\s+|versions?\s+)?(?:to|of|for|referencing|referenc\w+)\s+(?:the\s+)?"
    r"(?:[\w\-]+\s+){0,2}$|\breference\s+(?:products?|drugs?|medicines?|biologics?)\s+(?:\w+\s+){0,2}$|"
    # "HLX14, which references Prolia", "one referencing Xgeva", "a candidate referenced to Eylea"
    r"\breferenc(?:es|ing|ed)\s+(?:to\s+)?(?:the\s+)?(?:[\w\-]+\s+)?$",
    re.I,
)
_REFERENCE_AFTER = re.compile(r"(?:®|™)?\s*\(?[\w\-]*\)?\s*biosimilars?\b", re.I)


def _references(doc: AnnotatedDoc) -> set[str]:
    """Products the text names as what a biosimilar copies."""
    out = set()
    for span in doc.spans("PRODUCT"):
        before = doc.text[max(0, span.start - 60) : span.start]
        if span.value and (
            _REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.match(doc.text, span.end, span.end + 30)
        ):
            out.add(span.value)
    return out


_OWNS_SITE = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,4}?(?:plant|site|facility|factory|campus|manufacturing\s+unit|production\s+unit|"
    r"centre|center)s?\b"
)


def _site_owner(text: str, m: Mention) -> set[str]:
    return {"o:site_owner"} if _OWNS_SITE.match(text, m.end) else set()


def _start(m: Mention) -> int:
    return m.start


def _cross_sentence(pool: _Pool, view: SentenceView, index: int) -> None:
    """A product or site in a sentence naming no organisation belongs, perhaps, to the one it is about."""
    if any(m.source != "excluded" for m in view.refs) or not view.salient:
        return
    families = {f"sent:{c.value}" for c in view.cues}
    feats = {"xsent", f"sec:{view.sent.section}", *families}
    for product in view.products:
        pool.add("develops", view.salient, product.key, index, feats)
    for site in view.sites:
        pool.add("operates", view.salient, site.key, index, feats)
    # "... to acquire a portfolio of 18 Takeda products. That portfolio includes the painkiller Neosaldina":
    # the products of a sentence naming no organisation are perhaps those of the company whose products the
    # sentence before spoke of
    for owner in _product_owners(view.doc, index - 1) if view.products and index else ():
        for product in view.products:
            pool.add("develops", owner, product.key, index, feats | {"xsent:owner_np"})
    # "... the China rights to two immunotherapies from Agenus. The candidates are A and B": or of another
    # company the sentence before names, the licensor or seller as often as the one the text is about
    for owner, role in _previous_orgs(view.doc, index - 1) if view.products and index else ():
        for product in view.products:
            pool.add("develops", owner, product.key, index, feats | {"xsent:prev", f"xsent:prev_{role}"})
    # "Takeda has licensed Neurocrine seven programs. The three in the clinic are:\n- TAK-831, a ...": an item
    # of a list that opens with a product speaks of a product of the companies named before the list
    if view.products and _LIST_ITEM.match(view.doc.text, view.sent.start, view.sent.end):
        head = min(view.products, key=lambda m: m.start).key
        for owner in _list_owners(view.doc, index):
            pool.add("develops", owner, head, index, feats | {"xsent:list_item"})


_OWNER_NP = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:products?|brands?|medicines?|drugs?|portfolio|pipeline|candidates?|"
    r"assets?|franchises?|treatments?|vaccines?)\b"
)


def _year_of_another_site(pool: _Pool) -> None:
    """ "the Syracuse Bio Campus in the US and the Songdo Bio Campus in Korea, which is scheduled to begin
    operations in 2027": a year the start-year rule gives to one site of a sentence is no other site's there
    (a clause that says when a site starts has one antecedent); a candidate left with no sentence goes."""
    voted: dict[tuple[str, int], set[str]] = {}  # (year, sentence) -> the sites the rule gives it
    for cand in pool.items.values():
        if cand.relation == "starts_operations":
            for i, feats in cand.sentences.items():
                if "vote:start_year" in feats:
                    voted.setdefault((cand.object, i), set()).add(cand.subject)
    for key, cand in list(pool.items.items()):
        if cand.relation != "starts_operations":
            continue
        for i in [i for i, feats in cand.sentences.items() if "vote:start_year" not in feats]:
            if voted.get((cand.object, i), {cand.subject}) - {cand.subject}:
                del cand.sentences[i]
        if not cand.sentences:
            del pool.items[key]


_LIST_ITEM = re.compile(r"[ \t]*[-•*–][ \t]+")


def _list_owners(doc: AnnotatedDoc, index: int) -> list[str]:
    """The organisations the last sentences before a list name (those of the list's items and of a heading
    naming none, like "The four compounds are:", are passed over)."""
    text, passed = doc.text, 0
    for i in range(index - 1, max(-1, index - 12), -1):
        sent = doc.sentences[i]
        if sent.section in ("boilerplate", "title") or passed > 2:
            break
        if _LIST_ITEM.match(text, sent.start, sent.end):
            continue
        owners = [r.key for r in doc.refs[i] if r.explicit and not r.excluded]
        if owners:
            return list(dict.fromkeys(owners))
        passed += 1
    return []


def _product_owners(doc: AnnotatedDoc, index: int) -> list[str]:
    """The organisations a sentence names right before a noun for their products ("18 Takeda products",
    "EUSA's products", "Menarini's brands")."""
    if index < 0 or doc.sentences[index].section == "boilerplate":
        return []
    text, refs = doc.text, doc.refs[index]
    owners = (r.key for r in refs if r.explicit and not r.excluded and _OWNER_NP.match(text, r.end))
    return list(dict.fromkeys(owners))


def _previous_orgs(doc: AnnotatedDoc, index: int) -> list[tuple[str, str]]:
    """The organisations a sentence names, each with how it is named: "poss" ("Avidity's programs"), "from"
    (rights "from Agenus"), "to" (licensed "to EverInsight") or "other"."""
    if index < 0 or doc.sentences[index].section in ("boilerplate", "about"):
        return []
    text, out = doc.text, {}
    for ref in doc.refs[index]:
        if not ref.explicit or ref.excluded or ref.key in out:
            continue
        before = text[max(0, ref.start - 6) : ref.start].lower()
        role = next((word for word in ("from", "to") if before.endswith(word + " ")), "other")
        out[ref.key] = "poss" if text[ref.end : ref.end + 2] in ("'s", "’s") else role
    return list(out.items())


_OPENING = re.compile(
    r"\b(?:opens?|opened|opening|inaugurat\w*|began|begun|begins|started|starts|commenced|commences|"
    r"launch(?:es|ed)?|unveil(?:s|ed)?|celebrat\w*|complet\w*|operational|(?:is|are|now)\s+(?:up\s+and\s+)?running)\b",
    re.I,
)


_OPEN_VERBS = (  # the kind of opening a verb reports, by its first letters
    ("open", "open"), ("inaugurat", "open"), ("unveil", "open"), ("celebrat", "open"), ("began", "begin"),
    ("begun", "begin"), ("begin", "begin"), ("start", "begin"), ("commenc", "begin"), ("complet", "complete"),
    ("launch", "launch"),
)  # fmt: skip
_NOW = re.compile(r"\b(?:today|this\s+week|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b", re.I)
_PERFECT = re.compile(r"\b(?:has|have|had|was|were|is|are|been|now|officially|formally)\s+$", re.I)
_FUTURE = re.compile(r"\b(?:will|would|to|plans?|expects?|aims?)\s+(?:\w+\s+)?$", re.I)
_WORKS = re.compile(
    r"\b(?:construction|groundbreaking|broke\s+ground|breaks\s+ground|building\s+work)\b", re.I
)


def _opening_features(view: SentenceView, site: Mention, verbs: list[re.Match[str]]) -> set[str]:
    """How a sentence without a year reports a site's opening (``verbs``: at least one): which verb, how close
    to the site and on which side, in what tense ("has opened", "today opened" vs "will open"), beside
    building works or not."""
    verb = min(verbs, key=lambda m: min(abs(m.start() - site.end), abs(site.start - m.end())))
    word = verb.group(0).lower()
    kind = next((k for prefix, k in _OPEN_VERBS if word.startswith(prefix)), "state")
    text = view.doc.text
    before = text[max(view.sent.start, verb.start() - 24) : verb.start()]
    gap = (
        view.token(site.start) - view.token(verb.end())
        if verb.end() <= site.start
        else view.token(verb.start()) - view.token(site.end)
    )
    out = {
        f"imp:verb:{kind}",
        f"imp:ord:{'verb_site' if verb.end() <= site.start else 'site_verb'}",
        f"imp:dist:{'<=3' if gap <= 3 else '<=8' if gap <= 8 else '>8'}",
        f"imp:clause:{'same' if view.clause(verb.start()) == view.clause(site.start) else 'diff'}",
    }
    if _PERFECT.search(before):
        out.add("imp:perfect")
    elif _FUTURE.search(before):
        out.add("imp:future")
    if _NOW.search(view.sent.text):
        out.add("imp:now")
    if _WORKS.search(view.sent.text):
        out.add("imp:works")
    return out


def _opening_verbs(view: SentenceView) -> list[re.Match[str]]:
    """The words of a sentence that report an opening, unless a hedge or a negation governs it."""
    if any((c.value or "").startswith(("hedge.", "neg.")) for c in view.cues):
        return []
    return list(_OPENING.finditer(view.doc.text, view.sent.start, view.sent.end))


def _announced_year(doc: AnnotatedDoc) -> str | None:
    date = (doc.dateline.date if doc.dateline else None) or doc.document.published
    return date[:4] if date and date[:4].isdigit() else None


def _starts_here(view: SentenceView) -> bool:
    return any((c.value or "").startswith("start.") for c in view.cues) and bool(view.years)


def _any_family(feats: set[str], cued: tuple[str, ...]) -> bool:
    """Whether a cue of some families stands around the pair (``cued``: those families after "btw:",
    "pre:" and "post:")."""
    return any(f.startswith(cued) for f in feats)


def _unordered(feats: set[str]) -> set[str]:
    """Features of a pair whose order means nothing (the parties to a deal)."""
    out = set()
    for f in feats:
        if "|" in f:
            family, roles, _ = f.split("|")
            out.add(f"{family}|" + "-".join(sorted(roles.split("-"))))
        elif f.startswith("role:"):
            out.add("role:" + "-".join(sorted(f[5:].split("-"))))
        elif f.startswith(("role_a:", "role_b:")):
            out.add("role_any:" + f.split(":", 1)[1])
        elif f.startswith(("poss_near:", "excluded:", "learned:")):
            out.add(f.split(":", 1)[0])
        elif f.startswith("anaphor:"):
            out.add("anaphor:" + f.split(":")[-1])
        elif not f.startswith(("ord:", "a:")):
            out.add(f)
    return out


def _swap(feats: set[str]) -> set[str]:
    """The features of (b, a) from those of (a, b)."""
    out = set()
    for f in feats:
        if "|" in f:
            family, roles, order = f.split("|")
            x, y = roles.split("-")
            out.add(f"{family}|{y}-{x}|{'ba' if order == 'ab' else 'ab'}")
        elif f.startswith("role:"):
            x, y = f[5:].split("-")
            out.add(f"role:{y}-{x}")
        elif f.startswith("role_a:"):
            out.add("role_b:" + f[7:])
        elif f.startswith("role_b:"):
            out.add("role_a:" + f[7:])
        elif f in ("ord:ab", "ord:ba"):
            out.add("ord:ba" if f == "ord:ab" else "ord:ab")
        elif f.endswith((":a", ":b")) or ":a:" in f or ":b:" in f:
            out.add(f.replace(":a", ":@").replace(":b", ":a").replace(":@", ":b"))
        elif not f.startswith("a:"):
            out.add(f)
    return out


_HQ_BETWEEN = re.compile(
    r"^(?:\s*\([^)]{0,40}\))?\s*,?\s*(?:(?:which|that)\s+(?:is|are)\s+|is\s+|was\s+|are\s+|were\s+)?(?:(?:an?|the)\s+[^,;.]{0,110}?\s*,?\s*)?"
    r"(?:headquartered|based|domiciled|incorporated|whose\s+head\s*(?:quarters|office)\s+(?:is|are)|"
    r"with\s+(?:its\s+)?head\s*(?:quarters|office)|(?:which\s+)?(?:has|have)\s+(?:its|their)\s+"
    r"head\s*(?:quarters|office))\s+"
    r"(?:in|at|out\s+of)\s+(?:the\s+)?$",
    re.I,
)
# "X, a Swiss company"; "X, another Indian company", "A and B, two U.S. venture capital firms"
_HQ_APPOS = re.compile(
    r"^(?:\s*\([^)]{0,40}\))?\s*,\s*(?:an?|the|another|(?:two|three|four|five|six|several|both)(?:\s+other)?)\s+"
    r"(?:[\w\-]+,?\s+){0,3}$"
)
_DESCRIPTION_GAP = re.compile(
    r"\s+(?:[a-z][\w\-]*\s+){0,8}(?:organi[sz]ation|company|firm|group|maker|manufacturer|developer|drugmaker|"
    r"biotech|pharma|biopharma|specialist|provider|startup|CDMO|CMO|CRO)\s+(?:\([A-Z]{2,6}\)\s+)?"
)
# the description of the companies a list names after a colon: "three Ghanaian drug companies: A, B and C"
_LIST_DESCRIPTION = re.compile(
    r"\s+(?:[a-z][\w\-]*\s+){0,6}(?:compan(?:y|ies)|firms|groups|makers|manufacturers|developers|drugmakers|"
    r"biotechs|producers|partners|investors)\s*:\s*"
)
_HQ_FRONTED = re.compile(r"(?:Headquartered|Based|Founded\s+and\s+headquartered)\s+in\s+(?:the\s+)?")
# the rest of the place and the comma before the name: "Exton, Pennsylvania, "
_PLACE_THEN_NAME = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?,\s+(?:the\s+)?")
_HQ_COMMA = re.compile(r"^(?:\s*\([^)]{0,40}\))?\s*,\s*$")
_HQ_LABEL = re.compile(r"(?:head\s*(?:quarters|office)|HQ)\s*[:,]?\s*$", re.I)


def _hq_features(view: SentenceView, org: Mention, place: Mention) -> set[str]:
    """What says a company is headquartered at a place: "Boston-based X", "the Danish drugmaker X",
    "X, headquartered in Y", "X, a Swiss company", "Headquarters: Tokyo"."""
    text, out = view.doc.text, set()
    if place.end <= org.start:
        first = view.head(org)  # a list after a colon: its first name stands right after the description
        if first is not org and not _LIST_DESCRIPTION.fullmatch(text, place.end, first.start):
            first = org
        gap = text[place.end : first.start]
        # near, or a description in lower case between: "Swedish contract development and manufacturing
        # organization (CDMO) Recipharm"
        if (
            len(gap) <= 30 or _DESCRIPTION_GAP.fullmatch(gap) or _LIST_DESCRIPTION.fullmatch(gap)
        ) and not any(m.kind == "org" and place.end <= m.start < first.start for m in view.refs):
            out.add("hq:before_near")
            if place.form.endswith(("-based", "-headquartered")) or place.source == "places:demonym":
                out.add("hq:based_or_demonym_before")
            # "Headquartered in Philadelphia, PCI serves ...": the sentence opens with where it is
            if _HQ_FRONTED.fullmatch(text, view.sent.start, place.start) and _PLACE_THEN_NAME.fullmatch(gap):
                out.add("hq:headquartered_in")
    else:
        last = org
        while True:  # "Both Merck and NGM are based in ...": from the end of the list the name is in
            nxt = next(
                (m for m, h in view.heads.items() if view.head(last) == h and m.start > last.start), None
            )
            if nxt is None or nxt.start > place.start:
                break
            last = nxt
        gap = text[last.end : place.start]
        if _HQ_BETWEEN.match(gap):
            out.add("hq:headquartered_in")
        elif _HQ_APPOS.match(gap) and (
            place.source == "places:demonym" or place.form.endswith(("-based", "-headquartered"))
        ):
            out.add("hq:appos_demonym")  # "X, a Swiss company", "X, a Waltham, MA-based company"
        elif _HQ_APPOS.match(gap) and re.match(r"\.? [a-z]", text[place.end : place.end + 3]):
            out.add("hq:appos_place")  # "Urovant Sciences, the California biotech"
        elif _HQ_COMMA.match(gap) and text.startswith(("'s ", "’s "), place.end):
            out.add("hq:appos_possessive")  # "Medytox Inc., South Korea's largest maker of toxins"
        if _HQ_LABEL.search(text, max(view.sent.start, place.start - 20), place.start):
            out.add("hq:label")
    if view.sent.section == "about" and org.explicit:
        out.add("hq:about")
    return out


def _place_features(view: SentenceView, place: Mention) -> set[str]:
    out = {f"place:{place.source.split(':', 1)[-1]}"}
    if place.form.endswith(("-based", "-headquartered")):
        out.add("place:based_form")
    return out


_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:expected|scheduled|slated|set|due|planned|on\s+track)\s+to|expects?\s+(?:it|"
    r"the\s+\w+)\s+to|plans?\s+to|aims?\s+to)\b[^.;]*$",
    re.I,
)


def _year_features(doc: AnnotatedDoc, year: Mention) -> set[str]:
    announced = (doc.dateline.date if doc.dateline else None) or doc.document.published
    out = set()
    if announced and announced[:4].isdigit():
        delta = int(year.key) - int(announced[:4])
        out.add(
            "yr:" + ("past" if delta < 0 else "same" if delta == 0 else "next" if delta == 1 else "future")
        )
    elif _FUTURE_BEFORE.search(doc.text, max(0, year.start - 80), year.start):
        # an undated announcement still says when a year is to come: "is expected to begin operations in 2021"
        out.add("yr:future")
    if any(d.start <= year.start < d.end for d in doc.spans("DATE", year.start - 20, year.end)):
        out.add("yr:in_date")
    # the words just before the year, in its clause: "is expected to be operational in 2027", "completion is
    # scheduled for 2028", "began operations in 2019"
    window = max(0, year.start - 60)
    clause = (
        max(doc.text.rfind(";", window, year.start), doc.text.rfind(". ", window, year.start)) + 1 or window
    )
    for cue in doc.spans("CUE", clause, year.start):
        family = (cue.value or "").split(".")[0]
        if family in ("start", "build", "past"):
            out.add(f"yr:after:{cue.value}")
    before = doc.text[max(0, year.start - 12) : year.start].lower()
    for word in ("in ", "by ", "since ", "from ", "until ", "through ", "of ", "end of "):
        if before.endswith(word):
            out.add(f"yr:prep_{word.strip().replace(' ', '_')}")
    return out


# the cue families that may say something about each relation; cues of other families are left out of its
# features (they only add ways to fit the cases by chance)
_FAMILIES = {
    "develops": ("dev.", "lic.", "svc.", "deal.", "acq.", "collab.", "neg.", "hedge."),
    "operates": ("build.", "start.", "acq.", "svc.", "deal.", "hedge.", "past.", "neg."),
    "acquires_site": ("acq.", "build.", "deal.", "svc.", "hedge.", "neg.", "past."),
    "headquartered_in": ("hq.", "neg."),
    "starts_operations": ("start.", "build.", "hedge.", "past.", "neg."),
    "acquires": ("acq.", "deal.", "lic.", "invest.", "option.", "hedge.", "neg.", "past."),
    "deal": ("deal.", "acq.", "lic.", "svc.", "collab.", "invest.", "option.", "neg.",
             "hedge.", "past.", "reg."),
}  # fmt: skip
_CUE_KEYS = ("btw:", "pre:", "post:", "cl:", "sent:")


@lru_cache(maxsize=65536)
def _relevant(relation: str, feature: str) -> bool:
    families = _FAMILIES.get(relation)
    if families is None:
        return True
    if feature.startswith(_CUE_KEYS):
        return feature.split(":", 1)[1].startswith(families)
    if "|" in feature:
        return feature.startswith(families)
    return True


def _aggregate(doc: AnnotatedDoc, cand: Candidate, context: _Context) -> dict[str, float]:
    relation = cand.relation
    found = (f for sentence in cand.sentences.values() for f in sentence if _relevant(relation, f))
    feats = dict.fromkeys(found, 1.0)
    n = len(cand.sentences)
    feats[f"nsent:{1 if n == 1 else 2 if n == 2 else '3+'}"] = 1.0
    feats["bias"] = 1.0
    for f in _entity_features(doc, cand, context):
        feats[f] = 1.0
    return feats


def _entity_features(doc: AnnotatedDoc, cand: Candidate, context: _Context) -> Iterator[str]:
    subject = doc.entities.get(cand.subject)
    if cand.relation != "starts_operations":
        if cand.subject == doc.announcer:
            yield "s:announcer"
        if cand.subject.startswith("u") and cand.subject[1:].isdigit():
            yield "s:undisclosed"
        if getattr(subject, "provider", False):
            yield "s:provider"
        if cand.subject in context.in_title:
            yield "s:in_title"
        if subject is not None and any(_names(subject, about) for about in context.abouts):
            yield "s:has_about"
    elif subject is not None:
        yield from _unplaced(subject, "s")
    obj = doc.entities.get(cand.object)
    if cand.relation == "develops" and obj is not None and subject is not None:
        forms = _forms(subject)
        if any(obj.name.lower().startswith(f.lower() + " ") for f in forms if f):
            yield "o:named_by_subject"
        yield _alone_with(doc, cand, context)
        owners = context.possessors.get(cand.object)
        if owners:  # "Merck's Keytruda" somewhere in the text: Merck's, and not another's unless said so too
            yield "o:poss_subject" if cand.subject in owners else "o:poss_other"
        if cand.object in context.references:  # "a biosimilar to Stelara": its maker's, not the copier's
            yield "o:reference"
        yield f"o:shape:{_name_shape(obj.name or '')}"
    if cand.relation in ("operates", "acquires_site") and obj is not None and subject is not None:
        if any(f and f.lower() in obj.name.lower() for f in _forms(subject)):
            yield "o:named_by_subject"
        yield _alone_with(doc, cand, context)
        kind = _OFFICE_KIND.search(obj.name or "")
        if kind:  # "its Seoul headquarters", "its Shanghai operations": offices as often as plants
            yield f"o:kind:{kind.group(1).lower()}"
        yield from _unplaced(obj, "o")
        about = [i for i in context.sentences_of.get(cand.object, []) if doc.sentences[i].section == "about"]
        if about and any(_names(subject, doc.sentences[i].about or "") for i in about):
            yield "o:in_subject_about"
    names = (getattr(doc.entities.get(k), "name", "") or "" for k in (cand.subject, cand.object))
    if cand.relation == "deal" and any(_PUBLIC_BODY.search(name) for name in names):
        yield "p:public"  # a ministry or agency: a party when it signs, most often a regulator or a funder
    if cand.relation == "headquartered_in" and doc.dateline is not None:
        if cand.subject == doc.announcer and context.dateline_country == cand.object:
            yield "s:dateline_country"


def _unplaced(site: object, role: str) -> Iterator[str]:
    """Whether no town places a site ("the new facility", "a plant in Canada"): such a site is as often a
    project, a part of another site or a passing remark as a site of its own."""
    if not getattr(site, "city", None):
        yield f"{role}:no_town" if getattr(site, "country", None) else f"{role}:no_place"


_CODE_NAME = re.compile(r"[A-Z]{1,6}[- ]?\d")


def _name_shape(name: str) -> str:
    """How a product is written: a code ("ABC-123"), a lower-case name (an INN, "adalimumab"; or a
    description) or a capitalised one (a brand): owners are named for each differently."""
    return "code" if _CODE_NAME.match(name) else "lower" if name[:1].islower() else "cap"


def _alone_with(doc: AnnotatedDoc, cand: Candidate, context: _Context) -> str:
    """Whether the sentences naming a product or a site name no organisation but the candidate's subject
    ("o:only_org": its own, most often) or another too ("o:other_orgs": a licensee, a buyer, a client)."""
    others = {
        r.key
        for i in context.sentences_of.get(cand.object, [])
        for r in doc.refs[i]
        if r.key != cand.subject and r.key != "*both*"
    }
    return "o:only_org" if not others else "o:other_orgs"


_OFFICE_KIND = re.compile(r"\b(headquarters|operations|offices?)$", re.I)
_PUBLIC_BODY = re.compile(
    r"\b(?:Ministry|Department|Government|government|Agency|Administration|Authority|Commission|Council)\b"
)
_POSSESSIVE_GAP = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,4}")  # "Merck's anti-PD-1 therapy Keytruda"


def _possessors(doc: AnnotatedDoc) -> dict[str, set[str]]:
    """Product -> the organisations named as its owner by a possessive ("Eisai's Leqembi", "AbbVie's drug
    Skyrizi"); "its" is not counted (coreference may be wrong)."""
    out: dict[str, set[str]] = {}
    text = doc.text
    for pm in doc.product_mentions:
        i = doc.sentence_index(pm.start)
        if i is None:
            continue
        for r in doc.refs[i]:
            if r.explicit and not r.excluded and r.end < pm.start <= r.end + 60:
                gap = _POSSESSIVE_GAP.fullmatch(text, r.end, pm.start)
                if gap and not any(o.start < pm.start and o.start >= r.end for o in doc.product_mentions):
                    out.setdefault(pm.key, set()).add(r.key)
    return out


def _forms(entity: object) -> list[str]:
    return [getattr(entity, "name", "") or "", *sorted(getattr(entity, "forms", ()) or ())]


def _names(entity: object, name: str) -> bool:
    low = name.lower()
    return any(f and (f.lower() in low or low in f.lower()) for f in _forms(entity))


def _dateline_country(doc: AnnotatedDoc) -> str | None:
    places = doc.dateline.places if doc.dateline else ""
    if not places:
        return None
    for p in doc.spans("PLACE"):
        if doc.text[p.start : p.end] in places:
            return p.value
    return None

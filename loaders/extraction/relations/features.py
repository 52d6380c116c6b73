"""Features of a pair of mentions in one sentence, from the annotations alone: the grammatical role each
mention plays in its clause (subject, object of "with", "from", "by", possessive ...), their order and
distance, the cue families between them, in their clause and around them, and the section they are in.
Mentions joined in a list ("Benepali, Imraldi and Flixabi") share the role and position of the list, so
the last item of a list relates to its company as the first does.  Features are strings; their weights
live in the model file.

>>> from kg.model import Document
>>> from loaders.extraction.annotate import ANNOTATORS
>>> from loaders.extraction.pipeline import Pipeline
>>> text = "T\\nAcme Biologics built a plant in Basel."
>>> doc = Pipeline(ANNOTATORS)(AnnotatedDoc(Document(doc="a", text=text)))
>>> sent = SentenceView(doc, 1)
>>> org, site = sent.refs[0], sent.sites[0]
>>> sorted(f for f in pair_features(sent, org, site) if f.startswith(("btw:", "role:")))
['btw:build.verb', 'btw:start.complete', 'role:subj-other']
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from loaders.extraction.document import AnnotatedDoc, Ref, Span

__all__ = ["Mention", "SentenceView", "pair_features"]

_POSSESSIVE = ("'s", "’s", "s'", "s’")
_PREP = re.compile(
    r"\b(with|between|from|to|for|by|of|at|in|including|such as|like|than|against|versus|over|after|"
    r"alongside|among|across)\s+(?:(?:the|its|their|a|an)\s+)?(?:[\w\-]+\s+){0,3}?$"
)
_NEAR_PREP = re.compile(r"\b(with|between|from|to|for|by|of|at|in|including|and)\s+(?:the\s+)?$")
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s|;\s*(?:and\s+)?)\s*")
_CLAUSE_FAMILIES = frozenset({"neg", "hedge", "ended", "past", "person"})
_DIRECTED = frozenset({"acq.verb", "acq.sell", "lic.grant", "lic.take", "svc.make", "deal.select",
                       "build.verb", "dev.verb", "invest.noun"})  # fmt: skip
_VERB_FAMILIES = ("deal.sign", "deal.select", "acq.verb", "acq.sell", "lic.grant", "lic.take", "svc.make",
                  "build.verb", "start.verb", "dev.verb", "invest.noun", "hq.verb")  # fmt: skip


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: one object per mention of a sentence
class Mention:
    """A mention inside a sentence: an organisation reference, a site, a product, a place or a year."""

    start: int
    end: int
    kind: str  # org | site | product | place | year
    key: str  # entity key, country code or year
    explicit: bool = True
    form: str = ""  # how it is written (for anaphors: "its", "the company")
    source: str = ""


class SentenceView:
    """One sentence with its mentions, their roles and lists, and its cues, built once and shared by every
    pair inside it."""

    def __init__(self, doc: AnnotatedDoc, index: int) -> None:
        self.doc, self.index = doc, index
        sent = self.sent = doc.sentences[index]
        text = doc.text
        refs = doc.refs[index] if doc.refs else []
        self.refs = [
            Mention(r.start, r.end, "org", r.key, r.explicit, text[r.start : r.end], _org_source(doc, r))
            for r in refs
            if r.key != "*both*"
        ]
        self.both = any(r.key == "*both*" for r in refs)
        self.sites = [_mention(s, "site", text) for s in doc.spans("SITE", sent.start, sent.end)]
        self.products = [_mention(s, "product", text) for s in doc.spans("PRODUCT", sent.start, sent.end)]
        self.places = [_mention(s, "place", text) for s in doc.spans("PLACE", sent.start, sent.end)]
        self.years = [_mention(s, "year", text) for s in doc.spans("YEAR", sent.start, sent.end)]
        self.cues = doc.spans("CUE", sent.start, sent.end)
        self._cue_starts = [c.start for c in self.cues]
        self.clauses = sent.clauses or ((sent.start, sent.end),)
        self._clause_starts = [a for a, _ in self.clauses]
        self.salient = doc.salience[index] if doc.salience else None
        self._token_starts = doc.tokens.starts
        self._entities = sorted((*self.refs, *self.sites, *self.products), key=lambda m: m.start)
        self._entity_starts = [m.start for m in self._entities]
        self.heads: dict[Mention, Mention] = {}  # each listed mention -> the first mention of its list
        # "Urovant Sciences, the California biotech": a description after a name is no second list item
        for group in ([r for r in self.refs if r.explicit], self.sites, self.products, self.places):
            self._lists(group)
        self._list_heads = set(self.heads.values())
        self._clause_cache: dict[tuple[int, int], set[str]] = {}
        self._before: dict[Mention, set[str]] = {}
        self._after: dict[Mention, set[str]] = {}
        # the roles of the sentence's organisations, sites and products, each found when first asked
        self._roles: dict[Mention, str | None] = dict.fromkeys((*self.refs, *self.sites, *self.products))
        self.n_orgs = len({m.key for m in self.refs})

    # -- structure -------------------------------------------------------------------------------------

    def _lists(self, mentions: list[Mention]) -> None:
        text = self.doc.text
        ordered = sorted(mentions, key=lambda m: m.start)
        for prev, cur in pairwise(ordered):
            if prev.end <= cur.start and _JOIN.fullmatch(text, prev.end, cur.start):
                self.heads[cur] = self.heads.get(prev, prev)

    def head(self, m: Mention) -> Mention:
        return self.heads.get(m, m)

    def listed(self, m: Mention) -> bool:
        return m in self.heads or m in self._list_heads

    def role(self, m: Mention) -> str:
        """The role of one of the sentence's organisation, site or product mentions (see :meth:`_role`);
        "other" for anything else."""
        found = self._roles.get(m, "other")
        if found is None:
            found = self._roles[m] = self._role(m)
        return found

    def _role(self, m: Mention) -> str:
        """subj | poss | obj | with | between | from | to | by | of | for | in | at | appos | other."""
        text = self.doc.text
        if m in self.heads:
            return self._role(self.heads[m])
        after = text[m.end : m.end + 3]
        if after[:2] in ("'s", "’s") or after[:1] in ("'", "’") or m.form.lower() in ("its", "their", "our"):
            return "poss"
        lo = self.clauses[self.clause(m.start)][0]
        near = _NEAR_PREP.search(text, max(lo, m.start - 12), m.start)
        if near and near.group(1) != "and":
            return near.group(1).replace(" ", "_")
        if near and near.group(1) == "and" and re.search(r"\bbetween\s+[^,;]{1,80}$", text[lo : m.start]):
            return "between"
        prep = _PREP.search(text, max(lo, m.start - 40), m.start)
        if prep:
            # "agreed to buy San Francisco-based Audentes": the object of a verb, not of the preposition "to"
            return (
                "obj"
                if prep.group(1) == "to" and self._verb_at(prep.end(1) + 1)
                else prep.group(1).replace(" ", "_")
            )
        if re.match(r"\s*,\s*(?:an?|the)\s", text[m.end : m.end + 8]) and m.kind == "org":
            if not any(r.kind == "org" for r in self.between(self.clauses[self.clause(m.start)][0], m.start)):
                return "subj"
        clause_start = self.clauses[self.clause(m.start)][0]
        if m.kind == "org" and not any(x.kind == "org" for x in self.between(clause_start, m.start)):
            if self.verbs_after(m.end, 80):
                return "subj"
        return "other"

    def verbs_after(self, pos: int, width: int) -> list[str]:
        """The verb cues ("deal.sign", "acq.verb", ...) starting within ``width`` characters after ``pos``."""
        lo, hi = bisect_left(self._cue_starts, pos), bisect_left(self._cue_starts, pos + width)
        return [v for c in self.cues[lo:hi] if (v := c.value or "").startswith(_VERB_FAMILIES)]

    def _verb_at(self, pos: int) -> bool:
        """Whether a verb cue ("buy", "license", "manufacture") starts at ``pos``."""
        i = bisect_left(self._cue_starts, pos)
        return (
            i < len(self.cues)
            and self.cues[i].start == pos
            and (self.cues[i].value or "").startswith(_VERB_FAMILIES)
        )

    def clause(self, pos: int) -> int:
        k = bisect_right(self._clause_starts, pos) - 1
        return min(max(k, 0), len(self.clauses) - 1)

    def token(self, pos: int) -> int:
        return bisect_left(self._token_starts, pos)

    def clause_cues(self, k1: int, k2: int) -> set[str]:
        """``cl:`` features: the negation, hedge and time cues of clauses k1..k2 (cached)."""
        found = self._clause_cache.get((k1, k2))
        if found is None:
            families = self.cue_families(self.clauses[k1][0], self.clauses[k2][1])
            found = {f"cl:{f}" for f in families if f.split(".")[0] in _CLAUSE_FAMILIES}
            self._clause_cache[(k1, k2)] = found
        return found

    def before(self, m: Mention) -> set[str]:
        """``pre:`` features: cue families in the 30 characters before a mention (cached)."""
        found = self._before.get(m)
        if found is None:
            found = {f"pre:{f}" for f in self.cue_families(max(self.sent.start, m.start - 30), m.start)}
            self._before[m] = found
        return found

    def after(self, m: Mention) -> set[str]:
        """``post:`` features: cue families in the 30 characters after a mention (cached)."""
        found = self._after.get(m)
        if found is None:
            found = {f"post:{f}" for f in self.cue_families(m.end, min(self.sent.end, m.end + 30))}
            self._after[m] = found
        return found

    def cue_families(self, start: int, end: int) -> set[str]:
        lo, hi = bisect_left(self._cue_starts, start), bisect_left(self._cue_starts, end)
        return {c.value or "" for c in self.cues[lo:hi] if c.end <= end}

    def entities(self) -> list[Mention]:
        return self._entities

    def between(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(self._entity_starts, start), bisect_left(self._entity_starts, end)
        return [m for m in self._entities[lo:hi] if m.end <= end]


def _org_source(doc: AnnotatedDoc, ref: Ref) -> str:
    """ "excluded" for a party the text rules out, "learned" for a company only the learned names found."""
    if ref.excluded:
        return "excluded"
    return "learned" if getattr(doc.entities.get(ref.key), "learned", False) else ""


def _mention(span: Span, kind: str, text: str) -> Mention:
    return Mention(
        span.start, span.end, kind, span.value or "", True, text[span.start : span.end], span.source
    )


def pair_features(view: SentenceView, a: Mention, b: Mention) -> set[str]:
    """Features of the pair (a, b) in one sentence; ``a`` is the relation's subject."""
    text = view.doc.text
    # a listed mention stands where its list starts: "X's biosimilars A, B and C" relates X to C as to A
    ha, hb = view.head(a), view.head(b)
    if ha.key == hb.key or (ha.start <= hb.start < ha.end) or (hb.start <= ha.start < hb.end):
        ha, hb = a, b
    first, second = (ha, hb) if ha.start <= hb.start else (hb, ha)
    out = {f"ord:{'ab' if first is ha else 'ba'}", f"sec:{view.sent.section}"}
    ra, rb = view.role(a), view.role(b)
    out.add(f"role:{ra}-{rb}")
    out.add(f"role_a:{ra}")
    out.add(f"role_b:{rb}")
    if view.listed(b) and b.kind != "org":
        out.add("b_listed")
    if view.listed(a) and view.listed(b) and view.head(a) == view.head(b):
        out.add("same_list")
    gap = max(0, view.token(second.start) - view.token(first.end))
    out.add(f"dist:{_bucket(gap, (0, 2, 5, 10, 20))}")
    for family in view.cue_families(first.end, second.start):
        out.add(f"btw:{family}")
        if family in _DIRECTED:  # who does what to whom: "A acquires B" vs "A is acquired by B"
            out.add(f"{family}|{ra}-{rb}|{'ab' if first is ha else 'ba'}")
    ka, kb = view.clause(a.start), view.clause(b.start)
    out.add("clause:same" if ka == kb else "clause:diff")
    out |= view.clause_cues(min(ka, kb), max(ka, kb))
    out |= view.before(first)
    out |= view.after(second)
    if (
        text[first.end : first.end + 2] in _POSSESSIVE[:2]
        or text[first.end - 1 : first.end + 1] in _POSSESSIVE
    ):
        if gap <= 6:
            out.add(f"poss_near:{'a' if first is ha else 'b'}")
    for m, role in ((a, "a"), (b, "b")):
        if not m.explicit:
            form = m.form.lower()
            out.add(f"anaphor:{role}:{form if form in ('its', 'their', 'it', 'we', 'our') else 'np'}")
        if m.source in ("excluded", "learned"):
            out.add(f"{m.source}:{role}")
    between = view.between(first.end, second.start)
    others = {m.key for m in between if m.kind == "org"} - {a.key, b.key}
    out.add(f"norg_btw:{min(2, len(others))}")
    for kind in ("site", "product"):
        if any(
            m.kind == kind and m.key not in (a.key, b.key) and view.head(m) != view.head(b) for m in between
        ):
            out.add(f"other_{kind}_btw")
    out.add(f"norgs:{min(view.n_orgs, 3)}")
    if a.kind == b.kind == "org" and _COORDINATED.fullmatch(text, first.end, second.start):
        # "Huppharma and Saudi Arabia's Jamjoom Pharma signed an agreement": two subjects of one verb
        out |= {f"coord_subj:{verb.split('.')[0]}" for verb in view.verbs_after(second.end, 60)}
    if a.kind == "org" and view.salient == a.key:
        out.add("a:salient")
    return out


# only "and" between two names, and what the second is ("X and the Swiss drugmaker Y", "X and Japan's Y")
_COORDINATED = re.compile(r"(?:\s*\([^()]{1,40}\))?,?\s+(?:and|&)\s+(?:[\w'’.\-]+\s+){0,4}")


def _bucket(n: int, bounds: tuple[int, ...]) -> str:
    for b in bounds:
        if n <= b:
            return f"<={b}"
    return f">{bounds[-1]}"

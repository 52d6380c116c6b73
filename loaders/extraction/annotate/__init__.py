"""The built-in annotators, in pipeline order.  Each is a :class:`Step` (name, what it needs, what it adds,
the function that does it) over the :class:`~loaders.extraction.document.AnnotatedDoc`.

>>> [step.name for step in ANNOTATORS]
['layout', 'tokens', 'cues', 'values', 'places', 'products', 'orgs', 'coref', 'sites', 'brands', 'money']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from loaders.extraction.annotate.coref import resolve_refs
from loaders.extraction.annotate.cues import annotate_cues
from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.layout import read_layout
from loaders.extraction.annotate.money import find_amounts
from loaders.extraction.annotate.orgs import Org, find_orgs, find_undisclosed, listed_as_company
from loaders.extraction.annotate.places import DEMONYMS, find_places
from loaders.extraction.annotate.products import Product, find_products, names_by_form, names_listed_after
from loaders.extraction.annotate.sites import Site, find_site_anaphors, find_sites
from loaders.extraction.annotate.tokens import tokenize
from loaders.extraction.annotate.values import annotate_values
from loaders.extraction.document import AnnotatedDoc, Span

__all__ = ["ANNOTATORS", "Step"]


@dataclass(frozen=True)
class Step:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[AnnotatedDoc], None]

    def __call__(self, doc: AnnotatedDoc) -> None:
        self.run(doc)


def layout(doc: AnnotatedDoc) -> None:
    found = read_layout(doc.text)
    doc.set_sentences(list(found.sentences))
    doc.title, doc.dateline = found.title, found.dateline


def tokens(doc: AnnotatedDoc) -> None:
    doc.tokens = tokenize(doc.text)


def places(doc: AnnotatedDoc) -> None:
    """Countries, regions and cities (value: the ISO code), and demonyms ("the Danish drugmaker")."""
    doc.places = find_places(doc.text, doc.tokens)
    spans = [Span(p.start, p.end, "PLACE", f"places:{p.kind}", value=p.country) for p in doc.places]
    toks = doc.tokens
    # only a demonym or the first word of one ("South Korean") can add a span: the other tokens are skipped
    for i in [i for i, tok in enumerate(toks) if tok.text in DEMONYMS or tok.text in ("South", "North")]:
        tok = toks[i]
        word = tok.text
        if i + 1 < len(toks) and word in ("South", "North") and toks[i + 1].start == tok.end + 1:
            pair = f"{word} {toks[i + 1].text}"
            if pair in DEMONYMS:
                spans.append(
                    Span(tok.start, toks[i + 1].end, "PLACE", "places:demonym", value=DEMONYMS[pair])
                )
                continue
        code = DEMONYMS.get(word) if word[:1].isupper() and word not in ("US", "UK", "U.S", "U.K") else None
        if code and not any(p.start <= tok.start < p.end for p in doc.places):
            spans.append(Span(tok.start, tok.end, "PLACE", "places:demonym", value=code))
    doc.extend(spans)


def products(doc: AnnotatedDoc) -> None:
    """Products by form (codes, INNs, "BRAND (inn)"); once organisations are known, brands by context."""
    taken = [(s.start, s.end) for s in (*doc.spans("ORG"), *doc.spans("PLACE"))]
    owners = [(s.start, s.end) for s in doc.spans("ORG")]
    if "products:named" not in doc.memo:
        doc.memo["products:named"] = names_by_form(doc.text)
    named = doc.memo["products:named"]
    found, mentions = find_products(doc.text, taken, brands=bool(owners), owners=owners, named=named)
    doc.entities = {k: e for k, e in doc.entities.items() if not k.startswith("p:")}
    for key, product in found.items():
        product.key = f"p:{key}"
        doc.entities[product.key] = product
    doc.product_mentions = [replace(m, key=f"p:{m.key}") for m in mentions]
    doc.replace(
        "PRODUCT", [Span(m.start, m.end, "PRODUCT", "products", value=m.key) for m in doc.product_mentions]
    )


def orgs(doc: AnnotatedDoc) -> None:
    """Organisations (names and their mentions) and undisclosed parties; places inside a name are no
    places ("Saxony BioServices")."""
    text, sentences = doc.text, tuple(doc.sentences)
    spans = [(m.start, m.end) for m in doc.product_mentions if not m.key[2:3].isupper()]
    variants = {k for k, e in doc.entities.items() if isinstance(e, Product) and e.variant}
    words = [(m.start, m.end) for m in doc.product_mentions if m.key in variants]  # "Seroquel XR": no company
    words += [(s, e) for s, e in spans if " " not in text[s:e]]
    words += names_listed_after(text, spans)  # "Alvesco, Omnaris and Zetonna": no company
    companies = {w for w in {text[s:e] for s, e in words} if listed_as_company(text, w)}  # "TESARO, Inc."
    taken = [(p.start, p.end) for p in doc.places] + [(s, e) for s, e in words if text[s:e] not in companies]
    about = tuple(dict.fromkeys(s.about for s in sentences if s.about))
    owned = [m.start for m in doc.product_mentions]
    found, mentions = find_orgs(text, doc.tokens, sentences, taken, about, owned)
    doc.entities.update(found)
    doc.org_mentions = mentions
    inside = Intervals((m.start, m.end) for m in mentions)
    doc.places = [p for p in doc.places if not inside.contains(p.start, p.end)]
    kept = [s for s in doc.spans("PLACE") if not inside.contains(s.start, s.end)]
    doc.replace("PLACE", kept)
    doc.extend(Span(m.start, m.end, "ORG", "orgs", value=m.key) for m in mentions)
    for i, u in enumerate(find_undisclosed(text, sentences, mentions), 1):
        key = f"u{i}"
        doc.entities[key] = u
        doc.add(Span(u.start, u.end, "UNDISCLOSED", "orgs", value=key))


def coref(doc: AnnotatedDoc) -> None:
    orgs = {k: e for k, e in doc.entities.items() if k in {s.value for s in doc.spans("ORG")}}
    undisclosed = {s.value: (s.start, s.end) for s in doc.spans("UNDISCLOSED") if s.value}
    doc.refs, doc.salience, doc.announcer = resolve_refs(
        doc.text, tuple(doc.sentences), doc.org_mentions, orgs, undisclosed
    )


def sites(doc: AnnotatedDoc) -> None:
    # the words of a registry company's name name no site ("Zai Lab"); a name found by its form may be one
    known = {k for k, e in doc.entities.items() if isinstance(e, Org) and e.company is not None}
    names = Intervals((m.start, m.end) for m in doc.org_mentions if m.key in known)
    found, mentions = find_sites(doc.text, tuple(doc.sentences), doc.places, names)
    for key, site in found.items():
        site.key = f"site:{key}"
        site.parent = f"site:{site.parent}" if site.parent else None
        doc.entities[site.key] = site
    doc.site_mentions = [replace(m, key=f"site:{m.key}") for m in mentions]
    doc.extend(Span(m.start, m.end, "SITE", "sites", value=m.key) for m in doc.site_mentions)
    mentioned: dict[int, list[str]] = {}
    for m in doc.site_mentions:
        mentioned.setdefault(m.sentence, []).append(m.key)
    site_names = {k: e.name for k, e in doc.entities.items() if isinstance(e, Site)}
    found_again = find_site_anaphors(tuple(doc.sentences), doc.text, mentioned, site_names)
    doc.extend(Span(a, b, "SITE", "sites:anaphor", value=key) for a, b, key in found_again)


def money(doc: AnnotatedDoc) -> None:
    spans = []
    for sent in doc.sentences:
        for a in find_amounts(sent.text, sent.start):
            spans.append(Span(a.start, a.end, "MONEY", "money", value=f"{a.amount}|{a.currency}|{a.what}"))
    doc.extend(spans)


ANNOTATORS = (
    Step("layout", ("text",), ("sentences", "sections", "dateline"), layout),
    Step("tokens", ("text",), ("tokens",), tokens),
    Step("cues", ("tokens",), ("CUE",), annotate_cues),
    Step("values", ("sentences",), ("YEAR", "DATE", "STAGE", "SERVICE"), annotate_values),
    Step("places", ("tokens",), ("PLACE",), places),
    Step("products", ("text",), ("PRODUCT",), products),
    Step("orgs", ("sentences", "tokens", "PLACE", "PRODUCT"), ("ORG", "UNDISCLOSED"), orgs),
    Step("coref", ("ORG", "UNDISCLOSED"), ("refs",), coref),
    Step("sites", ("sentences", "PLACE"), ("SITE",), sites),
    Step("brands", ("ORG", "PLACE"), ("PRODUCT",), products),
    Step("money", ("sentences",), ("MONEY",), money),
)

"""Hand-written rules as labelling functions: each votes for (relation, subject, object) in a sentence, and
the vote becomes a feature of that candidate (``vote:RULE``), so the classifier learns how far to trust
each rule next to every other cue, and a rule can never override the others on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.extraction.annotate.orgs import Org
from loaders.extraction.annotate.products import find_owners
from loaders.extraction.annotate.sites import Site, find_operators, find_start_years
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.relations.buyers import find_buyers
from loaders.extraction.relations.headquarters import find_headquarters
from loaders.extraction.relations.negation import is_negated
from loaders.extraction.relations.partners import find_partner_roles, find_rounds

__all__ = ["votes"]

Vote = tuple[str, str, str, int, str]  # relation, subject, object, sentence index, rule


def votes(doc: AnnotatedDoc) -> Iterator[Vote]:
    text, sentences, refs = doc.text, tuple(doc.sentences), doc.refs
    sites = {k: e for k, e in doc.entities.items() if isinstance(e, Site)}
    for org, site, i, how in find_operators(text, sentences, sites, doc.site_mentions, refs, doc.salience):
        yield from _with_kind(("operates", org, site, i, "operator"), how)
    years = [(y.start, y.end, y.value or "") for y in doc.spans("YEAR")]
    for site, year, i in find_start_years(text, sentences, doc.site_mentions, years):
        yield "starts_operations", site, year, i, "start_year"
    forms = {k: e.forms for k, e in doc.entities.items() if isinstance(e, Org)}
    for org, product, i in find_owners(text, sentences, refs, doc.product_mentions, doc.salience, forms):
        if org in forms:
            yield "develops", org, product, i, "owner"
    for org, code, i in find_headquarters(text, sentences, refs, doc.places):
        yield "headquartered_in", org, code, i, "hq_pattern"
    for org, partner, i, role in find_partner_roles(text, sentences, refs):
        first, second = sorted((org, partner))
        yield from _with_kind(("deal", first, second, i, "role_noun"), role, "role")
    for buyer, bought, i, how in find_buyers(text, sentences, refs, doc.spans("CUE:acq"), doc.site_mentions):
        relation = "acquires_site" if bought in sites else "acquires"
        yield from _with_kind((relation, buyer, bought, i, "buyer"), how)
    for found in find_rounds(text, sentences, refs):
        issuer = found.issuer
        if issuer is None:
            continue
        for investor, i in found.investors.items():
            first, second = sorted((issuer, investor))
            if i == found.sentences[0]:
                yield "deal", first, second, i, "round_investor"
            else:  # named after the round, whose sentence holds its terms
                yield "deal", first, second, i, "round_later"
                yield "deal", first, second, found.sentences[0], "round_later"


def _with_kind(vote: Vote, kind: str, prefix: str | None = None) -> Iterator[Vote]:
    """The rule's vote and the same vote for the kind of words that state it ("buyer" and "buyer_relative"),
    which the classifier weighs on its own."""
    relation, subject, obj, index, rule = vote
    yield vote
    yield relation, subject, obj, index, f"{prefix or rule}_{kind}"


def negated(doc: AnnotatedDoc, index: int) -> bool:
    return is_negated(doc.sentences[index].text)

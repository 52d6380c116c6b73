"""Names resolve to stable IRIs: one company, one IRI; undisclosed parties never merge."""

from __future__ import annotations

import pytest

from kg.model import Entity, EntityType
from kg.resolve import entity_iri, org_iri


@pytest.mark.parametrize(
    "a, b",
    [
        ("Lotte Biologics", "LOTTE BIOLOGICS Co., Ltd."),
        ("Samsung Biologics", "Samsung Biologics Co. Ltd"),
        ("Lonza Group AG", "Lonza"),
        ("Société Générale Bio SAS", "societe generale bio"),
        ("Pharma & Co Holdings plc", "Pharma and Co"),
    ],
)
def test_legal_suffixes_case_and_accents_do_not_split(a, b):
    assert org_iri(a) == org_iri(b)


def test_different_companies_stay_apart():
    assert org_iri("WuXi Biologics") != org_iri("WuXi STA")


def test_undisclosed_parties_are_scoped_to_their_announcement():
    anon = Entity("e2", EntityType.ORGANIZATION, undisclosed=True, description="a U.S. biotech")
    assert entity_iri(anon, "a.txt") != entity_iri(anon, "b.txt")
    assert entity_iri(anon, "a.txt") == entity_iri(anon, "a.txt")


def test_named_sites_are_shared_across_announcements():
    site = Entity("s1", EntityType.SITE, name="Syracuse Bio Campus")
    other = Entity("x9", EntityType.SITE, name="syracuse bio campus")
    assert entity_iri(site, "a.txt") == entity_iri(other, "b.txt")

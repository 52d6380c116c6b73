"""Sites: who runs a site when a relative clause says so, sites named by a place before a plural noun, and
sites listed after a relative clause or a region and a colon.

Checked on the annotations and the rule votes the classifier reads, not on its output (a refit moves that).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extraction import extract
from loaders.extraction.engine import Site, annotate, assemble, scored_candidates
from loaders.extraction.relations.model import default_model
from loaders.extraction.relations.votes import votes
from loaders.text import read_text
from tests.extraction.extracting import marked


def annotated(body: str):
    return annotate(read_text("Company news\n\n" + body, Path("news.txt")))


def operator_votes(body: str) -> set[tuple[str, str]]:
    """(operator name, site name) for every operator vote."""
    doc = annotated(body)
    return {
        (doc.entities[org].name, doc.entities[site].name)
        for relation, org, site, _, _ in votes(doc)
        if relation == "operates"
    }


def site_names(body: str) -> set[str]:
    doc = annotated(body)
    return {doc.entities[s.value].name for s in doc.spans("SITE")}


def test_whose_names_the_operator():
    body = (
        "Halvex Biologics signed a supply agreement with Orrin Therapeutics on Monday. Orrin relies on the "
        "Swiss contract manufacturer Lonza, whose plant in Portsmouth, N.H., makes its antibody."
    )
    assert ("Lonza", "Portsmouth plant") in operator_votes(body)


def test_each_operator_vote_says_how_the_words_state_it():
    """The kind of each operator vote (``vote:operator_<how>``), which the classifier weighs on its own."""
    for how, body in (
        ("possessive", "Velquor Pharma said its plant in Basel will double its output."),
        ("owned_by", "The plant in Basel, which is owned by Velquor Pharma, will double its output."),
        ("verb", "Velquor Pharma operates a plant in Basel that makes sterile injectables."),
    ):
        doc = annotated(body)
        rules = {rule for relation, _, _, _, rule in votes(doc) if relation == "operates"}
        assert rules == {"operator", f"operator_{how}"}, body


def test_a_place_before_a_plural_facility_noun_is_one_site():
    body = (
        "Pellura Pharma completed its purchase of Tavik Labs on Monday. Pellura said it will run the "
        "Bengaluru operations as a unit of its generics business."
    )
    assert operator_votes(body) == {("Pellura Pharma", "Bengaluru operations")}


def test_lists_after_a_relative_clause_and_after_a_region_and_colon():
    body = (
        "Orrin Therapeutics is closing the research centers it runs in Mountain View and Santa Clara, "
        "Calif. Its spin-off Velcor Pharma will own five plants in Europe: Brindisi, Italy; Frankfurt, "
        "Germany; and Újpest, Hungary."
    )
    assert site_names(body) == {
        "Mountain View research center",
        "Santa Clara research center",
        "Brindisi plant",
        "Frankfurt plant",
        "Újpest plant",
    }


_COUNTED_LISTS = {
    "colon": (
        "Velcor Pharma runs two other plants: one in Tainan, Taiwan, and one in Leeds, England.",
        {"Tainan plant", "Leeds plant"},
    ),
    "each": (
        "Orrin Biologics will keep all four of its production units: two in Liege, one each in San Diego "
        "and Fremont, California.",
        {"Liege production unit", "San Diego production unit", "Fremont production unit"},
    ),
    "dash": (
        "Tavik Labs operates six facilities in India -- four in Ahmedabad and one each in Dahej and Vizag.",
        {"Ahmedabad facility", "Dahej facility", "Vizag facility"},
    ),
}


@pytest.mark.parametrize("case", sorted(_COUNTED_LISTS))
def test_a_list_saying_how_many_sites_stand_at_each_place(case: str) -> None:
    body, expected = _COUNTED_LISTS[case]
    assert site_names(body) == expected


_NEIGHBOURS = {
    "near": ("Velcor Pharma will gain a tablet plant in Tornavela, near Barcelona, from Quorra.", "ES"),
    "province": (
        "Tessamed makes the vaccine at its plant in Quintavera, in the province of Buenos Aires.",
        "AR",
    ),
    "city": ("The purchase includes Halvera's factory in Kelsworth, Johannesburg.", "ZA"),
}


@pytest.mark.parametrize("case", sorted(_NEIGHBOURS))
def test_a_town_the_tables_lack_is_in_the_country_of_the_place_named_after_it(case: str) -> None:
    body, country = _NEIGHBOURS[case]
    doc = annotated(body)
    assert [e.country for e in doc.entities.values() if isinstance(e, Site)] == [country]


def test_a_site_named_for_a_town_is_in_that_town_if_the_text_names_its_country():
    doc = annotated(
        "Halvera Pharma of Japan will sell the Kawagoe Plant to Quorra, which also runs a Research Triangle "
        "Park facility. Quorra sells in Australia."
    )
    placed = {e.name: (e.city, e.country) for e in doc.entities.values() if isinstance(e, Site)}
    assert placed["Kawagoe Plant"] == ("Kawagoe", "JP")
    assert all(city != "Research" for city, _ in placed.values())  # a town in Australia, named otherwise


def test_a_site_in_a_town_named_without_its_country_is_in_the_country_the_text_names():
    doc = annotated("Quorra will close its plant in Hikari City next year. It sells in Japan and Korea.")
    assert [(e.city, e.country) for e in doc.entities.values() if isinstance(e, Site)] == [
        ("Hikari City", "JP")
    ]


def test_a_colon_list_after_a_phrase_that_names_no_place():
    # "in the country:" and "in three places:" open no list of their own; the colon's list is read instead
    body = (
        "Velcor Pharma runs four plants in the country: Villers (Somme), Kaysersberg (Haut-Rhin), Pessac "
        "(Gironde) and Monts. Orrin Therapeutics concentrated its research operations in three places: "
        "San Diego, Boston and Shonan, Japan."
    )
    assert {
        "Villers plant",
        "Kaysersberg plant",
        "Pessac plant",
        "Monts plant",
        "San Diego operations",
        "Boston operations",
        "Shonan operations",
    } <= site_names(body)


def test_a_list_of_cities_after_campuses_is_a_campus_each():
    body = (
        "Velcor Vaccines already makes the vaccine at its campuses in Hyderabad, Malur and Pune, and its new "
        "plant in Ankleshwar will add to that."
    )
    assert {"Hyderabad campus", "Malur campus", "Pune campus"} <= site_names(body)


def test_a_clause_saying_when_a_site_starts_has_one_antecedent():
    from loaders.extraction.relations.candidates import candidates

    doc = annotated(
        "Velcor Biologics signed a supply agreement with Orrin Therapeutics. By running the Tacoma Bio Campus "
        "in the United States and the Ulsan Bio Campus in Korea, which is scheduled to begin operations in 2028, "
        "Velcor can serve clients on both sides."
    )
    starts = {
        (doc.entities[c.subject].name, c.object) for c in candidates(doc) if c.relation == "starts_operations"
    }
    assert ("Ulsan Bio Campus", "2028") in starts
    assert ("Tacoma Bio Campus", "2028") not in starts  # the rule gives the year to Ulsan: no candidate left


def start_votes(body: str) -> set[tuple[str, str]]:
    doc = annotated(body)
    return {
        (doc.entities[site].name, year)
        for relation, site, year, _, _ in votes(doc)
        if relation == "starts_operations"
    }


def test_start_years_in_other_words_and_after_it():
    body = (
        "Kestova Biologics will build a microbial plant in Chengdu, China. After validation, it is due to "
        "be GMP-ready before the close of 2026. Kestova also runs its Hangzhou facilities in China, which have "
        "been running under GMP since 2018. Its Leiden plant in the Netherlands opens with operations starting "
        "in October 2027."
    )
    assert start_votes(body) == {
        ("Chengdu plant", "2026"),
        ("Hangzhou facilities", "2018"),
        ("Leiden plant", "2027"),
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Its new plant in Chengdu, China, is due to start production early next year.", {("Chengdu plant", "2025")}),
        ("Its Tuas facility in Singapore will be running by the end of the year.", {("Tuas facility", "2024")}),
        ("Kestova runs an API plant in Visakhapatnam, India. It began operations last year.",
         {("Visakhapatnam plant", "2023")}),
        # a year said for something else
        ("Its plant in Chengdu, China, made most of the company's sales last year.", set()),
    ],
)  # fmt: skip
def test_a_year_said_relative_to_the_announcement(body: str, expected: set[tuple[str, str]]) -> None:
    """ "next year", "this year", "by the end of the year", "last year" count from the dateline's year."""
    assert (
        start_votes(
            "BASEL, Switzerland, March 3, 2024 -- Kestova Biologics said today its results rose. " + body
        )
        == expected
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Halvera bought a plant in Muskegon, Michigan. The factory was established in 1975 and made "
            "herbicides.",
            {("Muskegon plant", "1975")},
        ),
        (
            "Quorra runs an API facility in Aurangabad, India. It was built in 2000.",
            {("Aurangabad facility", "2000")},
        ),
        (
            "Set up in 1987, the Ankleshwar facility of Quorra makes tablets. Its Hangzhou site has been "
            "operational since 2018.",
            {("Ankleshwar facility", "1987"), ("Hangzhou site", "2018")},
        ),
        (
            "Halvera plans a drug product plant in Songdo. The EUR 35 million facility is due to begin operating "
            "in 2027.",
            {("Songdo plant", "2027")},
        ),
        (
            "Quorra Vaccines commissioned the plant in Dundalk, Ireland, in 2019 to serve one client.",
            {("Dundalk plant", "2019")},
        ),
        # a year the text gives for something else
        ("Halvera bought a plant in Muskegon, Michigan, in 2019. It makes resins.", set()),
    ],
)
def test_the_year_a_site_was_set_up_is_its_start(body: str, expected: set[tuple[str, str]]) -> None:
    assert start_votes(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Since it started operating in 1978, the Tarvik plant of Quorra has made tablets for Japan.",
            {("Tarvik plant", "1978")},
        ),
        (
            "Its fractionation plant in Andover, Kansas, has been in commercial operation since 2018.",
            {("Andover plant", "2018")},
        ),
        (
            "Halvera will take over the 40-acre site in Solna, Sweden, which Quorra built in 2016 for "
            "consumer goods.",
            {("Solna site", "2016")},
        ),
        (
            "The largest, the Ridgeway plant near Halden, Norway, was completed in 2010 and makes capsules.",
            {("Ridgeway plant", "2010")},
        ),
        (
            "Its new facility in Leeds, England, is due to open in the summer of 2027 and will house labs.",
            {("Leeds facility", "2027")},
        ),
        (
            "Quorra started up the Tianshan plant, located in an industrial park, in 2017 to make antibodies.",
            {("Tianshan plant", "2017")},
        ),
        (
            "Halvera plans to start operating the factory in Lyon, France, in the spring of 2026.",
            {("Lyon factory", "2026")},
        ),
        (
            "Halvera is building a plant in Lyon, France. Production is scheduled to begin in early 2027.",
            {("Lyon plant", "2027")},
        ),
        # a year the text gives for something else: built in a country, completed in a month
        ("Quorra built in 2016 a warehouse for its plant in Solna, Sweden, which makes tablets.", set()),
        ("Since its purchase in 2019, the Ridgeway plant of Quorra has doubled its output.", set()),
    ],
)
def test_the_year_a_site_started_in_other_words(body: str, expected: set[tuple[str, str]]) -> None:
    """ "since it started operating in", "in commercial operation since", "which X built in", "was completed
    in", "is due to open in", "started up the plant ... in", "Production is scheduled to begin in" """
    assert start_votes(body) == expected


def test_a_new_building_at_a_named_site_is_a_site_of_its_own():
    body = (
        "Corvena Pharma will expand its Kilcarra Campus in Ireland. A new manufacturing building will add "
        "reactor volume. The new building is due to open in 2027."
    )
    doc = annotated(body)
    sites = {e.name: e for k, e in doc.entities.items() if k.startswith("site:")}
    assert "new manufacturing building" in sites and len(sites) == 2
    assert sites["new manufacturing building"].country == "IE"  # where the site it is built at is
    new_key = next(
        k for k, e in doc.entities.items() if getattr(e, "name", "") == "new manufacturing building"
    )
    assert {doc.text[s.start : s.end] for s in doc.spans("SITE") if s.value == new_key} == {
        "new manufacturing building",
        "new building",
    }


@pytest.mark.parametrize(
    "body",
    [
        "Corvena Bio has bought a plant in Muskegon, Michigan. The Muskegon plant will be the fourth U.S. plant "
        "of Corvena, which runs seven in Europe. It will also be the first factory outside Sweden where Corvena "
        "makes resins. The factory was set up in 1975.",
        "Halvera Pharma opened a plant in Tullow, Ireland. It is the second facility the group runs there, and "
        "the plant becomes the third site Halvera operates in Europe.",
    ],
)
def test_a_facility_word_said_of_a_site_is_that_site(body: str) -> None:
    doc = annotated(body)
    assert len([k for k in doc.entities if k.startswith("site:")]) == 1


# places a plural facility noun names before it, or production said to be at places, are sites: the
# construction says they are places, though the place table lacks them (their country from a demonym, a
# country after them or a known place in the list); company names and countries so placed are no sites
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Kaito Pharma will close its Osaka plant and concentrate production at its Hiratsuka and "
            "Takatsuki plants.",
            {"Osaka plant": "JP", "Hiratsuka plant": "JP", "Takatsuki plant": "JP"},
        ),
        (
            "Borvex has grown at Bubendorf and Vionnaz, its other two Swiss sites.",
            {"Bubendorf site": "CH", "Vionnaz site": "CH"},
        ),
        (
            "At El Masnou, one of the two Spanish plants it bought, Borvex adds capacity.",
            {"El Masnou plant": "ES"},
        ),
        (
            "Corvena runs process development and API manufacturing at Hoddesdon, England.",
            {"Hoddesdon site": "GB"},
        ),
        (
            "The new unit will run the company's Hiratsuka, Tatebayashi and Odawara plants in Japan.",
            {"Hiratsuka plant": "JP", "Tatebayashi plant": "JP", "Odawara plant": "JP"},
        ),
        (
            "Kaito will move all production of the Ibaraki Plant (Ibaraki, Osaka) to the Suzuka Plant (Suzuka, "
            "Mie). It will then produce at two sites, its Oita and Suzuka plants.",
            {"Ibaraki Plant": "JP", "Suzuka Plant": "JP", "Oita plant": "JP"},
        ),
        ("Zeta said its Lupin, Zydus and Aurobindo plants passed inspection.", {}),
        ("Zeta opened offices in Germany and Italy, its first sites abroad.", {}),
    ],
)
def test_places_a_facility_noun_or_production_names_are_sites(body: str, expected: dict[str, str]) -> None:
    doc = annotated(body)
    assert {e.name: e.country for k, e in doc.entities.items() if k.startswith("site:")} == expected


def sites_of(body: str) -> list:
    """The sites the annotator finds, in the order it made them."""
    doc = annotated(body)
    return [e for k, e in doc.entities.items() if k.startswith("site:")]


def test_a_park_the_site_stands_in_is_no_site_of_its_own():
    (site,) = sites_of(
        "Halvera Biologics opened its Hsinchu plant in Taiwan. The plant stands in the Hsinchu Biomedical Park, "
        "next to the Suzhou Industrial Park office of Quorra."
    )
    assert site.name == "Hsinchu plant" and "Hsinchu Biomedical Park" in site.aliases


def test_a_city_after_a_region_places_the_site_and_a_demonym_names_its_country():
    (site,) = sites_of(
        "Quorra Bio has begun building its first vaccine facility in Africa, in Kigali, Rwanda. The Rwandan "
        "facility will start with two production lines."
    )
    assert (site.city, site.country) == ("Kigali", "RW")


def test_a_building_is_no_site_unless_the_text_builds_it():
    assert (
        site_names("Corvena Pharma is building capacity; its office building in Dublin is leased.") == set()
    )


def test_a_site_never_placed_is_in_the_one_country_of_the_placed_ones():
    body = (
        "Halvera Biologics will make the antibody at its Plant 3 in Incheon. Plant 4, under construction, "
        "begins operations in 2027."
    )
    doc = annotated(body)
    countries = {e.name: e.country for k, e in doc.entities.items() if k.startswith("site:")}
    assert countries == {"Plant 3": "KR", "Plant 4": "KR"}
    placed_twice = annotated("Halvera runs Plant 3 in Incheon and Plant 5 in Basel. Plant 4 opens in 2027.")
    assert {e.name: e.country for k, e in placed_twice.entities.items() if k.startswith("site:")}[
        "Plant 4"
    ] is None


def test_a_companys_name_names_no_site():
    assert (
        site_names("China-based Zai Lab licensed the drug from Karuna. Zai Lab will pay $35 million.")
        == set()
    )


def test_a_name_the_text_also_uses_bare_is_an_alias():
    doc = annotated(
        "Halvera Bio opens Project Horizon plant in Ohio\n\nHalvera Bio opened Project Horizon, its new "
        "manufacturing facility in Dayton, Ohio. Project Horizon will make sterile injectables."
    )
    names = {e.name: e.aliases for k, e in doc.entities.items() if k.startswith("site:")}
    assert any("Project Horizon" in aliases or name == "Project Horizon" for name, aliases in names.items())


def test_two_owners_name_two_sites_in_one_place():
    doc = annotated("Rivals run plants there: Lonza's Singapore facility and Baxter's Singapore facility.")
    assert len({s.value for s in doc.spans("SITE")}) == 2


def test_an_undated_announcement_still_says_a_year_is_to_come():
    text = (
        "Acme Bio to build plant in Basel\n\nAcme Bio said it will build a biologics plant in Basel. The "
        "facility is expected to begin operations in 2031 and will add 7,000 liters of capacity."
    )
    record = extract(read_text(text, Path("news.txt"))).to_record()
    assert [f[2] for f in record["facts"] if f[1] == "starts_operations"] == ["2031"]


def test_the_places_a_companys_output_or_network_is_at_are_its_sites():
    names = site_names(
        "Halvera Pharma will scale back output at Sanford, N.C.; Andover, Mass.; and Havant, England. Quorra "
        "Biologics adds the plant to its existing network in Oxford, Lyon, Strasbourg and Bedford, MA."
    )
    assert {
        "Sanford site",
        "Andover site",
        "Havant site",
        "Lyon site",
        "Strasbourg site",
        "Bedford site",
    } <= names


@pytest.mark.parametrize(
    ("title", "sites"),
    [
        # a headline in sentence case names a site by a place the gazetteer lacks, as the body would
        (
            "Halvera buys Corvena's Tessington plant and will keep making Corvena medicines there",
            {"Tessington plant"},
        ),
        # in title case every word has a capital: none names a site
        ("Halvera Buys Corvena's Tessington Plant And Will Keep Making Corvena Medicines There", set()),
    ],
)
def test_a_headline_in_sentence_case_names_sites_as_the_body_does(title: str, sites: set[str]) -> None:
    doc = annotate(read_text(title + "\n\nHalvera Bio said on Monday it had agreed terms.", Path("news.txt")))
    assert {doc.entities[s.value].name for s in doc.spans("SITE")} == sites


def test_a_site_no_company_is_said_to_run_is_still_where_the_text_places_it():
    """A site whose operator, buyer and opening year the model all rejects is still where the text places it
    ("Supplies will come from a contract plant in Basel, Switzerland"), as sure as its likeliest operator (in
    the real cases, 34 annotated sites with their town in the text had no fact out)."""
    doc = annotate(
        read_text(
            "Antibody licence signed\n\nBOSTON, May 2, 2024 -- Halvera Bio signed a licence agreement with Quorra "
            "Therapeutics for its antibody HLV-101. Supplies will come from a contract plant in Basel, Switzerland, "
            "the companies said.",
            Path("news.txt"),
        )
    )
    scored = scored_candidates(doc)
    for cand in scored.candidates:  # every fact about the plant below what the model accepts
        if cand.relation in ("operates", "acquires_site", "starts_operations"):
            cand.score = min(cand.score, 0.1)
    found = assemble(doc, scored, default_model()).to_record()
    names = {e["id"]: e.get("name") for e in found["entities"]}
    located = [(k, names[s], o) for k, (s, p, o) in enumerate(found["facts"]) if p == "located_in"]
    assert [(name, o) for _, name, o in located] == [("Basel plant", "CH")]
    assert not [f for f in found["facts"] if f[1] == "operates"]
    assert next(e["confidence"] for e in found["evidence"] if e["fact"] == located[0][0]) <= 0.1


def test_a_department_in_brackets_after_a_listed_city_does_not_end_the_list():
    """ "plants in Les Ulis (Essonne) and Lille", "units in Lyon (Rhône), Tours (Indre-et-Loire) and Dreux":
    French releases name each town's department in brackets; every town listed is a site."""
    for body, towns in (
        ("Qorvane makes its medicines at plants in Les Ulis (Essonne) and Lille.", ["Les Ulis", "Lille"]),
        (
            "Qorvane runs plants in Lyon (Rhône), Tours (Indre-et-Loire) and Dreux.",
            ["Lyon", "Tours", "Dreux"],
        ),
    ):
        doc = annotate(read_text("Plants in brief\n\nPARIS, May 2, 2024 -- " + body, Path("news.txt")))
        assert [doc.text[s.start : s.end] for s in doc.spans("SITE")] == towns


def test_a_town_after_in_again_is_the_next_site_of_a_list_not_a_wider_place():
    """ "plants in Melbourne, Australia, in Kankakee, Illinois, and in Bern": a town the place table knows
    after ", in" is the list's next site (its state after it, not the state, is the site's place)."""
    body = (
        "Qorvane's main plants are in Melbourne, Australia, in Kankakee, Illinois, and in Bern, Switzerland."
    )
    doc = annotate(read_text("Plants in brief\n\nPARIS, May 2, 2024 -- " + body, Path("news.txt")))
    sites = {e.name: e.country for e in doc.entities.values() if isinstance(e, Site)}
    assert sites == {"Melbourne plant": "AU", "Kankakee plant": "US", "Bern plant": "CH"}


def test_a_production_unit_named_by_what_it_makes_is_a_site():
    """ "its formulations units in Goa and Aurangabad", "an API fermentation unit at Nalagarh": Indian
    releases call plants units (23 annotated site names in the real cases end in "unit")."""
    for body, sites in (
        ("Its formulations units in Goa and Aurangabad are under an import alert.", ["Goa", "Aurangabad"]),
        (
            "Kinvan inaugurated an API fermentation unit in Nalagarh, Himachal Pradesh.",
            ["API fermentation unit"],
        ),
    ):
        doc = annotate(read_text("Plants in brief\n\nMUMBAI, May 2, 2024 -- " + body, Path("news.txt")))
        assert [doc.text[s.start : s.end] for s in doc.spans("SITE")] == sites


def test_a_preposition_ends_the_words_before_a_facility_noun():
    body = (
        "Acme Pharma said its Pennsylvania plant is its fourth new U.S. site this year, after new facilities "
        "in Virginia, Texas and Alabama."
    )
    doc = annotated(body)
    names = {
        n for s in doc.spans("SITE") for n in (doc.entities[s.value].name, *doc.entities[s.value].aliases)
    }
    assert names and not any("after" in n.split() for n in names), names


def _opening_candidate(body: str):
    from loaders.extraction.relations.candidates import candidates

    doc = annotate(read_text("Company news\n\nBASEL, Switzerland, May 4, 2026 -- " + body, Path("news.txt")))
    found = [c for c in candidates(doc) if c.relation == "starts_operations" and c.object == "2026"]
    assert found, "no opening read as starting this year"
    return set().union(*found[0].sentences.values())


def test_an_opening_without_a_year_says_how_it_is_reported():
    now = _opening_candidate("Acme Pharma today opened a new tablet plant in Basel.")
    assert {"yr:implicit", "imp:verb:open", "imp:now", "imp:ord:verb_site"} <= now
    built = _opening_candidate("Acme Pharma has completed construction of a new tablet plant in Basel.")
    assert {"imp:verb:complete", "imp:perfect", "imp:works"} <= built and "imp:now" not in built


def _site_forms(body: str) -> dict[str, set[str]]:
    doc = annotated(body)
    return {doc.entities[s.value].name: {*doc.entities[s.value].aliases} for s in doc.spans("SITE")}


def test_a_site_is_also_known_by_its_words_as_written():
    forms = _site_forms(
        "Acme Pharma will make the vaccine at a commercial facility in Belgium and at a new large-scale cell "
        "culture manufacturing site in Holly Springs, North Carolina."
    )
    aliases = set().union(*forms.values())
    assert "commercial facility in Belgium" in aliases, forms
    assert "large-scale cell culture manufacturing site" in aliases, forms


def test_a_proper_name_goes_on_through_of_and_for():
    forms = _site_forms(
        "Acme Bio opened the Jeffrey Leiden Center for Cell and Genetic Therapies, and Beta Corp runs its Gene "
        "Therapy Center of Excellence in Columbus, Ohio."
    )
    assert {
        "Jeffrey Leiden Center for Cell and Genetic Therapies",
        "Gene Therapy Center of Excellence",
    } <= set(forms), forms


def test_a_company_or_a_part_of_the_world_after_in_is_no_town_of_a_site():
    forms = _site_forms(
        "Acme Bio opened its Berkeley cell therapy plant. It is the first fully electric plant in Acme's "
        "network and the largest cell therapy plant in Latin America."
    )
    named = {n for name, aliases in forms.items() for n in (name, *aliases)}
    assert not any("Acme's" in n or "Latin" in n for n in named), forms


def test_a_site_set_up_before_1950_starts_then():
    doc = annotated(
        "TOKYO, May 4, 2019 -- Acme Pharma will transfer its Takatsuki Plant. The Takatsuki Plant began "
        "operating on December 25, 1933."
    )
    assert "1933" in {s.value for s in doc.spans("YEAR")}


def test_the_ground_a_site_stands_on_is_that_site():
    forms = _site_forms(
        "Acme Pharma will build a new biologics plant in Sanford, North Carolina. The building will stand on a "
        "75-acre campus in the Helix Innovation Park, and the facility is expected to open in 2027."
    )
    assert len(forms) == 1 and "Helix Innovation Park" in next(iter(forms.values())), forms


def test_a_plural_possessive_before_a_site_is_its_owner_not_its_name():
    """ "Novartis' Ringaskiddy API campus": the owner ends in "s" and takes only the apostrophe."""
    body = "Halvera Biologics will make the antibody at Halvera Biologics' Chiba facility in Japan."
    doc = annotated(body)
    assert site_names(body) == {"Chiba facility"}
    assert any(m.owner_pos is not None for m in doc.site_mentions)


def test_a_town_of_the_world_table_ends_a_list_followed_by_no_separator():
    body = (
        "Corvane Generics, whose three German sites in Holzkirchen, Kleinwelka and Rudolstadt came under "
        "the new chief's responsibility, makes tablets."
    )
    assert site_names(body) == {"Holzkirchen site", "Kleinwelka site", "Rudolstadt site"}


def test_a_list_after_what_the_plants_serve():
    body = "Tarvel Health runs three factories for its consumer business, at Nabha, Sonepat and Rajahmundry."
    assert site_names(body) == {"Nabha factory", "Sonepat factory", "Rajahmundry factory"}


@pytest.mark.parametrize(
    "body",
    [
        "Halvex Biologics CEO Jin Park said the company will expand.",
        "Quorra CEO Mina S. Park signed the supply deal.",
        "Jin Park, chief executive of Halvex Biologics, said the deal was done.",
    ],
)
def test_a_person_named_park_is_no_park(body):
    assert site_names(body) == set()


def test_a_park_a_site_stands_in_is_still_read():
    assert site_names("Halvex Biologics is building a plant in the Tessa Biomedical Park in Tuas.") != set()


def test_an_office_named_as_a_site_says_what_kind_it_is_to_the_classifier():
    """ "its Seoul headquarters" is an office as often as a plant: the operates candidate says so
    (``o:kind:headquarters``), for the classifier to weigh."""
    from loaders.extraction.relations.candidates import candidates

    doc = annotated("Halvex Biologics will move staff to its Seoul headquarters and its Andong plant.")
    kinds = {
        doc.entities[c.object].name: {f for f in c.features if f.startswith("o:kind:")}
        for c in candidates(doc)
        if c.relation == "operates"
    }
    assert kinds.get("Seoul headquarters") == {"o:kind:headquarters"}
    assert kinds.get("Andong plant") == set()


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (
            "Quorra will build the Quorra Innovation and Technology Centre in Harwell.",
            "Innovation and Technology",
        ),
        (
            "Halvera opened its Insulin Formulation and Filling Plant in Kaluga.",
            "Insulin Formulation and Filling",
        ),
        ("The Quality and Development Centre in Cleveland will hire 40 people.", "Quality and Development"),
    ],
)
def test_a_proper_name_of_a_site_holds_its_and(body: str, name: str) -> None:
    assert any(name in found for found in site_names(body))


@pytest.mark.parametrize(
    "body",
    [
        "Halvera will close its Blanchardstown and Athlone Sites by 2026.",
        "The data come from MD Anderson and Roswell Park in the United States.",
        "Quorra runs Bio Campus I and Bio Campus II in Songdo.",
    ],
)
def test_an_and_between_names_of_places_or_sites_joins_no_name(body: str) -> None:
    assert not any(" and " in found for found in site_names(body))


def test_a_manufacturing_or_production_hub_is_a_site():
    assert site_names("Tessaline Bio will expand its multi-product manufacturing hub in Tuas.") == {
        "Tuas manufacturing hub"
    }
    # "hub" alone is a word for many things: "a supply hub for many countries"
    assert site_names("Tessaline Bio wants Singapore to be a supply hub for many countries.") == set()


def test_a_site_placed_only_by_its_country_or_state_has_that_place_as_an_alias():
    # as a site placed in a town has the town's name: "the site in Sweden" is "Sweden", "the Solna site" "Solna"
    doc = annotated("Tessaline Bio will make the vaccine at its manufacturing site in Sweden.")
    (site,) = [doc.entities[key] for key in {s.value for s in doc.spans("SITE")}]
    assert "Sweden" in site.aliases and site.country == "SE"
    doc = annotated("Tessaline Bio closed its plant in Colorado last year.")
    (site,) = [doc.entities[key] for key in {s.value for s in doc.spans("SITE")}]
    assert "Colorado" in site.aliases


def test_the_center_is_the_last_site_whose_name_holds_the_noun():
    """The center in "the first phase of the center" is the center named before, though the sentence between named two
    plants of it."""
    doc = annotated(
        "Velcor Biologics will build the Ridgeford Biologics Center in Ridgeford, Ohio. The center will bring "
        "together MFG4, a clinical manufacturing facility, and MFG5, a commercial manufacturing facility. The "
        "first phase of the center is scheduled to start operating in 2028."
    )
    last = doc.sentences[-1]
    named = {doc.entities[s.value].name for s in doc.spans("SITE", last.start, last.end)}
    assert named == {"Ridgeford Biologics Center"}


def test_towns_after_locations_operations_and_where_a_company_makes_things_are_its_sites():
    names = site_names(
        "Halvera Pharma runs four manufacturing sites in China, located in Wuxi, Taizhou and Qingdao. "
        "Quorra Biologics operates from two locations in Belgium, at Seneffe and at Gosselies. In North "
        "America it operates in Memphis; in Europe it has operations in Keele, United Kingdom. Its arm "
        "Tessaly Labs makes topical generics in the Bronx, New York. Halvera Pharma has 40 locations worldwide. "
        "Tessaly Labs manufactures sterile injectables in Leipzig, Germany; its vaccines are produced in Lyon "
        "and Marcy, France. Halvera Pharma was founded in Boston."
    )
    assert names == {
        "Wuxi site",
        "Taizhou site",
        "Qingdao site",
        "Seneffe site",
        "Gosselies site",
        "Memphis site",
        "Keele operations",
        "Bronx site",
        "Leipzig site",
        "Lyon site",
        "Marcy site",
    }


def test_a_list_going_on_after_a_sites_town_names_a_site_in_each_town():
    names = site_names(
        "Corvane Chemie makes the lipids at its main plant in Darmstadt, at Schaffhausen in Switzerland and "
        "at Cork in Ireland. Tessaly Labs runs three sites in the country, located in Pune, Nashik and Vapi."
    )
    assert names == {
        "Darmstadt plant",
        "Schaffhausen site",
        "Cork site",
        "Pune site",
        "Nashik site",
        "Vapi site",
    }


def test_the_town_after_a_named_park_is_where_the_site_is():
    doc = annotated(
        "Halvera Pharma will build a plant at the Wuxi Biomedical Industrial Park in Suzhou, China, and a "
        "laboratory in the Science and Technology Park in Lyon. Quorra Pharma opened a factory at the Export "
        "Processing Zone (EPZ) in Mombasa."
    )
    cities = {doc.entities[s.value].city for s in doc.spans("SITE")}
    assert cities == {"Suzhou", "Lyon", "Mombasa"}


def test_a_count_list_goes_on_past_what_each_site_does_and_an_industrial_complex_is_a_site():
    names = site_names(
        "Halvera Pharma operates two plants in the country: one in Oued Smar for dry forms, run with Quorra, "
        "and one in Ain Benian for liquids. It opened a production and distribution complex in Rouiba. Its "
        "drug treats tuberous sclerosis complex in one in five patients."
    )
    assert names == {"Oued Smar plant", "Ain Benian plant", "Rouiba distribution complex"}


def test_the_new_plant_is_the_one_said_to_be_new_and_never_the_existing_one():
    """ "The new plant" is the site a mention called new, though the title named it first and another site came
    between; a site called "existing" is never the new one."""
    doc = annotate(
        read_text(
            "Corvane Pharma plans $300 million facility in Lindorf\n\nCorvane Pharma said today it will build a "
            "new sterile facility in Lindorf, Austria. Its older tablet plant in Hallwang was set up in 1988; the "
            "company still uses that 30-acre Hallwang site today. Corvane aims to have the new plant operational "
            "by 2029. Staff of the existing plant will move to the new site.",
            Path("news.txt"),
        )
    )
    names = [[doc.entities[s.value].name for s in doc.spans("SITE", x.start, x.end)] for x in doc.sentences]
    new = names[0][0]
    assert names[3] == [new]
    existing, moved_to = names[4]
    assert moved_to == new and existing != new


def test_an_apposition_after_a_sites_town_is_that_site():
    """ "its facility at Graz, Styria, the oldest plant the group runs in Austria": one site."""
    assert site_names(
        "Corvane Pharma will sell its manufacturing facility at Graz, Styria, the oldest plant the group "
        "runs in Austria, to Halvera Bio."
    ) == {"Graz facility"}


def test_a_site_no_sentence_names_another_company_with_says_so_to_the_classifier():
    """ "o:only_org": every sentence naming the site names no organisation but the candidate operator;
    "o:other_orgs": one of them names another too (a buyer, a client, a seller)."""
    text = (
        "Plant news\n\nCorvane Pharma will expand its plant in Graz. The Graz plant makes tablets. Halvera Bio "
        "said its Linz site will make vials for Quorra Therapeutics."
    )
    assert marked(text, "operates", "o:only_org") == {("Corvane Pharma", "Graz plant")}
    assert ("Halvera Bio", "Linz site") in marked(text, "operates", "o:other_orgs")


def test_an_operates_candidate_says_whether_a_town_or_only_a_country_places_its_site():
    """ "a plant in Canada", "a new facility": a site no town places is as often a project or a passing
    remark as a site of its own, which the classifier weighs (``o:no_town``, ``o:no_place``)."""
    from loaders.extraction.relations.candidates import candidates

    def kinds(body: str) -> set[str]:
        doc = annotate(read_text("Plants in brief\n\nPARIS, May 2, 2024 -- " + body, Path("news.txt")))
        cands = [c for c in candidates(doc) if c.relation == "operates"]
        assert cands
        return {f for c in cands for f in c.features if f in ("o:no_town", "o:no_place")}

    assert kinds("Qorvane Biologics runs a plant in Lyon, France.") == set()
    assert kinds("Qorvane Biologics runs a plant in Canada.") == {"o:no_town"}
    assert kinds("Qorvane Biologics is building a new vaccine plant.") == {"o:no_place"}
    # and a starts_operations candidate says it of its site
    doc = annotate(
        read_text("Plants in brief\n\nPARIS, May 2, 2024 -- Qorvane Biologics will open a plant in Canada "
                  "in 2026.", Path("news.txt"))
    )  # fmt: skip
    starts = [c for c in candidates(doc) if c.relation == "starts_operations"]
    assert starts and all("s:no_town" in c.features for c in starts)

"""Partners named by what they are to a company ("its clients have included A and B", "A, its
commercialization partner", "backed by A and B") vote for a deal between the company and each of them."""

from __future__ import annotations

from pathlib import Path

from loaders.extraction import extract
from loaders.extraction.engine import annotate
from loaders.extraction.relations.partners import co_listed_investors, find_partner_roles, find_rounds
from loaders.text import read_text
from tests.extraction.extracting import record


def pairs(body: str, finder=find_partner_roles) -> set[tuple[str, str]]:
    doc = annotate(read_text("Company news\n\nBASEL, Switzerland, May 4, 2026 -- " + body, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return {(names[a], names[b]) for a, b, *_ in finder(doc.text, doc.sentences, doc.refs)}


def test_a_list_after_the_company_s_role_noun():
    assert pairs(
        "Northbridge Biologics AG opened a plant. Northbridge's larger clients have included Veltrix Pharma "
        "Inc. and Orbion Therapeutics Ltd."
    ) == {("Northbridge Biologics", "Veltrix Pharma"), ("Northbridge Biologics", "Orbion Therapeutics")}


def test_the_role_before_or_after_a_name_and_backers():
    assert pairs("Halvera Bio Inc. said its licensee Corvena Therapeutics Ltd. filed the drug.") == {
        ("Halvera Bio", "Corvena Therapeutics")
    }
    assert pairs("Halvera Bio Inc. is backed by Ashgrove Capital LLC and Quorra Ventures Ltd.") == {
        ("Halvera Bio", "Ashgrove Capital"),
        ("Halvera Bio", "Quorra Ventures"),
    }


def test_each_role_phrase_says_which_role_it_names():
    """The role of each vote (``vote:role_<role>``), which the classifier weighs on its own."""
    for role, body in (
        ("client", "Halvera Bio Inc.'s customers include Corvena Therapeutics Ltd."),
        ("backer", "Halvera Bio Inc. is backed by Ashgrove Capital LLC."),
        ("licensee", "Halvera Bio Inc. said its licensee Corvena Therapeutics Ltd. filed the drug."),
        (
            "distributor",
            "Halvera Bio Inc. signed with Corvena Therapeutics Ltd., its distributor in Japan.",
        ),
    ):
        doc = annotate(read_text("Company news\n\nBASEL, Switzerland, May 4, 2026 -- " + body, Path("n.txt")))
        assert {r for *_, r in find_partner_roles(doc.text, doc.sentences, doc.refs)} == {role}, body


def test_a_clause_that_moves_on_ends_the_list():
    assert pairs(
        "Halvera Bio Inc.'s partners include Corvena Therapeutics Ltd.; Ashgrove Pharma Inc. competes with it."
    ) == {("Halvera Bio", "Corvena Therapeutics")}


def round_investors(text, sentences, refs):
    for found in find_rounds(text, sentences, refs):
        for investor, i in found.investors.items():
            yield found.issuer, investor, i


def round_pairs(body: str) -> set[tuple[str, str]]:
    return pairs(body, round_investors)


def test_a_round_of_financing_names_its_issuer_and_investors():
    assert round_pairs(
        "Quorra Therapeutics Inc. has raised $45 million in a Series B round led by Halvera Capital LLC, with "
        "participation from Sennaro Ventures Ltd. and Corvex Partners LLC, to fund its trials."
    ) == {
        ("Quorra Therapeutics", "Halvera Capital"),
        ("Quorra Therapeutics", "Sennaro Ventures"),
        ("Quorra Therapeutics", "Corvex Partners"),
    }
    assert round_pairs(
        "In August, Halvera Capital LLC took part in Quorra Therapeutics Inc.'s Series C financing."
    ) == {("Quorra Therapeutics", "Halvera Capital")}
    # the investors before what they did, the company whose round it is after it ("its" is not theirs)
    assert round_pairs(
        "Quorra Therapeutics Inc. opened a laboratory. Quorra's earlier rounds: Halvera Capital LLC and Sennaro "
        "Ventures Ltd. co-led its $70 million Series B in 2024, in which Corvex Partners LLC also took part."
    ) == {
        ("Quorra Therapeutics", "Halvera Capital"),
        ("Quorra Therapeutics", "Sennaro Ventures"),
        ("Quorra Therapeutics", "Corvex Partners"),
    }
    # no round, no investors: "led by" a person or a drug names none
    assert (
        round_pairs("Quorra Therapeutics Inc., led by Dana Rourke, licensed its antibody to Halvera Bio.")
        == set()
    )


def test_the_sentences_after_a_round_name_its_investors():
    """ "The round was led by A": the round the sentence before reported, raised by the company it named."""
    raised = "Quorra Therapeutics Inc. today announced the close of a $45 million Series B financing. "
    assert round_pairs(
        raised + "The round was led by Halvera Capital LLC, with participation from Sennaro Ventures Ltd."
    ) == {("Quorra Therapeutics", "Halvera Capital"), ("Quorra Therapeutics", "Sennaro Ventures")}
    assert round_pairs(
        raised + "Halvera Capital LLC and Sennaro Ventures Ltd. co-led the financing, which also included "
        "Corvex Partners LLC."
    ) == {
        ("Quorra Therapeutics", "Halvera Capital"),
        ("Quorra Therapeutics", "Sennaro Ventures"),
        ("Quorra Therapeutics", "Corvex Partners"),
    }
    assert round_pairs(
        raised + "Two investors new to it co-led the round: Halvera Capital LLC and Sennaro Ventures Ltd."
    ) == {("Quorra Therapeutics", "Halvera Capital"), ("Quorra Therapeutics", "Sennaro Ventures")}
    # whatever the verb, a sentence about the round names its investors
    for said in (
        "Halvera Capital LLC and Sennaro Ventures Ltd. came in as new investors in the round.",
        "The round also drew Halvera Capital LLC and Sennaro Ventures Ltd.",
        "Existing backers Halvera Capital LLC and Sennaro Ventures Ltd. put money in again.",
        "Halvera Capital LLC came in as a new investor, while Sennaro Ventures Ltd. followed on.",
    ):
        assert round_pairs(raised + said) == {
            ("Quorra Therapeutics", "Halvera Capital"),
            ("Quorra Therapeutics", "Sennaro Ventures"),
        }, said
    # what investors did, said after them or of a list before them: "also invested, as did", "newcomers",
    # "invested again", "joined the round alongside"
    for said in (
        "Halvera Capital LLC also invested, as did Sennaro Ventures Ltd.",
        "The other newcomers are Halvera Capital LLC and Sennaro Ventures Ltd.",
        "Halvera Capital LLC and Sennaro Ventures Ltd. invested again.",
        "Halvera Capital LLC joined the round alongside Quorra's existing backer Sennaro Ventures Ltd.",
        # those of an earlier round, "among them" a list, "supported by", "brought in", "also subscribed"
        "Several investors from the previous round came back, among them Halvera Capital LLC and Sennaro "
        "Ventures Ltd.",
        "Earlier shareholders Halvera Capital LLC and Sennaro Ventures Ltd. put in more.",
        "The round was supported by existing shareholder Halvera Capital LLC and brought in Sennaro Ventures "
        "Ltd.",
        "In this round Halvera Capital LLC and Sennaro Ventures Ltd. also subscribed.",
    ):
        assert round_pairs(raised + said) == {
            ("Quorra Therapeutics", "Halvera Capital"),
            ("Quorra Therapeutics", "Sennaro Ventures"),
        }, said
    # a round closed in parts, investors who "had taken part" in it, groups a semicolon parts, and sentences
    # about other things between the round and them
    assert round_pairs(
        raised + "It plans two trials. Its CEO is new. The second tranche brought in $9 million from Halvera "
        "Capital LLC. Sennaro Ventures Ltd. had taken part in the first close."
    ) == {("Quorra Therapeutics", "Halvera Capital"), ("Quorra Therapeutics", "Sennaro Ventures")}
    assert round_pairs(
        raised
        + "New investors in the round include Halvera Capital LLC; the funds Sennaro Ventures Ltd. and "
        "Corvex Partners LLC; and Tessel Capital Inc."
    ) == {
        ("Quorra Therapeutics", name)
        for name in ("Halvera Capital", "Sennaro Ventures", "Corvex Partners", "Tessel Capital")
    }
    # a round reported five sentences before, or none at all: no investors
    far = raised + "It has 40 staff. Its trial starts in May. It hired a CFO. It has two sites. It grew. "
    assert round_pairs(far + "The round was led by Halvera Capital LLC.") == set()
    assert (
        round_pairs("Quorra Therapeutics Inc. opened a plant. The round was led by Halvera Capital LLC.")
        == set()
    )


def test_one_round_is_one_investment_with_every_investor_as_client():
    text = (
        "Quorra raises $45 million\n\nBOSTON, May 4, 2026 -- Quorra Therapeutics Inc. today announced a $45 "
        "million Series B financing. The round was led by Halvera Capital LLC, with participation from Sennaro "
        "Ventures Ltd. and Corvex Partners LLC. The company's lead candidate, QRT-101, enters Phase 2 in June."
    )
    record = extract(read_text(text, Path("news.txt")))
    names = {e.id: e.name for e in record.entities}
    investments = [a for a in record.agreements if a.type == "investment"]
    assert len(investments) == 1
    roles = [(role, names[i]) for role, i in investments[0].roles]
    assert roles == [
        ("provider", "Quorra Therapeutics"),
        ("client", "Halvera Capital"),
        ("client", "Sennaro Ventures"),
        ("client", "Corvex Partners"),
    ]
    investors = ("Halvera Capital", "Sennaro Ventures", "Corvex Partners")
    deals = {
        frozenset((names[f.subject], names[f.object]))
        for f in record.facts
        if f.predicate == "contracts_with"
    }
    assert deals == {frozenset(("Quorra Therapeutics", x)) for x in investors}
    # the company the next sentence speaks of is the one raising the round, not an investor
    assert {names[f.subject] for f in record.facts if f.predicate == "develops"} == {"Quorra Therapeutics"}


def test_the_investors_of_one_round_make_no_deal_together():
    """Whatever the classifier scores them, two investors of one round stated only there are no deal."""
    from loaders.extraction.engine import scored_candidates
    from loaders.extraction.relations.deals import accepted_deals
    from loaders.extraction.relations.model import default_model

    text = (
        "Quorra raises $45 million\n\nQuorra Therapeutics Inc. has raised $45 million in a Series B round led by "
        "Halvera Capital LLC, with participation from Sennaro Ventures Ltd. and Corvex Partners LLC."
    )
    doc = annotate(read_text(text, Path("news.txt")))
    cands = scored_candidates(doc).candidates
    for cand in cands:
        if cand.relation == "deal":
            cand.score = 1.0
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    found = {frozenset(names[k] for k in d.parties) for d in accepted_deals(doc, cands, 0.5, default_model())}
    assert frozenset({"Quorra Therapeutics", "Halvera Capital"}) in found
    assert (
        not {
            frozenset({"Halvera Capital", "Sennaro Ventures"}),
            frozenset({"Sennaro Ventures", "Corvex Partners"}),
        }
        & found
    )


def listed_together(body: str) -> set[frozenset[str]]:
    doc = annotate(read_text("Company news\n\nBASEL, Switzerland, May 4, 2026 -- " + body, Path("news.txt")))
    names = {k: getattr(e, "name", k) for k, e in doc.entities.items()}
    return {
        frozenset(names[k] for k in pair) for pair in co_listed_investors(doc.text, doc.sentences, doc.refs)
    }


def test_investors_a_sentence_about_a_round_lists_side_by_side():
    body = (
        "Halvera Bio Inc. has raised $40 million. Two regional funds, Ashgrove Capital LLC and Quorra Ventures "
        "Ltd., took part in the equity round, together with Orvane Partners and Velquor Capital."
    )
    investors = ("Ashgrove Capital", "Quorra Ventures", "Orvane Partners", "Velquor Capital")
    assert listed_together(body) == {frozenset((a, b)) for a in investors for b in investors if a < b}
    # the same names in a sentence about something else are not investors of one round, nor are the founders
    # of a venture, nor the names of a trade-press round-up's headline
    assert not listed_together("Ashgrove Capital LLC and Quorra Ventures Ltd. signed a supply agreement.")
    assert not listed_together(
        "Halvera Bio Inc., a joint venture of Ashgrove Pharma Ltd. and Quorra Ventures Ltd., closed a Series A."
    )
    assert not listed_together(
        "In this week's round-up, Ashgrove Pharma Ltd. and Quorra Bio Ltd. sign a pact."
    )


def test_investors_a_sentence_lists_with_an_apposition_or_together_with_between():
    body = (
        "Halvera Bio Inc. has raised $40 million. The new investors are Weiston Asset Management, a global asset "
        "manager based in Boston, together with Harbor Investment Partners and Delmora Capital."
    )
    investors = ("Weiston Asset Management", "Harbor Investment Partners", "Delmora Capital")
    assert listed_together(body) == {frozenset((a, b)) for a in investors for b in investors if a < b}


def test_investors_listed_side_by_side_make_no_deal_between_them():
    text = (
        "Halvera Bio raises $40 million\n\nBASEL, Switzerland, May 4, 2026 -- Halvera Bio Inc. has closed a $40 "
        "million Series B financing. New investors Ashgrove Capital LLC and Quorra Ventures Ltd. led the "
        "extension, and Orvane Partners, Velquor Capital and Tessamed Ventures also took part.\n"
    )
    found = record(text)
    names = {e["id"]: e["name"] for e in found["entities"]}
    pairs = {frozenset((names[s], names[o])) for s, p, o in found["facts"] if p == "contracts_with"}
    investors = {
        "Ashgrove Capital",
        "Quorra Ventures",
        "Orvane Partners",
        "Velquor Capital",
        "Tessamed Ventures",
    }
    assert not [pair for pair in pairs if pair <= investors]

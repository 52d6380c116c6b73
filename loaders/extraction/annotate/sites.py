"""Sites: campuses, plants, facilities and suites; where they are, who operates them, when they start.

A site mention is a facility noun with its modifiers ("the Coventry API manufacturing site in the United
States"); mentions of the same place (or the same name, code name or descriptor) form one site.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from kg.places import world_countries
from loaders.extraction.annotate.coref import BOTH, Ref
from loaders.extraction.annotate.gates import Gated, fold
from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.places import Place, demonym_country, world_index
from loaders.extraction.annotate.sentences import Sentence

__all__ = ["Site", "SiteMention", "find_operators", "find_site_anaphors", "find_sites", "find_start_years"]

_NOUN = Gated(
    r"(?<![\w\-])(?P<noun>[Ss]ites?|[Pp]lants?|[Ff]acility|[Ff]acilities|[Cc]ampus(?:es)?|Bio ?[Cc]ampus|"
    r"[Bb]iopark|Bio ?[Pp]ark|"
    r"[Ff]actory|[Ff]actories|[Ss]uites?|[Hh]eadquarters|operations|buildings?|"
    r"(?:[Mm]anufacturing|[Pp]roduction|[Ii]nnovation|[Dd]evelopment|[Dd]istribution|[Pp]ackaging|[Tt]echnology|"
    r"[Rr]esearch|[Rr]esearch and [Dd]evelopment|R&D) [Cc]ent(?:er|re)s?|[Ll]aboratory|laboratories|labs?|"
    r"(?:[Mm]anufacturing|[Pp]roduction) (?:[Bb]ase|[Uu]nits?|hubs?)|[Ll]ocations|"
    r"[Ee]xpansion [Pp]rojects|[Ee]xpansions|"
    # "a production and distribution complex", "its industrial complex" (not "complex molecules")
    r"(?:[Ii]ndustrial|[Mm]anufacturing|[Pp]roduction|[Pp]harmaceutical|[Vv]accines?|[Dd]istribution|"
    r"[Cc]hemical) [Cc]omplex|"
    # "its formulations units at Chikalthana and Waluj", "an HPAPI unit", "a fermentation unit"
    r"(?:API|HPAPI|[Ff]ormulations?|[Ff]ermentation|[Pp]ackaging|[Ff]illing|[Ii]njectables?|[Ll]iquids|"
    r"[Tt]ablets?|[Vv]accines?) [Uu]nits?|"
    # facility words that name a site only as the head of a proper name ("Lowell Biomanufacturing Center")
    r"(?P<proper>Cent(?:er|re)|Hub|Works|Unit|Complex|Building|Park|Lab|Laboratory|Factory|Plant|Site|"
    r"Facility|Campus))(?![\w\-])",
    needs=(
        "site plant facilit campus park factor suite headquarters operations cent lab base unit expansion "
        "hub works complex building location"
    ),
)
# a capitalised facility word after these is an institution or a business unit, not a site
_NOT_SITE_NAME = re.compile(
    r"(?:Cancer|Medical|Health|Memorial|Comprehensive|University|Hospital|Children['’]s|Call|Contact|Data|Visitor|"
    r"Business|Care|Sclerosis|Research|Science|Industrial|Technology|Operating|Reporting|Cash|Trial|Clinical|"
    r"Study|Investigator)\s$"
)
_SKIP_AFTER = re.compile(
    r"^(?:\s*-|\s+(?:infrastructure|selection|visits?|inspections?|acceptance|activation|manager|head|leader|"
    r"operations|Operations|level|network|-specific|investigators?|staff|director|representative)\b)"
)
_SKIP_BEFORE = re.compile(r"(?:web|binding|active|target|dual|multi|single-use|cloud)\s*$", re.I)
# a "research site" or "clinical site" hosts trials; a research facility or clinical production unit is a site
_TRIAL_BEFORE = re.compile(r"(?:trial|clinical|study|investigator|research)\s*$", re.I)
_STOP_LEFT = frozenset(
    """a an the its their our his her this that these those from to of in at on by for with and or as into
    which who will would is are was were be been has have had under over per across than within between
    first new existing two three four several both each any all another other while whereas but
    build builds building construct constructs open opens add adds buy buys acquire acquires sell sells launch
    launches unveil unveils include includes including comprise comprises operate operates run runs own owns
    manage manages expand expands complete completes completed opened acquired bought sold built started
    said says told noted added after before since like near beside following via alongside among
    """.split()  # verbs end the modifiers: "Norrland to build new suite", "its network includes plants in X"
)
_KEEP_LEFT = frozenset({"first", "new", "existing", "two", "three"})
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
_BUILT = _ORDINALS | {"new"}
_OLD = frozenset({"existing", "current", "former", "old", "original", "older"})
_ORDINAL_NOUN = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:plants?|facilit(?:y|ies)|sites?|factor(?:y|ies)|campus|buildings?)\b",
    re.I,
)
_SIZE = re.compile(
    r"^(?:\d[\d,.]*(?:-square-(?:foot|feet|meter|metre)|-acre|-hectare|-liter|-litre|L)?|[\d,.]+|large-scale|purpose-built|"
    r"state-of-the-art|(?:\d+,)?\d+-square-\w+|(?:US|USD|EUR|GBP|CHF|S|HK|A|C)?[$€£¥₩₹][\d,.]+\w*|[\d,.]+-(?:million|billion)|"
    r"million|billion|trillion|mn|bn|won|yen|yuan|euros?|dollars?|rupees?|crore)$",
    re.I,
)
_SUB = ("suite", "suites")
_PLURALS = ("sites", "plants", "facilities", "factories", "laboratories", "labs", "centers", "centres",
            "projects", "expansions", "operations", "campuses", "units", "locations")  # fmt: skip
_CODE_APPOS = re.compile(
    r"\b([A-Z]{2,5}\d{1,3}[A-Z]?)\s*,\s*(?:the\s+|its\s+|our\s+|a\s+)?(?:company['’]s\s+)?$"
)
_AT_NAME = re.compile(r"^[^.;]{0,50}?\bat\s+((?:The\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3})")
_TITLE_STOP = re.compile(
    r"^(?:[A-Z][a-z]+ing|Acquire|Acquires|Buy|Buys|To|Partner|Announces|Expands|Extends|Signs)$"
)
_APPOSITION = re.compile(
    r"(?:\s+(?:at|in|near)\s+[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3})?\s*,\s*(?:an?|the|its|their|our)\s+"
)
# a surname that is also a facility word: a title or an initial before it, a title or "said" after it
_PERSON_BEFORE = re.compile(
    r"\b(?:CEO|President|Chair\w*|Director|Minister|Secretary|Officer|Chief|Founder|Professor|Dr|Mr|Mrs|Ms|"
    r"Managing|Head)\.?(?:\s+[A-Z][a-z]+){0,2}\s+$|\b[A-Z][a-z]+\s+[A-Z]\.\s+$"
)
_PERSON_AFTER = re.compile(
    r"\s*(?:,\s*(?:the\s+)?(?:[\w.&-]+['’]s\s+)?(?:chief|CEO|president|chair|head|founder|vice|director|"
    r"senior|executive|minister)|\s+(?:said|says|added|told|noted)\b)",
    re.I,
)


def _persons_name(text: str, floor: int, start: int, end: int) -> bool:
    return bool(_PERSON_BEFORE.search(text, floor, start) or _PERSON_AFTER.match(text, end))


_DEFINED = re.compile(r"^\s*\((?:the\s+)?[\"“](?P<alias>[^\"”]{2,40})[\"”]\)")
_AT_SITE = re.compile(r"^\s*,?\s*(?:located\s+|situated\s+)?(?:at|on)\s+(?:the\s+)?")
# "in eastern Hungary", "in nearby Fegersheim"
_DIRECTION = r"(?:(?:north|south|east|west)(?:ern|[- ]?(?:east|west)ern)?\s+|central\s+|nearby\s+)?"
_IN_PLACE = re.compile(
    r"^\s*,?\s*(?:(?:located|based|situated|opened|built|established)\s+)?(?:in|near|"
    r"outside(?: of)?)\s+(?:the\s+)?" + _DIRECTION
)
_WINDOW_PLACE = re.compile(r"^[^.;]{0,40}?\b(?:in|at)\s+(?:the\s+)?" + _DIRECTION)
_OWNED_BY = re.compile(r"^[^.;]{0,60}?\b(?:operated|owned|run|managed)\s+by\s+$|^\s+of\s+$")
_OPERATE = re.compile(
    r"\b(?:operat\w*|runs?|running|ran|produc(?:e|es|ed|ing)|manufactur(?:e|es|ed|ing)|makes|made|(?<!-)own(?:s|ed)|"
    r"plans?\s+for|construct\w*|br(?:eak|eaks|oke)\s+ground|establish(?:es|ed)?|open(?:s|ed)?|expand(?:s|ed|ing)?|"
    r"expansions?|"
    r"built|builds|building|opened|opening|houses|commit\w*|inaugurat\w*|unveil\w*|commission\w*|invest\w*|assume\w*\s+(?:ownership\s+and\s+)?operation|"
    r"take\s+over\s+operations?)\b"
)
_START = re.compile(
    r"\b(?:(?:start|begin|commence)(?:s|ed|ing)?\s+(?:commercial\s+|full\s+|GMP\s+)?(?:operations?|operating|"
    r"production|manufacturing)|(?:began|begun)\s+(?:commercial\s+|full\s+|GMP\s+)?(?:operations?|operating|"
    r"production|manufacturing)|"
    r"(?:become|be|fully|becomes)\s+operational|operational\s+(?:in|by)|come\s+on(?:line|-line|\s+stream)|"
    r"GMP[- ]ready|opened|opening|go(?:es)?\s+live|be\s+completed|completion|"
    r"(?:be\s+)?ready\s+(?:to\s+operate|for\s+(?:operations?|production))|be\s+ready\s+(?=in\s|by\s)|"
    r"(?:[Oo]perations|[Pp]roduction)\s+(?:is\s+|are\s+)?(?:(?:expected|scheduled|slated|set|due)\s+)?to\s+(?:begin|start|commence)|"
    # "operations starting in October 2026", "start of operations in", "up and running by the close of 2027",
    # "will be producing by", "running under GMP since 2018", "into service in", "first commercial batches"
    r"(?:[Oo]perations|[Pp]roduction)\s+(?:starting|beginning|commencing)|start\s+of\s+(?:operations|production)|"
    r"running\s+(?=by\s|in\s|before\s)|be\s+producing|"
    r"(?:running|operating|in\s+(?:commercial\s+|full\s+)?operation)\s+(?:under\s+GMP\s+)?since|"
    # "is due to open in the summer of 2017", "will be opened in 2020"
    r"(?:to|will|would)\s+(?:be\s+)?open(?:ed)?(?=\s+(?:in|by|during|before|later)\s)|"
    r"into\s+(?:service|operation)|(?:bring|put|brought|came|comes)\s+(?:\w+\s+)?on(?:line|-line|\s+stream)|"
    r"first\s+(?:commercial\s+)?batch(?:es)?|reach\s+(?:full[- ]scale\s+)?(?:commercial\s+)?production|"
    # when it was set up: "the factory was established in 1975", "It was built in 2000", "commissioned in
    # 2011", "has been operational since 2018", "went up in 2014", "Set up in 1987, the facility ..."
    r"(?:was|were|been)\s+(?:first\s+|originally\s+)?(?:established|built|founded|commissioned|set\s+up|"
    r"constructed|inaugurated)|"
    r"(?:established|commissioned|[Ss]et\s+up|went\s+up|inaugurated)(?=,?\s+(?:in|by)\s)|"
    r"(?:commissioned|launched|inaugurated|set\s+up|put\s+up|built|started\s+up)(?=\s+(?:its|the|a|an|their|our|this)\s)|"
    # "the site, which the group built in 2016", "the plant was completed in 2010 and makes tablets"
    r"(?:built|(?:was|were)\s+completed)(?=\s+in\s+(?:\w+\s+)?(?:19|20)\d\d\b)|"
    r"operational\s+since)\b"
)
# a facility word followed by its number names one site of several ("Plant 5 will begin GMP operations")
_NUMBERED = re.compile(r"\s+(?:No\.\s*)?(\d{1,2}|[IVX]{1,4})\b(?![,.]?\d|-(?:liter|litre|square|acre))")
_NUMBERED_NOUNS = frozenset({"Plant", "Building", "Unit", "Site", "Facility", "Factory", "Campus"})
_VERB_REACH = 600
_WHICH = re.compile(r",\s*which\s+(?:[^,;.]{0,40}\s)?")  # up to the verb: ", which in May 2020 "
_COMPLETION = re.compile(r"(?:be|was|were)\s+completed|completion")
# "opened the Durham facility in 2020", "commissioned the plant in 2019", "launched a new packaging facility
# in Singapore in 2022", "put up its first oligo building at the Banwol Campus in 2018"
_OPENED_SITE = re.compile(
    r"(?:opened|commissioned|launched|inaugurated|set\s+up|put\s+up|built|started\s+up|"
    r"(?:start|begin|commence)(?:s|ed)?\s+operating|began\s+operating)\s+(\S[^.;]{2,60}?),?\s+in\s+"
    r"(?:the\s+\w+\s+of\s+|\w+\s+)?(19\d\d|20[0-4]\d)\b"
)
Year = tuple[int, int, str]  # a year the text states: start, end, the year
_OF_FOR_NAME = re.compile(r" (?:of|for) [A-Z][\w\-]*(?:(?: and| &)? [A-Z][\w\-]*)*")


@dataclass
class Site:
    key: str
    name: str
    aliases: set[str] = field(default_factory=set)
    city: str | None = None
    country: str | None = None
    explicit_country: bool = False
    sub: bool = False
    descriptor: str = ""
    parent: str | None = None  # key of the site it is part of
    region: str | None = None  # a state or province it was placed in before its city was known
    new: bool = False  # introduced as "a new plant": a site of its own, even where a site is already named
    called_new: bool = False  # some mention says it is new ("the new facility in Tralee")
    old: bool = False  # some mention says it is there already ("its existing plant", "the former site")
    owners: dict[int, str] = field(default_factory=dict)  # sentence -> the name owning it there ("Lonza's")


@dataclass(frozen=True)
class SiteMention:
    start: int
    end: int
    sentence: int
    key: str
    owner_pos: int | None = None  # offset of a possessive owner ("Lonza's", "its") before the mention
    listed: bool = (
        False  # one of the cities listed after "sites in": the company the sentence is about runs it
    )


def find_sites(
    text: str, sentences: tuple[Sentence, ...], places: list[Place], names: Intervals | None = None
) -> tuple[dict[str, Site], list[SiteMention]]:
    """Sites and their mentions; ``names``: the spans of organisation names, whose words name no site
    ("Zai Lab" is a company, not a lab)."""
    sites: dict[str, Site] = {}
    mentions: list[SiteMention] = []
    last_key: str | None = None
    # "London-based" says where a company is based, not where a site is ("its London-based operations")
    places = [p for p in places if not p.text.endswith(("-based", "-headquartered"))]
    # ordinals name sites only when the text counts several ("the first plant ... the second plant"); a lone
    # "its first ADC plant" is the plant the text is about
    sequenced = _counts_sites(text)
    folded = fold(text)
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        pending_parent: list[tuple[str, int]] = []
        homeless: list[tuple[str, str | None]] = []  # new sites named without a place, the site named before
        # a headline in title case capitalises every word, so its capitals name nothing; one in sentence case
        # ("Catalent buys BMS's Anagni plant") is read like the body
        capitals = sent.section == "title" and _title_case(sent.text)
        for m in _NOUN.finditer(text, sent.start, sent.end, folded):
            if names is not None and names.contains(m.start(), m.end()):
                continue
            noun = m.group("noun")
            plural = noun.lower().endswith(_PLURALS)
            before = text[max(sent.start, m.start() - 14) : m.start()]
            if (
                _SKIP_AFTER.match(text[m.end() : m.end() + 20])
                or _SKIP_BEFORE.search(before)
                or (_TRIAL_BEFORE.search(before) and noun.lower() in ("site", "sites"))
            ):
                continue
            left_start, words, det, owner_pos = _left(text, sent.start, m.start())
            if noun in ("building", "buildings") and not any(w.lower() in _BUILT for w in words):
                continue  # a building is a site where the text builds it: "a new building"
            listed = _listed_cities(text, m.end(), sent.end, places) if plural else []
            if plural and not listed:  # "its Hiratsuka and Takatsuki plants", "Bubendorf and Vionnaz, its
                listed = _named_before(text, places, sent.start, left_start, words, names)  # two Swiss sites"
                if listed:
                    words = [w for w in words if not w[0].isupper() or demonym_country(w)]
            if noun.lower() == "locations" and not listed:
                continue  # "locations" name sites only in a list of towns: "two locations, at A and at B"
            if plural and not listed and _placed_before(places, left_start, m.start()):
                plural = False  # "the Bengaluru operations", "its Frankfurt production facilities": one site
            if plural:  # "operates manufacturing sites in Cork, Ireland and Greenville, South Carolina"
                noun = _singular(noun)
                descriptor = " ".join(w.lower() for w in words if w[0].islower() and not _SIZE.match(w))
                last_key = (
                    _add_listed(text, sites, mentions, listed, i, noun, words, descriptor, owner_pos)
                    or last_key
                )
                continue
            if _ALONGSIDE.match(text, m.end(), sent.end):  # "... site, alongside Barcelona; Clayton, NC ..."
                listed = _listed_cities(text, m.end(), sent.end, places)
                _add_listed(text, sites, mentions, listed, i, noun, [], "", None)
            numbered = _NUMBERED.match(text, m.end(), sent.end) if noun in _NUMBERED_NOUNS else None
            end = numbered.end() if numbered else m.end()
            if numbered and owner_pos is None:
                left_start, words = m.start(), []
            proper = _proper_name(words, noun, capitals)
            if (
                m.group("proper")
                and (_NOT_SITE_NAME.search(text, max(sent.start, m.start() - 16), m.start()) or not proper)
                and noun not in ("Plant", "Site", "Facility", "Campus", "Factory")
            ):
                continue
            if noun == "Park" and _persons_name(text, max(sent.start, m.start() - 40), m.start(), m.end()):
                continue  # "CEO James Park", "Lisa S. Park", "Vice President Park said": a person
            named_on = _OF_FOR_NAME.match(text, end, sent.end) if proper else None
            if named_on and proper:  # "the Jeffrey Leiden Center for Cell and Genetic Therapies"
                proper += named_on.group(0)
                end = named_on.end()
            left_place = _place_in(places, left_start, m.start()) or _place_before(
                text, places, sent.start, left_start
            )
            right_place = _place_after(text, end, sent.end, places)
            place = left_place or right_place
            if right_place and right_place.city and not (left_place and left_place.city):
                place = right_place
            if noun.lower().endswith(" base") and not (place and place.city):
                continue  # "our U.S. production base" is a footprint; "its Suzhou manufacturing base" a site
            demonym = next((demonym_country(w) for w in words if demonym_country(w)), None)
            code = _CODE_APPOS.search(text[max(sent.start, left_start - 30) : left_start])
            defined = _DEFINED.match(text[end : end + 50])
            local = None
            if not proper and not place and not capitals:
                local = _local_name(words, noun)  # "its Harwell facility": a place the gazetteer lacks
                if local and any(local.split()[0] in (x.city, *x.aliases) for x in sites.values()):
                    local = None  # a word already naming a known site is that site: "the Bari facility"
                proper = local
            descriptor = " ".join(
                w.lower()
                for w in words
                if w[0].islower()
                and not _SIZE.match(w)
                and w.lower() not in _KEEP_LEFT
                and not w.startswith("(")
            )
            sub = noun.lower().startswith("suite")
            at_parent = _AT_SITE.match(text[end : end + 30])
            if noun.lower() == "headquarters" and not (owner_pos is not None and place):
                continue
            if noun.lower() == "suites" and not (proper or place or defined or at_parent):
                continue  # "each (bioreactor) with its own downstream suites": equipment, not a site
            name = code.group(1) if code else proper
            if numbered:  # "Plant 5", "Building No. 3": the number names the site
                name = f"{noun} {numbered.group(1)}"
            ordinal = next((k for k, w in enumerate(words) if w.lower() in _ORDINALS), None)
            by_ordinal = not name and ordinal is not None and sent.section != "title" and sequenced
            if by_ordinal:
                # "its first oligonucleotide plant", "the second plant": the ordinal names one of several
                name = " ".join([*(w.lower() for w in words[ordinal:] if not _SIZE.match(w)), noun.lower()])
            owner = _owner_name(text, owner_pos) if det == "poss" else None
            said_new = not name and any(w.lower() == "new" for w in words)
            said_old = not name and not said_new and any(w.lower() in _OLD for w in words)
            fresh = said_new and det in ("a", "an", None) and owner_pos is None and sent.section != "title"
            if not (
                name
                or place
                or defined
                or det == "the"
                or owner_pos is not None
                or at_parent
                or (sub and descriptor)
                or fresh
            ):
                continue
            if sent.section == "title":
                words = _title_words(words)
                descriptor = " ".join(
                    w.lower() for w in words if not _SIZE.match(w) and w.lower() not in _KEEP_LEFT
                )
            at_name = _AT_NAME.match(text[end : sent.end])
            elsewhere = (
                at_name.group(1)
                if at_name and not any(p.start == end + at_name.start(1) for p in places)
                else None
            )
            key = _match_site(
                sites, name, place, descriptor, sub, demonym, det, last_key, pending_parent, elsewhere
            )
            if key is not None and owner and sites[key].owners.get(i, owner) != owner:
                key = None  # "Lonza's Singapore facility and Baxter's Singapore facility": two sites
            elif fresh and key and not sites[key].new and _named_in_body(key, mentions, sentences):
                key = None  # "a new building at its Swords campus": a site of its own
            elif said_new and not fresh and not place:  # "the new plant": the one introduced as new
                key = next((k for k in reversed(sites) if sites[k].new or sites[k].called_new), key)
                if key is not None and sites[key].old:  # never the one "existing" or "former" named
                    key = next((k for k in reversed(sites) if not sites[k].old and sites[k].sub == sub), None)
            elif said_old and key is not None and (sites[key].new or sites[key].called_new):
                # "the new facility replaces its existing plant": the plant there before, not the new one
                key = next(
                    (k for k in reversed(sites) if sites[k].old and sites[k].sub == sub and k != key), None
                )
            elif key is not None and sites[key].new and not said_new and (name or owner_pos is not None):
                key = None  # "a new plant ... within the company's Noshiro Plant": the plant it is built in
            prev = mentions[-1] if mentions and mentions[-1].sentence == i else None
            if (
                prev
                and not name
                and _APPOSITION.fullmatch(text, prev.end, left_start)
                and not (place and place.city and sites[prev.key].city not in (None, place.city))
            ):
                # "the Parma Biologics Hub, a 9,000-square-meter facility in northern Italy"; "its facility at
                # Ankleshwar, Gujarat, the oldest plant the group runs in India"
                key = prev.key
            said_of = (
                _predicated(text, sent.start, left_start, prev, mentions, i)
                if by_ordinal or not name
                else None
            )
            # "The Muskegon plant will be the fourth U.S. plant"; "It will also be the first factory outside
            # Sweden": the site the clause is about, not another
            if said_of is not None and not (
                place and place.city and sites[said_of].city not in (None, place.city)
            ):
                key = said_of
                if by_ordinal:
                    name = None
            if key is None:
                if not (name or place or defined or (sub and descriptor) or fresh):
                    continue
                key = f"s{len(sites) + 1}"
                label = name or _label(words, noun, place)
                if fresh:  # named as the text introduces it: "new manufacturing building"
                    label = " ".join(["new", *descriptor.split(), noun.lower()])
                sites[key] = Site(key, label, sub=sub, descriptor=descriptor, new=fresh)
                if fresh:
                    sites[key].aliases.add(f"new {noun.lower()}")
                    if not place:
                        homeless.append((key, last_key))
            site = sites[key]
            site.called_new |= said_new
            site.old |= said_old
            if owner:
                site.owners.setdefault(i, owner)
            _update(site, name, place, descriptor, words, noun, defined, text, left_start, end)
            if local:
                site.aliases.add(local.split()[0])
            if det == "poss" and not re.match(
                r"(?:its|their|our|the|whose)\b", text[left_start : left_start + 6], re.I
            ):
                site.aliases.add(text[left_start:end])
            if elsewhere:
                site.aliases.add(elsewhere)
            mentions.append(SiteMention(left_start, end, i, key, owner_pos))
            last_key = key
            if at_parent:
                pending_parent.append((key, end))
            for child, pos in pending_parent:
                if child != key and pos <= left_start and pos + 40 > left_start:
                    sites[child].parent = key
                    if sites[child].city is None and site.city:
                        sites[child].city, sites[child].country = site.city, site.country
        # the places a company's output or network is at are its sites: "scale back output at Sanford, N.C.;
        # Andover, Mass.; and Havant, England", "its existing network in Oxford, Lyon, Strasbourg and Bedford"
        for m in _OUTPUT_AT.finditer(text, sent.start, sent.end):
            listed = _listed_cities(text, m.end(), sent.end, places)
            known = {(x.start, x.end) for x in mentions}
            listed = [c for c in listed if (c.start, c.end) not in known]
            last_key = _add_listed(text, sites, mentions, listed, i, "site", [], "", None) or last_key
        for city in _repeated_after(text, sent.end, places, [x for x in mentions if x.sentence == i]):
            last_key = _add_listed(text, sites, mentions, [city], i, "site", [], "", None) or last_key
        for new_key, prior in homeless:
            _place_new_site(sites[new_key], [m.key for m in mentions if m.sentence == i], prior, sites)
    _merge_title_sites(sites, mentions, sentences)
    _merge_grounds(text, sentences, sites, mentions)
    _merge_parks(sites, mentions)
    _merge_named_for_city(sites, mentions)
    _mention_names(text, sentences, sites, mentions)
    _placed_by_neighbour(text, places, sites)
    _placed_by_name(places, sites)
    _one_country(sites)
    _bare_names(text, sites)
    return sites, mentions


# what joins a town the tables lack to a known place that says where it is: "Martorelles, near Barcelona",
# "Garín, in the province of Buenos Aires", "Isando, Johannesburg", "Kagamiishi, Fukushima"
_NEIGHBOUR = re.compile(
    r",?\s+(?:(?:near|outside(?:\s+of)?|close\s+to)\s+|in\s+(?:the\s+)?(?:(?:province|prefecture|canton|state|"
    r"region|district|county|city|municipality)\s+of\s+)?)?(?:the\s+)?"
)


def _placed_by_neighbour(text: str, places: list[Place], sites: dict[str, Site]) -> None:
    """A site in a town the tables lack, which the text places by a known place right after the town's name,
    is in that place's country."""
    at = {p.start: p for p in places}
    for site in sites.values():
        if site.country or not site.city:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(site.city)}(?!\w)", text):
            joined = _NEIGHBOUR.match(text, m.end())
            place = at.get(joined.end()) if joined and joined.end() > m.end() else None
            if place and place.country:
                site.country = place.country
                break


_TOWN_SUFFIX = re.compile(r"(?:\s+(?:City|County)|-shi|-machi)$")
# what after a town's name makes a name of something else: "Roswell Park", "Marcus Center"
_NAMED_FOR = frozenset({"Park", "Center", "Centre", "Triangle", "Institute", "Hospital", "University"})


def _placed_by_name(places: list[Place], sites: dict[str, Site]) -> None:
    """A site the text never places whose name starts with a town of the world table ("Kawagoe Plant",
    "Tokushima Factory", "the Halle site") is in that town, if the town is in a country the text names; so is
    a site in a town the text names without a country ("Hikari City", "New Albany")."""
    named = {p.country for p in places}

    def country_named(town: str) -> str | None:  # of towns sharing the name, the largest one the text names
        return (
            next((c for c in world_countries(town) if c in named), None) if world_index().get(town) else None
        )

    for site in sites.values():
        if site.country:
            continue
        if site.city:
            site.country = country_named(_TOWN_SUFFIX.sub("", site.city))
            continue
        for name in (site.name, *sorted(site.aliases)):
            words = name.split()
            capital = bool(words) and words[0][:1].isupper()
            n = next(
                (
                    n
                    for n in (3, 2, 1)
                    if capital and len(words) > n and world_index().get(" ".join(words[:n]))
                ),
                0,
            )
            if not n or words[n] in _NAMED_FOR:
                continue
            country = country_named(" ".join(words[:n]))
            if country:  # not "Research" (a town in Australia) of "Research Triangle Park" in a US text
                site.city, site.country = " ".join(words[:n]), country
                break


_NAMED_NOUN = re.compile(
    r"(?P<name>(?:(?-i:[A-Z])[\w&.'’\-]*\s){1,4})(?:plant|facility|site|campus|cent(?:er|re)|building|factory|hub)",
    re.I,
)


def _bare_names(text: str, sites: dict[str, Site]) -> None:
    """A site named "Project Tomorrow plant" that the text also calls plainly "Project Tomorrow" has that name
    too."""
    for site in sites.values():
        m = _NAMED_NOUN.fullmatch(site.name or "")
        if not m:
            continue
        bare = m.group("name").strip()
        if bare in (site.city, site.region) or not bare[:1].isupper() or bare in site.aliases:
            continue
        noun = site.name[len(m.group("name")) :].lower()
        for hit in re.finditer(rf"(?<![\w\-]){re.escape(bare)}(?![\w\-])", text):
            if not text[hit.end() : hit.end() + len(noun) + 1].lower().strip().startswith(noun):
                site.aliases.add(bare)
                break


def _one_country(sites: dict[str, Site]) -> None:
    """A site the text never places ("Plant 3", "the Stein campus") is in the country of its parent, else in
    the one country of all the sites the text does place."""
    countries = {site.country for site in sites.values() if site.country}
    only = next(iter(countries)) if len(countries) == 1 else None
    for site in sites.values():
        if site.country is None:
            parent = sites.get(site.parent or "")
            site.country = (parent.country if parent else None) or only


def _place_new_site(site: Site, keys: list[str], before: str | None, sites: dict[str, Site]) -> None:
    """A new site named without a place is where the site it is built at is: the one its sentence names
    after it ("a new plant ... within the company's Noshiro Plant"), else the one named before ("... at
    Aubonne. The money pays for a new building")."""
    after = keys[keys.index(site.key) + 1 :] if site.key in keys else []
    home = next((sites[k] for k in after if k != site.key and sites[k].city), None)
    home = home or (sites[before] if before and before != site.key else None)
    if home and site.city is None:
        site.city, site.country = home.city, home.country


def _owner_name(text: str, owner_pos: int | None) -> str | None:
    """The name a possessive site mention starts with ("Lonza" of "Lonza's Singapore facility"); None for
    "its", "their"."""
    if owner_pos is None:
        return None
    m = re.match(r"([A-Z][\w.\-]*)(?:'s|’s|(?<=s)['’])", text[owner_pos : owner_pos + 60])
    return m.group(1) if m else None


def _named_in_body(key: str, mentions: list[SiteMention], sentences: tuple[Sentence, ...]) -> bool:
    return any(m.key == key and sentences[m.sentence].section not in ("title", "head") for m in mentions)


def _counts_sites(text: str) -> bool:
    """Whether the text counts two sites or more ("the first plant ... the second plant"); a text holding
    fewer than two ordinal words is not scanned (unless it holds a letter that IGNORECASE takes for an
    "i" or an "s" where lower case does not)."""
    low = text.lower()
    if sum(word in low for word in _ORDINALS) < 2 and not any(c in text for c in "ıİſ"):
        return False
    return len({m.group(1).lower() for m in _ORDINAL_NOUN.finditer(text)}) >= 2


def _merge_title_sites(
    sites: dict[str, Site], mentions: list[SiteMention], sentences: tuple[Sentence, ...]
) -> None:
    """A headline's plant ("AstraZeneca to build $1.5bn ADC plant") is the one the body then places ("a
    manufacturing facility in Singapore"): a title-only site with no city joins the body's first site that
    is not placed elsewhere."""
    title_keys = {m.key for m in mentions if sentences[m.sentence].section in ("title", "head")}
    body_keys = [m.key for m in mentions if sentences[m.sentence].section not in ("title", "head")]
    for key in title_keys:
        site = sites.get(key)
        if site is None or key in body_keys or site.sub:
            continue
        target = next(
            (
                k
                for k in body_keys
                if k != key
                and not sites[k].sub
                and (not site.country or sites[k].country in (None, site.country))
                and (not site.city or sites[k].city in (None, site.city))
            ),
            None,
        )
        if target is not None:
            _merge_into(sites, mentions, key, target)


# "The Tralee facility will sit on a 44.7-acre site in Kerry Technology Park", "The building will stand on a
# 75-acre campus in the Helix Innovation Park": the ground a site stands on is that site
_STANDS_ON = re.compile(
    r"(?:\s+will|\s+is\s+to|\s+would)?\s+(?:stand|sit|rise|be\s+(?:built|located|situated|constructed))s?\s+"
    r"(?:on|at|in|within)\s+"
)
_SUBJECT_NP = re.compile(
    r"(?:The|This|Its)\s+(?:[\w-]+\s+){0,3}?(?:facility|plant|building|factory|complex|site)\b"
)


def _merge_grounds(
    text: str, sentences: tuple[Sentence, ...], sites: dict[str, Site], mentions: list[SiteMention]
) -> None:
    for i, sent in enumerate(sentences):
        subject = _SUBJECT_NP.match(text, sent.start, sent.end)
        stands = _STANDS_ON.match(text, subject.end(), sent.end) if subject else None
        if subject is None or stands is None:
            continue
        here = [m for m in mentions if m.sentence == i]
        own = next(
            (
                m
                for m in here
                if m.start <= subject.start() < m.end or subject.start() <= m.start < subject.end()
            ),
            None,
        )
        if own is None:  # "The building": the site the sentences before were about
            own = next((m for m in reversed(mentions) if m.sentence < i), None)
        ground = next((m for m in here if m.start >= stands.end()), None)
        if own is not None and ground is not None and own.key != ground.key and ground.key in sites:
            if own.key in sites and not sites[ground.key].sub:
                _merge_into(sites, mentions, ground.key, own.key)


def _merge_into(sites: dict[str, Site], mentions: list[SiteMention], key: str, target: str) -> None:
    """Site ``key`` is site ``target``: its names become aliases, its mentions the target's."""
    site, keep = sites.pop(key), sites[target]
    keep.aliases.add(site.name)
    keep.aliases.update(site.aliases)
    keep.country = keep.country or site.country
    for n, m in enumerate(mentions):
        if m.key == key:
            mentions[n] = SiteMention(m.start, m.end, m.sentence, target, m.owner_pos, m.listed)


# a park, zone or estate is where sites stand ("a 22-acre site in the Tuas Biomedical Park", "at the Hsinchu
# Biomedical Park"), not a site beside the one the text places there
_PARK = re.compile(r"\b(?:Park|Biopark|BioPark|Zone|Estate)$")


def _merge_named_for_city(sites: dict[str, Site], mentions: list[SiteMention]) -> None:
    """ "the Ibaraki Plant (Ibaraki, Osaka)" and "at Ibaraki": a site named for a place and never placed is
    the one site placed in that place (which takes its name)."""
    for key, site in list(sites.items()):
        first = site.name.split()[0]
        if site.city or site.sub or not first[:1].isupper():
            continue
        placed = [k for k, other in sites.items() if k != key and other.city == first and not other.sub]
        if len(placed) == 1:
            target = sites[placed[0]]
            name = site.name
            _merge_into(sites, mentions, key, placed[0])
            if not _is_proper(target) or target.name.lower() == f"{first} site".lower():
                target.aliases.add(target.name)
                target.aliases.discard(name)
                target.name = name


def _merge_parks(sites: dict[str, Site], mentions: list[SiteMention]) -> None:
    """A park named as a site joins the one other site of its city (its name an alias of that site)."""
    for key, site in list(sites.items()):
        if not site.city or not _PARK.search(site.name):
            continue
        others = [
            k
            for k, other in sites.items()
            if k != key and other.city == site.city and not other.sub and not _PARK.search(other.name)
        ]
        if len(others) == 1:
            _merge_into(sites, mentions, key, others[0])


def _left(text: str, floor: int, pos: int) -> tuple[int, list[str], str | None, int | None]:
    """Walk left over modifiers; return (start, modifier words, determiner, possessive owner offset)."""
    words: list[str] = []
    start = pos
    floor = max(floor, pos - 200)  # at most eight modifier words: a bounded look back
    for m in reversed(list(re.finditer(r"[\w.\-()®’']+|,", text[floor:pos]))):
        w = m.group()
        absolute = floor + m.start()
        if w == ",":
            if not words or re.match(r"[A-Z]", words[0]):
                start = absolute
                continue
            break
        if w.lower().endswith(("'s", "’s")) or (w[:1].isupper() and w.endswith(("s'", "s’"))):
            return absolute, words, "poss", absolute  # "Lonza's", "Novartis' Ringaskiddy API campus"
        low = w.lower()
        if low == "whose":  # "Lonza, whose plant in Portsmouth": the name the clause hangs on owns it
            comma = text.rfind(",", floor, absolute)
            owner = comma if comma >= 0 and not text[comma + 1 : absolute].strip() else None
            return absolute, words, "whose" if owner is None else "poss", owner
        if w.startswith("(") and not re.fullmatch(r"\([A-Z]{2,6}\)|\(R\)", w):
            break
        if low in ("and", "&") and _inside_proper_name(text, floor, absolute, words, pos):
            words.insert(0, w)  # "the Quality and Development Centre": one name
            start = absolute
            continue
        if low in _STOP_LEFT and low not in _KEEP_LEFT:
            det = low if low in ("the", "a", "an", "this", "that") else None
            if low in ("its", "their", "our"):
                return absolute, words, "poss", absolute
            return start, words, det, None
        words.insert(0, w)
        start = absolute
        if len(words) > 7:
            break
    return start, words, None, None


def _inside_proper_name(text: str, floor: int, at: int, words: list[str], pos: int) -> bool:
    """Whether an "and" at ``at`` joins two capitalised words of one proper name ending in a capitalised
    facility noun at ``pos`` ("the Innovation and Technology Centre", "Vaccine and Biological Products
    Factory"); not a list of owners ("Pfizer and BioNTech facility" ends in a lower-case noun)."""
    noun = re.match(r"[\w-]+", text[pos:])
    if not (noun and noun.group()[0].isupper() and (not words or words[0][:1].isupper())):
        return False
    if noun.group().endswith("s") or noun.group() in ("Park", "Complex"):
        return False  # "its Blanchardstown and Athlone Sites", "Menlo Park": places, lists, persons
    before = re.search(r"([\w.\-’']+)\s+$", text[floor:at])
    word = before.group(1) if before else ""
    return word[:1].isupper() and word.lower() not in _STOP_LEFT and not re.fullmatch(r"[IVX]+|\d+", word)


# a site each: "plants in Basel and Visp"; "expansion projects in Hillerød and in Holly Springs"; the
# nouns written in lower case when made singular, and those whose singular is another word (see _singular)
_SINGULAR = {"sites": "site", "plants": "plant", "facilities": "facility", "expansion projects": "site",
             "expansions": "site", "factories": "factory", "operations": "operations",
             "campuses": "campus", "locations": "site"}  # fmt: skip
# how many sites a list puts at a place: "one in", "two each in", "three of them in"
_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})(?:\s+(?:each|of\s+them))?"
_LIST_NEXT = re.compile(
    # "in Montreal in 2024 and in Cairo, Egypt, in 2025": the year of each is passed over
    r"^(?:,?\s+(?:in|by|from)\s+(?:early\s+|late\s+|mid-?)?\d{4}\b)?"
    r"\.?"  # the full stop of an abbreviation the place leaves out: "Sanford, N.C.; Andover, Mass.; and"
    rf"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+|,?\s+as\s+well\s+as\s+)(?:(?:another\s+|the\s+other\s+|{_COUNT}\s+)?"
    r"(?:in|at)\s+)?(?:the\s+)?"
)
# a count list goes on past what each item is for: "two plants, one in Lyon for tablets and one in Tours"
_COUNT_AGAIN = re.compile(
    rf"^[^;.:]{{0,80}}?(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?:another|{_COUNT})\s+(?:in|at)\s+(?:the\s+)?"
)
# a wider place after a listed city: "Bloomington, Indiana, in the United States; and Brussels"
_WIDER = re.compile(r"^,?\s+in\s+(?:the\s+)?")
_BRACKETED = r"\([^()]{2,40}\)"  # "(Essonne)": a town's department, which a list passes over
_ASIDE = re.compile(rf"\s*{_BRACKETED}")
_COMMA = re.compile(r",\s+")
_ALONGSIDE = re.compile(r"[^;.]{0,60}?\b(?:along|together)\s+with\s+[A-Z]|[^;.]{0,100}?\balongside\s+[A-Z]")
# "spread over six sites: Ballydine in Co Tipperary, Brinny in Co Cork, Carlow"
_COLON_LIST = re.compile(r"^[^;.:]{0,60}:\s*(?:(?:in|at)\s+)?(?=[A-Z])")
# "six plants in Europe: Brindisi, Italy; Frankfurt, Germany; ...": the region, then the list
_REGION_COLON = re.compile(r"^\s+in\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s*:\s*(?=[A-ZÀ-ÖØ-Þ])")
# a county or district after a listed city, which the place table may not know: "Brinny in Co Cork"
_WIDER_NAME = re.compile(
    r"^,?\s+in\s+(?:(?:Co\.?|County)\s+)?[A-Z][\w.'’-]*(?:\s[A-Z][\w'’-]*)?(?=\s*[,;]|\s+and\b)"
)
# the area a list of sites is in, named or not: "in China", "in the country"
_AREA = r"in\s+(?:the\s+)?(?:[A-Z][\w.]*(?:\s[A-Z]\w*)?|country|region|state|province)"
_LIST_INTRO = re.compile(
    # "facilities and laboratories in ...": a second facility noun joined to the first
    r"^(?:\s+(?:and|&)\s+(?:[a-z]+\s+)?(?:laborator(?:y|ies)|labs?|offices?|sites?|plants?|facilit(?:y|ies)|"
    r"warehouses?|operations)\b)?\s*,?\s*(?:(?:which|that)\s+(?:are|were|is)\s+|"
    r"(?:in\s+[A-Z][\w.]*(?:\s[A-Z]\w*)?\s+)?(?:are|were)\s+|"
    # "two facilities, one in Milan and one in Bresso", "sites: one in Tainan", "units: two in Liege, one each
    # in San Diego", "facilities in India -- five in Ahmedabad": how many at each place, then the list
    rf"(?:{_AREA}\s*)?(?::|\s?--|\s?[–—])?"
    rf"\s*{_COUNT}\s+|"
    r"[^;.]{0,100}?\b(?=alongside\b|including\b|such\s+as\b)|(?:is|are|were|was)\s+(?:\w+\s+){0,4}?(?=in\s|at\s)|"
    # "the research centers it runs in Mountain View and Santa Clara"
    r"(?:that\s+|which\s+)?(?:it|they|we)\s+(?:runs?|operates?|owns?|has|have)\s+(?=in\s|at\s)|"
    # "three GMP plants certified by the FDA and the EMA: in Amsterdam and in Jena"
    r"[^;.:]{0,60}:\s*(?=in\s|at\s)|"
    # "three factories for its consumer business, at A, B and C": what the plants serve, then the list
    r"(?:for|serving)\s+(?:its|their|the)\s+[^;.:,()]{1,60},\s+(?=in\s|at\s))?"
    # "four manufacturing sites in China, located in Wuxi, Taizhou and Qingdao"
    rf"(?:{_AREA},\s+(?=located|based|situated))?"
    r"(?:(?:located|based|situated)\s+)?(?:in|at|alongside|including|such\s+as)\s+(?:the\s+)?"
)


_OUTPUT_AT = re.compile(
    r"\b(?:output|production|manufacturing|operations)(?=\s+at\s)"
    # "makes topical generics in the Bronx", "In North America it operates in Memphis and in Baltimore", "it
    # has operations in Keele and Matfors"
    r"|\b(?:(?:makes|produces|manufactures)\s+(?:[\w-]+\s+){0,2}?[\w-]+"
    r"|(?:be|been|is|are|was|were)\s+(?:made|produced|manufactured)|(?:it|they)\s+operates?|(?:has|have)\s+operations)"
    r"(?=\s+(?:in|at)\s)"
    r"|\b(?:network|footprint)(?=\s+(?:in|at|of\s+sites\s+in)\s)"
)


def _add_listed(
    text: str,
    sites: dict[str, Site],
    mentions: list[SiteMention],
    listed: list[Place],
    sentence: int,
    noun: str,
    words: list[str],
    descriptor: str,
    owner_pos: int | None,
) -> str | None:
    """A site for each city of a list (the one already known there, else a new one); the last one's key."""
    key = None
    for city in listed:
        key = _match_site(sites, None, city, "", False, None, None, None, [])
        if key is None:
            key = f"s{len(sites) + 1}"
            sites[key] = Site(key, _label([], noun, city), descriptor=descriptor)
        _update(sites[key], None, city, "", words, noun, None, text, city.start, city.end)
        mentions.append(SiteMention(city.start, city.end, sentence, key, owner_pos, listed=True))
    return key


# a list going on after a site's town with "in" or "at" again: "at its site in Darmstadt, at Schaffhausen in
# Switzerland and at St. Louis"
_AT_OR_IN = re.compile(r"\s+(?:in|at)\s+")
_AGAIN = re.compile(r"(?:,\s*(?:and\s+)?|,?\s+and\s+)(?:at|in)\s+(?:the\s+)?(?=[A-ZÀ-ÖØ-Þ])")


def _repeated_after(
    text: str, sent_end: int, places: list[Place], mentions: list[SiteMention]
) -> list[Place]:
    """The towns a list names after a site mention's own town with "in"/"at" again, one site each."""
    known = {(m.start, m.end) for m in mentions}
    out: list[Place] = []
    for m in mentions:
        if m.listed:
            continue
        town = next(
            (
                p
                for p in places
                if p.city and m.end <= p.start <= m.end + 4 and _AT_OR_IN.fullmatch(text, m.end, p.start)
            ),
            None,
        )
        again = town and _AGAIN.match(text, town.end, sent_end)
        if again:
            out += [
                c for c in _cities_from(text, again.end(), sent_end, places) if (c.start, c.end) not in known
            ]
    return out


def _singular(noun: str) -> str:
    """ "plants" -> "plant", "research centers" -> "research center", "facilities" -> "facility"."""
    low = noun.lower()
    if low in _SINGULAR:
        return _SINGULAR[low]
    return noun[:-3] + "y" if low.endswith("ies") else noun[:-1] if low.endswith("s") else noun


def _listed_cities(text: str, end: int, sent_end: int, places: list[Place]) -> list[Place]:
    """The cities listed after a plural facility noun ("plants in Basel, Switzerland and Visp"), each one
    site; a country or region in the list names no particular site and is passed over.  A name the city
    table lacks counts as a city inside a list that names a known one ("facilities in Madrid, San Sebastián
    de los Reyes and Alcalá de Henares"; "in Hicksville and Melville, New York"), in that one's country."""
    after = text[end:sent_end]
    for intro in (_REGION_COLON, _LIST_INTRO, _IN_PLACE, _COLON_LIST):
        # the first way in that leads to a list: "four plants in the country: Kaysersberg (Haut-Rhin), ..."
        # reads "in the country" as no list, then the colon's
        m = intro.match(after)
        listed = _cities_from(text, end + m.end(), sent_end, places) if m else []
        if listed:
            return listed
    return []


def _cities_from(text: str, at: int, sent_end: int, places: list[Place]) -> list[Place]:
    """The cities of a list starting at ``at`` (see :func:`_listed_cities`)."""
    out: list[Place] = []
    wider_places: list[Place] = []
    while True:
        here = [p for p in places if p.start == at and p.end <= sent_end]
        country_after: Place | None = None
        if here:
            place = max(here, key=lambda p: p.end)
        else:
            name = _LIST_NAME.match(text, at, sent_end)
            town = None if name or not out else _world_town(text, at, sent_end)
            if town:  # "sites in A, B and C came under": a town of the world table ends the list
                out.append(town)
                break
            if not name or name.group(1).split()[0] in _NOT_LISTED:
                break
            found = name.group(1).rstrip(".")
            place = Place(at, at + len(found), found, "", "city", found)
            comma = _COMMA.match(text, place.end, sent_end)
            country_after = next(
                (p for p in places if comma and p.start == comma.end() and p.kind == "country"), None
            )
            if country_after:  # "at Hoddesdon, England": a town the table lacks, in the country after it
                place = Place(place.start, place.end, found, country_after.country, "city", found)
        if place.city:
            out.append(place)
        else:
            wider_places.append(place)
        after = place.end
        if country_after is not None:
            after = country_after.end
        aside = _ASIDE.match(text, after, sent_end)
        if aside:  # "plants in Les Ulis (Essonne) and Lille": the department in brackets is no stop
            after = aside.end()
        wider = _WIDER.match(text[after:sent_end])
        country = wider and next(
            (
                p
                for p in places
                if p.start in (after + wider.end(), after + wider.end() - 4) and p.kind == "country"
            ),
            None,
        )
        if country:
            after = country.end
        elif wider and not any(p.start == after + wider.end() and p.city for p in places):
            # a wider place the table may lack; a known town is the list's next item: "in Melbourne,
            # Australia, in Kankakee, Illinois, and in Bern"
            named = _WIDER_NAME.match(text[after:sent_end])
            after += named.end() if named else 0
        nxt = _LIST_NEXT.match(text[after:sent_end]) or _COUNT_AGAIN.match(text[after:sent_end])
        if not nxt:
            break
        at = after + nxt.end()
    if not out and len(wider_places) >= 2 and all(p.kind == "region" for p in wider_places):
        # "expansions are under way in Indiana and New Jersey": one site in each state named
        return [Place(p.start, p.end, p.text, p.country, "city", p.text) for p in wider_places]
    return _with_countries(out)


def _world_town(text: str, at: int, sent_end: int) -> Place | None:
    """The town of the world table (:func:`world_index`) a list's last item names, followed by what is no
    list's separator ("and Rudolstadt came under")."""
    words = _TOWN_WORDS.match(text, at, sent_end)
    if not words:
        return None
    parts = words.group().split()
    for n in range(len(parts), 0, -1):
        name = " ".join(parts[:n])
        found = world_index().get(name)
        if found and found[1] == "city":
            return Place(at, at + len(name), name, found[0], "city", name)
    return None


_TOWN_WORDS = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’\-]*(?: [A-ZÀ-ÖØ-Þ][\w'’\-]*){0,2}")
_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"  # "Újpest" too
_LIST_NAME = re.compile(
    rf"((?:{_CAPITAL_WORD})(?:[ \-](?:de|del|di|la|le|les|los|las|sur|am|an|upon|on|{_CAPITAL_WORD})){{0,4}})"
    rf"(?=(?:\s*{_BRACKETED})?\s*(?:,|;|\band\b|\.|$)|\s+in\s+(?:(?:Co\.?|County)\s+)?[A-Z]"
    # what the site there does: "one in Oued Smar for dry forms", "at Quorra, where it makes tablets"
    r"|\s+(?:for|where|making|producing)\s)"
)
_NOT_LISTED = frozenset("The A An Its Their Our This That Each Both All Other Phase".split())


_PLACE_NAME = rf"{_CAPITAL_WORD}(?:[ \-](?:de|del|di|la|le|sur|am|an|{_CAPITAL_WORD})){{0,3}}"
# the places before a plural facility noun that names them: coordinated before it ("its Hiratsuka and
# Takatsuki plants"), or listed before an apposition ("at Bubendorf and Vionnaz, its other two Swiss sites",
# "At El Masnou, one of the two Spanish plants")
_COORDINATED = re.compile(
    rf"\b(?:its|their|our|the|[\w.&-]+['’]s)\s+(?P<list>{_PLACE_NAME}(?:,\s+{_PLACE_NAME})*),?\s+and\s+$"
)
_APPOSED = re.compile(
    rf"(?P<list>{_PLACE_NAME}(?:,\s+{_PLACE_NAME})*(?:,?\s+and\s+{_PLACE_NAME})?),\s+"
    r"(?:(?:its|their|our|the)\s+(?:other\s+)?|(?:one|each)\s+of\s+(?:the|its|their|our)\s+)$"
)
_LIST_PARTS = re.compile(r",\s+|,?\s+and\s+")
_NOT_A_PLACE = frozenset("At In On By For From With Of And To Near Both Its Their The".split())


def _named_before(
    text: str, places: list[Place], floor: int, start: int, words: list[str], names: Intervals | None
) -> list[Place]:
    """The places a plural facility noun names before it (see ``_COORDINATED``, ``_APPOSED``), each a site:
    known places and capitalised names alike, which the construction says are places; a country or region
    in the list names no particular site. Their country: a demonym among the noun's words ("two Swiss
    sites"), else that of a known place in the list."""
    before = text[max(floor, start - 160) : start]
    offset = start - len(before)
    capitals = list(takewhile(lambda w: w[0].isupper() and not demonym_country(w), words))
    coordinated = _COORDINATED.search(before) if capitals else None
    found = coordinated or _APPOSED.search(before)
    if found is None:
        return []
    spans = []
    at = offset + found.start("list")
    for part in _LIST_PARTS.split(found.group("list")):
        at = text.find(part, at)
        first, _, rest = part.partition(" ")
        if first in _NOT_A_PLACE and rest:  # "At El Masnou, one of ...": the preposition is no name
            at, part = at + len(first) + 1, rest
        spans.append((at, at + len(part), part))
        at += len(part)
    if coordinated:  # the last of the coordinated names stands right before the noun: "Takatsuki plants"
        last = " ".join(capitals)
        at = text.find(last, start)
        spans.append((at, at + len(last), last))
    demonym = next((c for w in words if (c := demonym_country(w))), None)
    out = []
    for s, e, name in spans:
        if names is not None and names.overlaps(s, e):
            return []  # a company's name: "its Lupin, Zydus and Aurobindo plants" are no places
        known = next((p for p in places if p.start == s and p.end == e), None)
        if known is not None and known.kind != "city":
            return []  # "Germany and Italy, its first sites": countries name no particular site
        out.append(known or Place(s, e, name, demonym or "", "city", name))
    countries = {p.country for p in out if p.country}
    country = demonym or (countries.pop() if len(countries) == 1 else "")
    return [p if p.country else Place(p.start, p.end, p.text, country, "city", p.city) for p in out]


def _with_countries(listed: list[Place]) -> list[Place]:
    """Unknown cities of a list take the country of the nearest known one (the next, else the previous);
    a list without any known city gives nothing."""
    known = [i for i, p in enumerate(listed) if p.country]
    if not known:
        return []
    out = []
    for i, p in enumerate(listed):
        if p.country:
            out.append(p)
            continue
        nearest = min(known, key=lambda k: (k < i, abs(k - i)))
        out.append(Place(p.start, p.end, p.text, listed[nearest].country, "city", p.city))
    return out


def _local_name(words: list[str], noun: str) -> str | None:
    """ "Harwell facility" for "its Harwell facility": a capitalised word right before a lower-case facility
    noun names where the site is, when it is no acronym ("GMP facility") and no demonym ("European plant")."""
    if not words or noun[:1].isupper():
        return None
    word = words[-1]
    if word[:1].isupper() and not word.isupper() and word.isalpha() and not demonym_country(word):
        return f"{word} {noun.lower()}"
    return None


def _title_case(text: str) -> bool:
    """Whether a headline capitalises most of its longer words ("Catalent Buys Anagni Plant From BMS")."""
    words = [w for w in _LONG_WORD.findall(text) if w.lower() not in _TITLE_CASE_SMALL]
    return bool(words) and sum(w[0].isupper() for w in words) > 0.75 * len(words)


_LONG_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")
_TITLE_CASE_SMALL = frozenset({"with", "from", "into", "over", "that", "than", "upon"})


def _title_words(words: list[str]) -> list[str]:
    kept: list[str] = []
    for w in reversed(words):
        if _TITLE_STOP.match(w) or len(kept) >= 3:
            break
        kept.insert(0, w)
    return kept


def _proper_name(words: list[str], noun: str, title: bool) -> str | None:
    if title:
        return None
    caps: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        joins = w in ("and", "&") and 0 < k and words[k - 1][0].isupper()  # "Quality and Development"
        if joins or (w[0].isupper() and not _SIZE.match(w) and w not in ("U.S.", "US", "UK")):
            caps.insert(0, w)
        else:
            break
    if noun[0].isupper() and caps:
        return " ".join([*caps, noun])
    if noun[0].isupper() and not caps:
        return None
    return None


def _label(words: list[str], noun: str, place: Place | None) -> str:
    content = [w for w in words if not _SIZE.match(w) and w.lower() not in _KEEP_LEFT]
    if noun.lower().startswith("suite") and content and all(w[0].islower() for w in content):
        return " ".join([*content, noun])
    if place and place.city and place.city not in " ".join(content):
        return f"{place.city} {noun.lower()}"
    if place and place.city:  # "its Rochester, New York, plant": the city names it, not its state
        wider = set(place.text[len(place.city) :].replace(",", " ").split())
        content = [w for w in content if w not in wider]
    return " ".join([*content, noun]).strip()


# "the Branchburg, New Jersey, biologics plant": the place is set off by commas before the modifiers
_COMMA_BEFORE = re.compile(r",\s+(?:the\s+|its\s+)?$")


def _place_before(text: str, places: list[Place], floor: int, start: int) -> Place | None:
    m = _COMMA_BEFORE.search(text, max(floor, start - 12), start)
    if not m:
        return None
    found = [p for p in places if p.end == m.start() and p.city]
    return found[-1] if found else None


def _placed_before(places: list[Place], start: int, end: int) -> bool:
    """Whether a city or a state or province stands among the modifiers [start, end) of a facility noun."""
    return any(start <= p.start and p.end <= end and p.kind in ("city", "region") for p in places)


def _place_in(places: list[Place], start: int, end: int) -> Place | None:
    found = [p for p in places if start <= p.start and p.end <= end + 1]
    return found[-1] if found else None


_UNKNOWN_CITY = re.compile(
    r"^\s*,?\s*(?:(?:located|based|situated)\s+)?in\s+([A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?),\s+"
)


def _place_after(text: str, end: int, sent_end: int, places: list[Place]) -> Place | None:
    rest = text[end:sent_end]
    m = _UNKNOWN_CITY.match(rest)
    if m:
        at = end + m.end()
        country = next((p for p in places if p.start == at and p.kind in ("country", "region")), None)
        if country and not any(p.start == end + m.start(1) for p in places):
            city = m.group(1)
            return Place(
                end + m.start(1),
                country.end,
                text[end + m.start(1) : country.end],
                country.country,
                "city",
                city,
            )
    park = _PARK_THEN_IN.match(rest)
    if park:  # "in the Bizkaia Science and Technology Park in Derio": the park, then its town
        town = next((p for p in places if p.start == end + park.end() and p.kind == "city"), None)
        if town is not None:
            return town
    for pattern in (_IN_PLACE, _WINDOW_PLACE):
        m = pattern.match(rest)
        if m:
            at = end + m.end()
            for p in places:
                if p.start in (at, at - 4) and p.start < sent_end:
                    # "in Africa, in Kigali, Rwanda": the city said next is where it is
                    if (p.kind != "city" or p.text in _NOT_CITY_WORDS) and _THEN_IN.match(text, p.end):
                        narrower = _place_after(text, p.end, sent_end, places)
                        if narrower is not None and narrower.city:
                            return narrower
                    return p
    wider = _WIDER_THEN_IN.match(rest)
    if wider:  # "in Africa, in Kigali, Rwanda": a part of the world, then the town
        narrower = _place_after(text, end + wider.end(), sent_end, places)
        if narrower is not None and narrower.city:
            return narrower
    m = _BARE_CITY.match(rest)
    if (
        m
        and m.group(1).split()[0] not in _NOT_CITY_WORDS
        and not m.group(1).endswith(("'s", "’s"))  # "the first such plant in Bayer's network"
        and not any(p.start == end + m.start(1) for p in places)
    ):
        return Place(end + m.start(1), end + m.end(1), m.group(1), "", "city", m.group(1))
    return None


_THEN_IN = re.compile(r",\s+in\s")
_PARK_THEN_IN = re.compile(
    r"^\s*,?\s*(?:in|at|on)\s+(?:the\s+)?(?:(?:[A-Z][\w\-&]*|and|of|for)\s+){1,7}?"
    r"(?:Park|Zone|Estate|Area|District|Hub|City)(?:\s+\([A-Z]{2,6}\))?\s*,?\s+(?:in|near)\s+"
)
_WIDER_THEN_IN = re.compile(r"^\s*,?\s*in\s+(?:the\s+)?[A-Z][\w\-]*(?:\s[A-Z][\w\-]*)?(?=,\s+in\s)")
# "Yposkesi's site in Corbeil-Essonnes": a capitalised name after a facility noun and "in" is where it is,
# even when the city table lacks it (a country is added when the text gives one)
_BARE_CITY = re.compile(
    r"^\s*,?\s*(?:(?:located|based|situated)\s+)?in\s+(?:nearby\s+)?"
    r"([A-Z][\w'’\-]+(?:[ \-](?:de|del|la|le|sur|am|[A-Z][\w'’\-]+)){0,3})(?![\w'’]|\s*\(|\s+[A-Z])"
)
_NOT_CITY_WORDS = frozenset(
    """The A An In At Its Their Our Phase January February March April May June July August September
    October November December Q1 Q2 Q3 Q4 H1 H2 Europe Asia Africa America Americas Latin North South East
    West Central Southeast Eastern Western Northern Southern Middle Asia-Pacific APAC EMEA""".split()
)


# what stands between a site and a facility word said of it: "The Muskegon plant will be the fourth U.S.
# plant", "It will also be the first factory outside Sweden", "the plant becomes the fourth site"
_COPULA = (
    r"(?:will\s+|would\s+|could\s+|should\s+|is\s+to\s+)?(?:also\s+|now\s+|then\s+)?"
    r"(?:be|is|was|becomes?|became|remains?)\s+(?:also\s+)?(?:(?:the|a|an|its|their|our)\s+)?"
)
_SITE_IS = re.compile(r"\s*" + _COPULA)
_IT_IS = re.compile(r"\s*(?:It|This|That)\s+" + _COPULA)


def _predicated(
    text: str, sent_start: int, start: int, prev: SiteMention | None, mentions: list[SiteMention], i: int
) -> str | None:
    """The site a facility word is said of (a predicate after "is", "will be", "becomes"): the site named
    just before the verb in the sentence, or the last one named before the sentence when its subject is
    "It"."""
    if prev is not None and _SITE_IS.fullmatch(text, prev.end, start):
        return prev.key
    if _IT_IS.fullmatch(text, sent_start, start):
        return next((m.key for m in reversed(mentions) if m.sentence < i), None)
    return None


def _match_site(
    sites: dict[str, Site],
    name: str | None,
    place: Place | None,
    descriptor: str,
    sub: bool,
    demonym: str | None,
    det: str | None,
    last_key: str | None,
    pending_parent: list[tuple[str, int]],
    elsewhere: str | None = None,  # a named location the mention is at ("a plant ... at The Reactory")
) -> str | None:
    children = {c for c, _ in pending_parent}
    candidates = [s for s in sites.values() if s.sub == sub and s.key not in children]
    if name:
        for s in candidates:
            if s.name.lower() == name.lower() or name.lower() in (a.lower() for a in s.aliases):
                return s.key
        if name.split()[0].lower() in _ORDINALS:
            return None  # "the second plant" is not the first one
    if place and place.city:
        same = [s for s in candidates if s.city and s.city.lower() == place.city.lower()]
        unnamed = [s for s in same if not _is_proper(s) or not name]
        if len(unnamed) == 1 and not (name and _is_proper(unnamed[0])):
            return unnamed[0].key
        if same and not name:
            return same[0].key
        # "its Michigan manufacturing plant" ... "the plant in Kalamazoo, Michigan": one site
        regional = [
            s for s in candidates if not s.city and s.region and s.region.lower() in place.text.lower()
        ]
        if not same and len(regional) == 1:
            return regional[0].key
    if descriptor and len(descriptor) > 3:
        for s in candidates:
            if s.descriptor and (
                s.descriptor == descriptor
                or s.descriptor.endswith(descriptor)
                or descriptor.endswith(s.descriptor)
            ):
                if not (place and place.city and s.city and s.city != place.city):
                    return s.key
    if not name and not (place and place.city) and det in ("the", "this", "that", "poss", None):
        country = (place.country if place else None) or demonym
        pool = [s for s in reversed(list(sites.values())) if s.sub == sub]
        if elsewhere:  # a plant "at The Reactory" is not the site already known in the same country's city
            pool = [s for s in pool if not s.city or elsewhere in s.aliases]
        for s in pool:
            if country is None or s.country == country:
                return s.key
    return None


def _is_proper(site: Site) -> bool:
    return (
        bool(site.name)
        and site.name[0].isupper()
        and not (site.city and site.name.lower().startswith(site.city.lower() + " "))
    )


def _update(
    site: Site,
    name: str | None,
    place: Place | None,
    descriptor: str,
    words: list[str],
    noun: str,
    defined: re.Match[str] | None,
    text: str,
    start: int,
    end: int,
) -> None:
    if name and not _is_proper(site) and site.name != name and not _PARK.search(name):
        site.aliases.add(site.name)
        site.name = name
    elif name and name != site.name:
        site.aliases.add(name)
    if place and place.kind == "region" and not site.city:
        site.region = place.text
    if place:
        explicit = place.kind != "city" or place.text != place.city
        if place.city and not site.city:
            site.city = place.city
        if place.kind == "country" or explicit:
            if not site.explicit_country:
                site.country, site.explicit_country = place.country, True
        elif site.country is None:
            site.country = place.country
        if site.city:
            site.aliases.add(site.city)
        elif place.kind in ("country", "region"):
            site.aliases.add(place.text)  # "a manufacturing site in Sweden": where it is, as the text says
    if descriptor and not site.descriptor:
        site.descriptor = descriptor
    if defined:
        site.aliases.add(defined.group("alias"))
    phrase = " ".join(w for w in words if not _SIZE.match(w) and w.lower() not in _KEEP_LEFT) + " " + noun
    phrase = phrase.strip()
    if phrase != site.name and len(phrase.split()) >= 2:
        site.aliases.add(phrase)
    named = list(takewhile(lambda w: w[:1].isupper(), reversed(words)))
    if named and len(named) < len(words) and not _SIZE.match(named[-1]):  # "idle Navi Mumbai plant": also
        site.aliases.add(" ".join([*reversed(named), noun]))  # "Navi Mumbai plant"
    if place and place.city:
        site.aliases.add(f"{phrase} in {place.city}")
        if not phrase.startswith(place.city):
            site.aliases.add(f"{place.city} {phrase}")
    # as written: "a commercial facility in Belgium", "... in Cranbury, NJ"; with its scale words:
    # "large-scale cell culture manufacturing site"
    if place and place.text != place.city:
        site.aliases.add(f"{phrase} in {place.text}")
    scaled = [w for w in words if w.lower() not in _KEEP_LEFT and not re.match(r"[\d$€£¥₩₹]", w)]
    if len(scaled) >= max(2, len(phrase.split())):
        site.aliases.add(" ".join([*scaled, noun]))
    abbreviation = re.search(r"\(([A-Z]{2,6})\)", " ".join(words))
    if abbreviation:
        site.aliases.add(f"{abbreviation.group(1)} {noun.lower()}")


def _mention_names(
    text: str, sentences: tuple[Sentence, ...], sites: dict[str, Site], mentions: list[SiteMention]
) -> None:
    """Bare code names and city names used for a site ("MFG19 covers", "operate Swords as")."""
    taken = Intervals((m.start, m.end) for m in mentions)
    starts = [s.start for s in sentences]
    placed: dict[str, list[int]] = {}  # site -> ends of its mentions (for "its facility in Bend")
    for m in mentions:
        placed.setdefault(m.key, []).append(m.end)
    found = []
    for site in sites.values():
        forms = [site.name] if re.fullmatch(r"[A-Z]{2,5}\d{1,3}[A-Z]?", site.name or "") else []
        if site.city:
            forms.append(site.city)
        for form in forms:
            for hit in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
                if taken.overlaps(hit.start(), hit.start() + 1):
                    continue
                idx = bisect_right(starts, hit.start()) - 1
                if idx < 0 or hit.start() >= sentences[idx].end or sentences[idx].section == "boilerplate":
                    continue
                if form == site.city and not _OPERATE.search(sentences[idx].text):
                    continue
                if (
                    form == site.city
                    and any(  # "its facility in Bend": the place of that mention
                        end <= hit.start() and _IN_PLACE.fullmatch(text[end : hit.start()])
                        for end in placed.get(site.key, ())
                        if hit.start() - end < 60
                    )
                ):
                    continue
                found.append(SiteMention(hit.start(), hit.end(), idx, site.key))
    mentions.extend(found)
    mentions.sort(key=lambda m: m.start)


def find_operators(
    text: str,
    sentences: tuple[Sentence, ...],
    sites: dict[str, Site],
    mentions: list[SiteMention],
    refs: list[list[Ref]],
    salient: list[str | None],
) -> list[tuple[str, str, int, str]]:
    """(org key, site key, sentence index, how the words say it): possessives ("Lonza's site", "its plant")
    and operating verbs."""
    out: list[tuple[str, str, int, str]] = []
    for m in mentions:
        sent = sentences[m.sentence]
        orgs = [r for r in refs[m.sentence] if r.key != BOTH and not r.excluded]
        after = [r for r in orgs if m.end <= r.start <= m.end + 80 and _OWNED_BY.match(text[m.end : r.start])]
        if after:
            out.append((after[0].key, m.key, m.sentence, "owned_by"))
            continue
        if m.owner_pos is not None:
            owner = next(
                (r for r in orgs if r.start <= m.owner_pos < r.end + 3 or r.start == m.owner_pos), None
            )
            if owner:
                out.append((owner.key, m.key, m.sentence, "possessive"))
            continue
        verb = None
        # the verb governs a mention within a sentence's reach (bounded, so one huge paragraph stays linear)
        floor = max(sent.start, m.start - _VERB_REACH)
        spans = [
            (o.start, o.end)
            for o in mentions
            if o.sentence == m.sentence and floor <= o.end and o.start < m.start
        ]
        for v in _OPERATE.finditer(text, floor, m.start):
            if not any(a <= v.start() < b for a, b in spans):
                verb = v
        if verb is None:
            prior = [r for r in orgs if r.end <= m.start]
            key = prior[-1].key if prior else (salient[m.sentence] if m.listed else None)
            if m.listed and key:  # "Calloway's third outside Japan, after sites in Raleigh and Leiden"
                out.append((key, m.key, m.sentence, "listed"))
            continue
        before = [
            r
            for r in orgs
            if r.end <= verb.start() and not text[max(0, r.start - 5) : r.start].endswith("with ")
        ]
        key = before[-1].key if before else (orgs[0].key if orgs else salient[m.sentence])
        # "sister company X, which committed $60 million to a plant": the relative clause's company runs
        # it, even one that is no party to the announcement's deal
        clause = [
            r
            for r in refs[m.sentence]
            if r.explicit and r.end <= verb.start() and _WHICH.fullmatch(text, r.end, verb.start())
        ]
        if clause:
            key = clause[-1].key
        if key:
            out.append((key, m.key, m.sentence, "relative" if clause else "verb"))
    for site in sites.values():
        if site.parent:
            for org, key, i, _ in list(out):
                if key == site.parent:
                    out.append((org, site.key, i, "parent"))
                    break
    out += _numbered_siblings(sites, mentions, out)
    return out


def _numbered_siblings(
    sites: dict[str, Site], mentions: list[SiteMention], operated: list[tuple[str, str, int, str]]
) -> list[tuple[str, str, int, str]]:
    """ "Plant 4" with no operator of its own belongs to whoever runs "Plant 3" (when one company does)."""
    owners: dict[str, set[str]] = {}
    for org, key, _, _ in operated:
        noun, numbered = _numbered_name(sites[key].name)
        if numbered:
            owners.setdefault(noun, set()).add(org)
    done = {key for _, key, _, _ in operated}
    out = []
    for site in sites.values():
        noun, numbered = _numbered_name(site.name)
        if numbered and site.key not in done and len(owners.get(noun, ())) == 1:
            first = next(m for m in mentions if m.key == site.key)
            out.append((next(iter(owners[noun])), site.key, first.sentence, "numbered"))
    return out


def _numbered_name(name: str) -> tuple[str, bool]:
    parts = name.split(" ", 1)
    return parts[0], len(parts) == 2 and parts[0] in _NUMBERED_NOUNS and _NUMBERED.match(
        " " + parts[1]
    ) is not None


_CITY_YEAR = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?,?\s+(?:in|by)\s+(?:early\s+|late\s+|mid-)?((?:19|20)\d\d)\b"
)
_TO_CITY = re.compile(r"[^.;]{0,80}?\b(?:in|at)\s+")


def find_start_years(
    text: str, sentences: tuple[Sentence, ...], mentions: list[SiteMention], years: Sequence[Year]
) -> list[tuple[str, str, int]]:
    """(site key, year, sentence index) for "scheduled to begin operations in 2027", "opened in 2016",
    "due to start production early next year" ... ``years``: the years the text states, as (start, end,
    year), those said relative to the announcement's included.

    A completion year ("will be completed in 2025") counts only for a site that is given no year of its
    own for beginning operations ("... and begin GMP operations in 2026")."""
    out = []
    weak: list[tuple[str, str, int]] = []
    by_sentence: dict[int, list[SiteMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for i, ms in by_sentence.items():
        sent = sentences[i]
        for cue in _START.finditer(text, sent.start, sent.end):
            opened = _OPENED_SITE.match(text, cue.start(), sent.end)
            if opened:  # "Alder opened the Durham facility in 2020": the site between the verb and the year
                inside = [m for m in ms if opened.start(1) <= m.start and m.end <= opened.end(1)]
                if inside:
                    out.append((inside[-1].key, opened.group(2), i))
                    continue
            year = _first_year(years, cue.end(), min(sent.end, cue.end() + 45))
            if not year:
                continue
            before = [m for m in ms if m.end <= cue.start()]
            after = [m for m in ms if m.start >= year[1]]
            if not before and after and _LEAD_CLAUSE.fullmatch(text, sent.start, cue.start()):
                # "Set up in 1987, the Ankleshwar facility makes ...", "Since it started operating in 1978,
                # the Eastfield plant has supplied ...": the sentence's subject comes after
                out.append((after[0].key, year[2], i))
                continue
            if not before:
                # "sites are due to become operational in Montreal in 2024 and in Cairo, Egypt, in 2025"
                for m in ms:
                    if m.start < cue.end() or not _TO_CITY.fullmatch(text, cue.end(), m.start):
                        continue
                    when = _CITY_YEAR.match(text, m.end, sent.end)
                    if when:
                        out.append((m.key, when.group(1), i))
                continue
            nearest = before[-1]
            gap = text[nearest.end : cue.start()]
            # "operates A in X and its new B in Y is scheduled to begin": B starts a clause of its own
            own_clause = len(before) > 1 and bool(
                re.search(
                    r"(?:\band|;|\bwhile|\bwhereas|\bbut)\s+(?:its|their|the|a|our)?\s*(?:new\s+)?$",
                    text[before[-2].end : nearest.start],
                )
            )
            target = (
                nearest
                if re.match(r"^[^;.]{0,50}?,\s*(?:which|that)\b", gap)
                or re.match(r"^\s*,?\s*(?:which|that)\b", gap)
                or own_clause
                else before[0]
            )
            found = (target.key, year[2], i)
            (weak if _COMPLETION.fullmatch(cue.group()) else out).append(found)
    out += _pronoun_years(text, sentences, by_sentence, years)
    started = {key for key, _, _ in out}
    return out + [w for w in weak if w[0] not in started]


# "It is due to ...", "After validation, it is due to ...", "The new building will ...", "Production is
# scheduled to begin in early 2019"
_PRONOUN_SUBJECT = re.compile(
    r"(?:[A-Z][^,.;]{0,40},\s+)?(?:[Ii]t|[Tt]he\s+(?:new\s+)?(?:building|unit|line|project)|"
    r"(?:[Cc]ommercial\s+|GMP\s+|[Ff]ull\s+)?(?:[Pp]roduction|[Oo]perations|[Mm]anufacturing))\s"
)
# what may open a sentence before a start cue whose site comes after the year: nothing, or a clause whose
# subject is that site ("Since it", "When it was")
_LEAD_CLAUSE = re.compile(
    r"\s*(?:(?:Since|When|After|Once)\s+(?:it|they)\s+(?:(?:was|were|has|had)\s+)?(?:been\s+)?)?"
)


def _pronoun_years(
    text: str,
    sentences: tuple[Sentence, ...],
    by_sentence: dict[int, list[SiteMention]],
    years: Sequence[Year],
) -> list[tuple[str, str, int]]:
    """ "Acme is building a plant in Basel. It is scheduled to be GMP-ready before the close of 2026.": a
    sentence that opens with "It" and names no site speaks of the one site the sentence before named."""
    out = []
    for i, sent in enumerate(sentences):
        if i in by_sentence or not _PRONOUN_SUBJECT.match(text, sent.start):
            continue
        before = {m.key for m in by_sentence.get(i - 1, ())}
        if len(before) != 1:
            continue
        for cue in _START.finditer(text, sent.start, sent.end):
            year = _first_year(years, cue.end(), min(sent.end, cue.end() + 45))
            if year and not _COMPLETION.fullmatch(cue.group()):
                out.append((next(iter(before)), year[2], i))
                break
    return out


def _first_year(years: Sequence[Year], start: int, end: int) -> Year | None:
    return next((y for y in years if start <= y[0] < end), None)


_SITE_NOUNS = (
    r"(?:plant|site|facility|factory|campus|cent(?:er|re)|building|hub|"
    r"manufacturing\s+(?:plant|site|facility))"
)
_PLURAL_SITE_NOUNS = r"(?:plants|sites|facilities|factories|campuses|cent(?:er|re)s|buildings|hubs)"
# "the facility is expected to be fully operational in 2027", "the three plants will remain with X"
_SITE_ANAPHOR = Gated(
    rf"\b(?:(?P<plural>(?:[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth|[Aa]ll|[Ii]ts|[Tt]heir)\s+(?:(?:two|three|four|five|six|"
    rf"[2-9])\s+)?(?:[a-z][\w-]+\s+){{0,2}}{_PLURAL_SITE_NOUNS})|(?P<one>(?:[Tt]he|[Tt]his|[Tt]hat)\s+"
    # "the facility", "the new plant", "The EUR 35 million facility", "The 50,000-square-meter plant"
    rf"(?:(?!(?:is|was|will|has|and|or|of|in|at|for)\b)[\w$€£.,-]+\s+){{0,4}}?{_SITE_NOUNS}))\b"
    rf"(?!\s+(?:of|in|at|near)\b)",
    needs="plant site facilit factor campus center centre building hub",
)
BACK = 3  # sentences: how far back an anaphor looks for the site it names


def find_site_anaphors(
    sentences: tuple[Sentence, ...],
    text: str,
    mentioned: dict[int, list[str]],
    names: dict[str, str] | None = None,
) -> list[tuple[int, int, str]]:
    """Sites named again without their names, in sentences naming no site: "the center" is the last site
    whose name (``names``: key -> name) holds its noun, else "the facility" is the one site of the last
    sentences that named exactly one, "the three plants" the sites of the last sentence that named several.
    ``mentioned``: sentence index -> the site keys it names, in order.

    >>> t = "Acme built a plant in Basel. The facility will open in 2027."
    >>> sents = (Sentence(0, 28, "", 0, "body", None), Sentence(29, len(t), "", 1, "body", None))
    >>> find_site_anaphors(sents, t, {0: ["s1"]})
    [(29, 41, 's1')]
    """
    out = []
    folded = fold(text)
    for i, sent in enumerate(sentences):
        if mentioned.get(i) or sent.section == "boilerplate":
            continue
        for m in _SITE_ANAPHOR.finditer(text, sent.start, sent.end, folded):
            plural = m.group("plural") is not None
            named = [] if plural or not names else _named_by_noun(mentioned, i, m.group().split()[-1], names)
            keys = named or _antecedents(mentioned, i, plural)
            out += [(m.start(), m.end(), key) for key in keys]
    return out


def _named_by_noun(mentioned: dict[int, list[str]], i: int, noun: str, names: dict[str, str]) -> list[str]:
    """The last site of the sentences before whose name holds ``noun``: "the center" after "the Halvera
    biologics center ... plants MFG1 and MFG2" is the center."""
    word = re.compile(rf"\b{re.escape(noun.lower())}\b")
    for j in range(i - 1, max(-1, i - 1 - BACK), -1):
        for key in reversed(mentioned.get(j, ())):
            if word.search(names.get(key, "").lower()):
                return [key]
    return []


def _antecedents(mentioned: dict[int, list[str]], i: int, plural: bool) -> list[str]:
    for j in range(i - 1, max(-1, i - 1 - BACK), -1):
        keys = list(dict.fromkeys(mentioned.get(j, ())))
        if keys:
            return keys if (len(keys) > 1) == plural else []
    return []

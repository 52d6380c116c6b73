"""Realistic synthetic announcements with their gold records, for benchmarks and scale tests.

Each document is a pure function of ``(seed, index)``: the same corpus on every machine, and any slice of
it can be made without the rest. Gold records follow ``../shared/eval/FORMAT.md``.

Companies are named the way the news names them (for resolution benchmarks): with and without legal
forms, in capitals, by a former name before their rename and with "(formerly ...)" after it, with their
ticker, as subsidiaries ("... USA") of their parent, and as real companies of the registry under any of
their names. Each gold entity names the text's first mention (``name``), the other names the text gives it
(``aliases``) and the thing it is (``identity``: the same for every mention of one company, and for a site
or product, its company's identity plus its name); site names like "Plant 3" are shared by companies.

>>> ann = make_announcement(0, 7)
>>> ann.name.endswith(".txt") and ann.gold["doc"] == ann.name
True
>>> make_announcement(0, 7) == ann
True
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.bench import names as n

__all__ = ["Announcement", "make_announcement", "write_corpus"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Company:
    """A company of the corpus, the same in every announcement that names it."""

    identity: str  # gold identity
    name: str  # today's name
    short: str
    former: str | None = None  # its name before ``renamed``
    renamed: int = 0
    ticker: str | None = None  # "NASDAQ: ALDB" as written
    forms: tuple[str, ...] = ()  # other names it goes by (a registry company's aliases)


_EXCHANGES = ("NASDAQ", "NASDAQ", "NYSE", "KRX", "TSE", "HKEX", "SIX", "Euronext")
_ALL_TAILS = tuple(t for tails in n.ORG_TAILS.values() for t in tails)
_FORMER_TAILS = ("Labs", "Life Sciences", "BioPharma", "Laboratories", "BioLabs", "Research", "Sciences",
                 "BioSystems", "Biotech", "Health", "Bioworks", "Genetics", "Molecular")  # fmt: skip


def invented_company(name: str) -> Company:
    """The company called ``name``: its former name, ticker and rename year follow from the name."""
    rng = random.Random(zlib.crc32(name.encode("utf-8")))
    head, tail = name.split(" ", 1)
    former = None  # one former name per company, no other company's: its head, another tail
    if rng.random() < 0.15 and tail in _ALL_TAILS:
        former = f"{head} {_FORMER_TAILS[_ALL_TAILS.index(tail)]}"
    ticker = None
    if rng.random() < 0.35:
        exchange = rng.choice(_EXCHANGES)
        if exchange in ("KRX", "TSE", "HKEX"):
            symbol = f"{rng.randint(1000, 999999):0{6 if exchange == 'KRX' else 4}d}"[
                -6 if exchange == "KRX" else -4 :
            ]
        else:
            letters = [c for c in name.upper() if c.isalpha()]
            symbol = "".join(rng.sample(letters, 4))
        ticker = f"{exchange}: {symbol}"
    return Company(f"org:{name}", name, name.split()[0], former, rng.randint(2017, 2024), ticker)


@cache
def registry_companies() -> tuple[Company, ...]:
    """Companies of the registry the corpus names: those with more than one name."""
    from kg.registry import default_registry

    out = []
    for c in default_registry():
        if c.kind in ("government", "foundation") or not (c.aliases or c.former or c.tickers):
            continue
        ticker = None
        if c.tickers:
            exchange, symbol = c.tickers[0].split(":", 1)
            ticker = f"{exchange.title() if exchange == 'NASDAQ' else exchange}: {symbol}"
        forms = tuple(a for a in (*c.aliases, *c.former) if len(a) > 4 and not a.isupper())
        out.append(Company(f"registry:{c.id}", c.name, c.name, None, 0, ticker, forms))
    return tuple(sorted(out, key=lambda c: c.identity))


@dataclass(frozen=True)
class Announcement:
    name: str  # NAME.txt
    text: str
    gold: dict[str, Any]


@dataclass
class _Doc:
    """An announcement being written: paragraphs of text and the gold record that goes with them."""

    rng: random.Random
    date: tuple[int, int, int]
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    @property
    def iso(self) -> str:
        y, m, d = self.date
        return f"{y:04d}-{m:02d}-{d:02d}"

    def agree(self, type_: str, **fields: Any) -> None:
        """Record one gold agreement of this announcement: roles and known terms; the rest are null."""
        blank = {"service": "none", "stage": None, "product": None, "end_year": None, "value": None}
        self.agreements.append({"type": type_, **blank, **fields, "announced": self.iso})

    def pick(self, options: Any) -> Any:
        return self.rng.choice(options)

    def add(self, kind: str, **fields: Any) -> str:
        prefix = {"Organization": "e", "Site": "s", "Product": "p"}[kind]
        ident = f"{prefix}{sum(e['type'] == kind for e in self.entities) + 1}"
        self.entities.append({"id": ident, "type": kind, **fields})
        return ident

    def fact(self, s: str, p: str, o: str) -> None:
        if [s, p, o] not in self.facts:
            self.facts.append([s, p, o])

    def org_name(self, role: str) -> str:
        while True:
            name = f"{self.pick(n.ORG_HEADS)} {self.pick(n.ORG_TAILS[role])}"
            if name not in self.used:
                self.used.add(name)
                return name

    def company(self, role: str) -> Company:
        """A company to name: mostly invented, some of the registry's, now and then a subsidiary."""
        draw = self.rng.random()
        if draw < 0.2:
            while True:
                company = self.pick(registry_companies())
                if company.name not in self.used:
                    self.used.add(company.name)
                    return company
        parent = invented_company(self.org_name(role))
        if draw < 0.28:
            name = f"{parent.name} {self.pick(('USA', 'Japan', 'Europe', 'Korea'))}"
            return Company(f"org:{name}", name, name)
        return parent

    def org(self, role: str, hq: str | None = None) -> tuple[str, str, str]:
        """A named company: (id, its name as first written with what the text says of it, the name it
        goes by after); ``hq`` states its country. The gold entity is named as the text first names it."""
        company = self.company(role)
        year, rng = self.date[0], self.rng
        name = company.former if company.former and year < company.renamed else company.name
        if company.forms and rng.random() < 0.4:
            name = self.pick(company.forms)
        written = f"{name} {self.pick(n.LEGAL)}" if rng.random() < 0.4 else name
        if rng.random() < 0.08:
            written = written.upper()
        said, aliases = "", {company.short} - {written}
        if company.former and name == company.name and rng.random() < 0.5:
            said, aliases = f" (formerly {company.former})", aliases | {company.former}
        elif company.ticker and rng.random() < 0.4:
            said, aliases = f" ({company.ticker})", aliases | {company.ticker}
        elif company.short != name and rng.random() < 0.2:
            said = f' ("{company.short}")'
        fields = {"identity": company.identity, **_country(hq)}
        ident = self.add("Organization", name=written, aliases=sorted(aliases), **fields)
        if hq:
            self.fact(ident, "headquartered_in", hq)
        return ident, written + said, company.short

    def identity(self, ident: str) -> str:
        return next(e.get("identity", "") for e in self.entities if e["id"] == ident)

    def site_name(self, city: str) -> str:
        """A site's name: after its city, or generic ("Plant 3") as many companies' sites are."""
        if self.rng.random() < 0.3:
            return f"{self.pick(('Plant', 'Building', 'Site', 'Facility'))} {self.rng.randint(1, 6)}"
        return f"{city} {self.pick(n.SITE_KINDS)}"

    def site(self, owner: str, country: str, year: int | None = None) -> tuple[str, str]:
        city = self.pick(n.COUNTRIES[country][3])
        name = self.site_name(city)
        identity = f"site:{self.identity(owner)}:{name}"
        ident = self.add("Site", name=name, aliases=[city], city=city, country=country, identity=identity)
        self.fact(owner, "operates", ident)
        self.fact(ident, "located_in", country)
        if year:
            self.fact(ident, "starts_operations", str(year))
        return ident, name

    def product(self, owner: str | None) -> tuple[str, str]:
        """A named drug candidate (``owner`` develops it) or an unnamed one; (id, phrase for the text)."""
        suffix, modality = self.pick(n.MODALITIES)
        indication = self.pick(n.INDICATIONS)
        if owner is None or self.rng.random() < 0.3:
            desc = f"{modality} candidate for {indication}"
            return self.add("Product", name=None, description=desc), f"a {desc}"
        code = f"{self.pick('ABCDKLMRTVXZ')}{self.pick('ABCDKLMRTVXZ')}-{self.rng.randint(100, 999)}"
        name = f"{self.pick(n.STEMS)}{self.pick(n.STEMS)}{suffix}"
        identity = f"product:{self.identity(owner)}:{name}"
        ident = self.add("Product", name=name, aliases=[code], modality=modality, indication=indication,
                         identity=identity)  # fmt: skip
        self.fact(owner, "develops", ident)
        return ident, f"{name} ({code}), a {modality} for {indication}"

    def money(self, low: int, high: int) -> tuple[float, str]:
        millions = self.rng.randint(low, high)
        if millions >= 1000 and self.rng.random() < 0.7:
            text = f"{self.pick(('$', 'US$', 'USD '))}{millions / 1000:.1f} billion"
            return round(millions / 100) * 100_000_000.0, text
        return millions * 1_000_000.0, f"{self.pick(('$', 'US$', 'USD '))}{millions} million"

    def spoken_date(self) -> str:
        y, m, d = self.date
        return self.pick((f"{MONTHS[m - 1]} {d}, {y}", f"{d} {MONTHS[m - 1]} {y}", self.iso))


def _country(code: str | None) -> dict[str, str]:
    return {"country": code} if code else {}


def _hq_phrase(doc: _Doc, code: str) -> str:
    name, _, short, _ = n.COUNTRIES[code]
    return doc.pick((f"{short}-based", f"headquartered in {name},"))


def _described(doc: _Doc, ident: str, text: str, code: str | None) -> str:
    """``text`` with its country stated ('X-based ...' or '..., headquartered in X,') and the fact."""
    if code is None:
        return text
    doc.fact(ident, "headquartered_in", code)
    name, _, short, _ = n.COUNTRIES[code]
    return doc.pick((f"{short}-based {text}", f"{text}, headquartered in {name},"))


def _service_contract(doc: _Doc) -> tuple[str, str, list[str]]:
    service = doc.pick(("CMO", "CDMO", "CDMO", "fill-finish"))
    type_ = {"CMO": "manufacturing", "CDMO": "development-and-manufacturing", "fill-finish": "manufacturing"}
    hq = doc.pick(tuple(n.COUNTRIES))
    prov, prov_name, prov_short = doc.org("provider")
    client_hq = doc.pick((None, *n.COUNTRIES))
    if doc.rng.random() < 0.45:
        adjective = doc.pick(("global", "mid-sized", "clinical-stage", "leading"))
        kind = doc.pick(("biopharmaceutical company", "pharmaceutical company", "biotech company"))
        desc = f"{adjective} {kind}"
        if client_hq:
            desc += f" headquartered in {n.COUNTRIES[client_hq][0]}"
        client = doc.add("Organization", name=None, undisclosed=True, description=desc, **_country(client_hq))
        if client_hq:
            doc.fact(client, "headquartered_in", client_hq)
        client_text, client_short = f"a {desc}", "the client"
        secret = " The client was not disclosed, citing confidentiality."
    else:
        client, client_legal, client_short = doc.org("developer", client_hq)
        client_text = client_legal
        if client_hq:
            client_text = doc.pick(
                (
                    f"{n.COUNTRIES[client_hq][2]}-based {client_legal}",
                    f"{client_legal}, headquartered in {n.COUNTRIES[client_hq][0]},",
                )
            )
        secret = ""
    prod, prod_text = doc.product(None if client_short == "the client" else client)
    stage = doc.pick((["Phase 1"], ["Phase 2"], ["Phase 3", "commercial"], ["commercial"], ["preclinical"]))
    end_year = doc.date[0] + doc.rng.randint(2, 9) if doc.rng.random() < 0.5 else None
    value = doc.money(20, 900) if doc.rng.random() < 0.4 else None
    doc.fact(prov, "contracts_with", client)
    doc.agree(
        type_[service],
        provider=prov,
        client=client,
        service=service,
        stage=stage,
        product=prod,
        end_year=end_year,
        value=[{"amount": value[0], "currency": "USD", "what": "total"}] if value else None,
    )
    service_text = {
        "CMO": "contract manufacturing (CMO)",
        "CDMO": "contract development and manufacturing (CDMO)",
        "fill-finish": "aseptic fill-finish",
    }[service]
    stage_text = " and ".join(s if s != "commercial" else "commercial supply" for s in stage)
    lead = _described(doc, prov, prov_name, hq if doc.rng.random() < 0.5 else None)
    paras = [
        f"{lead} announced on {doc.spoken_date()} that it has signed a {service_text} agreement with "
        f"{client_text} for {prod_text}.{secret}",
        f"Under the agreement, {prov_short} will support {stage_text} of the program"
        + (f", and the contract runs until {end_year}." if end_year else ".")
        + (f" The deal is valued at {value[1]}." if value else ""),
    ]
    if doc.rng.random() < 0.6:
        site_country = doc.pick(tuple(n.COUNTRIES))
        year = doc.date[0] + doc.rng.randint(1, 4) if doc.rng.random() < 0.4 else None
        _, site_name = doc.site(prov, site_country, year)
        when = f", which is scheduled to begin operations in {year}" if year else ""
        where = n.COUNTRIES[site_country][0]
        paras.append(
            f"Production will take place at the {site_name} in {where}{when}, operated by {prov_short}."
        )
    closing = (
        f"It is {prov_short}'s third contract this year.",
        "Financial terms were not otherwise detailed.",
        f"{prov_short} said demand for its capacity continues to grow.",
    )
    paras.append(doc.pick(closing))
    counterpart = "undisclosed client" if secret else client_short
    title = doc.pick(
        (f"{prov_short} signs {service} deal with {counterpart}", f"{prov_name} wins {service} contract")
    )
    return "cmo-contract" if service == "CMO" else "cdmo-contract", title, paras


def _licensing(doc: _Doc) -> tuple[str, str, list[str]]:
    lic, lic_name, lic_short = doc.org("developer")
    licensee, licensee_name, licensee_short = doc.org("developer")
    prod, prod_text = doc.product(lic)
    upfront, up_text = doc.money(5, 150)
    miles, mi_text = doc.money(200, 2500)
    region = doc.pick(("worldwide", "in Greater China", "outside the United States", "in Japan", "in Europe"))
    doc.fact(lic, "contracts_with", licensee)
    doc.agree(
        "licensing",
        provider=lic,
        client=licensee,
        product=prod,
        value=[
            {"amount": upfront, "currency": "USD", "what": "upfront"},
            {"amount": miles, "currency": "USD", "what": "milestones"},
        ],
    )
    a = _described(doc, lic, lic_name, doc.pick((None, *n.COUNTRIES)))
    b = _described(doc, licensee, licensee_name, doc.pick((None, *n.COUNTRIES)))
    paras = [
        f"{a} and {b} announced on {doc.spoken_date()} an exclusive license agreement under which "
        f"{licensee_short} obtains the rights to develop and commercialize {prod_text} {region}.",
        f"{lic_short} will receive an upfront payment of {up_text} and is eligible for up to {mi_text} in "
        "development, regulatory and commercial milestones, plus tiered royalties.",
        doc.pick(
            (
                f"{lic_short} retains rights in all other territories.",
                f'"This partnership accelerates our program," said {doc.pick(n.FIRST)} {doc.pick(n.LAST)}.',
            )
        ),
    ]
    return "licensing", f"{lic_short} grants {licensee_short} rights {region}", paras


def _acquisition(doc: _Doc) -> tuple[str, str, list[str]]:
    buyer, buyer_name, buyer_short = doc.org("developer")
    target, target_name, target_short = doc.org(doc.pick(("developer", "provider")))
    price = doc.money(80, 12000)
    doc.fact(buyer, "acquires", target)
    doc.agree(
        "acquisition",
        provider=target,
        client=buyer,
        value=[{"amount": price[0], "currency": "USD", "what": "price"}],
    )
    a = _described(doc, buyer, buyer_name, doc.pick((None, *n.COUNTRIES)))
    b = _described(doc, target, target_name, doc.pick((None, *n.COUNTRIES)))
    verb = doc.pick(("has agreed to acquire", "will acquire", "has completed its acquisition of"))
    paras = [
        f"{a} said on {doc.spoken_date()} that it {verb} {b} for {price[1]} in cash.",
        f"The transaction adds {target_short}'s pipeline and team to {buyer_short}.",
        doc.pick(
            (
                "The boards of both companies have approved the deal.",
                "Closing is subject to customary regulatory approvals.",
            )
        ),
    ]
    return "acquisition", f"{buyer_short} to acquire {target_short} for {price[1]}", paras


def _site_purchase(doc: _Doc) -> tuple[str, str, list[str]]:
    buyer, buyer_name, buyer_short = doc.org("provider")
    seller, seller_name, seller_short = doc.org("developer")
    country = doc.pick(tuple(n.COUNTRIES))
    city = doc.pick(n.COUNTRIES[country][3])
    site_name = doc.site_name(city)
    identity = f"site:{doc.identity(seller)}:{site_name}"  # bought, it is still the seller's plant
    site = doc.add("Site", name=site_name, aliases=[city], city=city, country=country, identity=identity)
    doc.fact(buyer, "acquires", site)
    doc.fact(buyer, "operates", site)
    doc.fact(site, "located_in", country)
    doc.fact(buyer, "contracts_with", seller)
    price = doc.money(30, 900) if doc.rng.random() < 0.6 else None
    doc.agree(
        "acquisition",
        provider=seller,
        client=buyer,
        value=[{"amount": price[0], "currency": "USD", "what": "price"}] if price else None,
    )
    cost = f" for {price[1]}" if price else " for an undisclosed sum"
    paras = [
        f"{buyer_name} announced on {doc.spoken_date()} that it will acquire the {site_name} in {city}, "
        f"{n.COUNTRIES[country][0]}, from {seller_name}{cost}.",
        f"{buyer_short} will operate the site and retain its staff; {seller_short} will become a customer.",
    ]
    return "acquisition", f"{buyer_short} buys {city} plant from {seller_short}", paras


def _site_opening(doc: _Doc) -> tuple[str, str, list[str]]:
    owner, owner_name, owner_short = doc.org("provider")
    country = doc.pick(tuple(n.COUNTRIES))
    year = doc.date[0] + doc.rng.randint(0, 4)
    _, site_name = doc.site(owner, country, year)
    invest = doc.money(50, 2000)[1]
    verb = doc.pick(("broke ground on", "announced plans for", "opened"))
    lead = _described(doc, owner, owner_name, doc.pick((None, *n.COUNTRIES)))
    paras = [
        f"{lead} {verb} the {site_name} in {n.COUNTRIES[country][0]} on {doc.spoken_date()}, "
        f"an investment of {invest}.",
        f"The facility is expected to begin operations in {year} and will add "
        f"{doc.rng.randint(2, 24) * 1000:,} liters of bioreactor capacity.",
    ]
    return "site-expansion", f"{owner_short} expands capacity with new {site_name}", paras


def _collaboration(doc: _Doc) -> tuple[str, str, list[str]]:
    a, a_name, a_short = doc.org("developer")
    b, b_name, b_short = doc.org(doc.pick(("developer", "provider")))
    type_ = doc.pick(("collaboration", "co-development", "research"))
    doc.fact(a, "contracts_with", b)
    doc.agree(type_, partner=[a, b])
    area = doc.pick(n.INDICATIONS)
    paras = [
        f"{a_name} and {b_name} entered into a {type_.replace('-', ' ')} agreement on {doc.spoken_date()} "
        f"to discover new treatments for {area}.",
        f"The companies will share costs; {a_short} leads discovery and {b_short} brings its platform.",
    ]
    return "collaboration", f"{a_short} and {b_short} team up in {area}", paras


def _negative(doc: _Doc) -> tuple[str, str, list[str]]:
    name = doc.org_name(doc.pick(("developer", "provider")))
    person = f"{doc.pick(n.FIRST)} {doc.pick(n.LAST)}"
    options = (
        (
            f"{name} appoints {person} as {doc.pick(n.ROLES)}",
            f"{name} announced on {doc.spoken_date()} the appointment of {person}, effective immediately.",
        ),
        (
            f"{name} reports results for the fiscal year",
            f"{name} reported on {doc.spoken_date()} revenue growth of {doc.rng.randint(2, 40)} percent.",
        ),
        (
            f"{name} to present at investor conference",
            f"{name} said on {doc.spoken_date()} that management will present at an investor conference.",
        ),
    )
    title, body = doc.pick(options)
    return "none", title, [body, "The company did not announce any new agreements."]


TEMPLATES: tuple[tuple[Callable[[_Doc], tuple[str, str, list[str]]], int], ...] = (
    (_service_contract, 30),
    (_licensing, 15),
    (_acquisition, 12),
    (_site_purchase, 6),
    (_site_opening, 12),
    (_collaboration, 10),
    (_negative, 15),
)


def make_announcement(seed: int, index: int) -> Announcement:
    """The ``index``-th announcement of the corpus ``seed``: its text and its gold record."""
    rng = random.Random(f"{seed}:{index}")
    doc = _Doc(rng, (rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)))
    template = rng.choices([t for t, _ in TEMPLATES], weights=[w for _, w in TEMPLATES])[0]
    kind, title, paras = template(doc)
    name = f"gen-{seed}-{index:07d}-{kind}.txt"
    publisher = doc.pick(("BioWire Daily", "Pharma Ledger", "Asia Bio Times", "EuroPharma Brief"))
    gold = {
        "doc": name,
        "source": {
            "url": f"https://news.example.org/{seed}/{index}",
            "publisher": publisher,
            "published": doc.iso,
        },
        "kind": kind,
        "entities": doc.entities,
        "facts": doc.facts,
        "agreements": doc.agreements,
        "notes": "synthetic (kg bench generate)",
    }
    return Announcement(name, title + "\n\n" + "\n\n".join(paras) + "\n", gold)


def write_corpus(folder: str | Path, docs: int, seed: int = 0, start: int = 0) -> int:
    """Write ``docs`` announcements (NAME.txt + NAME.gold.json) into ``folder``; returns how many."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + docs):
        ann = make_announcement(seed, index)
        (folder / ann.name).write_text(ann.text, encoding="utf-8")
        gold = json.dumps(ann.gold, ensure_ascii=False, indent=1)
        (folder / ann.name.replace(".txt", ".gold.json")).write_text(gold + "\n", encoding="utf-8")
    return docs

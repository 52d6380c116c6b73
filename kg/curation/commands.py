"""The corrections analysts make (``kg curate``, ``kg review``, the viewer), as library calls.

Each call checks its input, builds a :class:`~kg.curation.model.Correction` and applies it to the store —
the curation graph, the merged graph and the change journal — in one transaction, as a numbered change set.
A correction whose effect already holds writes nothing, so running a command twice is safe. Bad input
raises :class:`~kg.curation.model.CurationError` (one line) before anything is written.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from kg import vocab as v
from kg.curation.graph import to_quads
from kg.curation.model import (
    AGREEMENT_ATTRIBUTES,
    AGREEMENT_TYPES,
    SERVICES,
    STAGES,
    Action,
    Correction,
    CurationError,
    as_json_line,
    now,
)
from kg.curation.targets import (
    AgreementTarget,
    FactTarget,
    Node,
    find_fact,
    find_node,
    find_nodes,
    find_target,
    iris_named,
    object_value,
)
from kg.curation.view import Overlay
from kg.identity import scoped_iri
from kg.names import thing_key
from kg.reconcile import reconcile
from kg.resolve import fold, org_iri

if TYPE_CHECKING:
    from kg.store import Store

__all__ = [
    "Outcome",
    "Who",
    "add",
    "apply_corrections",
    "confirm",
    "default_analyst",
    "edit",
    "export_lines",
    "import_lines",
    "merge",
    "reject",
    "rename",
    "split",
]

Ref = str | tuple[str, str, str]  # an id, or (subject, relation, object) names
_NAMED = ("Organization", "Site", "Product")


def default_analyst() -> str:
    """Who corrections are by when not said: ``$KG_ANALYST``, else the login name."""
    try:
        return os.environ.get("KG_ANALYST") or getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@dataclass(frozen=True)
class Who:
    """Who makes a correction, and why."""

    by: str
    why: str = ""
    at: str = ""  # default: now


@dataclass(frozen=True)
class Outcome:
    message: str
    corrections: tuple[Correction, ...] = ()
    change_set: int | None = None
    added: int = 0  # facts the change set added to the merged graph
    removed: int = 0

    def summary(self) -> str:
        if self.change_set is None:
            return self.message
        return (
            f"{self.message} (change set {self.change_set}: {self.added} facts added, {self.removed} removed)"
        )


def apply_corrections(store: Store, corrections: list[Correction], kind: str = "curation", note: str = "",
                      by: str = "") -> Outcome:  # fmt: skip
    """Write ``corrections`` (those the store lacks) and apply them, as one change set; a merge or a split
    then goes through entity resolution (:func:`kg.reconcile.reconcile`, which follows them), so that the
    merged companies' same-named sites and products are one node too, in the same change set."""
    known = {c.id for c in store.overlay.corrections}
    new = list({c.id: c for c in corrections if c.id not in known}.values())
    if not new:
        return Outcome("nothing new: every correction is already in the store")
    after = Overlay([*store.overlay.corrections, *new])
    quads = [q for c in new for q in to_quads(c)]
    note = note or "; ".join(c.describe() for c in new[:3]) + (" ..." if len(new) > 3 else "")
    with store.change_set(kind, note, by or new[0].by, tuple(c.iri for c in new)) as cs:
        store.apply_corrections(quads, after)
        if any(c.action in (Action.MERGE, Action.SPLIT) for c in new):
            reconcile(store)
    message = new[0].describe() if len(new) == 1 else f"{len(new)} corrections applied"
    return Outcome(message, tuple(new), cs.number, cs.added, cs.removed)


def _target(store: Store, ref: Ref) -> FactTarget | AgreementTarget:
    if isinstance(ref, tuple):
        return find_fact(store, *ref)
    return find_target(store, ref)


class _Stamp(TypedDict):
    """Who made a correction, when and why: the fields of a :class:`Correction` saying so."""

    by: str
    at: str
    why: str


def _stamp(store: Store, who: Who) -> _Stamp:
    latest = store.overlay.corrections[-1].at if store.overlay.corrections else ""
    return {"by": who.by, "at": who.at or now(after=latest), "why": who.why}


def _fact_correction(store: Store, action: Action, t: FactTarget, who: Who) -> Correction:
    best = t.evidence[0] if t.evidence else None
    return Correction(
        action, t.subject.iri, t.relation, (t.value.value,), subject_name=t.subject.name,
        object_name=t.object.name if t.object else "", subject_class=t.subject.cls,
        object_class=t.object.cls if t.object else "", announcement=best.announcement if best else "",
        sentence=best.sentence if best else "", source=best.url if best and _is_url(best.url) else "",
        overrides=tuple(e.iri for e in t.evidence), **_stamp(store, who),
    ).checked()  # fmt: skip


def _agreement_correction(
    store: Store, action: Action, t: AgreementTarget, who: Who, relation: str = "agreement",
    values: tuple[str, ...] = (),
) -> Correction:  # fmt: skip
    best = t.evidence[0] if t.evidence else None
    keep = action is Action.CONFIRM
    return Correction(
        action, t.iri, relation, values, subject_name=t.name, subject_class="Agreement",
        announcement=t.announcement, parties=t.parties, overrides=tuple(e.iri for e in t.evidence),
        sentence=best.sentence if best and keep else "",
        source=best.url if best and keep and _is_url(best.url) else "",
        statements=t.statements if keep else "", **_stamp(store, who),
    ).checked()  # fmt: skip


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _decision(store: Store, c: Correction) -> Correction | None:
    """The latest decision the store holds about what ``c`` is about (a fact, or an agreement)."""
    overlay = store.overlay
    if c.about_fact():
        key = overlay.fact_key(c)
        if key in overlay.decisions.rejected:
            return next(
                x for x in reversed(overlay.corrections) if x.about_fact() and overlay.fact_key(x) == key
            )
        return next((x for x in overlay.decisions.pinned if overlay.fact_key(x) == key), None)
    return overlay.decisions.agreements.get(overlay.agreement_key(c))


def _about(store: Store, action: Action, target: FactTarget | AgreementTarget, who: Who) -> Correction:
    if isinstance(target, FactTarget):
        return _fact_correction(store, action, target, who)
    return _agreement_correction(store, action, target, who)


def reject(store: Store, ref: Ref, who: Who) -> Outcome:
    """Reject a fact or an agreement: it leaves every output and stays out after any re-ingest."""
    target = _target(store, ref)
    c = _about(store, Action.REJECT, target, who)
    held = _decision(store, c)
    if held is not None and held.action is Action.REJECT:
        return Outcome(f"already rejected: {target.describe()} ({held.id} by {held.by})")
    return apply_corrections(store, [c])


def confirm(store: Store, ref: Ref, who: Who) -> Outcome:
    """Confirm a fact or an agreement: it stays even if a re-ingested announcement no longer states it
    (a rejected one comes back)."""
    target = _target(store, ref)
    c = _about(store, Action.CONFIRM, target, who)
    held = _decision(store, c)
    if held is not None and held.action in (Action.CONFIRM, Action.ADD):
        done = "added" if held.action is Action.ADD else "confirmed"
        return Outcome(f"already {done}: {target.describe()} ({held.id} by {held.by})")
    return apply_corrections(store, [c])


def add(store: Store, subject: str, relation: str, obj: str, source: str, sentence: str, who: Who,
        object_class: str | None = None) -> Outcome:  # fmt: skip
    """Add a fact no announcement states, citing ``source`` (a URL) and ``sentence``; a company, site or
    product the graph does not know yet is created."""
    if relation not in v.RELATIONS:
        raise CurationError(f"unknown relation {relation!r} (expected one of {', '.join(v.RELATIONS)})")
    if not _is_url(source):
        raise CurationError(f"--source must be the http(s) URL of where the fact is stated, not {source!r}")
    if not sentence.strip():
        raise CurationError("--sentence must quote the sentence that states the fact")
    rel = v.RELATIONS[relation]
    s = _node_or_new(store, subject, rel.domain.split("|")[0], rel.domain)
    if rel.range in ("gYear", "Place"):
        value = object_value(store, relation, obj).value
        o = Node(value, obj, "Place") if rel.range == "Place" else None
    else:
        classes = rel.range.split("|")
        o = _node_or_new(store, obj, object_class or classes[0], rel.range, scope=s.iri)
        value = o.iri
    c = Correction(
        Action.ADD, s.iri, relation, (value,), subject_name=s.name, object_name=o.name if o else "",
        subject_class=s.cls, object_class=o.cls if o else "", sentence=" ".join(sentence.split()),
        source=source, **_stamp(store, who),
    ).checked()  # fmt: skip
    held = _decision(store, c)
    if held is not None and held.action in (Action.CONFIRM, Action.ADD):
        return Outcome(f"already {'added' if held.action is Action.ADD else 'confirmed'}: "
                       f"{s.name} {relation} {o.name if o else value} ({held.id} by {held.by})")  # fmt: skip
    return apply_corrections(store, [c])


def _node_or_new(store: Store, name: str, cls: str, allowed: str, scope: str | None = None) -> Node:
    """The node ``name`` names (of the ``allowed`` classes), or a new node of class ``cls`` with the IRI
    resolution would give it (a company by its name or the registry's; a site or product under the company
    it belongs to, ``scope``)."""
    classes = tuple(allowed.split("|"))
    if cls not in classes:
        raise CurationError(f"{cls} is not one of {', '.join(classes)}")
    found = find_nodes(store, name, classes)
    if len(found) == 1:
        return found[0]
    if found:
        return find_node(store, name, classes)  # raises: ambiguous
    if not name.strip() or _is_url(name):
        raise CurationError(f"no node {name!r} in the graph")
    if cls == "Organization":
        return Node(org_iri(name), " ".join(name.split()), cls)
    kind = {"Site": "site", "Product": "product"}[cls]
    if scope is None:
        raise CurationError(f"a new {kind} needs the company it belongs to as the subject")
    return Node(scoped_iri(kind, ("key", scope, thing_key(name))), " ".join(name.split()), cls)


def merge(store: Store, keep: str, other: str, who: Who) -> Outcome:
    """``other`` is the same company (site, product) as ``keep``: one node, ``keep``'s, with both names."""
    a, b = find_node(store, keep, _NAMED), find_node(store, other, _NAMED)
    if a.iri == b.iri:
        if fold(keep) == fold(other):
            raise CurationError(f"cannot merge a {a.kind} with itself ({keep!r})")
        raise CurationError(f"{keep!r} and {other!r} already name one {a.kind} ({a.iri})")
    if a.cls != b.cls:
        raise CurationError(f"cannot merge a {a.kind} ({a.name!r}) with a {b.kind} ({b.name!r})")
    c = Correction(Action.MERGE, a.iri, "same_as", (b.iri,), subject_name=a.name, object_name=b.name,
                   subject_class=a.cls, object_class=b.cls, **_stamp(store, who)).checked()  # fmt: skip
    return apply_corrections(store, [c])


def split(store: Store, first: str, second: str, who: Who) -> Outcome:
    """Undo a merge of ``first`` and ``second`` (made by :func:`merge`): two nodes again."""
    for m in reversed(store.overlay.merges):
        pairs = ((m.subject, m.subject_name), (m.object, m.object_name))
        if any(_names(a, *pairs[0]) and _names(b, *pairs[1]) for a, b in ((first, second), (second, first))):
            c = Correction(
                Action.SPLIT, m.subject, "different_from", (m.object,), subject_name=m.subject_name,
                object_name=m.object_name, subject_class=m.subject_class, object_class=m.object_class,
                **_stamp(store, who),
            ).checked()  # fmt: skip
            return apply_corrections(store, [c])
    raise CurationError(
        f"no merge of {first!r} and {second!r} to undo (kg curate split undoes kg curate merge)"
    )


def _names(name: str, iri: str, label: str) -> bool:
    """Whether ``name`` names the node ``iri`` (labelled ``label``): the same name or IRI, case, punctuation
    and legal forms aside."""
    return name == iri or fold(name) == fold(label) or iri in iris_named(name)


def rename(store: Store, name: str, new: str, who: Who) -> Outcome:
    """Give a company, site or product the name ``new`` (its other names stay, as aliases)."""
    node = find_node(store, name, _NAMED)
    new = " ".join(new.split())
    if not new:
        raise CurationError("the new name is empty")
    if store.overlay.names.get(node.iri) == new or (node.name == new and node.iri not in store.overlay.names):
        return Outcome(f"already named {new!r}: {node.iri}")
    c = Correction(Action.RENAME, node.iri, "name", (new,), subject_name=node.name, subject_class=node.cls,
                   **_stamp(store, who)).checked()  # fmt: skip
    return apply_corrections(store, [c])


_ATTRIBUTE_ALIASES = {
    "agreement_type": "type",
    "endyear": "end_year",
    "end-year": "end_year",
    "stages": "stage",
}


def edit(store: Store, ref: str, attribute: str, values: Iterable[str], who: Who) -> Outcome:
    """Set an attribute of an agreement (type, service, stage, end_year, value) to ``values``."""
    key = attribute.strip().lower().replace(" ", "_")
    key = _ATTRIBUTE_ALIASES.get(key, key)
    if key not in AGREEMENT_ATTRIBUTES:
        raise CurationError(
            f"unknown attribute {attribute!r} (expected one of {', '.join(AGREEMENT_ATTRIBUTES)})"
        )
    target = find_target(store, ref)
    if not isinstance(target, AgreementTarget):
        raise CurationError(f"{ref!r} is a fact; kg curate edit takes an agreement id (agreement/...)")
    checked = tuple(sorted({_attribute_value(key, x) for x in values}))
    if not checked:
        raise CurationError(f"give the new {key}")
    c = _agreement_correction(store, Action.EDIT, target, who, key, checked)
    held = store.overlay.decisions.edits.get(store.overlay.agreement_key(c), {}).get(c.predicate)
    if held is not None and held.objects == c.objects:
        return Outcome(f"already set: {target.name} {key} = {', '.join(checked)}")
    return apply_corrections(store, [c])


def _attribute_value(key: str, value: str) -> str:
    value = " ".join(value.split())
    if key == "end_year":
        if not re.fullmatch(r"\d{4}", value):
            raise CurationError(f"end_year takes a year, not {value!r}")
        return value
    if key == "value":
        return parse_money(value)
    allowed = {"type": AGREEMENT_TYPES, "service": SERVICES, "stage": STAGES}[key]
    match = next((a for a in allowed if a.lower() == value.lower()), None)
    if match is None:
        raise CurationError(f"{key} {value!r} is not one of {', '.join(allowed)}")
    return match


_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_MONEY = re.compile(
    r"^(?:(?P<c1>[A-Za-z]{3})\s*)?(?P<n>\d+(?:[.,]\d+)*)\s*(?P<scale>k|thousand|m|mn|million|b|bn|billion)?"
    r"\s*(?P<c2>[A-Za-z]{3})?(?:\s+(?P<kind>upfront|milestones|total|price|equity))?$",
    re.IGNORECASE,
)


def parse_money(text: str) -> str:
    """A money term as ``kg curate edit ... value`` takes it, normalized to ``AMOUNT CURRENCY KIND``.

    >>> parse_money("USD 120M"), parse_money("1.2 billion EUR upfront"), parse_money("5000000 CHF total")
    ('120000000 USD total', '1200000000 EUR upfront', '5000000 CHF total')
    """
    m = _MONEY.match(text.strip())
    currency = (m.group("c1") or m.group("c2") or "") if m else ""
    if m is None or not currency or (m.group("c1") and m.group("c2")):
        raise CurationError(
            f"value {text!r} is not an amount with a currency (e.g. 'USD 120M', '1.2 billion EUR')"
        )
    amount = float(m.group("n").replace(",", "")) * _SCALE.get((m.group("scale") or "").lower(), 1)
    return f"{amount:.0f} {currency.upper()} {(m.group('kind') or 'total').lower()}"


# --- sharing --------------------------------------------------------------------------------------------
def export_lines(store: Store) -> list[str]:
    """Every correction as one JSON line, oldest first (a stable order: files diff well under git)."""
    return [as_json_line(c) for c in store.overlay.corrections]


def import_lines(store: Store, lines: Iterable[str], origin: str, who: Who | None = None) -> Outcome:
    """Apply the corrections of a ``kg curate export`` file (one change set). Every line is checked first:
    a malformed one fails the import with its line number, and nothing is written. Idempotent."""
    corrections = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            corrections.append(Correction.from_dict(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise CurationError(f"{origin}:{number}: not JSON ({exc.msg} at column {exc.colno})") from None
        except CurationError as exc:
            raise CurationError(f"{origin}:{number}: {exc}") from None
    if not corrections:
        return Outcome(f"{origin}: no corrections")
    by = who.by if who else corrections[0].by
    outcome = apply_corrections(store, corrections, "import", f"kg curate import {origin}", by)
    if outcome.change_set is None:
        return Outcome(f"{origin}: every correction is already in the store")
    known = len(corrections) - len(outcome.corrections)
    message = f"{origin}: {len(outcome.corrections)} corrections imported" + (
        f", {known} already in the store" if known else ""
    )
    return Outcome(message, outcome.corrections, outcome.change_set, outcome.added, outcome.removed)

"""What changed, as an Atom feed (RFC 4287): one entry per fact added or removed, newest first.

An analyst follows a company in any feed reader (``kg changes --company NAME --format atom``, or
``kg serve``'s ``/changes.atom?company=NAME``). Every string from the data is XML-escaped by the
serializer, never written as markup.

>>> from kg.curation.changes import Change
>>> c = Change(3, "2026-03-02T10:00:00.000000Z", "ingest", "added", "Acme Bio", "contracts_with", "Beta <b>",
...            "Acme signed with Beta.", "https://example.org/a", "f-1", "urn:a", "urn:p", "<urn:b>")
>>> xml = render_atom([c], "Acme Bio", "https://example.org/feed")
>>> b"<title>Acme Bio: new partner Beta &lt;b&gt;</title>" in xml
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from xml.etree import ElementTree as ET

from kg import vocab as v
from kg.curation.changes import Change
from kg.sanitize import to_xml_text

__all__ = ["headline", "render_atom"]

ATOM = "http://www.w3.org/2005/Atom"
_HEADLINES = {
    "contracts_with": ("{s}: new partner {o}", "{s}: {o} no longer a partner"),
    "acquires": ("{s} acquires {o}", "{s}: acquisition of {o} withdrawn"),
    "operates": ("{s}: new site {o}", "{s}: site {o} withdrawn"),
    "located_in": ("{s}: located in {o}", "{s}: no longer located in {o}"),
    "headquartered_in": ("{s}: headquartered in {o}", "{s}: no longer headquartered in {o}"),
    "starts_operations": ("{s}: new opening year {o}", "{s}: opening year {o} withdrawn"),
    "develops": ("{s}: develops {o}", "{s}: no longer develops {o}"),
}


def headline(change: Change) -> str:
    """One line saying what happened: "Acme Bio: new partner Beta Pharma", "...: agreement terms changed"."""
    added, removed = _HEADLINES.get(change.relation, ("{s}: {r} {o}", "{s}: {r} {o} removed"))
    if change.agreement:
        added, removed = "{s}: agreement terms changed, {r} {o}", "{s}: agreement terms changed, no {r} {o}"
    text = added if change.what == "added" else removed
    return text.format(s=change.subject, o=change.object, r=change.relation)


def render_atom(changes: Iterable[Change], about: str | None, self_link: str, limit: int = 100) -> bytes:
    """An Atom document of the newest ``limit`` changes (``about``: the company followed, for the title)."""
    entries = sorted(changes, key=lambda c: (c.change, c.what, c.subject, c.relation, c.object), reverse=True)
    entries = entries[:limit] if limit else entries
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = "biopharma-kg: what changed" + (f" for {about}" if about else "")
    _text(feed, "title", title)
    _text(feed, "id", self_link)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    _text(feed, "updated", _time(entries[0].at) if entries else "1970-01-01T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "biopharma-kg")
    _text(feed, "generator", "biopharma-kg kg changes")
    for c in entries:
        _entry(feed, c)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, c: Change) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "title", headline(c))
    digest = hashlib.sha1(
        f"{c.what}\x1f{c.subject_iri}\x1f{c.predicate_iri}\x1f{c.object_term}".encode()
    ).hexdigest()
    _text(entry, "id", f"{v.ID}changeset/{c.change}#{c.what}-{digest[:16]}")
    _text(entry, "updated", _time(c.at))
    if c.url.startswith(("http://", "https://")):
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=to_xml_text(c.url))
    ET.SubElement(entry, f"{{{ATOM}}}category", term=c.what)
    ET.SubElement(entry, f"{{{ATOM}}}category", term=c.relation)
    words = [f"{c.what.capitalize()} in change set {c.change} ({c.kind})."]
    if c.sentence:
        words.append(f"\u201c{c.sentence}\u201d")
    if c.source:
        words.append(f"Source: {c.title or c.source}" + (f" ({c.url})" if c.url and c.title else ""))
    words.append(f"Fact: {c.fact}")
    _text(entry, "summary", " ".join(words))


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = to_xml_text(text)


def _time(at: str) -> str:
    """An RFC 3339 time (Atom's), from a change set's start."""
    return at if at else "1970-01-01T00:00:00Z"

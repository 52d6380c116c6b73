"""The viewer's corrections (``POST /curate``) and the change feed (``GET /changes.atom``), answered in the
server's worker processes: a correction in the one read-write worker, the feed in any reader.

A correction request is JSON ``{"action": "reject" | "confirm", "id": FACT_OR_AGREEMENT_ID, "why": TEXT}``;
the answer is JSON, ``{"message", "change_set"}`` or ``{"error"}`` (400). Who may write is decided before
(:mod:`kg.server.access`: the token and the same origin).

>>> import pyoxigraph as ox
>>> answer_correction(ox.Store(), {"action": "delete", "id": "f-1"}, "ana").status
400
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pyoxigraph as ox

from kg.curation import commands as cmd
from kg.curation.changes import list_changes
from kg.curation.feed import render_atom
from kg.curation.model import CurationError
from kg.server.response import Response
from kg.store import Store

__all__ = ["answer_correction", "answer_feed", "read_correction"]

ACTIONS = ("reject", "confirm")
JSON = "application/json"
ATOM = "application/atom+xml; charset=utf-8"


def read_correction(body: bytes) -> dict[str, str] | Response:
    """The correction a request body asks for, or the 400 answer saying what is wrong with it."""
    try:
        data = json.loads(body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, 'the body must be JSON: {"action": "reject" or "confirm", "id": "f-..."}')
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k, ""), str) for k in ("action", "id", "why")
    ):
        return _error(400, "the body must be a JSON object with string fields action, id and why")
    if data.get("action") not in ACTIONS or not data.get("id"):
        return _error(
            400, f"action must be one of {', '.join(ACTIONS)}, with the id of a fact or an agreement"
        )
    return {"action": data["action"], "id": data["id"], "why": data.get("why") or ""}


def answer_correction(inner: ox.Store, payload: dict[str, str], by: str) -> Response:
    """Apply one correction to the store (the read-write worker's) and answer in JSON."""
    asked = payload if payload.get("action") in ACTIONS else read_correction(b"null")
    if isinstance(asked, Response):
        return asked
    store = Store(inner)
    run = cmd.reject if asked["action"] == "reject" else cmd.confirm
    try:
        outcome = run(store, asked["id"], cmd.Who(by, asked.get("why") or "from the viewer"))
    except CurationError as exc:
        return _error(400, str(exc))
    inner.flush()
    body = {"message": outcome.summary(), "change_set": outcome.change_set,
            "corrections": [c.id for c in outcome.corrections]}  # fmt: skip
    return Response(200, json.dumps(body).encode("utf-8"), JSON)


def answer_feed(inner: ox.Store, query_string: str, link: str) -> Response:
    """The Atom feed of what changed (``company``, ``since``, ``relation``, ``limit`` from the query)."""
    params = {k: x[-1] for k, x in parse_qs(query_string).items()}
    company = params.get("company") or None
    try:
        limit = int(params.get("limit", "100"))
        store = Store(inner, read_only=True)
        found = list_changes(store, params.get("since") or "0", company, params.get("relation") or None)
    except (CurationError, ValueError) as exc:
        return Response.error(400, str(exc))
    return Response(200, render_atom(found, company, link, limit), ATOM)


def _error(status: int, message: str) -> Response:
    return Response(status, json.dumps({"error": message}).encode("utf-8"), JSON)

"""The update dataset of the protocol (``using-graph-uri``/``using-named-graph-uri``) as USING clauses.

SPARQL 1.1 Update says these parameters act as ``USING``/``USING NAMED`` clauses on every ``DELETE``/
``INSERT ... WHERE`` operation, and that a request carrying both them and ``USING``/``WITH`` is an error.
The engine (pyoxigraph) takes no dataset arguments for updates, so the clauses are written into the text
before each top-level ``WHERE``; the engine still parses and evaluates everything.

>>> with_using("INSERT { GRAPH <urn:t> { ?s a ?o } } WHERE { ?s a ?o }", ("urn:g",), ())
'INSERT { GRAPH <urn:t> { ?s a ?o } } USING <urn:g> WHERE { ?s a ?o }'
>>> with_using("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", (), ("urn:n",))
Traceback (most recent call last):
...
kg.server.protocol.ProtocolError: using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.server.protocol import ProtocolError

__all__ = ["with_using"]

CONFLICT = "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH"

# Tokens that may hide braces or keywords: strings, IRIs, comments, variables, prefixed names.
_TOKEN = re.compile(
    r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
         |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
         |<[^<>"{}|^`\\\s]*>|\#[^\n]*|[?$]\w+|[\w.-]*:[\w.%:-]*)
       |(?P<open>\{)|(?P<close>\})
       |(?P<word>[A-Za-z]+)''',
    re.VERBOSE,
)


def with_using(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with USING clauses for the protocol's update dataset (unchanged when there is none)."""
    if not using and not using_named:
        return update
    clauses = "".join(
        [*(f"USING <{iri}> " for iri in using), *(f"USING NAMED <{iri}> " for iri in using_named)]
    )
    out, last = [], 0
    previous = ""
    for word, start in _top_level_words(update):
        if word in ("USING", "WITH"):
            raise ProtocolError(400, CONFLICT)
        if word == "WHERE" and previous != "DELETE":  # `DELETE WHERE { }` takes no USING
            out += [update[last:start], clauses]
            last = start
        previous = word
    return "".join([*out, update[last:]])


def _top_level_words(text: str) -> Iterator[tuple[str, int]]:
    depth = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "open":
            depth += 1
        elif match.lastgroup == "close":
            depth -= 1
        elif match.lastgroup == "word" and depth == 0:
            yield match.group().upper(), match.start()

"""Data text made safe for the program that reads it next: spreadsheets, terminals, XML parsers.

Names, sentences and titles come from announcements anyone can write. A CSV cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by spreadsheet programs (CSV
injection): :func:`to_csv_cell` prefixes it with ``'``, which they show as text. Control characters would
drive a terminal (move the cursor, set the title, hide text): :func:`to_printable` shows them as ``\\xNN``
escapes. XML 1.0 cannot hold most control characters at all: :func:`to_xml_text` replaces them with
U+FFFD.

>>> to_csv_cell('=cmd|"/c calc"!A1'), to_csv_cell("-12"), to_csv_cell("Acme")
('\\'=cmd|"/c calc"!A1', "'-12", 'Acme')
>>> to_printable("Acme\\x1b]0;owned\\x07 Bio")
'Acme\\\\x1b]0;owned\\\\x07 Bio'
>>> to_xml_text("Acme\\x01 Bio\\ttab")
'Acme\\ufffd Bio\\ttab'
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_START", "to_csv_cell", "to_printable", "to_xml_text"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 controls and DEL; tab and newline are kept (tables wrap on them, they move nothing)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_csv_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_printable(text: str) -> str:
    """``text`` with terminal control characters (and bidirectional overrides) shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else
                        f"\\u{ord(m.group()):04x}", text)  # fmt: skip


def to_xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)

"""Property: whatever bytes or text a file holds, every loader yields documents or failures, never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document, Extraction
from loaders import Failure, read_sources, to_extractions
from loaders.readers import suffixes

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# fragments that steer random text towards each reader's syntax
FRAGMENTS = st.sampled_from([
    "{", "}", "[", "]", '"doc"', '"text"', '"facts"', '"entities"', ":", ",", "\n", "null", "1e999",
    "<html>", "<body>", "<p>", "</p>", "<script>", "<?xml version='1.0'?>", "<rss>", "<channel>", "<item>",
    "<title>", "</title>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "<link href='x'/>",
    "&amp;", "&#0;", "]]>", "<![CDATA[", "\x00", "\ufeff", "\r", "Inc.", "Acme Biologics", "2027",
])  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=400), st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=60).map("".join)
)


def _items(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        return list(to_extractions(read_sources([path])))


def _check(items: list) -> None:
    for item in items:
        assert isinstance(item, (Document, Extraction, Failure)), item
        if isinstance(item, Failure):
            assert item.message and "\n" not in item.message


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from(suffixes()))
def test_random_bytes_never_crash_a_loader(data, suffix):
    _check(_items(data, suffix))


@FUZZ
@given(text=TEXT, suffix=st.sampled_from(suffixes()))
def test_random_text_never_crashes_a_loader(text, suffix):
    _check(_items(text.encode("utf-8", "surrogatepass"), suffix))

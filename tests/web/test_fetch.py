"""``kg fetch`` and ``kg ingest URL`` against a real newsroom on loopback: feeds, pages, robots.txt,
conditional requests, and every way a site misbehaves, each one line and never the end of the batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.plugins.newsroom import Newsroom, Route, atom_feed, http_date, rss_feed
from tests.plugins.pages import render_page
from tests.plugins.server import kg

FAST = ("--allow-private", "--rate", "1000")  # the newsroom is on loopback; no need to wait between requests
NORTHBRIDGE = (EXAMPLES / "northbridge-cmo-undisclosed-2026-03.txt").read_text(encoding="utf-8")
MERIDIAN = (EXAMPLES / "meridian-site-opening-2026-05.txt").read_text(encoding="utf-8")
KESTREL = (EXAMPLES / "kestrel-aurora-license-2026-01.txt").read_text(encoding="utf-8")
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: other-bot\nDisallow: /\n"


def _newsroom_with_feeds(room: Newsroom) -> None:
    """robots.txt, three article pages, an Atom feed (ETag) and an RSS feed (Last-Modified only) that
    both list the Northbridge release, and a link into the forbidden /private/ path."""
    room.route("/robots.txt", Route(ROBOTS, content_type="text/plain"))
    room.page("/news/northbridge", NORTHBRIDGE, published="2026-03-10")
    room.page("/news/meridian", MERIDIAN, layout="wire", etag=False, last_modified=http_date(1.7e9))
    room.page("/news/kestrel", KESTREL, layout="divs")
    room.page("/private/draft", KESTREL)
    room.feed("/feeds/news.atom", atom_feed("Northgate Newsroom", [
        ("urn:ng:1", "Northbridge signs", room.url("/news/northbridge?utm_source=atom")),
        ("urn:ng:2", "Meridian opens", room.url("/news/meridian")),
        ("urn:ng:3", "Draft", room.url("/private/draft")),
    ]))  # fmt: skip
    room.feed("/feeds/wire.rss", rss_feed("Deals Wire", [
        ("wire-77", "Northbridge signs", room.url("/news/northbridge?utm_source=rss"), "Northbridge signs."),
        ("wire-78", "Kestrel licenses", room.url("/news/kestrel"), "Kestrel licenses."),
    ]), etag=False, last_modified=http_date(1.7e9))  # fmt: skip


def _announcements(store: Path) -> dict[str, str]:
    out = kg("--store", store, "sparql", "SELECT ?key ?url WHERE { ?a a bpk:Announcement ; "
             "bpk:documentKey ?key ; bpk:sourceUrl ?url }", "--format", "json")  # fmt: skip
    return {row["key"]: row["url"] for row in json.loads(out.stdout)}


def test_feeds_are_followed_and_a_second_fetch_sends_only_conditional_requests(newsroom, tmp_path):
    _newsroom_with_feeds(newsroom)
    feeds = newsroom.url("/feeds/news.atom"), newsroom.url("/feeds/wire.rss")
    first = kg("fetch", *feeds, "-o", tmp_path / "out", *FAST, check=False)
    files = {f: f.read_text(encoding="utf-8") for f in sorted((tmp_path / "out").rglob("*.json"))}
    urls = {json.loads(text)["url"] for text in files.values()}
    assert urls == {newsroom.url(p) for p in ("/news/northbridge", "/news/meridian", "/news/kestrel")}
    assert len(newsroom.hits("/robots.txt")) == 1
    assert first.returncode == 1 and "/private/draft: disallowed by the site's robots.txt" in first.stderr

    newsroom.log.clear()
    second = kg("fetch", *feeds, "-o", tmp_path / "out", *FAST, check=False)
    hits = newsroom.hits()
    assert sorted(h.path for h in hits) == ["/feeds/news.atom", "/feeds/wire.rss"]  # robots.txt kept a day
    assert all(h.conditional for h in hits), hits
    assert "0 documents new or changed, 2 unchanged" in second.stderr
    assert {f: f.read_text(encoding="utf-8") for f in sorted((tmp_path / "out").rglob("*.json"))} == files


def test_robots_txt_forbidden_paths_are_never_requested_and_fail_one_line_each(newsroom, tmp_path):
    _newsroom_with_feeds(newsroom)
    failed = tmp_path / "failed.txt"
    run = kg("--store", tmp_path / "store", "ingest", newsroom.url("/feeds/news.atom"), "--failed-list", failed,
             *FAST, check=False)  # fmt: skip
    assert newsroom.hits("/private/draft") == []
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert failed.read_text(encoding="utf-8").split() == [newsroom.url("/private/draft")]
    assert set(_announcements(tmp_path / "store").values()) == {newsroom.url("/news/northbridge"),
                                                                 newsroom.url("/news/meridian")}  # fmt: skip


def test_the_same_release_through_two_feeds_is_one_announcement_and_a_rerun_changes_nothing(
    newsroom, tmp_path
):
    _newsroom_with_feeds(newsroom)
    store = tmp_path / "store"
    feeds = newsroom.url("/feeds/news.atom"), newsroom.url("/feeds/wire.rss")
    kg("--store", store, "ingest", *feeds, *FAST, check=False)
    found = _announcements(store)
    assert sorted(found) == sorted(f"url:{newsroom.url(p)}" for p in ("/news/northbridge", "/news/meridian",
                                                                       "/news/kestrel"))  # fmt: skip
    before = kg("--store", store, "export", "--format", "nq").stdout
    again = kg("--store", store, "ingest", *feeds, *FAST, check=False)
    assert "0 ingested" in again.stderr and "Traceback" not in again.stderr
    assert kg("--store", store, "export", "--format", "nq").stdout == before


def test_each_announcement_keeps_its_url_fetch_time_status_and_content_hash(newsroom, tmp_path):
    newsroom.page("/news/northbridge", NORTHBRIDGE)
    kg("--store", tmp_path / "store", "ingest", newsroom.url("/news/northbridge"), *FAST)
    out = kg("--store", tmp_path / "store", "sparql", "SELECT ?url ?fetched ?status ?sha WHERE { ?a a "
             "bpk:Announcement ; bpk:sourceUrl ?url ; bpk:fetched ?fetched ; bpk:httpStatus ?status ; "
             "bpk:sourceSha256 ?sha }", "--format", "json")  # fmt: skip
    (row,) = json.loads(out.stdout)
    assert row["url"] == newsroom.url("/news/northbridge") and row["status"] == 200
    assert row["fetched"].endswith("Z") and len(row["sha"]) == 64


def test_a_changed_page_replaces_its_facts(newsroom, tmp_path):
    store = tmp_path / "store"
    first = "Acme Biologics signs supply agreement with Harbor Therapeutics\nBOSTON, May 4, 2026 -- Acme Biologics signed a supply agreement with Harbor Therapeutics."
    newsroom.page("/news/acme", first)
    kg("--store", store, "ingest", newsroom.url("/news/acme"), *FAST)
    newsroom.page("/news/acme", first.replace("Harbor Therapeutics", "Orinoco Pharma"))
    again = kg("--store", store, "ingest", newsroom.url("/news/acme"), *FAST)
    assert "1 replaced" in again.stderr
    partners = kg("--store", store, "query", "partners", "Acme Biologics", "--format", "json").stdout
    assert "Orinoco Pharma" in partners and "Harbor Therapeutics" not in partners
    assert len(_announcements(store)) == 1


def test_a_slow_page_times_out_a_500_recovers_and_the_rest_goes_on(newsroom, tmp_path):
    newsroom.route("/news/slow", Route(b"<html><body><p>late</p></body></html>", hold=_never()))
    newsroom.route("/news/flaky", Route(_page(NORTHBRIDGE), fail_first=1))
    newsroom.page("/news/meridian", MERIDIAN)
    newsroom.feed("/feed.rss", rss_feed("Wire", [
        (None, "slow", newsroom.url("/news/slow"), "s"),
        (None, "flaky", newsroom.url("/news/flaky"), "f"),
        (None, "meridian", newsroom.url("/news/meridian"), "m"),
    ]))  # fmt: skip
    run = kg("--store", tmp_path / "store", "ingest", newsroom.url("/feed.rss"), "--timeout", "1",
             "--retries", "1", *FAST, check=False)  # fmt: skip
    assert run.returncode == 1
    assert f"kg: {newsroom.url('/news/slow')}: timed out" in run.stderr
    assert len(newsroom.hits("/news/flaky")) == 2  # a 500, then the page
    assert set(_announcements(tmp_path / "store").values()) == {newsroom.url("/news/flaky"),
                                                                 newsroom.url("/news/meridian")}  # fmt: skip


def _page(text: str) -> bytes:
    return render_page(text, "semantic", "https://news.test/a").encode("utf-8")


def _never():
    import threading

    return threading.Event()  # released when the newsroom closes


def test_404_5xx_dns_errors_and_non_html_are_each_a_line_in_the_report_and_the_failed_list(
    newsroom, tmp_path
):
    newsroom.route("/report.pdf", Route(b"%PDF-1.7 " + b"0" * 4096, content_type="application/pdf"))
    newsroom.route("/down", Route(b"", fail_first=99))
    newsroom.page("/news/meridian", MERIDIAN)
    bad = {
        newsroom.url("/gone"): "HTTP 404 Not Found",
        newsroom.url("/down"): "HTTP 500 Internal Server Error (tried 2 times)",
        newsroom.url("/report.pdf"): "not an HTML page or a feed (application/pdf); not read",
        "http://no-such-host.invalid/news": "cannot resolve no-such-host.invalid",
        "file:///etc/passwd": "only http and https URLs are fetched, not file:",
    }
    store, failed = tmp_path / "store", tmp_path / "failed.txt"
    run = kg("--store", store, "ingest", *bad, newsroom.url("/news/meridian"), "--retries", "1",
             "--failed-list", failed, *FAST, check=False)  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    for url, message in bad.items():
        assert f"kg: {url}: {message}" in run.stderr
    assert sorted(failed.read_text(encoding="utf-8").split()) == sorted(bad)
    (report,) = (store / "runs").glob("ingest-*[0-9]Z.json")
    failures = {f["path"]: f["reason"] for f in json.loads(report.read_text(encoding="utf-8"))["failures"]}
    assert set(failures) == set(bad)
    assert list(_announcements(store).values()) == [newsroom.url("/news/meridian")]


@pytest.mark.parametrize("declare", [False, True], ids=["chunked", "content-length"])
def test_a_100_mb_body_is_cut_at_the_size_cap(newsroom, tmp_path, declare):
    huge = newsroom.route("/huge", Route(stream=100 * 2**20, declare=declare))
    run = kg("fetch", newsroom.url("/huge"), *FAST, check=False)
    assert run.returncode == 1
    assert f"kg: {newsroom.url('/huge')}: too large" in run.stderr
    assert huge.sent < 60 * 2**20  # the client hung up at the 20 MB cap (socket buffers hold a few MB more)


def test_a_redirect_to_a_disallowed_address_is_refused(newsroom_pair, tmp_path):
    public, internal = newsroom_pair  # 127.0.0.1 is allowed below; 127.0.0.2 stands for an internal host
    internal.page("/admin", KESTREL)
    public.route("/moved", Route(b"", status=302, headers={"Location": internal.url("/admin")}))
    refused = kg("fetch", public.url("/moved"), "--allow-address", "127.0.0.1", "--rate", "1000", check=False)
    assert f"kg: {public.url('/moved')}: refused: 127.0.0.2 is a loopback address" in refused.stderr
    assert internal.hits() == []
    followed = kg("fetch", public.url("/moved"), *FAST)  # the same redirect with --allow-private is followed
    assert json.loads(followed.stdout)["url"] == internal.url("/admin")


def test_a_name_that_resolves_to_a_loopback_address_is_refused(newsroom, tmp_path):
    newsroom.page("/news/kestrel", KESTREL)
    url = f"http://localhost:{newsroom.port}/news/kestrel"
    run = kg("fetch", url, "--rate", "1000", check=False)
    assert f"kg: {url}: refused: localhost (127.0.0.1) is a loopback address" in run.stderr
    assert newsroom.hits() == []


def test_requests_name_the_tool_and_its_contact(newsroom):
    newsroom.page("/news/kestrel", KESTREL)
    kg("fetch", newsroom.url("/news/kestrel"), "--contact", "press-watch@example.org", *FAST)
    for hit in newsroom.hits():
        assert hit.headers["user-agent"].startswith("biopharma-kg/")
        assert "contact: press-watch@example.org" in hit.headers["user-agent"]
        assert hit.headers["from"] == "press-watch@example.org"


def test_requests_to_one_host_are_capped(newsroom):
    for i in range(6):
        newsroom.route(f"/news/{i}", Route(_page(KESTREL), delay=0.3))
    urls = [newsroom.url(f"/news/{i}") for i in range(6)]
    kg("fetch", *urls, "--host-connections", "2", *FAST)
    assert len(newsroom.hits()) == 7 and 1 <= newsroom.most_active <= 2  # robots.txt + 6 pages

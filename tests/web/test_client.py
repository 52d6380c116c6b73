"""The fetching parts one by one against a real newsroom: the guard where sockets connect, pacing,
robots.txt, retries, and what the state remembers."""

from __future__ import annotations

import ipaddress
import itertools
import threading
from collections.abc import Callable, Iterator

import pytest

from kg.errors import FetchError
from loaders.web import AddressGuard, FetchPolicy, FetchState
from loaders.web.client import HttpClient
from loaders.web.pacing import FakeClock, HostPacing
from loaders.web.robots import Robots
from loaders.web.source import NotModified, WebSource
from tests.plugins.newsroom import Route

LOOPBACK_ONE = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture
def clients() -> Iterator[Callable[..., HttpClient]]:
    """Makes HTTP clients, closed when the test ends."""
    made: list[HttpClient] = []

    def make(policy: FetchPolicy, guard: AddressGuard | None = None) -> HttpClient:
        made.append(HttpClient(policy, guard))
        return made[-1]

    yield make
    for client in made:
        client.close()


def test_the_connection_itself_is_guarded_not_only_the_url(newsroom, clients):
    """Past every check made on the URL, the socket still refuses a loopback address."""
    newsroom.route("/x", Route(b"<p>hello</p>"))
    client = clients(FetchPolicy())
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 is a loopback address"):
        client._http.get(newsroom.url("/x"))  # straight to the transport, no pre-check
    assert newsroom.hits() == []


def test_the_address_connected_to_is_the_one_checked(newsroom_pair, clients):
    """DNS rebinding: a name that first resolves to an allowed address and then to another is refused
    where the socket connects."""
    _, internal = newsroom_pair
    internal.route("/admin", Route(b"<p>secret</p>"))
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])
    guard = AddressGuard(allowed=LOOPBACK_ONE, resolver=lambda host, port: next(answers, ["127.0.0.2"]))
    client = clients(FetchPolicy(rate=1000), guard)
    client.robots = None
    with pytest.raises(FetchError, match=r"refused: rebind\.test \(127\.0\.0\.2\) is a loopback address"):
        client.get(f"http://rebind.test:{internal.port}/admin")
    assert internal.hits() == []


def test_a_name_with_any_private_address_is_refused():
    guard = AddressGuard(resolver=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    with pytest.raises(FetchError, match=r"mixed\.test \(10\.1\.2\.3\) is a private address"):
        guard.resolve("mixed.test", 443)
    assert AddressGuard().refusal("169.254.169.254") == "a link-local address"
    assert AddressGuard(allowed=(ipaddress.ip_network("10.1.0.0/16"),)).refusal("10.1.2.3") is None


def test_pacing_spaces_each_host_on_its_own():
    clock = FakeClock()
    pace = HostPacing(rate=1.0, per_host=2, clock=clock.now, sleep=clock.sleep)
    starts: list[tuple[str, float]] = []
    for host in ("a.test", "b.test", "a.test", "b.test", "a.test"):
        with pace.slot(host):
            starts.append((host, clock.now()))
    for host in ("a.test", "b.test"):
        times = [t for h, t in starts if h == host]
        assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(times))
    with pace.slot("c.test", delay=5.0), pace.slot("c.test"):
        pass
    assert clock.slept[-1] == 5.0  # a Crawl-delay spaces its site further


def test_robots_txt_is_fetched_once_for_many_threads_and_its_crawl_delay_is_kept(newsroom, clients):
    newsroom.route("/robots.txt", Route(b"User-agent: biopharma-kg\nCrawl-delay: 3\nDisallow: /drafts/\n",
                                        content_type="text/plain", delay=0.2))  # fmt: skip
    client = clients(FetchPolicy(allow_private=True))
    robots = Robots(client, FetchState.in_memory())
    delays: list[float | None] = []
    threads = [
        threading.Thread(target=lambda: delays.append(robots(newsroom.url("/news/a")))) for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert delays == [3.0] * 5 and len(newsroom.hits("/robots.txt")) == 1
    with pytest.raises(FetchError, match=r"disallowed by the site's robots\.txt"):
        robots(newsroom.url("/drafts/x"))


def test_robots_txt_missing_allows_all_and_unreadable_closes_the_site(newsroom_pair, clients):
    missing, broken = newsroom_pair
    broken.route("/robots.txt", Route(b"", fail_first=99))
    client = clients(FetchPolicy(allow_private=True, retries=0))
    robots = Robots(client, FetchState.in_memory())
    assert robots(missing.url("/news/a")) is None  # 404: everything allowed
    with pytest.raises(FetchError, match=r"robots.txt of this site could not be read \(HTTP 500"):
        robots(broken.url("/news/a"))


def test_retry_after_is_honoured_and_a_long_one_fails_at_once(newsroom, clients):
    newsroom.route("/busy", Route(b"<p>ok</p>", fail_first=1, headers={"Retry-After": "0"}))
    newsroom.route("/closed", Route(b"", fail_first=99, headers={"Retry-After": "3600"}))
    client = clients(FetchPolicy(allow_private=True, rate=1000))
    assert client.get(newsroom.url("/busy")).body == b"<p>ok</p>"
    with pytest.raises(FetchError, match="asked to retry after 3600 s"):
        client.get(newsroom.url("/closed"))
    assert len(newsroom.hits("/busy")) == 2 and len(newsroom.hits("/closed")) == 1


def test_a_body_that_trickles_is_cut_at_the_deadline(newsroom, clients):
    """Each chunk comes within the read timeout, the whole never would: the deadline ends it."""
    slow = newsroom.route("/drip", Route(stream=2**20, trickle=0.2))
    client = clients(FetchPolicy(allow_private=True, rate=1000, retries=0, deadline=1.0))
    with pytest.raises(FetchError, match="too slow: not all sent within 1 s"):
        client.get(newsroom.url("/drip"))
    assert slow.sent < 2**20


def test_a_url_is_remembered_only_once_its_document_is_safe(newsroom, tmp_path):
    """A run that stopped before writing sends a full request next time, not a conditional one."""
    newsroom.page("/news/a", "Acme Bio opens a plant\nAcme Bio opened a plant in Ohio.")
    policy = FetchPolicy(allow_private=True, rate=1000)
    with (
        FetchState.open(tmp_path / "state.sqlite") as state,
        WebSource([newsroom.url("/news/a")], policy, state) as web,
    ):
        (doc,) = list(web.read())  # read, never written
    with (
        FetchState.open(tmp_path / "state.sqlite") as state,
        WebSource([newsroom.url("/news/a")], policy, state) as web,
    ):
        (again,) = list(web.read())
        assert again.doc == doc.doc
        web.written([again.doc])
    with (
        FetchState.open(tmp_path / "state.sqlite") as state,
        WebSource([newsroom.url("/news/a")], policy, state) as web,
    ):
        assert list(web.read()) == [NotModified(newsroom.url("/news/a"))]
    pages = newsroom.hits("/news/a")
    assert [h.conditional for h in pages] == [False, False, True]

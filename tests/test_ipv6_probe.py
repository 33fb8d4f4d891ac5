"""govmon/ipv6.py: real servers on 127.0.0.1 and ::1 (one port) and the farm's DNS stub.

The stub gives every host with an A record 127.0.0.1 and every host with an AAAA record ::1,
so which listener a request reached tells which IP family it went over.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session

from crawler.resolver import build_resolver
from govmon.config import Config, DnsSettings, Ipv6Probing, load_config
from govmon.demo.dns_stub import DnsStub, FarmResolver, HostSpec, ZoneSpec
from govmon.ipv6 import Addresses, FetchSettings, delegation, fetch, internal_links, probe_site, sample
from govmon.models import CrawlRun, Link, Page, Probe, Site, Target, Unit, utcnow
from govmon.storage import open_database
from tests.conftest import CONFIG_DIR

HOSTS = [
    HostSpec("www.dual.gov.cn"),                      # A and AAAA
    HostSpec("static.dual.gov.cn", ipv6=False),       # A only: its links cannot be reached over IPv6
    HostSpec("www.v4only.gov.cn", ipv6=False),
    HostSpec("www.bare.gov.cn"),                      # in a zone whose name servers lack IPv6
]
ZONES = [ZoneSpec("dual.gov.cn"), ZoneSpec("v4only.gov.cn"), ZoneSpec("bare.gov.cn", ns_ipv6=False)]
HOME_V4 = ("<html><head><title>双栈市人民政府</title></head><body><div class='nav'><a href='/zwgk/'>政务公开</a>"
           "<a href='/xwdt/'>新闻动态</a></div><ul>" + "".join(f"<li><a href='/a{n}.html'>第{n}条工作动态 二〇二六年</a></li>"
                                                              for n in range(20)) + "</ul></body></html>")
MAINTENANCE = "<html><head><title>网站维护公告</title></head><body><p>本站IPv6访问入口正在升级改造。</p></body></html>"


class DualServer:
    """One port on 127.0.0.1 and ::1; replies by (family, host, path), logs (family, client, host, path)."""

    def __init__(self) -> None:
        self.replies: dict[tuple[int | None, str, str], tuple[int, str, dict[str, str]]] = {}
        self.log: list[tuple[int, str, str, str]] = []
        self.servers: list[ThreadingHTTPServer] = []

    def route(self, host: str, path: str, status: int = 200, body: str = "<p>ok</p>", family: int | None = None,
              **headers: str) -> None:
        self.replies[(family, host, path)] = (status, body, headers)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> DualServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                family = 6 if self.server.address_family == socket.AF_INET6 else 4
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                server.log.append((family, self.client_address[0], host, self.path))
                status, body, headers = server.replies.get(
                    (family, host, self.path), server.replies.get((None, host, self.path), (404, "<p>404</p>", {})))
                data = body.encode()
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers,
                                    "Content-Length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        class Server6(ThreadingHTTPServer):
            address_family = socket.AF_INET6

        for _ in range(20):
            v4 = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            self.port = v4.server_address[1]
            try:
                v6 = Server6(("::1", self.port), Handler)
            except OSError:
                v4.server_close()
                continue
            self.servers = [v4, v6]
            break
        for each in self.servers:
            threading.Thread(target=each.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for each in self.servers:
            each.shutdown()
            each.server_close()


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    stub = DnsStub(FarmResolver({h.name: h for h in HOSTS}, {z.name: z for z in ZONES}))
    yield stub.start()
    stub.stop()


@pytest.fixture
def server() -> Iterator[DualServer]:
    with DualServer() as running:
        yield running


@pytest.fixture
def names(dns_port: int) -> Addresses:
    return Addresses(build_resolver([f"127.0.0.1:{dns_port}"], 5))


SETTINGS = FetchSettings("govmon-test", timeout_s=5, max_redirects=8, max_bytes=1_000_000)


# ---------------------------------------------------------------- requests really go over IPv6


def test_an_ipv6_request_reaches_the_ipv6_listener_though_the_name_has_an_a_record(
        server: DualServer, names: Addresses) -> None:
    server.route("www.dual.gov.cn", "/", body="<p>首页</p>")
    over6 = fetch(server.url("www.dual.gov.cn"), 6, names, SETTINGS)
    over4 = fetch(server.url("www.dual.gov.cn"), 4, names, SETTINGS)
    assert (over6.status, over6.error, over6.address) == (200, None, "::1")
    assert (over4.status, over4.error, over4.address) == (200, None, "127.0.0.1")
    assert [(family, client) for family, client, _, _ in server.log] == [(6, "::1"), (4, "127.0.0.1")]
    assert {host for _, _, host, _ in server.log} == {"www.dual.gov.cn"}  # the Host header names the site
    assert "首页" in over6.body.decode()


def test_a_host_without_aaaa_is_never_asked_over_ipv4_instead(server: DualServer, names: Addresses) -> None:
    server.route("www.v4only.gov.cn", "/")
    fetched = fetch(server.url("www.v4only.gov.cn"), 6, names, SETTINGS)
    assert (fetched.status, fetched.error) == (None, "dns")
    assert "AAAA" in (fetched.message or "")
    assert server.log == []


def test_a_redirect_over_ipv6_is_followed_over_ipv6_and_fails_on_a_host_without_aaaa(
        server: DualServer, names: Addresses) -> None:
    server.route("www.dual.gov.cn", "/old/", 301, Location="/new/")
    server.route("www.dual.gov.cn", "/new/", 302, Location=server.url("static.dual.gov.cn", "/x.html"))
    server.route("static.dual.gov.cn", "/x.html")
    fetched = fetch(server.url("www.dual.gov.cn", "/old/"), 6, names, SETTINGS)
    assert fetched.error == "dns" and "static.dual.gov.cn" in (fetched.message or "")
    assert fetched.redirects == [server.url("www.dual.gov.cn", "/new/"), server.url("static.dual.gov.cn", "/x.html")]
    assert [(family, path) for family, _, _, path in server.log] == [(6, "/old/"), (6, "/new/")]


def test_an_error_status_over_ipv6_only_is_a_failure_over_ipv6(server: DualServer, names: Addresses) -> None:
    server.route("www.dual.gov.cn", "/", 503, family=6)
    server.route("www.dual.gov.cn", "/", 200, family=4)
    assert fetch(server.url("www.dual.gov.cn"), 6, names, SETTINGS).error == "http"
    assert fetch(server.url("www.dual.gov.cn"), 4, names, SETTINGS).error is None


def test_nothing_listening_on_the_ipv6_address_is_refused(names: Addresses) -> None:
    with socket.socket(socket.AF_INET6) as free:
        free.bind(("::1", 0))
        port = free.getsockname()[1]
    fetched = fetch(f"http://www.dual.gov.cn:{port}/", 6, names, SETTINGS)
    assert (fetched.error, fetched.address) == ("refused", "::1")


# ---------------------------------------------------------------- name servers


def test_name_servers_with_and_without_ipv6(names: Addresses) -> None:
    assert delegation(names, "www.dual.gov.cn") == {
        "zone": "dual.gov.cn", "name_servers": {"ns1.dual.gov.cn": ["::1"], "ns2.dual.gov.cn": ["::1"]}}
    assert delegation(names, "www.bare.gov.cn") == {
        "zone": "bare.gov.cn", "name_servers": {"ns1.bare.gov.cn": [], "ns2.bare.gov.cn": []}}


# ---------------------------------------------------------------- a whole site, from a stored crawl


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = open_database(f"sqlite:///{tmp_path / 'govmon.db'}")
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def crawl(session: Session, home: str, pages: dict[str, list[str]], failed: tuple[str, ...] = ()) -> CrawlRun:
    """A finished crawl: pages (the first is the homepage) and the page links on each."""
    session.add(Unit(id="demo", name="演示单位", level="city"))
    session.flush()  # no relationships declared: rows go in the order flushed
    session.add(Site(id="demo-site", unit_id="demo", name="演示网站", url=home, kind="portal", render="never",
                     page_cap=100))
    session.flush()
    run = CrawlRun(site_id="demo-site", status="done")
    session.add(run)
    session.flush()
    for depth, (url, links) in enumerate(pages.items()):
        page = Page(run_id=run.id, site_id="demo-site", url=url, final_url=url, status=200, depth=min(depth, 1),
                    is_home=url == home)
        session.add(page)
        session.flush()
        session.add_all(Link(run_id=run.id, page_id=page.id, url=link, kind="page") for link in links)
    targets = {link for links in pages.values() for link in links} | set(pages)
    session.add_all(Target(run_id=run.id, url=url, outcome="http" if url in failed else "ok", status=200)
                    for url in targets)
    session.commit()
    return run


def config_for(dns_port: int, **probing: int) -> Config:
    config = load_config(CONFIG_DIR)
    crawl_file = config.crawl.model_copy(update={
        "dns": DnsSettings(nameservers=[f"127.0.0.1:{dns_port}"], timeout_s=5),
        "ipv6": Ipv6Probing(**({"home_probes": 3} | probing)), "download_delay_s": 0})
    return dataclasses.replace(config, crawl=crawl_file)


def test_internal_links_by_level(session: Session, server: DualServer) -> None:
    """Second level: the homepage's links; third: those first met on second-level pages; links that
    failed over IPv4 too are dead links, not IPv6 problems."""
    home, zwgk, dead, deep = (server.url("www.dual.gov.cn", p) for p in ("/", "/zwgk/", "/gone.html", "/zwgk/1.html"))
    run = crawl(session, home, {home: [home, zwgk, dead], zwgk: [home, zwgk, deep], deep: [home]}, failed=(dead,))
    assert internal_links(session, run.id, home) == ([zwgk], [deep])


def test_sample_is_capped_and_the_same_every_time() -> None:
    urls = [f"http://www.dual.gov.cn/{n}.html" for n in range(200)]
    chosen = sample(urls, 50)
    assert len(chosen) == 50 and set(chosen) <= set(urls)
    assert sample(list(reversed(urls)), 50) == chosen
    assert chosen != urls[:50]  # spread over the site, not the first 50 in URL order


def test_a_site_answering_differently_over_ipv6(session: Session, server: DualServer, dns_port: int) -> None:
    home = server.url("www.dual.gov.cn")
    second = [server.url("www.dual.gov.cn", "/zwgk/"), server.url("static.dual.gov.cn", "/xwdt/")]
    third = server.url("www.dual.gov.cn", "/zwgk/1.html")
    server.route("www.dual.gov.cn", "/", body=HOME_V4, family=4)
    server.route("www.dual.gov.cn", "/", body=MAINTENANCE, family=6)
    server.route("www.dual.gov.cn", "/zwgk/")
    server.route("static.dual.gov.cn", "/xwdt/")
    server.route("www.dual.gov.cn", "/zwgk/1.html", 503, family=6)
    run = crawl(session, home, {home: second, second[0]: [third]})
    session.add(Probe(site_id="demo-site", url=home, ok=False, ip_version=6, error_class="timeout"))
    session.add(Probe(site_id="demo-site", url=home, ok=True, ip_version=4))
    session.add(Probe(site_id="demo-site", url=home, ok=False, ip_version=6, at=utcnow() - timedelta(days=30)))

    results = probe_site(session, config_for(dns_port), run, utcnow())

    assert (results["measured"], results["host"], results["aaaa"], results["a"]) == (
        True, "www.dual.gov.cn", ["::1"], ["127.0.0.1"])
    assert results["delegation"]["name_servers"] == {"ns1.dual.gov.cn": ["::1"], "ns2.dual.gov.cn": ["::1"]}
    assert [attempt["status"] for attempt in results["home"]["tries"]] == [200, 200, 200]
    assert (results["rounds"]["probes"], results["rounds"]["failures"]) == (1, 1)  # IPv6, in the window
    assert results["similarity"]["text"] < 0.5 and results["similarity"]["structure"] < 0.9
    assert results["similarity"]["ipv4"]["address"] == "127.0.0.1"
    assert set(results["second_level"]["probed"]) == set(second)
    assert list(results["second_level"]["failed"]) == [second[1]]  # its host has no AAAA
    assert results["second_level"]["failed"][second[1]]["error"] == "dns"
    assert results["third_level"]["failed"][third]["status"] == 503
    homepage_requests = [family for family, _, host, path in server.log if path == "/" and host == "www.dual.gov.cn"]
    assert sorted(homepage_requests) == [4, 6, 6, 6]
    assert {(family, client) for family, client, _, path in server.log if path != "/"} == {(6, "::1")}


def test_a_site_whose_homepage_is_the_same_over_both(session: Session, server: DualServer, dns_port: int) -> None:
    home = server.url("www.dual.gov.cn")
    server.route("www.dual.gov.cn", "/", body=HOME_V4)
    run = crawl(session, home, {home: []})
    results = probe_site(session, config_for(dns_port, links_per_level=0), run, utcnow())
    assert results["similarity"] | {"ipv4": None} == {"text": 1.0, "structure": 1.0, "ipv4": None}
    assert results["second_level"] == {"found": 0, "probed": [], "failed": {}}


def test_a_site_without_aaaa(session: Session, server: DualServer, dns_port: int) -> None:
    """Measured as failing, without a single request over IPv4 passed off as IPv6."""
    home = server.url("www.v4only.gov.cn")
    server.route("www.v4only.gov.cn", "/zwgk/")
    run = crawl(session, home, {home: [server.url("www.v4only.gov.cn", "/zwgk/")]})
    results = probe_site(session, config_for(dns_port), run, utcnow())
    assert (results["measured"], results["aaaa"], results["similarity"]) == (True, [], None)
    assert {attempt["error"] for attempt in results["home"]["tries"]} == {"dns"}
    assert len(results["second_level"]["failed"]) == 1
    assert server.log == []


def test_an_ip_address_as_host_needs_no_lookup(server: DualServer) -> None:
    """No question goes to any resolver (here: one that does not exist)."""
    names = Addresses(build_resolver(["127.0.0.1:9"], 1))
    server.route("127.0.0.1", "/")
    server.route("[::1]", "/")  # the Host header of an IPv6 address
    assert fetch(f"http://127.0.0.1:{server.port}/", 6, names, SETTINGS).error == "dns"
    assert fetch(f"http://[::1]:{server.port}/", 6, names, SETTINGS).status == 200
    assert delegation(names, "127.0.0.1") == {"error": "127.0.0.1 是 IP 地址，没有域名"}
    assert [(family, host) for family, _, host, _ in server.log] == [(6, "[::1]")]

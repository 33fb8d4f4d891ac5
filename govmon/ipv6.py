"""IPv6 support of one site, probed the way the national IPv6 monitoring measures it (docs/checks.md).

The audit runs this after a site's crawl finished: the AAAA record of the site's host, the IPv6
addresses of its zone's name servers, the homepage fetched several times over IPv6 and once over
IPv4 to compare, and a sample of the second- and third-level internal links the crawl found,
each fetched over IPv6. An IPv6 request connects to an AAAA address on an AF_INET6 socket and
never falls back to IPv4. The result is plain JSON for CrawlRun.ipv6; checks/ipv6.py judges it.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import urljoin, urlsplit

import dns.exception
import dns.resolver
from sqlmodel import Session, col, select

from crawler import outcomes
from crawler.encoding import decode_html
from crawler.extractors.links import normalise
from crawler.extractors.page import parse_html, visible_text
from crawler.resolver import build_resolver
from govmon.config import Config
from govmon.models import CrawlRun, Link, Page, Probe, Site, Target

FAMILIES = {4: (socket.AF_INET, "A"), 6: (socket.AF_INET6, "AAAA")}
_INTERNAL_KINDS = {"page", "frame"}  # links the crawler keeps on the site's own hosts
_WORKED_OVER_IPV4 = {outcomes.OK, outcomes.REDIRECT}
_REDIRECTS = {301, 302, 303, 307, 308}
# Whether a site answers over IPv6 is the question, not its certificate (TLS-CERT judges that).
_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE


class DnsUnanswered(Exception):
    """The resolver gave no definite answer (timeout, SERVFAIL): absence of a record is not proven."""


@dataclass
class Fetched:
    """What one request (with its redirects) got: a status, or an error class from crawler.outcomes."""

    url: str
    status: int | None = None
    error: str | None = None  # outcome name: dns | timeout | refused | reset | tls | http | ...
    message: str | None = None
    address: str | None = None  # the address the last hop connected to
    elapsed_ms: int = 0
    content_type: str | None = None
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def evidence(self) -> dict[str, Any]:
        return {"status": self.status, "error": self.error, "message": self.message,
                "address": self.address, "elapsed_ms": self.elapsed_ms}


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str
    timeout_s: float
    max_redirects: int
    max_bytes: int


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP or HTTPS to one given address of a host: the Host header and SNI name the host, the
    socket goes to the address in its own family, whatever else the name resolves to."""

    def __init__(self, address: str, family: int, host: str, port: int, tls: bool, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address, self.family, self.tls = address, family, tls
        self.default_port = 443 if tls else 80  # Host carries the port only when not the default

    def connect(self) -> None:
        sock = socket.socket(FAMILIES[self.family][0], socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect((self.address, self.port))
            self.sock = _TLS.wrap_socket(sock, server_hostname=self.host) if self.tls else sock
        except BaseException:
            sock.close()
            raise


class Addresses:
    """A site's name lookups, each asked once: (host, record type) -> addresses."""

    def __init__(self, resolver: dns.resolver.Resolver) -> None:
        self.resolver = resolver
        self.known: dict[tuple[str, str], list[str]] = {}

    def of(self, name: str, rdtype: str) -> list[str]:
        """Addresses of one record type; [] when the name or the record does not exist. An IP
        address written as the host is its own answer: no lookup."""
        if literal := _literal(name):
            return [str(literal)] if FAMILIES[literal.version][1] == rdtype else []
        if (name, rdtype) not in self.known:
            try:
                answer = self.resolver.resolve(name, rdtype, search=False)
                self.known[(name, rdtype)] = [record.address for record in answer]
            except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                self.known[(name, rdtype)] = []
            except (dns.exception.DNSException, OSError) as error:
                raise DnsUnanswered(f"{name} {rdtype}: {type(error).__name__}: {error}") from None
        return self.known[(name, rdtype)]


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def fetch(url: str, family: int, names: Addresses, settings: FetchSettings, read_body: bool = True) -> Fetched:
    """GET a URL over one IP family, following redirects over that family too."""
    fetched = Fetched(url)
    started = time.monotonic()
    for _ in range(settings.max_redirects + 1):
        try:
            fetched.address = _address(names, urlsplit(url).hostname or "", family)
            response, body = _get(url, fetched.address, family, settings, read_body)
        except _Failure as failure:
            fetched.error, fetched.message = failure.args
            break
        fetched.status = response.status
        location = response.getheader("Location")
        if response.status in _REDIRECTS and location:
            url = urljoin(url, location)
            fetched.redirects.append(url)
            continue
        fetched.content_type, fetched.body = response.getheader("Content-Type"), body
        fetched.error = outcomes.HTTP if response.status >= 400 else None
        break
    else:
        fetched.error, fetched.message = outcomes.TOO_MANY_REDIRECTS, f"跳转超过 {settings.max_redirects} 次"
    fetched.elapsed_ms = int((time.monotonic() - started) * 1000)
    if fetched.ok and fetched.elapsed_ms > settings.timeout_s * 1000:
        fetched.error = outcomes.TIMEOUT  # each read was in time, the whole was not
    return fetched


class _Failure(Exception):
    """A request that got no answer: (outcome name, message)."""


def _address(names: Addresses, host: str, family: int) -> str:
    rdtype = FAMILIES[family][1]
    try:
        addresses = names.of(host, rdtype)
    except DnsUnanswered as error:
        raise _Failure(outcomes.DNS, str(error)) from None
    if not addresses:
        raise _Failure(outcomes.DNS, f"{host} 没有 {rdtype} 记录")
    return addresses[0]


def _get(url: str, address: str, family: int, settings: FetchSettings,
         read_body: bool) -> tuple[http.client.HTTPResponse, bytes]:
    """One request to one address, redirects not followed."""
    parts = urlsplit(url)
    tls = parts.scheme == "https"
    try:  # a Location header can carry any garbage: a bad port or raw non-ASCII is a ValueError
        connection = _PinnedConnection(address, family, parts.hostname or "", parts.port or (443 if tls else 80),
                                       tls, settings.timeout_s)
        try:
            connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                               headers={"User-Agent": settings.user_agent.encode(),  # UTF-8, as Scrapy sends it
                                        "Accept": "text/html,*/*"})
            response = connection.getresponse()
            return response, response.read(settings.max_bytes) if read_body else b""
        finally:
            connection.close()
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise _Failure(_error_class(error), f"{type(error).__name__}: {error}"[:300]) from None


def _error_class(error: BaseException) -> str:
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
        return outcomes.TIMEOUT
    if isinstance(error, ConnectionRefusedError):
        return outcomes.REFUSED
    if isinstance(error, ssl.SSLError):
        return outcomes.TLS
    if isinstance(error, (ConnectionResetError, http.client.HTTPException)):
        return outcomes.RESET
    return outcomes.ERROR


def has_route(address: str) -> bool:
    """Whether this machine has an IPv6 route to the address (a UDP connect sends no packet).

    A monitor without IPv6 connectivity would otherwise find every site unreachable over IPv6."""
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect((address, 80))
        except OSError:
            return False
    return True


def delegation(names: Addresses, host: str) -> dict[str, Any]:
    """The zone holding the host, its name servers and each one's IPv6 addresses."""
    if _literal(host):
        return {"error": f"{host} 是 IP 地址，没有域名"}
    try:
        zone = dns.resolver.zone_for_name(host, resolver=names.resolver).to_text(omit_final_dot=True)
        servers = sorted(record.target.to_text(omit_final_dot=True)
                         for record in names.resolver.resolve(zone, "NS", search=False))
        return {"zone": zone, "name_servers": {server: names.of(server, "AAAA") for server in servers}}
    except (dns.exception.DNSException, OSError, DnsUnanswered) as error:
        return {"error": f"{type(error).__name__}: {error}"[:300]}


def similarity(ipv4: Fetched, ipv6: Fetched) -> dict[str, float]:
    """How alike two homepages are: visible text and tag structure, each 0..1 (difflib ratio)."""
    if ipv4.body == ipv6.body:
        return {"text": 1.0, "structure": 1.0}
    (words4, tags4), (words6, tags6) = _words_and_tags(ipv4), _words_and_tags(ipv6)
    return {"text": round(SequenceMatcher(None, words4, words6, autojunk=False).ratio(), 3),
            "structure": round(SequenceMatcher(None, tags4, tags6, autojunk=False).ratio(), 3)}


def _words_and_tags(fetched: Fetched) -> tuple[list[str], list[str]]:
    """A page's visible text as words (runs between spaces) and its elements' tags in order."""
    tree = parse_html(decode_html(fetched.body, fetched.content_type)[0])
    if tree is None:
        return [], []
    return visible_text(tree).split(), [element.tag for element in tree.iter() if isinstance(element.tag, str)]


def internal_links(session: Session, run_id: int, home_url: str) -> tuple[list[str], list[str]]:
    """(second-level, third-level) internal links of a crawl that worked over IPv4: those on the
    homepage, then those first met on the second-level pages. A link that failed over IPv4 too is
    a dead link (LINK-DEAD), not an IPv6 problem, so it is left out."""
    pages = session.exec(select(Page.id, Page.url, Page.final_url, Page.is_home).where(Page.run_id == run_id)).all()
    worked = set(session.exec(select(Target.url).where(
        Target.run_id == run_id, col(Target.outcome).in_(_WORKED_OVER_IPV4))).all())
    links: dict[int, set[str]] = {}
    for page_id, url in session.exec(select(Link.page_id, Link.url).where(
            Link.run_id == run_id, col(Link.kind).in_(_INTERNAL_KINDS))):
        links.setdefault(page_id, set()).add(url)
    homes = [page for page in pages if page.is_home]
    seen = {home_url, *(url for page in homes for url in (page.url, page.final_url))}
    second = {url for page in homes for url in links.get(page.id, ())} - seen
    third = {url for page in pages if page.url in second for url in links.get(page.id, ())} - seen - second
    return sorted(second & worked), sorted(third & worked)


def sample(urls: list[str], cap: int) -> list[str]:
    """At most `cap` URLs, the same ones on every audit while the links stay the same."""
    return sorted(urls, key=lambda url: hashlib.sha1(url.encode()).hexdigest())[:cap]


def probe_site(session: Session, config: Config, run: CrawlRun, now: datetime) -> dict[str, Any]:
    """The seven IPv6 measures of one crawled site and their evidence, for CrawlRun.ipv6."""
    site = session.get(Site, run.site_id)
    assert site is not None  # a run's site is a foreign key
    home_url = normalise(site.url)
    host = urlsplit(home_url).hostname or ""
    names = Addresses(build_resolver(config.crawl.dns.nameservers, config.crawl.dns.timeout_s))
    try:
        aaaa, a = names.of(host, "AAAA"), names.of(host, "A")
    except DnsUnanswered as error:
        return {"measured": False, "reason": f"域名解析未得到明确答复：{error}"}
    if aaaa and not has_route(aaaa[0]):
        return {"measured": False, "reason": f"本机没有到 {aaaa[0]} 的 IPv6 路由，无法测量（监测主机须有 IPv6 连接）"}
    probing = config.crawl.ipv6
    settings = FetchSettings(config.crawl.user_agent, config.rules.links.timeout_s,
                             config.rules.links.max_redirects, config.crawl.max_page_bytes)
    tries: list[Fetched] = []
    for attempt in range(probing.home_probes):
        if attempt:
            _pause(config)
        tries.append(fetch(home_url, 6, names, settings))
    answered = next((attempt for attempt in tries if attempt.ok), None)
    ipv4 = fetch(home_url, 4, names, settings) if answered and a else None
    second, third = internal_links(session, run.id or 0, home_url)
    return {
        "measured": True,
        "host": host,
        "aaaa": aaaa,
        "a": a,
        "delegation": delegation(names, host),
        "home": {"url": home_url, "tries": [attempt.evidence() for attempt in tries]},
        "rounds": _rounds(session, site.id, site.url, now - timedelta(days=config.rules.availability.window_days)),
        "similarity": (similarity(ipv4, answered) | {"ipv4": ipv4.evidence()}
                       if answered and ipv4 and ipv4.ok else None),
        "second_level": _reachable(second, names, settings, config),
        "third_level": _reachable(third, names, settings, config),
    }


def _reachable(urls: list[str], names: Addresses, settings: FetchSettings, config: Config) -> dict[str, Any]:
    """Fetch a sample of the links over IPv6, a few at a time (concurrency_per_host)."""
    chosen = sample(urls, config.crawl.ipv6.links_per_level)

    def over_ipv6(url: str) -> Fetched:
        _pause(config)
        return fetch(url, 6, names, settings, read_body=False)

    with ThreadPoolExecutor(max_workers=config.crawl.concurrency_per_host) as pool:
        results = list(pool.map(over_ipv6, chosen))
    return {"found": len(urls), "probed": chosen,
            "failed": {result.url: result.evidence() for result in results if not result.ok}}


def _pause(config: Config) -> None:
    if config.crawl.download_delay_s:
        time.sleep(config.crawl.download_delay_s)


def _rounds(session: Session, site_id: str, home_url: str, since: datetime) -> dict[str, Any]:
    """The homepage's IPv6 probes of the availability rounds in the window, if any ran."""
    results = session.exec(select(Probe.ok).where(
        Probe.site_id == site_id, Probe.url == home_url, Probe.ip_version == 6, Probe.at >= since)).all()
    return {"probes": len(results), "failures": results.count(False), "since": since.isoformat()}

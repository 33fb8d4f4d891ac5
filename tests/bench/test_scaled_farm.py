"""The benchmark's scaled farm (govmon/demo/scaled.py): real sockets on loopback, its DNS stub, its config.

No timing here: bench/crawl.py measures, and nothing asserts a time.
"""

from __future__ import annotations

import html
import http.client
import ipaddress
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import dns.resolver
import pytest

from govmon.config import load_config
from govmon.demo.scaled import ScaledFarm, write_config

SITES, PAGES = 2, 20
LINK = re.compile(r"""(?:href|src)="(?!javascript:)([^"#]+)\"""")


@pytest.fixture(scope="module")
def farm():
    with ScaledFarm(SITES, PAGES, workers=0) as f:
        yield f


def stub(farm: ScaledFarm) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers, resolver.port = ["127.0.0.1"], farm.dns_port
    return resolver


def fetch(url: str, address: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(address, parts.port, timeout=5)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, headers={"Host": parts.netloc})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def crawl(farm: ScaledFarm, home: str, address_of) -> tuple[list[str], set[str]]:
    """A reference crawl of one site over HTTP: (HTML pages read, every URL linked)."""
    host, pages, linked = urlsplit(home).hostname, [], set()
    queue, seen = [home], {home}
    for url in queue:
        status, headers, body = fetch(url, address_of(urlsplit(url).hostname))
        if status != 200 or not headers["content-type"].startswith("text/html"):
            continue
        pages.append(url)
        for raw in LINK.findall(body.decode("utf-8")):
            link = urljoin(url, html.unescape(raw))
            linked.add(link)
            if urlsplit(link).hostname == host and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages, linked


def test_every_site_serves_its_pages_by_name_through_the_stub(farm: ScaledFarm) -> None:
    resolver = stub(farm)
    inventory = farm.inventory()
    for site in farm.sites:
        pages, linked = crawl(farm, site.home_url, lambda name: resolver.resolve(name, "A")[0].address)
        assert len(pages) == PAGES
        assert sorted(pages) == sorted(inventory.pages[site.site_id])
        others = {s.home_url for s in farm.sites} - {site.home_url}
        assert others <= linked  # links across the farm's sites
        assert any(urlsplit(u).hostname == "bszs.conac.demo.test" for u in linked)  # identity marks
        assert any(urlsplit(u).hostname == "zfwzgl.demo.test" for u in linked)
        assert f"http://www.old-{site.place}.gov.cn:{farm.http_port}/" in linked  # a dead external link
        assert any(u.endswith("_tp.jpg") for u in linked)  # article images
        assert site.url("/attach/xzzq/tjb.xls") in linked  # a dead attachment
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver.resolve(f"www.old-{farm.sites[0].place}.gov.cn", "A")


def test_links_answer_as_seeded(farm: ScaledFarm) -> None:
    site = farm.sites[0]
    address = farm.addresses[site.host]
    status, headers, _ = fetch(site.url("/attach/xzzq/tjb.xls"), address)
    assert status == 404
    image = next(u for u in farm.inventory().targets if u.endswith("_tp.jpg") and site.host in u)
    status, headers, body = fetch(image, address)
    assert (status, headers["content-type"]) == (200, "image/png") and body.startswith(b"\x89PNG")
    status, headers, body = fetch(site.home_url, address, "HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000
    assert "linkchecker" in headers  # lifts linkchecker's own 10 requests/s per-host ceiling


def test_the_ip_literal_variant_names_no_host(farm: ScaledFarm) -> None:
    """linkchecker and lychee use the system resolver: their pages must not make them ask it."""
    site = farm.sites[1]
    literal_home = farm.literal(site.home_url)
    assert urlsplit(literal_home).hostname == farm.addresses[site.host]
    pages, linked = crawl(farm, literal_home, lambda address: address)
    assert sorted(pages) == sorted(farm.literal(u) for u in farm.inventory().pages[site.site_id])
    for url in linked:
        assert ipaddress.ip_address(urlsplit(url).hostname).is_loopback, url


@pytest.mark.parametrize("pages", [7, 8, 31, 250])
def test_page_count_is_exact(pages: int) -> None:
    with ScaledFarm(1, pages, workers=0, literal=False) as farm:
        assert len(farm.inventory().pages[farm.sites[0].site_id]) == pages


def test_write_config_is_a_valid_config(farm: ScaledFarm, tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path / "config", farm))
    sites = [site for _, site in config.sites()]
    assert [site.url for site in sites] == [site.home_url for site in farm.sites]
    assert all(site.page_cap >= PAGES for site in sites)
    assert config.crawl.download_delay_s == 0 and config.crawl.obey_robots is False
    assert config.crawl.dns.nameservers == [f"127.0.0.1:{farm.dns_port}"]
    assert config.rules.links.timeout_s > 0  # the shipped rules.yaml

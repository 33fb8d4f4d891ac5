"""Tests of the demo site farm itself: real sockets on 127.0.0.1 and ::1, the DNS stub, the answer key."""

from __future__ import annotations

import html as htmllib
import http.client
import re
import socket
import ssl
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import dns.message
import dns.query
import dns.rcode
import pytest
import yaml
from cryptography import x509

from govmon.demo.answers import external_links, fresh_decoys, seeded_defects
from govmon.demo.farm import Farm
from govmon.demo.site_hexi import ZWFW
from govmon.demo.site_jyj import BAD_CHECK_ID, LEAK_ID
from govmon.demo.site_qingshan import XXGK
from govmon.demo.tls import CA_NAME, CERT_DAYS_LEFT

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 1.0          # the tests' crawler timeout; the farm's slow page is slower than this


@pytest.fixture(scope="module")
def farm():
    f = Farm()
    f.slow_seconds = 2.5
    f.retry_after = 1
    with f:
        yield f


# -- a tiny reference client: resolution through the stub, redirects followed by hand -------------
class Dead(Exception):
    """A link that cannot be opened (the reason is the message)."""


def resolve(farm: Farm, host: str, qtype: str = "A", tcp: bool = False) -> dns.message.Message:
    query = dns.message.make_query(host, qtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", port=farm.dns_port, timeout=2)


def address(farm: Farm, host: str, family: int = 4) -> str:
    reply = resolve(farm, host, "A" if family == 4 else "AAAA")
    if reply.rcode() == dns.rcode.NXDOMAIN:
        raise Dead("NXDOMAIN")
    for rrset in reply.answer:
        return rrset[0].address
    raise Dead("no address")


def fetch(farm: Farm, url: str, method: str = "GET", family: int = 4, headers: dict | None = None,
          timeout: float = 5.0, body: bytes | None = None) -> tuple[int, dict, bytes]:
    """Plain HTTP, https URLs included: the farm serves both on its port."""
    parts = urlsplit(url)
    ip = address(farm, parts.hostname, family)
    conn = http.client.HTTPConnection(ip, parts.port or 80, timeout=timeout)
    try:
        conn.request(method, parts.path + ("?" + parts.query if parts.query else ""), body=body,
                     headers={"Host": parts.netloc, **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    except ConnectionRefusedError as exc:
        raise Dead("refused") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise Dead("timeout") from exc
    finally:
        conn.close()


def check(farm: Farm, url: str) -> str:
    """'ok', 'suspect' or 'dead: why' for one link, following redirects (≥ 8 hops or a loop = dead)."""
    seen, hops = set(), 0
    while True:
        if url in seen:
            return "dead: loop"
        seen.add(url)
        try:
            status, headers, body = fetch(farm, url, timeout=TIMEOUT)
        except Dead as exc:
            return f"dead: {exc}"
        if status in (301, 302, 303, 307, 308):
            hops += 1
            if hops >= 8:
                return "dead: too many redirects"
            url = urljoin(url, headers["location"])
            continue
        if status in (401, 403, 429):
            return "suspect"
        if status >= 400:
            return f"dead: {status}"
        text = body.decode("utf-8", "replace")
        if "<title>页面不存在</title>" in text:
            return "dead: soft 404"
        if "<title>安全验证</title>" in text:
            return "suspect"
        return "ok"


LINK_RE = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)["']""", re.I)
ASSET_RE = re.compile(r"\.(css|js|png|jpe?g|gif|ico|pdf|docx?|xlsx?|xml)$", re.I)


def audit(farm: Farm, start: str, extra_hosts: list[str]) -> dict[str, tuple[str, str]]:
    """Crawl one site's hosts; check every link once: {url: (verdict, first source page)}."""
    hosts = {urlsplit(start).netloc, *(f"{h}:{farm.http_port}" for h in extra_hosts)}
    queue, crawled, links = [start], {start}, {}
    while queue:
        page = queue.pop(0)
        try:
            status, headers, body = fetch(farm, page)
        except Dead:
            continue
        if status != 200:
            continue
        for raw in LINK_RE.findall(body.decode("latin-1")):
            if raw.startswith(("javascript:", "mailto:", "data:")):
                continue
            url = urljoin(page, htmllib.unescape(raw))
            links.setdefault(url, page)
            internal = urlsplit(url).netloc in hosts
            if internal and url not in crawled and not ASSET_RE.search(urlsplit(url).path):
                crawled.add(url)
                queue.append(url)
    return {url: (check(farm, url), src) for url, src in links.items()}


def sites(farm: Farm) -> list[dict]:
    units = yaml.safe_load((ROOT / "config" / "units.yaml").read_text(encoding="utf-8"))["units"]
    out = []
    for unit in units:
        for site in unit["sites"]:
            site = dict(site, url=site["url"].replace(":18080", f":{farm.http_port}"))
            out.append(site)
    return out


# -- DNS ----------------------------------------------------------------------------------------
def test_dns_stub_answers_farm_hosts_only(farm):
    a = resolve(farm, "www.qingshan.gov.cn", "A")
    assert [r.address for rs in a.answer for r in rs] == ["127.0.0.1"]
    aaaa = resolve(farm, "www.qingshan.gov.cn", "AAAA", tcp=True)
    assert [r.address for rs in aaaa.answer for r in rs] == ["::1"]
    no_v6 = resolve(farm, "www.hexi.gov.cn", "AAAA")
    assert no_v6.rcode() == dns.rcode.NOERROR and not no_v6.answer
    for name in ("www.qsrencai.demo.test", "www.baidu.com", "www.gov.cn"):
        assert resolve(farm, name).rcode() == dns.rcode.NXDOMAIN
    assert ("www.qsrencai.demo.test", "A") in farm.query_log


@pytest.mark.parametrize("zone,v6", [("qingshan.gov.cn", True), ("hexi.gov.cn", False)])
def test_dns_stub_name_servers(farm, zone, v6):
    ns = resolve(farm, zone, "NS")
    names = sorted(str(r.target).rstrip(".") for rs in ns.answer for r in rs)
    assert names == [f"ns1.{zone}", f"ns2.{zone}"]
    assert [r.address for rs in resolve(farm, names[0], "A").answer for r in rs] == ["127.0.0.1"]
    assert bool(resolve(farm, names[0], "AAAA").answer) is v6


# -- HTTP basics --------------------------------------------------------------------------------
def test_every_configured_site_is_served(farm):
    farm.reset_counters()
    for site in sites(farm):
        status, headers, body = fetch(farm, site["url"])
        assert status == 200, site["id"]
        assert headers["content-type"].startswith("text/html")
    assert {s["id"] for s in sites(farm)} == set(farm.sites)


def test_unknown_host_is_a_plain_404(farm):
    conn = http.client.HTTPConnection("127.0.0.1", farm.http_port, timeout=5)
    conn.request("GET", "/", headers={"Host": "www.example.org"})
    resp = conn.getresponse()
    assert resp.status == 404 and resp.getheader("Content-Type").startswith("text/plain")


def test_ipv6_listener_same_port(farm):
    url = farm.url("www.qingshan.gov.cn")
    assert fetch(farm, url, family=6)[2] == fetch(farm, url)[2]
    jyj = farm.url("jyj.qingshan.gov.cn")
    assert fetch(farm, jyj, family=6)[2] != fetch(farm, jyj)[2]           # IPV6-MISMATCH
    assert fetch(farm, farm.url("wjw.qingshan.gov.cn"), family=6)[0] == 503   # IPV6-UNREACHABLE
    lvyou = farm.url("www.hexilvyou.com")
    assert fetch(farm, lvyou, family=6)[0] == 200
    assert fetch(farm, lvyou + "lyzx/", family=6)[0] == 503                   # IPV6-DEPTH
    assert fetch(farm, lvyou + "lyzx/")[0] == 200


def test_https_and_http_on_one_port(farm):
    """xxgk is linked with https: TLS on the farm's port, a CA-signed certificate 20 days from expiry."""
    url = farm.sites["qingshan-portal"].url("/xxgk/zcwj/", XXGK)
    assert url.startswith(f"https://{XXGK}:")
    unverified = ssl.create_default_context()
    unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", farm.http_port, context=unverified, timeout=5)
    try:
        conn.request("GET", "/xxgk/zcwj/", headers={"Host": urlsplit(url).netloc})
        assert conn.getresponse().status == 200
        cert = x509.load_der_x509_certificate(conn.sock.getpeercert(binary_form=True))
    finally:
        conn.close()
    assert cert.not_valid_after_utc.date() == farm.today + timedelta(days=CERT_DAYS_LEFT)
    assert cert.issuer.rfc4514_string() == f"CN={CA_NAME}" and cert.issuer != cert.subject
    assert XXGK in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName)
    assert fetch(farm, url)[0] == 200  # plain http on the same port


def test_robots_txt_of_the_services_host(farm):
    status, _, body = fetch(farm, f"http://{ZWFW}:{farm.http_port}/robots.txt")
    assert status == 200 and "Crawl-delay: 1" in body.decode() and "Disallow: /cx/" in body.decode()
    assert fetch(farm, f"http://{ZWFW}:{farm.http_port}/cx/bjcx.html")[0] == 200  # there, but not for crawlers


def test_gbk_site_and_mislabelled_page(farm):
    wjw = farm.sites["qingshan-wjw-site"]
    status, headers, body = fetch(farm, wjw.url("/ldxx/"))
    assert headers["content-type"] == "text/html; charset=gbk"
    assert b'<meta charset="gb2312">' in body
    assert "王喆" in body.decode("gbk") and "李镕" in body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    xwdt = wjw.columns[0]
    status, headers, body = fetch(farm, wjw.url(xwdt.items[3].path))
    assert headers["content-type"] == "text/html; charset=iso-8859-1"
    assert "王喆" in body.decode("gbk")
    status, headers, body = fetch(farm, wjw.url(xwdt.items[4].path))
    assert headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_error_statuses_redirects_and_head(farm):
    qs = farm.sites["qingshan-portal"]
    assert fetch(farm, qs.url("/no/such/page.html"))[0] == 404
    assert fetch(farm, qs.url("/tzgg/202503/t20250312_410410.html"))[0] == 410
    assert fetch(farm, qs.url("/cms/search.jsp?channelid=1234"))[0] == 500
    status, headers, _ = fetch(farm, qs.url("/loop/a"))
    assert status == 302 and headers["location"] == "/loop/b"
    assert check(farm, qs.url("/loop/a")) == "dead: loop"
    assert check(farm, qs.url("/chain/1")) == "dead: too many redirects"
    assert check(farm, qs.url("/go/1")) == "ok"
    status, headers, body = fetch(farm, qs.url("/"), method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000
    sheng = f"http://www.shengzhengfu.gov.cn:{farm.http_port}"
    status, headers, _ = fetch(farm, sheng + "/zwfw/bjcx/")
    assert status == 429 and headers["retry-after"] == "1"
    assert fetch(farm, sheng + "/zwfw/", method="HEAD")[0] == 405
    assert fetch(farm, sheng + "/zwfw/")[0] == 200


def test_conditional_requests(farm):
    qs = farm.sites["qingshan-portal"]
    url = qs.url(qs.columns[0].items[3].path)
    status, headers, _ = fetch(farm, url)
    assert status == 200 and headers["etag"] and headers["last-modified"]
    assert fetch(farm, url, headers={"If-None-Match": headers["etag"]})[0] == 304
    assert fetch(farm, url, headers={"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert fetch(farm, url, headers={"If-None-Match": '"other"'})[0] == 200


def test_client_disconnects_do_not_hurt(farm):
    for payload in (b"GET / HTTP/1.1\r\nHost: www.qingshan.gov.cn\r\n", b"GARBAGE\r\n\r\n", b""):
        with socket.create_connection(("127.0.0.1", farm.http_port)) as s:
            s.sendall(payload)
    with socket.create_connection(("127.0.0.1", farm.http_port)) as s:   # leave the slow page early
        s.sendall(b"GET /tjsj/query.jsp HTTP/1.1\r\nHost: www.qingshan.gov.cn\r\n\r\n")
    assert fetch(farm, farm.url("www.qingshan.gov.cn"))[0] == 200


def test_site_down_pattern_is_deterministic(farm):
    farm.reset_counters()
    home = farm.sites["hexi-jtj-site"].home_url
    statuses = [fetch(farm, home)[0] for _ in range(20)]
    assert statuses.count(503) == 20 // farm.flaky_every and statuses[0] == 200
    assert fetch(farm, home + "index.html")[0] == 200


# -- content ------------------------------------------------------------------------------------
def test_dates_follow_today():
    for today in (date(2026, 11, 22), date(2030, 1, 5)):
        with Farm(today=today) as f:
            body = fetch(f, f.url("www.qingshan.gov.cn"))[2].decode()
            assert f"[{today:%m-%d}]" in body
            hexi = fetch(f, f.url("www.hexi.gov.cn", "/zwdt/"))[2].decode()
            assert f"[{today - timedelta(days=17):%Y-%m-%d}]" in hexi
            assert f"[{today - timedelta(days=16):%Y-%m-%d}]" not in hexi


def test_hanweb_datastore_and_dataproxy(farm):
    """The first records in the page's datastore; the rest POSTed for as its jpage script says."""
    jyj = farm.sites["qingshan-jyj-site"]
    body = fetch(farm, jyj.url("/col/col1234/index.html"))[2].decode()
    xml = re.search(r'<script type="text/xml">(.*?)</script>', body, re.S).group(1)
    store = ET.fromstring(xml)
    records = store.findall("recordset/record")
    assert len(records) == 15 and "/art/" in records[0].text
    nxt = re.search(r'href="([^"]+)"', store.find("nextgroup").text).group(1)
    assert "columnid=1234" in nxt and "startrecord" not in nxt
    jpage = re.search(r'proxyUrl: "([^"]+)".*ajaxParam: \{(.*?)\}', body, re.S)
    form = dict(re.findall(r'(\w+): "([^"]*)"', jpage.group(2)))
    assert form["columnid"] == "1234" and form["unitid"] == "5678"
    status, headers, data = fetch(farm, jyj.url(f"{jpage.group(1)}?startrecord=16&endrecord=30&perpage=15"), "POST",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"},
                                  body=urlencode(form).encode())
    store2 = ET.fromstring(data)
    assert headers["content-type"].startswith("text/xml")
    assert len(store2.findall("recordset/record")) == 10 and store2.findtext("totalrecord") == "25"
    assert store2.find("nextgroup") is None  # as Hanweb answers: the page asks for every later one itself


def test_feeds(farm):
    base = f"http://rss.demo.test:{farm.http_port}"
    rss = ET.fromstring(fetch(farm, base + "/wechat/qingshanfabu.xml")[2])
    assert rss.find("channel/item/title").text.startswith("【置顶】")
    empty = ET.fromstring(fetch(farm, base + "/douyin/hexiwenlv.xml")[2])
    assert empty.find("channel") is not None and empty.find("channel/item") is None
    atom = ET.fromstring(fetch(farm, base + "/weibo/qingshanjiaoyu.xml")[2])
    newest = atom.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}published").text
    assert date.fromisoformat(newest[:10]) == farm.today - timedelta(days=20)
    assert fetch(farm, base + "/wechat/qingshanjiaoyu_old.xml")[0] == 404


def test_privacy_numbers():
    def valid(n: str) -> bool:
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        return "10X98765432"[sum(int(d) * x for d, x in zip(n, w)) % 11] == n[17]
    assert valid(LEAK_ID) and not valid(BAD_CHECK_ID)


# -- the answer key -----------------------------------------------------------------------------
CATALOGUE = """SITE-DOWN HOME-STALE COLUMN-STALE COLUMN-EMPTY LINK-DEAD LINK-SUSPECT DOC-VALIDITY-MISSING
    DOC-VALIDITY-STALE DOC-META-MISSING DOC-LATE DOC-NO-INTERPRETATION IPV6-NO-AAAA IPV6-UNREACHABLE IPV6-DNS
    IPV6-MISMATCH IPV6-DEPTH IDENT-MISSING IDENT-META DOMAIN-NOT-GOV PRIVACY-LEAK WORDING-ERROR HIDDEN-LINK
    INTERACTION-UNANSWERED ANNUAL-REPORT-MISSING ACCOUNT-STALE ACCOUNT-DORMANT ACCOUNT-EMPTY ACCOUNT-GONE
    ACCOUNT-DUPLICATE ACCOUNT-UNREGISTERED TLS-CERT""".split()      # every catalogue code


def test_answer_key_covers_the_catalogue(farm):
    key = seeded_defects(farm)
    assert set(CATALOGUE) == {d.code for d in key}
    site_ids = {s["id"] for s in sites(farm)}
    assert all(d.site_id in site_ids or d.account_id for d in key if d.code != "ACCOUNT-GONE")
    assert len([d for d in key if d.code == "COLUMN-EMPTY" and d.site_id == "hexi-wlj-site"]) >= 5
    assert not {d.url for d in key} & set(fresh_decoys(farm))
    home_stale = {d.url for d in seeded_defects(farm) if d.code == "HOME-STALE" and not d.severity}
    assert home_stale == {farm.sites["hexi-portal"].home_url}


def test_link_key_matches_a_full_crawl(farm):
    """Crawl every site and check every link: the dead ones are exactly the key's LINK-DEAD URLs."""
    key = seeded_defects(farm)
    dead, suspect, external = set(), set(), {}
    for site in sites(farm):
        farm.reset_counters()
        hosts = {urlsplit(site["url"]).hostname, *site.get("extra_hosts", [])}
        home = fetch(farm, site["url"])[2].decode("latin-1")
        on_home = {urljoin(site["url"], htmllib.unescape(h)) for h in LINK_RE.findall(home)}
        for url, (verdict, _src) in audit(farm, site["url"], site.get("extra_hosts", [])).items():
            (dead if verdict.startswith("dead") else suspect if verdict == "suspect" else set()).add(url)
            if urlsplit(url).hostname not in hosts:
                external[url] = verdict.split(":")[0]
        for d in key:
            if d.site_id == site["id"] and d.code in ("LINK-DEAD", "LINK-SUSPECT"):
                assert (d.where == "homepage") == (d.url in on_home), d
    assert dead == {d.url for d in key if d.code == "LINK-DEAD"}
    assert suspect == {d.url for d in key if d.code == "LINK-SUSPECT"}
    assert not dead & set(fresh_decoys(farm))
    assert external == external_links(farm)


def test_every_dead_link_behaves_as_the_key_says(farm):
    for d in seeded_defects(farm):
        if d.code == "LINK-DEAD":
            assert check(farm, d.url).startswith("dead"), d
            assert d.where in ("homepage", "other") and d.source_url
        if d.code == "LINK-SUSPECT":
            assert check(farm, d.url) == "suspect", d
    start = time.monotonic()
    slow = [d for d in seeded_defects(farm) if d.needs_timeout]
    assert len(slow) == 1 and check(farm, slow[0].url) == "dead: timeout"
    assert time.monotonic() - start < farm.slow_seconds + 1


def test_parallel_requests(farm):
    from concurrent.futures import ThreadPoolExecutor
    qs = farm.sites["qingshan-portal"]
    urls = [qs.url(i.path) for i in qs.columns[0].items[:30] if not i.dead] + [farm.url("rss.demo.test", "/wechat/hexifabu.xml")]
    with ThreadPoolExecutor(16) as pool:
        assert {s for s, _, _ in pool.map(lambda u: fetch(farm, u), urls)} == {200}

"""A scaled demo farm for benchmarks: N government sites × M pages each, pre-rendered, served fast.

Pages come from the demo farm's own templates and text (GovSite, content.py, assets.py): nav,
dated column lists with pagers, articles with images and attachments, footer identity marks,
links across sites and a few dead links. Every response is rendered once at start, so serving is
a dict look-up and one write on a small asyncio server (forked into `workers` processes; 0 = a
thread, for tests). Each site listens on its own loopback address (127.0.0.22, .23, …; the two
identity-mark hosts take .20 and .21), all on one port, and is reached two ways:

- by name (http://www.dongyang.gov.cn:PORT/), resolved by the DNS stub: how govmon crawls it;
- by IP literal (http://127.0.0.22:PORT/): the same pages with every farm URL written as a literal,
  for tools that only use the system resolver (linkchecker, lychee), so nothing leaves loopback.

`python -m govmon.demo.scaled --sites 20 --pages 2000` serves it until Ctrl-C; bench/crawl.py
starts it itself (see bench/README.md). Over 400 lines on purpose: the sites, their server and
their config only make sense together, and only for benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import html as htmllib
import os
import re
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from dnslib import QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver

from govmon.demo import assets, aux
from govmon.demo.content import dated_items
from govmon.demo.dns_stub import DnsStub
from govmon.demo.gov_site import GovSite, HomeBlock, Page
from govmon.demo.model import Column, Identity, Link
from govmon.demo.reports import yearly_sheet
from govmon.demo.web import Request, Response, http_date

ROOT = Path(__file__).resolve().parents[2]
FIRST_ADDRESS = 20  # 127.0.0.20 and up: away from 127.0.0.1, where the other test servers listen
PLACES = [("dongyang", "东阳"), ("nanling", "南岭"), ("xishan", "西山"), ("beihu", "北湖"),
          ("qinghe", "清河"), ("baishui", "白水"), ("hongshi", "红石"), ("jinchuan", "金川"),
          ("yuntai", "云台"), ("shimen", "石门"), ("taoyuan", "桃源"), ("changlin", "长林"),
          ("fengcheng", "丰城"), ("anping", "安平"), ("yonghe", "永和"), ("shuangxi", "双溪"),
          ("fenggang", "凤岗"), ("linjiang", "临江"), ("qingtian", "青田"), ("hekou", "河口")]
# code, name, kind (columns.kind_keywords), title style (content.TITLES), days between items
COLUMNS = [("zwdt", "政务动态", "dynamic", "dynamic", 1), ("bmdt", "部门动态", "dynamic", "dynamic", 1),
           ("xzdt", "乡镇动态", "dynamic", "dynamic", 2), ("tzgg", "通知公告", "notice", "notice", 2),
           ("zcwj", "政策文件", "policy", "policy", 4), ("zcjd", "政策解读", "policy", "policy", 4),
           ("rsxx", "人事信息", "should", "personnel", 6), ("ghjh", "规划计划", "should", "plan", 9)]
# department sub-columns (/bm01/tzgg/ …) once a site needs more columns than COLUMNS
DEPARTMENTS = ["发展改革委", "教育局", "公安局", "民政局", "财政局", "人力资源社会保障局", "自然资源局",
               "住房城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局",
               "卫生健康委", "应急管理局", "市场监管局", "统计局", "医疗保障局"]
# 20 items a list page and at most 4 list pages a column: govmon reads only a column's first
# max_list_pages (5) list pages, so every article stays reachable by every tool
PER_PAGE, MAX_LISTS = 20, 4
STATIC_PAGES = 4  # 领导信息, 机构职能, 网站地图, the yearly sheet
REASONS = {200: "OK", 404: "Not Found", 410: "Gone", 500: "Internal Server Error", 503: "Service Unavailable"}


def _list_pages(items: int) -> int:
    """HTML pages a column of `items` costs besides its articles: list pages, plus index.html
    when there is a pager (the nav links /col/, the pager /col/index.html)."""
    lists = max(1, -(-items // PER_PAGE))
    return lists + (1 if lists > 1 else 0)


def _place(index: int) -> tuple[str, str]:
    """(host label, Chinese place name) of the index-th site: PLACES, then PLACES again numbered."""
    label, name = PLACES[index % len(PLACES)]
    round_ = index // len(PLACES)
    return (label + str(round_ + 1), name + "二三四五六七八九十"[round_ - 1]) if round_ else (label, name)


def _column_specs(count: int) -> list[tuple[str, str, str, str, int]]:
    """(path, name, kind, title style, spacing) of a site's columns: COLUMNS, then per department."""
    specs = []
    for c in range(count):
        code, name, kind, style, spacing = COLUMNS[c % len(COLUMNS)]
        dept = c // len(COLUMNS) - 1
        if dept < 0:
            specs.append((f"/{code}/", name, kind, style, spacing))
        else:
            specs.append((f"/bm{dept + 1:02d}/{code}/", DEPARTMENTS[dept % len(DEPARTMENTS)] + name, kind, style,
                          spacing * 3))
    return specs


class ScaledSite(GovSite):
    """One benchmark site with exactly `pages` HTML pages reachable from its homepage."""

    def __init__(self, farm: ScaledFarm, index: int, pages: int) -> None:
        if pages < 7:
            raise ValueError("a scaled site needs at least 7 pages")
        self.index, self.page_target = index, pages
        self.place, name = _place(index)
        self.city = name + "市县区"[index % 3]
        self.site_id = f"bench-{self.place}"
        super().__init__(farm)  # type: ignore[arg-type]

    def identity(self) -> Identity:
        org = f"{self.city}人民政府"
        return Identity(self.site_id, f"{org}门户网站", org, f"www.{self.place}.gov.cn",
                        f"{3600000000 + self.index * 7:010d}", f"赣ICP备{10010000 + self.index}号",
                        f"赣公网安备 {36010202000100 + self.index}号", f"{org}办公室", "0791-86000000")

    def build(self) -> None:
        org, city = self.ident.org, self.city
        budget = self.page_target - 1 - STATIC_PAGES
        capacity = PER_PAGE * MAX_LISTS + _list_pages(PER_PAGE * MAX_LISTS)
        specs = _column_specs(max(1, min(budget // 2, -(-budget // capacity))))
        spare = 0
        for n, (path, name, kind, style, spacing) in enumerate(specs):
            share = budget // len(specs) + (1 if n < budget % len(specs) else 0)
            items = max(i for i in range(1, share) if i + _list_pages(i) <= share)
            spare += share - items - _list_pages(items)
            path_fn = (lambda path, n: lambda d, i: f"{path}{d:%Y%m}/t{d:%Y%m%d}_{n + 1}{i:05d}.html")(path, n)
            code = path.strip("/").replace("/", "-")
            column = Column(code, name, kind, path, dated_items(
                f"{self.site_id}-{code}", style, items, n % len(COLUMNS), spacing, self.today, path_fn, org, city),
                per_page=PER_PAGE)
            self.columns.append(column)
        self._article_links()
        self.nav = [Link("首页", "/")] + [Link(c.name, c.path) for c in self.columns[:len(COLUMNS)]] + [
            Link("领导信息", "/ldxx/"), Link("机构职能", "/jgzn/"), Link("网站地图", "/wzdt/")]
        self.pages += [Page("/ldxx/", "领导信息", f"<p>{city}人民政府市长、副市长分工</p>", nav="领导信息"),
                       Page("/jgzn/", "机构职能", f"<p>{org}办公室主要职责、内设机构</p>", nav="机构职能"),
                       Page("/wzdt/", "网站地图", "<p>本站全部栏目</p>", nav="网站地图",
                            links=[Link(c.name, c.path) for c in self.columns])]
        self.blocks = [HomeBlock(c.name, c, 7) for c in self.columns[:4]]
        topics = [Link(f"专题专栏{k + 1}", f"/ztzl/zt{k + 1}/") for k in range(spare)]
        self.pages += [Page(link.href, link.text, "<p>专题专栏</p>") for link in topics]
        for path, title in (("/attach/xzzq/bszn.pdf", "办事指南"), ("/attach/xzzq/sqb.docx", "申请表")):
            self.add_file(path, title)
        neighbours = {(self.index + step) % self.farm.site_count for step in (1, 2)} - {self.index}
        self.link_blocks = [
            ("下载专区", [Link("办事指南.pdf", "/attach/xzzq/bszn.pdf", "attachment"),
                          Link("申请表.docx", "/attach/xzzq/sqb.docx", "attachment"),
                          Link("统计表.xls", "/attach/xzzq/tjb.xls", "attachment", dead="404")]),
            ("友情链接", [Link(f"邻近网站{k}", self.farm.site_home(k), "external") for k in sorted(neighbours)]
             + [Link("原政府网站", f"http://www.old-{self.place}.gov.cn:{self.farm.http_port}/", "external",
                     dead="NXDOMAIN")]),
            ("专题专栏", [*topics, yearly_sheet(self)])]

    def _article_links(self) -> None:
        """Images on every 10th article, attachments on every 25th (one in eight of them dead), a
        related link to a deleted article on every 97th; 上一篇/下一篇 when the farm has them."""
        k = 0
        for column in self.columns:
            ordered = column.ordered()
            for n, item in enumerate(ordered):
                item.extra_html = "" if not self.farm.prev_next else "".join(
                    f'<p class="pre-next">{label}：<a href="{other.path}">{htmllib.escape(other.title)}</a></p>'
                    for label, other in (("上一篇", ordered[n - 1] if n else None),
                                         ("下一篇", ordered[n + 1] if n + 1 < len(ordered) else None)) if other)
                stem = item.path.rsplit("/", 1)[0] + "/" + item.path.rsplit("_", 1)[-1].removesuffix(".html")
                if k % 10 == 3:
                    image = f"{stem}_tp.jpg"
                    item.links.append(Link(item.title[:12], image, "image"))
                    self.routes[(self.host, image)] = lambda r: Response(200, assets.png(), "image/png")
                if k % 25 == 7:
                    attachment = f"{stem}_fj.{('pdf', 'docx', 'xls')[k % 3]}"
                    item.links.append(Link(f"附件：{item.title[:12]}", attachment, "attachment"))
                    if k % 200 != 7:  # one in eight attachments was never uploaded
                        self.add_file(attachment, item.title[:12])
                if k % 97 == 5:
                    item.links.append(Link("相关阅读（已删除）", f"{column.path}old/t{k}.html"))
                k += 1


class _StubResolver(BaseResolver):
    """A records for the farm's names (each its own loopback address); NXDOMAIN for any other."""

    def __init__(self, addresses: dict[str, str]) -> None:
        self.addresses = addresses

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        if name not in self.addresses:
            reply.header.rcode = RCODE.NXDOMAIN
        elif QTYPE[request.q.qtype] in ("A", "ANY"):
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(self.addresses[name]), ttl=300))
        return reply


def _wire(resp: Response) -> tuple[bytes, int]:
    """A whole HTTP/1.1 response (head and body) and the length of its head, for HEAD."""
    head = [f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'OK')}", "Server: nginx",
            f"Content-Type: {resp.content_type}", f"Content-Length: {len(resp.body)}",
            # linkchecker lifts its per-host rate limit above 10 requests/s only for a server that
            # sends this header (linkcheck/checker/httpurl.py); the bench lifts it on purpose
            "LinkChecker: unthrottled"]
    if resp.cacheable:
        head.append(f"ETag: {resp.etag}")
        if resp.last_modified:
            head.append(f"Last-Modified: {http_date(resp.last_modified)}")
    head_bytes = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
    return head_bytes + resp.body, len(head_bytes)


@dataclass
class Inventory:
    """What the farm serves, found by following links from every homepage: the HTML pages to
    read (per site) and every URL linked from them (pages, images, attachments, external)."""

    pages: dict[str, list[str]]
    targets: set[str]


class ScaledFarm:
    """N sites × M pages; `workers` server processes (0: a thread in this process); `literal`
    False skips rendering the IP-literal variant (a govmon-only run); `prev_next` links each
    article to the one before and after it in its column."""

    def __init__(self, sites: int, pages: int, *, workers: int = 1, literal: bool = True,
                 prev_next: bool = False, today: date | None = None) -> None:
        if not 1 <= sites <= 200:
            raise ValueError("1 to 200 sites")
        self.site_count, self.pages_per_site, self.workers = sites, pages, workers
        self.serve_literal = literal  # also serve the IP-literal variant (for linkchecker and lychee)
        # 上一篇/下一篇 on articles: realistic, but a chain thousands of pages long, and a crawler that
        # meets an article first through it may count it deeper than its depth limit
        self.prev_next = prev_next
        self.today = today or date.today()
        self.http_port = self.dns_port = 0
        self.sites: list[ScaledSite] = []
        self.addresses: dict[str, str] = {}  # host name -> its loopback address
        self._hosts: dict[bytes, dict[bytes, tuple[bytes, int]]] = {}  # host -> target -> wire
        self._by_address: dict[str, bytes] = {}
        self._literal_hosts: dict[bytes, dict[bytes, tuple[bytes, int]]] = {}
        self._literal_origins: dict[bytes, bytes] = {}
        self._origin = re.compile(rb"$^")
        self._sockets: list[socket.socket] = []
        self._children: list[int] = []
        self._stop_pipe: tuple[int, int] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._dns: DnsStub | None = None
        self._inventory: Inventory | None = None
        self.render_seconds = 0.0

    # -- addresses ---------------------------------------------------------------------------
    def site_home(self, index: int) -> str:
        return f"http://www.{_place(index)[0]}.gov.cn:{self.http_port}/"

    def literal(self, url: str) -> str:
        """The IP-literal form of a farm URL (what linkchecker and lychee are given)."""
        parts = urlsplit(url)
        address = self.addresses.get(parts.hostname or "")
        return url.replace(f"://{parts.netloc}", f"://{address}:{self.http_port}", 1) if address else url

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> ScaledFarm:
        self._bind()
        started = time.perf_counter()
        self._build()
        self.render_seconds = time.perf_counter() - started
        if self.workers:
            self._stop_pipe = os.pipe()
            for _ in range(self.workers):
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the server child
                    os.close(self._stop_pipe[1])
                    try:
                        self._serve(self._stop_pipe[0])
                    finally:
                        os._exit(0)
                self._children.append(pid)
            os.close(self._stop_pipe[0])
        else:
            ready = threading.Event()
            threading.Thread(target=self._serve, args=(None, ready), daemon=True, name="scaled-farm").start()
            ready.wait(10)
        self._dns = DnsStub(_StubResolver(self.addresses), self.dns_port)  # after fork: no threads there
        self.dns_port = self._dns.start()
        return self

    def stop(self) -> None:
        if self._dns:
            self._dns.stop()
            self._dns = None
        if self._stop_pipe:
            os.close(self._stop_pipe[1])  # the children see end-of-file and stop
            self._stop_pipe = None
        for pid in self._children:
            for _ in range(50):
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    break
                time.sleep(0.1)
            else:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
        self._children = []
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop = None
        for sock in self._sockets:
            sock.close()
        self._sockets = []

    def __enter__(self) -> ScaledFarm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _bind(self) -> None:
        """One listener per host on its own loopback address, all on the same free port."""
        count = 2 + self.site_count
        for _ in range(50):
            sockets: list[socket.socket] = []
            try:
                for k in range(count):
                    sock = socket.socket()
                    sockets.append(sock)
                    sock.bind((f"127.0.0.{FIRST_ADDRESS + k}", sockets[0].getsockname()[1] if k else 0))
                    sock.listen(1024)
                    sock.setblocking(False)
            except OSError:
                for sock in sockets:
                    sock.close()
                continue
            self._sockets = sockets
            self.http_port = sockets[0].getsockname()[1]
            return
        raise OSError("no port free on every farm address")

    # -- rendering ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.sites = [ScaledSite(self, k, self.pages_per_site) for k in range(self.site_count)]
        hosts: list[tuple[str, object]] = [("bszs.conac.demo.test", aux.conac(self)),  # type: ignore[arg-type]
                                           ("zfwzgl.demo.test", aux.jiucuo(self))]  # type: ignore[arg-type]
        hosts += [(site.host, site) for site in self.sites]
        for k, (host, handler) in enumerate(hosts):
            address = f"127.0.0.{FIRST_ADDRESS + k}"
            self.addresses[host] = address
            self._by_address[address] = host.encode()
            self._hosts[host.encode()] = self._render(host, handler)
            self._literal_origins[host.encode()] = f"http://{address}:{self.http_port}".encode()
        self._origin = re.compile(rb"http://([a-z0-9.-]+):%d" % self.http_port)
        if self.serve_literal:
            self._literal_hosts = {name: self._literal_table(table) for name, table in self._hosts.items()}

    def _render(self, host: str, handler: object) -> dict[bytes, tuple[bytes, int]]:
        paths = [path for (h, path) in getattr(handler, "routes", {}) if h == host]
        paths += list(getattr(handler, "page_map", {}))
        paths += ["/css/style.css", "/js/common.js", "/images/logo.png", "/images/gongan.png",
                  "/images/banner.jpg", "/image/red.png", "/exposure/images/jiucuo.png", "/favicon.ico"]
        table = {path.encode(): _wire(handler.handle(Request("GET", host, path)))  # type: ignore[attr-defined]
                 for path in dict.fromkeys(paths)}
        missing = handler.handle(Request("GET", host, "/no-such-page.html"))  # type: ignore[attr-defined]
        table[b"*404*"] = _wire(missing)
        return table

    def _literal_table(self, table: dict[bytes, tuple[bytes, int]]) -> dict[bytes, tuple[bytes, int]]:
        """The same responses with every farm URL as an IP literal (rendered up front, like the rest)."""
        out = {}
        for target, (wire, head) in table.items():
            body = self._origin.sub(self._literal_origin, wire[head:])
            length = b"Content-Length: %d"
            start = wire[:head].replace(length % (len(wire) - head), length % len(body))
            out[target] = (start + body, len(start))
        return out

    def _literal_origin(self, match: re.Match[bytes]) -> bytes:
        # a name the farm does not serve (the dead links' old hosts) becomes a refused port,
        # never a name: linkchecker and lychee would ask the system resolver for it
        return self._literal_origins.get(match.group(1), b"http://127.0.0.1:1")

    def respond(self, host: bytes, target: bytes, address: str) -> tuple[bytes, int]:
        """The wire response for a request: by Host name, or by listening address for a literal."""
        name = host.rsplit(b":", 1)[0].lower() if host.count(b":") == 1 else host.lower()
        table = self._hosts.get(name)
        if table is None:
            table = self._literal_hosts.get(self._by_address.get(address, b""), {})
        found = table.get(target) or table.get(target.split(b"?", 1)[0]) or table.get(b"*404*")
        return found or (b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 0)

    # -- serving -----------------------------------------------------------------------------
    def _serve(self, stop_fd: int | None, ready: threading.Event | None = None) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sock in self._sockets:
            address = sock.getsockname()[0]
            loop.run_until_complete(loop.create_server(lambda a=address: _HttpProtocol(self, a), sock=sock))
        if stop_fd is not None:
            loop.add_reader(stop_fd, loop.stop)
        else:
            self._loop = loop
        if ready:
            ready.set()
        loop.run_forever()

    # -- what is served ----------------------------------------------------------------------
    def inventory(self) -> Inventory:
        """Follow every link from each homepage over the rendered pages (no sockets)."""
        if self._inventory is None:
            pages: dict[str, list[str]] = {}
            targets: set[str] = set()
            for site in self.sites:
                table, home = self._hosts[site.host.encode()], site.home_url
                seen, queue = {home}, [home]
                for url in queue:
                    wire, head = table.get(urlsplit(url).path.encode(), (b"", 0))
                    if not wire.startswith(b"HTTP/1.1 200") or b"text/html" not in wire[:head]:
                        continue
                    pages.setdefault(site.site_id, []).append(url)
                    for raw in _LINK.findall(wire[head:].decode("utf-8", "replace")):
                        link = urljoin(url, htmllib.unescape(raw))
                        targets.add(link)
                        if urlsplit(link).hostname == site.host and link not in seen:
                            seen.add(link)
                            queue.append(link)
            self._inventory = Inventory(pages, targets)
        return self._inventory


_LINK = re.compile(r"""(?:href|src)="(?!javascript:)([^"#]+)\"""")


class _HttpProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and pipelining; GET and HEAD (a request body is skipped)."""

    def __init__(self, farm: ScaledFarm, address: str) -> None:
        self.farm, self.address = farm, address
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        while (end := buffer.find(b"\r\n\r\n")) >= 0:
            lines = buffer[:end].split(b"\r\n")
            parts = lines[0].split(b" ")
            host, length, close = b"", 0, len(parts) < 3 or parts[2] == b"HTTP/1.0"
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"host":
                    host = value.strip()
                elif name == b"content-length":
                    length = int(value.strip() or 0)
                elif name == b"connection":
                    close = value.strip().lower() != b"keep-alive"
            if len(buffer) < end + 4 + length:
                break
            buffer = buffer[end + 4 + length:]
            wire, head = self.farm.respond(host, parts[1] if len(parts) > 1 else b"/", self.address)
            assert self.transport is not None
            self.transport.write(wire[:head] if parts[0] == b"HEAD" else wire)
            if close:
                self.transport.close()
                return
        if len(buffer) > 65536:  # not HTTP
            assert self.transport is not None
            self.transport.close()
        self.buffer = buffer


def write_config(directory: Path, farm: ScaledFarm, *, concurrency_per_host: int = 8,
                 page_cap: int | None = None) -> Path:
    """config/ for `govmon audit --config`: one unit per site, the shipped rules, politeness off
    (no delay, robots.txt not read), the farm's DNS stub; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "config" / "rules.yaml", directory)
    crawl = yaml.safe_load((ROOT / "config" / "crawl.yaml").read_text(encoding="utf-8"))
    crawl.update(download_delay_s=0, obey_robots=False, concurrency_per_host=concurrency_per_host)
    crawl["dns"]["nameservers"] = [f"127.0.0.1:{farm.dns_port}"]
    (directory / "crawl.yaml").write_text(yaml.safe_dump(crawl, allow_unicode=True), "utf-8")
    cap = page_cap or farm.pages_per_site + 100  # dead in-scope links count against the cap too
    units = [{"id": site.site_id, "name": site.ident.org, "level": "county", "sites": [
        {"id": f"{site.site_id}-portal", "name": site.ident.name, "url": site.home_url, "kind": "portal",
         "render": "never", "page_cap": cap}]} for site in farm.sites]
    (directory / "units.yaml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), "utf-8")
    return directory


def main(argv: list[str] | None = None) -> None:
    """Serve a scaled farm until Ctrl-C and write its config/."""
    ap = argparse.ArgumentParser(prog="python -m govmon.demo.scaled", description="govmon 基准测试站群")
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--pages", type=int, default=2000, help="每个网站的页面数")
    ap.add_argument("--workers", type=int, default=1, help="服务进程数")
    ap.add_argument("--config", type=Path, default=Path("var/bench-config"), help="写出的 config/ 目录")
    args = ap.parse_args(argv)
    with ScaledFarm(args.sites, args.pages, workers=args.workers) as farm:
        write_config(args.config, farm)
        print(f"{args.sites} 个网站 × {args.pages} 页，渲染 {farm.render_seconds:.1f} 秒；"
              f"HTTP 端口 {farm.http_port}，DNS 桩 127.0.0.1:{farm.dns_port}；config：{args.config}")
        for site in farm.sites:
            print(f"  {site.home_url}  {farm.literal(site.home_url)}  {site.ident.name}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

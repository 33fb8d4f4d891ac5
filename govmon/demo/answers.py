"""The answer key of the demo farm: every seeded defect, and decoys that must not be flagged.

LINK-DEAD and HOME-STALE are exact (a full audit compares govmon's (code, url) pairs to them);
the other codes list what was seeded on purpose. Built from the same site model the pages are
rendered from, so it follows the farm's port and `today`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from govmon.demo import feeds
from govmon.demo.model import Defect
from govmon.demo.reports import annual_report_due
from govmon.demo.tls import CERT_DAYS_LEFT
from govmon.demo.web import Request

if TYPE_CHECKING:
    from govmon.demo.farm import Farm
    from govmon.demo.gov_site import GovSite

__all__ = ["Defect", "external_links", "fresh_decoys", "seeded_defects"]

COLUMN_DAYS = {"dynamic": 14, "notice": 183, "policy": 183, "should": 365}
KIND_NAMES = {"dynamic": "动态类", "notice": "通知公告类", "policy": "政策文件类", "should": "应更新类"}
HOME_STALE_DAYS, HOME_WARN_DAYS = 14, 10
TLS_WARN_DAYS = 30
ACCOUNT_STALE_DAYS, ACCOUNT_DORMANT_DAYS = 14, 90
ACCOUNTS = {"/wechat/qingshanfabu.xml": "qingshan-wechat", "/wechat/qingshanzhengfu.xml": "qingshan-wechat2",
            "/weibo/qingshanjiaoyu.xml": "qingshan-jyj-weibo", "/wechat/hexifabu.xml": "hexi-wechat",
            "/douyin/hexiwenlv.xml": "hexi-wlj-douyin"}


def seeded_defects(farm: Farm) -> list[Defect]:
    """Every seeded defect of a started farm (URLs carry the farm's port)."""
    out: list[Defect] = []
    for site in farm.sites.values():
        out += link_defects(site)
        out += home_stale(site)
        out += column_defects(site)
        out += ipv6_defects(farm, site)
        out += annual_report(site)
        out += tls_defects(site)
        out += site.seeds
    out += site_down(farm)
    out += account_defects(farm)
    return out


def link_defects(site: GovSite) -> list[Defect]:
    """LINK-DEAD / LINK-SUSPECT: one per offending URL; where = homepage if it is on the homepage."""
    found: dict[tuple[str, str], list] = {}
    for link, source, on_home in site.placements():
        for code, note in (("LINK-DEAD", link.dead), ("LINK-SUSPECT", link.suspect)):
            if note:
                entry = found.setdefault((code, site.absolute(link, source)), [link, note, source, on_home])
                if on_home and not entry[3]:
                    entry[2:] = [source, True]
    return [Defect(code, site.site_id, None, url, source, "homepage" if home else "other", note,
                   needs_timeout=link.needs_timeout)
            for (code, url), (link, note, source, home) in found.items()]


def home_newest(site: GovSite) -> date | None:
    """Newest dated item on the homepage; for a navigation-only homepage, on any second-level page."""
    if site.nav_only:
        days = [c.newest() for c in site.columns] + [p.day for p in site.pages]
    else:
        days = [i.day for b in site.blocks for i in site.home_rows(b)]
    return max((d for d in days if d), default=None)


def home_stale(site: GovSite) -> Iterator[Defect]:
    newest = home_newest(site)
    if newest is None:
        return
    age = (site.today - newest).days
    how = "（导航型首页，以二级页面为准）" if site.nav_only else ""
    if age >= HOME_STALE_DAYS:
        yield Defect("HOME-STALE", site.site_id, None, site.home_url, None, None,
                     f"首页超过{HOME_STALE_DAYS}天未更新：最新信息 {newest}（{age} 天前）{how}")
    elif age >= HOME_WARN_DAYS:
        yield Defect("HOME-STALE", site.site_id, None, site.home_url, None, None,
                     f"预警：首页已 {age} 天未更新（最新信息 {newest}），尚未达到{HOME_STALE_DAYS}天否决线",
                     severity="warning")


def column_defects(site: GovSite) -> Iterator[Defect]:
    """COLUMN-EMPTY for blank columns; COLUMN-STALE for columns older than their kind's window."""
    for col in site.columns:
        url = site.url(site.list_paths(col)[0][0], col.host)
        newest = col.newest()
        if newest is None:
            what = f"显示“{col.empty_text}”" if col.empty_text else "列表为空"
            yield Defect("COLUMN-EMPTY", site.site_id, None, url, None, None, f"空白栏目“{col.name}”：{what}")
        elif col.kind in COLUMN_DAYS and (site.today - newest).days >= COLUMN_DAYS[col.kind]:
            age = (site.today - newest).days
            yield Defect("COLUMN-STALE", site.site_id, None, url, None, None,
                         f"{KIND_NAMES[col.kind]}栏目“{col.name}”超过{COLUMN_DAYS[col.kind]}天未更新"
                         f"（最新 {newest}，{age} 天前）", needs_render=col.scripted)


def ipv6_defects(farm: Farm, site: GovSite) -> Iterator[Defect]:
    spec = farm.hosts[site.host]
    if not spec.ipv6:
        yield Defect("IPV6-NO-AAAA", site.site_id, None, site.home_url, None, None, f"{site.host} 没有 AAAA 记录")
    zone = farm.resolver.zone_of(site.host)
    if zone and not zone.ns_ipv6:
        yield Defect("IPV6-DNS", site.site_id, None, site.home_url, None, None,
                     f"{zone.name} 的权威域名服务器 {'、'.join(zone.name_servers)} 没有 IPv6 地址")
    notes = {"down": ("IPV6-UNREACHABLE", "有 AAAA 记录，但经 IPv6 访问首页返回503"),
             "home_differs": ("IPV6-MISMATCH", "经 IPv6 访问的首页与 IPv4 首页内容不一致（维护公告页）"),
             "home_only": ("IPV6-DEPTH", "IPv6 下仅首页可访问，二级、三级页面返回503")}
    if spec.ipv6 and site.v6_mode in notes:
        code, note = notes[site.v6_mode]
        yield Defect(code, site.site_id, None, site.home_url, None, None, note)


def annual_report(site: GovSite) -> Iterator[Defect]:
    year = site.today.year - 1
    titles = [i.title for c in site.columns for i in c.items]
    missing = []
    if not any(f"{year}年政府信息公开工作年度报告" in t for t in titles) and \
            annual_report_due(site.today, site.department):
        deadline = "1月31日" if site.department else "3月31日"
        missing.append(f"未发布{year}年政府信息公开工作年度报告（应于{deadline}前发布）")
    if not site.has_sheet and annual_report_due(site.today, True):
        missing.append(f"首页未公开{year}年度政府网站工作年度报表（应于1月31日前）")
    if missing:
        yield Defect("ANNUAL-REPORT-MISSING", site.site_id, None, site.home_url, None, None, "；".join(missing))


def tls_defects(site: GovSite) -> Iterator[Defect]:
    """TLS-CERT for each https host: the farm's certificate expires CERT_DAYS_LEFT days from today."""
    expires = site.today + timedelta(days=CERT_DAYS_LEFT)
    for host in site.https_hosts:
        yield Defect("TLS-CERT", site.site_id, None, site.url("/", host), None, None,
                     f"{host} 的证书将于 {expires} 到期（剩余 {CERT_DAYS_LEFT} 天，不足 {TLS_WARN_DAYS} 天）",
                     severity="warning")


def site_down(farm: Farm) -> Iterator[Defect]:
    n = max(1, farm.flaky_every)
    if 100 / n >= 5:
        site = farm.sites["hexi-jtj-site"]
        yield Defect("SITE-DOWN", site.site_id, None, site.home_url, None, None,
                     f"首页每 {n} 次 IPv4 请求有 1 次返回503（不可访问率 {100 / n:.0f}%）")


def account_defects(farm: Farm) -> Iterator[Defect]:
    host = feeds.FeedHost(farm)
    for spec in feeds.FEEDS:
        acc, url = ACCOUNTS.get(spec.path), host.url(spec.path)
        if acc is None:
            continue
        if not spec.ages:
            yield Defect("ACCOUNT-EMPTY", None, acc, url, None, None, f"“{spec.name}”账号没有任何发布内容（空壳）")
            continue
        newest = min(spec.ages)
        if newest >= ACCOUNT_STALE_DAYS:
            yield Defect("ACCOUNT-STALE", None, acc, url, None, None, f"“{spec.name}”最近 {newest} 天未更新（僵尸号）")
        if newest >= ACCOUNT_DORMANT_DAYS:
            yield Defect("ACCOUNT-DORMANT", None, acc, url, None, None,
                         f"“{spec.name}”已 {newest} 天未更新，建议整合或关停注销")
    yield Defect("ACCOUNT-GONE", None, None, host.url(feeds.GONE), None, None,
                 "账号订阅源已不存在（404），尚无单位登记该账号")
    yield Defect("ACCOUNT-DUPLICATE", None, "qingshan-wechat2", host.url("/wechat/qingshanzhengfu.xml"), None, None,
                 "青山市人民政府在微信平台开设了两个账号（青山发布、青山市政府）")
    portal = farm.sites["qingshan-portal"]
    yield Defect("ACCOUNT-UNREGISTERED", portal.site_id, None, host.url("/weibo/qingshanzhengfu.xml"),
                 portal.home_url, "homepage", "门户首页链接的政务微博“青山市政府网”未在账号清单中备案")


def fresh_decoys(farm: Farm) -> list[str]:
    """URLs that look suspicious but must not be the URL of ANY finding: OK redirects (301/302 to a
    live page, a 3-hop chain), a page answering 405 to HEAD but 200 to GET, fresh columns close to
    their window (e.g. 13 days for a dynamic column), the page with masked ID numbers.
    (Blocked 401/403/429/WAF links are not here: they are LINK-SUSPECT in the key, never LINK-DEAD.)"""
    out: list[str] = []
    for site in farm.sites.values():
        out += site.decoys
        for col in site.columns:
            newest = col.newest()
            window = COLUMN_DAYS.get(col.kind)
            if newest and window and window / 2 <= (site.today - newest).days < window:
                out.append(site.url(site.list_paths(col)[0][0], col.host))
    return list(dict.fromkeys(out))


LINK_RE = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)["']""", re.I)


def external_links(farm: Farm) -> dict[str, str]:
    """Every URL a monitored site links to on another host: url -> "ok" | "dead" | "suspect"."""
    verdict = {d.url: {"LINK-DEAD": "dead", "LINK-SUSPECT": "suspect"}[d.code]
               for d in seeded_defects(farm) if d.code in ("LINK-DEAD", "LINK-SUSPECT")}
    out: dict[str, str] = {}
    for site in farm.sites.values():
        for url in site_links(site):
            if urlsplit(url).hostname not in site.hosts:
                out[url] = verdict.get(url, "ok")
    return out


def site_links(site: GovSite) -> set[str]:
    """All link targets on the pages of one site, walked in-process (no sockets, no counters)."""
    queue, seen, found = [site.home_url], {site.home_url}, set()
    while queue:
        parts = urlsplit(queue.pop())
        req = Request("GET", parts.hostname or "", parts.path or "/", parts.query, port=site.farm.http_port)
        resp = site.render_home(req) if req.path == "/" and req.host == site.host else site.handle(req)
        if resp.status != 200 or not resp.content_type.startswith(("text/html", "text/xml")):
            continue
        for raw in LINK_RE.findall(resp.body.decode("latin-1")):
            if raw.startswith(("javascript:", "mailto:", "data:")):
                continue
            url = urljoin(parts.geturl(), html.unescape(raw))
            found.add(url)
            if urlsplit(url).hostname in site.hosts and url not in seen:
                seen.add(url)
                queue.append(url)
    return found

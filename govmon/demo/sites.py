"""The farm's host table, DNS zones, and the builder that instantiates every site for a Farm."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govmon.demo import aux
from govmon.demo.dns_stub import HostSpec, ZoneSpec
from govmon.demo.feeds import FeedHost
from govmon.demo.site_hexi import HexiSite, JtjSite
from govmon.demo.site_jyj import JyjSite
from govmon.demo.site_lvyou import LvyouSite
from govmon.demo.site_qingshan import QingshanPortal
from govmon.demo.site_wjw import WjwSite

if TYPE_CHECKING:
    from govmon.demo.farm import Farm
    from govmon.demo.gov_site import GovSite

MONITORED = [QingshanPortal, JyjSite, WjwSite, HexiSite, LvyouSite, JtjSite]

HOSTS = [
    HostSpec("www.qingshan.gov.cn"), HostSpec("xxgk.qingshan.gov.cn"),
    HostSpec("jyj.qingshan.gov.cn"),                     # ::1 serves a different homepage
    HostSpec("wjw.qingshan.gov.cn"),                     # AAAA, but ::1 answers 503
    HostSpec("www.hexi.gov.cn", ipv6=False),             # no AAAA
    HostSpec("zwfw.hexi.gov.cn", ipv6=False),            # robots.txt: Crawl-delay, Disallow: /cx/
    HostSpec("jtj.hexi.gov.cn", ipv6=False),             # no AAAA; homepage flaky over IPv4
    HostSpec("www.hexilvyou.com"),                       # ::1 serves the homepage only
    HostSpec("rss.demo.test"), HostSpec("bszs.conac.demo.test"), HostSpec("zfwzgl.demo.test"),
    HostSpec(aux.SHENG), *(HostSpec(h) for h in aux.SPAM_HOSTS),
    HostSpec("www.closed.demo.test", ipv6=False, http=False),   # A record, but linked on port 1: refused
]

ZONES = [
    ZoneSpec("qingshan.gov.cn"), ZoneSpec("hexi.gov.cn", ns_ipv6=False), ZoneSpec("hexilvyou.com"),
    ZoneSpec("demo.test"), ZoneSpec("shengzhengfu.gov.cn"),
    *(ZoneSpec(h.removeprefix("www.")) for h in aux.SPAM_HOSTS),
]

# Hosts whose names the DNS stub answers NXDOMAIN for, linked from the sites as dead external links.
DEAD_HOSTS = ["www.qsrencai.demo.test", "www.hexi-old.demo.test"]


def build(farm: Farm) -> tuple[dict[str, GovSite], dict[str, object]]:
    """Instantiate every site; returns (monitored sites by site id, handler by host name)."""
    sites = {cls.site_id: cls(farm) for cls in MONITORED}
    vhosts: dict[str, object] = {}
    for site in [*sites.values(), aux.ShengSite(farm)]:
        for host in site.hosts:
            vhosts[host] = site
    for extra in (FeedHost(farm), aux.conac(farm), aux.jiucuo(farm),
                  *(aux.spam(farm, h) for h in aux.SPAM_HOSTS)):
        vhosts[extra.host] = extra
    return sites, vhosts

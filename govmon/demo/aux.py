"""Hosts outside the monitored sites: the provincial-portal stand-in, identity-mark services, spam hosts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govmon.demo import assets, special
from govmon.demo.gov_site import GovSite, Page
from govmon.demo.model import Identity, Link
from govmon.demo.web import Request, Response, html, plain

if TYPE_CHECKING:
    from govmon.demo.farm import Farm

SHENG = "www.shengzhengfu.gov.cn"
HEAD_405 = "/zwfw/"                       # 405 to HEAD, 200 to GET: a decoy, not a dead link
SUSPECT = {"403": "/zwfw/bmxt/", "429": "/zwfw/bjcx/", "waf": "/zwfw/dzzz/", "401": "/oa/"}
SPAM_HOSTS = ("www.bocai-demo.test", "www.yule-demo.test")


class ShengSite(GovSite):
    """A stand-in for the provincial portal (not monitored): target of friendly and service links."""

    site_id = "sheng-portal"

    def identity(self) -> Identity:
        return Identity(self.site_id, "省人民政府门户网站", "省人民政府", SHENG, "3600000001",
                        "赣ICP备05000000号", "赣公网安备 36010202000001号", "省人民政府办公厅", "0791-0000000")

    def build(self) -> None:
        self.nav = [Link("首页", "/"), Link("政务服务", HEAD_405)]
        self.pages = [Page("/zwfw/index.html", "政务服务网", "<p>一网通办</p>")]
        special.head_not_allowed(self, HEAD_405, "<html><body><h1>省政务服务网</h1><p>一网通办</p></body></html>")
        for kind, path in SUSPECT.items():
            special.blocked(self, path, kind)


class SimpleHost:
    """A host answering a few fixed pages (identity-mark services, spam sites)."""

    def __init__(self, farm: Farm, host: str, pages: dict[str, str]) -> None:
        self.farm = farm
        self.host = host
        self.page_map = pages

    def handle(self, req: Request) -> Response:
        if req.path in self.page_map:
            return html(self.page_map[req.path])
        static = assets.static(req.path)
        if static:
            return Response(200, static[0], static[1], cacheable=True)
        return plain("404 Not Found\n", 404)


def conac(farm: Farm) -> SimpleHost:
    return SimpleHost(farm, "bszs.conac.demo.test", {"/sitename": (
        "<html><head><meta charset='utf-8'><title>党政机关网站标识</title></head><body>"
        "<h2>党政机关网站开办资格复核信息</h2><p>（演示站群的标识查询页，代替 bszs.conac.cn）</p></body></html>")})


def jiucuo(farm: Farm) -> SimpleHost:
    return SimpleHost(farm, "zfwzgl.demo.test", {"/exposure/jiucuo.html": (
        "<html><head><meta charset='utf-8'><title>我为政府网站找错</title></head><body>"
        "<h2>我为政府网站找错</h2><p>（演示站群的找错入口，代替 zfwzgl.www.gov.cn）</p></body></html>")})


def spam(farm: Farm, host: str) -> SimpleHost:
    return SimpleHost(farm, host, {"/": (
        "<html><head><meta charset='utf-8'><title>娱乐城 真人 在线</title></head><body>"
        "<h1>XX娱乐城</h1><p>（演示用的暗链目标站点）</p></body></html>")})

"""www.hexi.gov.cn (navigation-only homepage, stale; 政务服务 on zwfw.hexi.gov.cn, whose robots.txt asks for
a crawl delay and keeps crawlers out of /cx/) and jtj.hexi.gov.cn (homepage down every Nth request; two
columns whose lists a script writes, so only a browser sees their items)."""

from __future__ import annotations

import json

from govmon.demo import layout
from govmon.demo.content import dated_items, trs_path
from govmon.demo.gov_site import GovSite, HomeBlock, Page
from govmon.demo.interaction import board
from govmon.demo.model import Column, Identity, Link
from govmon.demo.reports import annual_reports, yearly_sheet
from govmon.demo.web import Request, Response, plain

ORG, CITY = "青山市河西区人民政府", "河西区"
ZWFW = "zwfw.hexi.gov.cn"
# Crawl-delay 1 s is below the crawler's 2 s floor; /cx/ (办件查询) is a query system, not for crawlers
ZWFW_ROBOTS = "User-agent: *\nCrawl-delay: 1\nDisallow: /cx/\n"


class HexiSite(GovSite):
    """District portal: the homepage has no dated items; the newest item anywhere is 17 days old."""

    site_id = "hexi-portal"
    extra_hosts = (ZWFW,)
    nav_only = True
    department = False

    def identity(self) -> Identity:
        return Identity(self.site_id, "河西区人民政府门户网站", ORG, "www.hexi.gov.cn", "3607020001",
                        "赣ICP备12349876号-1", "赣公网安备 36070202000311号", "河西区人民政府办公室",
                        "0710-2345678", jiucuo=False, date_style="bracket")

    def column(self, code: str, name: str, kind: str, tkind: str, count: int, newest: int,
               spacing: int) -> Column:
        items = dated_items(f"hexi-{code}", tkind, count, newest, spacing, self.today,
                            trs_path(f"/{code}/", "hexi"), ORG, CITY)
        return Column(code, name, kind, f"/{code}/", items)

    def build(self) -> None:
        zwdt = self.column("zwdt", "政务动态", "dynamic", "dynamic", 15, 17, 5)    # stale: 17 days
        tzgg = self.column("tzgg", "通知公告", "notice", "notice", 8, 40, 20)
        zcwj = self.column("zcwj", "政策文件", "policy", "policy", 6, 100, 40)
        rsxx = self.column("rsxx", "人事信息", "should", "personnel", 4, 420, 60)  # stale (> 365 d)
        ghjh = self.column("ghjh", "规划计划", "should", "plan", 3, 700, 90)       # stale (> 365 d)
        ndbg = Column("ndbg", "政府信息公开年报", "other", "/xxgk/ndbg/")
        annual_reports(ndbg, ORG, [self.today.year - 2, self.today.year - 3], self.today)  # last year missing
        self.columns = [zwdt, tzgg, zcwj, rsxx, ghjh, ndbg]
        self.add_status("/bsfw/", 500)
        self.nav = [Link("首页", "/"), Link("政务动态", "/zwdt/"), Link("通知公告", "/tzgg/"),
                    Link("政府信息公开", "/xxgk/"), Link("政策文件", "/zcwj/"), Link("人事信息", "/rsxx/"),
                    Link("规划计划", "/ghjh/"), Link("互动交流", "/hdjl/"),
                    Link("办事服务", "/bsfw/", dead="首页导航栏目“办事服务”服务器错误（500）"),
                    Link("政务服务", self.url("/", ZWFW))]
        self.link_blocks = [("栏目导航", [Link(l.text, l.href) for l in self.nav[1:8]])]
        self._services()
        self.pages += [Page("/xxgk/", "政府信息公开", "<p>政府信息公开指南、法定主动公开内容、年报。</p>",
                            nav="政府信息公开", links=[Link("政策文件", "/zcwj/"),
                                                     Link("政府信息公开年报", "/xxgk/ndbg/")])]
        msgs = board(self, "/hdjl/", "区长信箱", "河西区人民政府办公室", [85, 100, 140, 180, 230], {})
        last = max(m.replied for m in msgs if m.replied)
        self.seed("IDENT-MISSING", self.home_url, "页脚缺少“我为政府网站找错”入口")
        self.seed("INTERACTION-UNANSWERED", self.url("/hdjl/"),
                  f"互动交流超过60天未公开答复（最近一次答复 {last}，{(self.today - last).days} 天前）")
        zwdt.items[1].links.append(Link("河西区旧版网站", "http://www.hexi-old.demo.test/", "external",
                                        dead="外部链接域名无法解析（NXDOMAIN）"))
        zwdt.items[3].links.append(Link("活动照片", "/uploadfiles/hexi/20240315001.jpg", "image",
                                        dead="文章内图片不存在（404）"))

    def _services(self) -> None:
        """政务服务: a handful of pages on their own host, styled from the main host (so that the
        crawler's requests to this host are the pages only), one of them disallowed by robots.txt."""
        styled = {"asset_base": self.url("")}
        self.routes[(ZWFW, "/robots.txt")] = lambda r: plain(ZWFW_ROBOTS)
        self.pages += [
            Page("/", "河西区政务服务", "<p>河西区政务服务事项实行“一窗受理、集成服务”，个人和法人办事指南、"
                 "办件进度查询均可在本平台办理。工作时间：周一至周五上午9:00—12:00，下午13:30—17:00。</p>",
                 host=ZWFW, context=styled, links=[Link("个人办事", "/grbs/"), Link("法人办事", "/frbs/"),
                                                  Link("办件进度查询", "/cx/bjcx.html")]),
            Page("/grbs/", "个人办事", "<p>户籍办理、社保医保、婚姻登记、不动产登记等个人办事事项的办事指南。</p>",
                 host=ZWFW, context=styled),
            Page("/frbs/", "法人办事", "<p>企业开办、工程建设项目审批、税费缴纳等法人办事事项的办事指南。</p>",
                 host=ZWFW, context=styled),
            Page("/cx/bjcx.html", "办件进度查询", "<p>请输入办件编号查询办理进度。</p>", host=ZWFW, context=styled)]

    def render_home(self, req: Request) -> Response:
        """Navigation only: header, nav, an icon menu of columns; no dated item at all."""
        page = Page("/", "首页", "<div class='icon-menu'>请选择栏目</div>", links=self.link_blocks[0][1])
        return self.render_page(req, page)

    def home_rows(self, block: HomeBlock) -> list:
        return []


class JtjSite(GovSite):
    """Transport bureau: every Nth IPv4 request for / answers 503 (SITE-DOWN). 行业动态 (fresh) and
    公示公告 (stale) are written by scripts: without a browser both would look empty."""

    site_id = "hexi-jtj-site"
    home_path = "/index.html"

    def identity(self) -> Identity:
        return Identity(self.site_id, "河西区交通运输局网站", "河西区交通运输局", "jtj.hexi.gov.cn", "3607020015",
                        "赣ICP备12349876号-3", "赣公网安备 36070202000322号", "河西区交通运输局", "0710-2345699")

    def build(self) -> None:
        org = self.ident.org
        jtdt = Column("jtdt", "交通动态", "dynamic", "/jtdt/", dated_items(
            "jtj-jtdt", "dynamic", 12, 1, 3, self.today, trs_path("/jtdt/", "jtj"), org, CITY, sector="transport"))
        tzgg = Column("tzgg", "通知公告", "notice", "/tzgg/", dated_items(
            "jtj-tzgg", "notice", 6, 20, 30, self.today, trs_path("/tzgg/", "jtj"), org, CITY, sector="transport"))
        hydt = Column("hydt", "行业动态", "dynamic", "/hydt/", dated_items(   # rows inline, as JSON
            "jtj-hydt", "dynamic", 10, 2, 3, self.today, trs_path("/hydt/", "jtj"), org, CITY, sector="transport"),
            scripted=True)
        gsgg = Column("gsgg", "公示公告", "notice", "/gsgg/", dated_items(   # stale (> 183 d); rows fetched
            "jtj-gsgg", "notice", 6, 200, 40, self.today, trs_path("/gsgg/", "jtj"), org, CITY, sector="transport"),
            scripted=True, data_path="/gsgg/list.json")
        ndbg = Column("ndbg", "政府信息公开年报", "other", "/ndbg/")
        annual_reports(ndbg, org, [self.today.year - 1], self.today)
        self.columns = [jtdt, tzgg, hydt, gsgg, ndbg]
        self.routes[(self.host, gsgg.data_path)] = lambda r: Response(
            200, self.rows_json(gsgg).encode(), "application/json; charset=utf-8")
        self.decoys.append(self.url(hydt.path))  # fresh, though its raw HTML lists nothing
        self.nav = [Link("首页", "/index.html")] + [Link(c.name, c.path) for c in self.columns]
        self.blocks = [HomeBlock("交通动态", jtdt, 6), HomeBlock("通知公告", tzgg, 5)]
        self.routes[(self.host, "/")] = self.flaky_home
        self.link_blocks = [("网站年度报表", [yearly_sheet(self)])]

    def rows_json(self, col: Column) -> str:
        rows = [self.row(i, col, self.host) for i in col.ordered()]
        return json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")  # safe inside <script>

    def render_list(self, req: Request, col: Column, n: int) -> Response:
        """A scripted column: an empty list in the HTML, filled by a script from inline JSON or a second request."""
        if not col.scripted:
            return super().render_list(req, col, n)
        text = layout.render("js_list.html", **self.context(
            self.host, column=col, data_path=col.data_path, rows_json=None if col.data_path else self.rows_json(col),
            column_name=col.name, current_nav=col.name, crumbs=self.crumbs(col, self.host),
            page_title=f"{col.name}_{self.ident.name}"))
        return self.respond(text, last_modified=col.newest())

    def flaky_home(self, req: Request) -> Response:
        n = self.farm.count(f"{self.host}/{req.family}")
        if req.family == 4 and n % max(1, self.farm.flaky_every) == 0:
            return self.error(503)
        return self.render_home(req)

"""www.hexilvyou.com: 河西区文化和旅游局 on a non-.gov.cn domain, without identity marks, with 暗链."""

from __future__ import annotations

from govmon.demo import aux, special
from govmon.demo.content import dated_items, trs_path
from govmon.demo.gov_site import GovSite, HomeBlock
from govmon.demo.model import Column, Identity, Link
from govmon.demo.reports import annual_reports, yearly_sheet

ORG, CITY = "河西区文化和旅游局", "河西区"
EMPTY = [("zcfg", "政策法规", "policy", "暂无信息"), ("rsxx", "人事信息", "should", "暂无信息"),
         ("ghjh", "规划计划", "should", ""), ("bsfw", "办事服务", "other", "暂无信息"),
         ("hdjl", "互动交流", "other", "")]


class LvyouSite(GovSite):
    """Department site with the identity, domain, blank-column and hidden-link problems."""

    site_id = "hexi-wlj-site"
    v6_mode = "home_only"

    def identity(self) -> Identity:
        return Identity(self.site_id, "河西文旅网", ORG, "www.hexilvyou.com", None, "赣ICP备19004567号-2",
                        None, None, None, conac=False, jiucuo=False, head_meta=False)

    def build(self) -> None:
        p = self.farm.http_port
        lyzx = Column("lyzx", "旅游资讯", "dynamic", "/lyzx/", dated_items(
            "lvyou-lyzx", "dynamic", 12, 5, 4, self.today, trs_path("/lyzx/", "lvyou"), ORG, CITY, sector="tour"))
        tzgg = Column("tzgg", "通知公告", "notice", "/tzgg/", dated_items(
            "lvyou-tzgg", "notice", 6, 60, 30, self.today, trs_path("/tzgg/", "lvyou"), ORG, CITY, sector="tour"))
        ndbg = Column("ndbg", "信息公开年报", "other", "/ndbg/")
        annual_reports(ndbg, ORG, [self.today.year - 1], self.today)
        empties = [Column(code, name, kind, f"/{code}/", empty_text=text) for code, name, kind, text in EMPTY]
        self.columns = [lyzx, tzgg, *empties, ndbg]
        self.nav = [Link("首页", "/")] + [Link(c.name, c.path) for c in self.columns]
        self.blocks = [HomeBlock("旅游资讯", lyzx, 6), HomeBlock("通知公告", tzgg, 5)]
        first = special.chain(self, "/chain/", 9, "/lyzx/")
        self.link_blocks = [("精彩推荐", [
            Link("河西古镇", first, dead="首页链接重定向链过长（9次跳转）"),
            Link("智慧旅游平台", "http://www.closed.demo.test:1/lvyou/", "external",
                 dead="首页外部链接连接被拒绝（端口无服务）"),
            Link("河西区人民政府", f"http://www.hexi.gov.cn:{p}/", "external")]),
            ("网站年度报表", [yearly_sheet(self)])]
        spam1, spam2 = (f"http://{h}:{p}/" for h in aux.SPAM_HOSTS)
        self.home_extra = (f'<div style="display:none"><a href="{spam1}">澳门博彩 真人娱乐</a></div>\n'
                           f'<div style="position:absolute;left:-9999px;top:-9999px">'
                           f'<a href="{spam2}">娱乐城 在线开户</a></div>')
        self.seed("HIDDEN-LINK", spam1, "暗链：display:none 隐藏的博彩链接", source_url=self.home_url)
        self.seed("HIDDEN-LINK", spam2, "暗链：position:absolute;left:-9999px 移出可视区的赌博链接",
                  source_url=self.home_url)
        lyzx.items[2].body.append("根据国家旅游局有关要求，我区将进一步规范旅游市场秩序。")
        self.seed("WORDING-ERROR", self.url(lyzx.items[2].path), "过时机构名称：“国家旅游局”（应为文化和旅游部）")
        self.seed("DOMAIN-NOT-GOV", self.home_url, "部门网站域名不在 .gov.cn 下（www.hexilvyou.com）")
        self.seed("IDENT-MISSING", self.home_url,
                  "页脚缺少网站标识码、公安机关备案号、党政机关网站标识、“我为政府网站找错”入口和主办单位联系方式")
        self.seed("IDENT-META", self.home_url,
                  "全站页面缺少 SiteName/SiteDomain/SiteIDCode，文章页缺少 ArticleTitle/PubDate/ContentSource")

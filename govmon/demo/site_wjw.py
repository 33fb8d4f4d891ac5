"""wjw.qingshan.gov.cn: 青山市卫生健康委员会, served in GBK (two pages mislabelled), unreachable over IPv6."""

from __future__ import annotations

from govmon.demo import special
from govmon.demo.content import dated_items, trs_path
from govmon.demo.gov_site import GovSite, HomeBlock, Page
from govmon.demo.model import Column, Identity, Item, Link
from govmon.demo.reports import annual_reports
from govmon.demo.web import Request, Response

ORG, CITY = "青山市卫生健康委员会", "青山市"
# 喆, 镕, 堃 are in GBK but not in GB2312: decoding as GB2312 fails on them.
LEADERS = "党组书记、主任：王喆；副主任：李镕、张堃、刘红梅"
MISLABELLED = {3: "iso-8859-1", 4: "utf-8"}     # xwdt item index -> charset the header claims


class WjwSite(GovSite):
    """Health commission: GBK bytes, homepage 11 days old (early warning), many stale columns."""

    site_id = "qingshan-wjw-site"
    v6_mode = "down"
    meta_charset = "gb2312"
    header_charset = "gbk"

    def identity(self) -> Identity:
        return Identity(self.site_id, "青山市卫生健康委员会网站", ORG, "wjw.qingshan.gov.cn", "3607000023",
                        "赣ICP备10023456号-1", "赣公网安备 36070202000178号", ORG, "0710-1234321",
                        encoding="gbk", date_style="cn")

    def column(self, code: str, name: str, kind: str, tkind: str, count: int, newest: int,
               spacing: int) -> Column:
        items = dated_items(f"wjw-{code}", tkind, count, newest, spacing, self.today,
                            trs_path(f"/{code}/", "wjw"), ORG, CITY, sector="health")
        return Column(code, name, kind, f"/{code}/", items)

    def build(self) -> None:
        xwdt = self.column("xwdt", "卫健动态", "dynamic", "dynamic", 20, 11, 4)   # 11 days: warning only
        tzgg = self.column("tzgg", "通知公告", "notice", "notice", 10, 200, 20)   # stale (> 183 d)
        zcwj = self.column("zcwj", "政策文件", "policy", "policy", 6, 190, 40)    # stale (> 183 d)
        rsxx = self.column("rsxx", "人事信息", "should", "personnel", 4, 500, 60)  # stale (> 365 d)
        ghjh = self.column("ghjh", "规划计划", "should", "plan", 3, 370, 90)       # stale (> 365 d)
        ndbg = Column("ndbg", "政府信息公开年报", "other", "/ndbg/")
        annual_reports(ndbg, ORG, [self.today.year - 2, self.today.year - 3], self.today)  # last year missing
        self.columns = [xwdt, tzgg, zcwj, rsxx, ghjh, ndbg]
        self.nav = [Link("首页", "/")] + [Link(c.name, c.path) for c in self.columns] + [
            Link("领导信息", "/ldxx/")]
        self.blocks = [HomeBlock("卫健动态", xwdt, 7), HomeBlock("通知公告", tzgg, 6)]
        self.pages.append(Page("/ldxx/", "领导信息", f"<p>{LEADERS}</p>", nav="领导信息"))
        for item in xwdt.items[:6]:
            item.body.append("委领导王喆、李镕参加活动。")
        for n, charset in MISLABELLED.items():
            xwdt.items[n].meta["_charset"] = charset
            xwdt.items[n].body.append(f"（本页声明的编码为 {charset}，实际内容为 GBK 编码：王喆 李镕）")
        xwdt.items[2].body.append("市卫生和计划生育委员会相关科室负责同志参加会议。青山市卫生和计划生育委员会要求……")
        self.seed("WORDING-ERROR", self.url(xwdt.items[2].path),
                  "过时机构名称：“青山市卫生和计划生育委员会”（应为青山市卫生健康委员会）")
        self._links(xwdt)

    def _links(self, xwdt: Column) -> None:
        for path, title in (("/attach/xzzq/jkzd.pdf", "健康指导"), ("/attach/xzzq/sqb.docx", "申请表")):
            self.add_file(path, title)
        self.link_blocks = [("下载专区", [
            Link("基本公共卫生服务健康指导.pdf", "/attach/xzzq/jkzd.pdf", "attachment"),
            Link("医师执业注册申请表.docx", "/attach/xzzq/sqb.docx", "attachment"),
            Link("医疗机构信息汇总表.xls", "/attach/xzzq/yyxx.xls", "attachment",
                 dead="首页附件XLS不存在（404）")])]
        special.moved(self, "/zwgk/old_guide.html", "/zwgk/guide_2019.html")
        xwdt.items[1].links.append(Link("政务公开指南（旧）", "/zwgk/old_guide.html",
                                        dead="301跳转到不存在的页面（最终404）"))

    def render_item(self, req: Request, col: Column, item: Item) -> Response:
        resp = super().render_item(req, col, item)
        charset = item.meta.get("_charset")
        if charset and resp.status == 200:
            resp.content_type = f"text/html; charset={charset}"   # mislabelled: the bytes are GBK
        return resp

"""jyj.qingshan.gov.cn: 青山市教育局 on a Hanweb (大汉 jcms)-like CMS: datastore lists and dataproxy.jsp paging.

As on real Hanweb sites, a column page holds its first records in a datastore and its jpage script
POSTs to dataproxy.jsp for the later ones: paging in the query, the column in the form (FORM).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from govmon.demo import layout, special
from govmon.demo.content import dated_items, hanweb_path
from govmon.demo.gov_site import GovSite, HomeBlock, Page
from govmon.demo.model import Column, Identity, Item, Link, fmt_date
from govmon.demo.reports import annual_reports, yearly_sheet
from govmon.demo.web import Request, Response

ORG, CITY = "青山市教育局", "青山市"
UNITID = 5678
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
WEBNAME = "青山市教育局网站"
# jpage's ajaxParam, the form POSTed with every later page; columnid is the column's
FORM = {"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "", "sourceContentType": "1",
        "unitid": str(UNITID), "webname": WEBNAME, "permissiontype": "0"}


def id_number(first17: str) -> str:
    """An 18-digit 居民身份证号码 with its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def card_number(first_digits: str) -> str:
    """A bank card number: `first_digits` and the Luhn check digit that makes it valid."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(first_digits)):
        total += (digit * 2 - 9 if digit > 4 else digit * 2) if position % 2 == 0 else digit
    return first_digits + str(-total % 10)


LEAK_ID = id_number("36070219850612321")
LEAK_MOBILE = "13907105678"
BAD_CHECK_ID = LEAK_ID[:17] + ("0" if LEAK_ID[17] != "0" else "1")
# 学生资助名单 as a spreadsheet attachment: 身份证号, 手机号码 and 银行卡号 of every family, unmasked
AID_LIST = "\n".join([
    "秋季学期家庭经济困难学生资助资金发放名单",
    "序号\t学生姓名\t就读学校\t身份证号\t监护人手机\t开户银行\t银行卡号",
    f"1\t王梓涵\t青山市第三中学\t{id_number('36070220090315002')}\t13807101234\t中国农业银行\t"
    f"{card_number('622848001234567890')}",
    f"2\t李思雨\t青山市第五中学\t{id_number('36070220100721004')}\t15979102345\t中国农业银行\t"
    f"{card_number('622848009876543210')}",
    f"3\t张浩然\t青山市实验小学\t{id_number('36070220140102001')}\t18870103456\t中国建设银行\t"
    f"{card_number('621700123456789012')}",
])
# the same kind of list published properly: every number masked, office phones only
MASKED_LIST = "\n".join([
    "教师资格认定合格人员名单（已脱敏）",
    "索引号：014736521A/2026-00002",
    "序号 姓名 身份证号 联系电话",
    f"1 刘晓燕 {LEAK_ID[:4]}**********{LEAK_ID[-4:]} {LEAK_MOBILE[:3]}****{LEAK_MOBILE[-4:]}",
    "2 周鹏 3607************12 159****2345",
    "咨询电话：0710-1234890，监督电话：12345",
])


class JyjSite(GovSite):
    """Education bureau: stale news column, a privacy leak, and a different homepage over IPv6."""

    site_id = "qingshan-jyj-site"
    v6_mode = "home_differs"

    def identity(self) -> Identity:
        return Identity(self.site_id, WEBNAME, ORG, "jyj.qingshan.gov.cn", "3607000012",
                        "赣ICP备10012345号-1", "赣公网安备 36070202000156号", ORG, "0710-1234890")

    def column(self, col_id: int, name: str, kind: str, tkind: str, count: int, newest: int,
               spacing: int) -> Column:
        items = dated_items(f"jyj-{col_id}", tkind, count, newest, spacing, self.today, hanweb_path(col_id),
                            ORG, CITY, sector="edu")
        return Column(f"col{col_id}", name, kind, f"/col/col{col_id}/index.html", items, col_id=col_id)

    def build(self) -> None:
        jydt = self.column(1234, "教育动态", "dynamic", "dynamic", 25, 30, 2)     # stale: 30 days
        tzgg = self.column(1235, "通知公告", "notice", "notice", 12, 2, 9)
        # fresh decoy (< 183 d), listed oldest first: page 1 looks stale, the newest are on page 2
        zcwj = self.column(1236, "政策文件", "policy", "policy", 20, 150, 30)
        zcwj.oldest_first = True
        rsxx = self.column(1237, "人事信息", "should", "personnel", 5, 300, 40)  # fresh decoy (< 365 d)
        ndbg = Column("col1238", "政府信息公开年报", "other", "/col/col1238/index.html", col_id=1238)
        annual_reports(ndbg, ORG, [self.today.year - 1, self.today.year - 2], self.today, hanweb=1238)
        self.columns = [jydt, tzgg, zcwj, rsxx, ndbg]
        self.nav = [Link("首页", "/")] + [Link(c.name, c.path) for c in self.columns[:4]] + [
            Link("政府信息公开", "/col/col1238/index.html")]
        self.blocks = [HomeBlock("教育动态", jydt, 6), HomeBlock("通知公告", tzgg, 7)]
        self.routes[(self.host, DATAPROXY)] = self.dataproxy
        jydt.items[8].dead = "文章已删除：栏目数据岛中的条目指向404页面"
        jydt.items[8].status = 404
        self.add_status("/col/col1299/index.html", 410)
        special.loop(self, "/loop/a", "/loop/b")
        self.link_blocks = [("专题专栏", [
            Link("教育督导专题", "/col/col1299/index.html", dead="首页专题栏目已删除（410 Gone）"),
            Link("校园安全专题", "/loop/a", dead="首页链接重定向循环（/loop/a ⇄ /loop/b）")]),
            ("友情链接", [Link("青山市人民政府", f"http://www.qingshan.gov.cn:{self.farm.http_port}/", "external")]),
            ("网站年度报表", [yearly_sheet(self)])]
        self.add_status("/jsp/bm/index.jsp", 200)
        special.moved(self, "/art/2019/1/1/art_1235_1001.html", tzgg.items[0].path, 302)
        self.decoys.append(self.url("/art/2019/1/1/art_1235_1001.html"))
        tzgg.items[2].links += [Link("现场照片", "/picture/0/2511201034.jpg", "image", dead="文章内图片不存在（404）"),
                                Link("网上报名入口", "/jsp/bm/index.jsp", dead="软404：返回200但页面显示“页面不存在”"),
                                Link("原通知（已更新地址）", "/art/2019/1/1/art_1235_1001.html")]
        self._privacy(tzgg)

    def _privacy(self, tzgg: Column) -> None:
        """A leaking 公示 page and a leaking spreadsheet attachment (its page is clean); decoys: a
        page and a pdf attachment whose numbers are masked or not personal data."""
        day = self.today - timedelta(days=6)
        leak = Item(f"{day.year}年下半年中小学教师资格认定拟通过人员名单公示", day,
                    f"/art/{day.year}/{day.month}/{day.day}/art_1235_88001.html", source=ORG,
                    body=["根据教师资格认定有关规定，现将拟认定人员名单予以公示，公示期为5个工作日。"],
                    extra_html=("<table border='1'><tr><th>序号</th><th>姓名</th><th>身份证号</th><th>联系电话</th>"
                                f"<th>认定学段</th></tr><tr><td>1</td><td>刘晓燕</td><td>{LEAK_ID}</td>"
                                f"<td>{LEAK_MOBILE}</td><td>初级中学</td></tr></table>"
                                "<p>监督电话：0710-1234890</p>"))
        day2 = self.today - timedelta(days=16)
        decoy = Item(f"关于表彰{day2.year}年度全市教育系统先进个人的通报", day2,
                     f"/art/{day2.year}/{day2.month}/{day2.day}/art_1235_88002.html", source=ORG,
                     body=["经研究，决定对以下同志予以通报表彰。"],
                     extra_html=("<table border='1'><tr><th>姓名</th><th>身份证号</th></tr>"
                                 "<tr><td>陈静</td><td>3607021990****1234</td></tr>"
                                 f"<tr><td>周鹏</td><td>{BAD_CHECK_ID}</td></tr></table>"
                                 "<p>咨询电话：07108765432（办公室）</p>"))
        day3 = self.today - timedelta(days=10)
        aid = Item(f"关于{day3.year}年秋季学期家庭经济困难学生资助资金发放情况的公示", day3,
                   f"/art/{day3.year}/{day3.month}/{day3.day}/art_1235_88003.html", source=ORG,
                   body=["现将资助资金发放名单予以公示，详见附件。"],
                   links=[Link("附件：资助资金发放名单.xlsx", "/attach/0/xszz_ffmd.xlsx", "attachment")])
        self.add_file("/attach/0/xszz_ffmd.xlsx", AID_LIST)
        self.add_file("/attach/0/jszg_hgmd.pdf", MASKED_LIST)
        decoy.links.append(Link("附件：教师资格认定合格人员名单.pdf", "/attach/0/jszg_hgmd.pdf", "attachment"))
        tzgg.items += [leak, decoy, aid]
        self.seed("PRIVACY-LEAK", self.url(leak.path), "公示名单含未脱敏的身份证号和手机号码")
        self.seed("PRIVACY-LEAK", self.url("/attach/0/xszz_ffmd.xlsx"),
                  "附件（xlsx）资助名单含未脱敏的身份证号、手机号码和银行卡号", source_url=self.url(aid.path))
        self.decoys += [self.url(decoy.path), self.url(aid.path), self.url("/attach/0/jszg_hgmd.pdf")]

    # -- Hanweb lists ------------------------------------------------------------------------
    def list_paths(self, column: Column) -> list[list[str]]:
        out = [[column.path, column.path.removesuffix("index.html")]]
        for n in range(1, len(column.pages())):
            out.append([self.proxy_query(column, n * column.per_page + 1)])
        return out

    def proxy_query(self, col: Column, start: int) -> str:
        """A later page as one address: the paging jpage puts in the query, then its form."""
        end = start + col.per_page - 1
        return f"{DATAPROXY}?startrecord={start}&endrecord={end}&perpage={col.per_page}&{self.form_query(col)}"

    def form(self, col: Column) -> dict[str, str]:
        return {**FORM, "columnid": str(col.col_id)}

    def form_query(self, col: Column) -> str:
        return "&".join(f"{name}={quote(value)}" for name, value in self.form(col).items())

    def record(self, item: Item) -> str:
        return (f'<li><a href="{item.path}" title="{item.title}" target="_blank">{item.title}</a>'
                f'<span class="bt-data-time">{fmt_date(item.day)}</span></li>')

    def nextgroup(self, col: Column) -> str:
        """The datastore's link to the proxy, as Hanweb prints it (page=1, no record range)."""
        if len(col.items) <= col.per_page:
            return ""
        return f'<a href="{DATAPROXY}?page=1&{self.form_query(col)}"></a>'

    def render_list(self, req: Request, col: Column, n: int) -> Response:
        first = col.ordered()[: col.per_page]
        text = layout.render("hanweb_col.html", **self.context(
            self.host, column=col, records=[self.record(i) for i in first], total=len(col.items),
            nextgroup=self.nextgroup(col), proxy=DATAPROXY, form=self.form(col), column_name=col.name,
            current_nav=col.name, crumbs=self.crumbs(col, self.host), page_title=f"{col.name}_{self.ident.name}"))
        return self.respond(text, last_modified=col.newest())

    def dataproxy(self, req: Request) -> Response:
        """Records startrecord..endrecord of the column the form (or the query) names, as Hanweb's
        answer: a bare datastore with the record count, no next link."""
        p = req.params()
        col = next((c for c in self.columns if str(c.col_id) == p.get("columnid")), None)
        if col is None:
            return self.error(404)
        start = max(1, int(p.get("startrecord") or 1))
        end = int(p.get("endrecord") or start + col.per_page - 1)
        records = "".join(f"<record><![CDATA[\n{self.record(i)}]]></record>\n"
                          for i in col.ordered()[start - 1:end])
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{len(col.items)}</totalrecord>\n'
               f'<totalpage>{len(col.pages())}</totalpage>\n<recordset>\n{records}</recordset>\n</datastore>\n')
        return Response(200, xml.encode("utf-8"), "text/xml; charset=utf-8")

    def render_home_v6(self, req: Request) -> Response:
        """Over IPv6 the homepage is a stale maintenance page (IPV6-MISMATCH)."""
        page = Page("/", "网站维护公告", "<p>本站IPv6访问入口正在升级改造，部分栏目暂时无法访问，给您带来不便，敬请谅解。</p>"
                    "<p>如需办理业务，请拨打咨询电话。</p>")
        return self.render_page(req, page)

"""www.qingshan.gov.cn + xxgk.qingshan.gov.cn: the city portal (TRS WCM-like URLs), healthy-ish and fresh.

Its 政务公开 host xxgk is served over https, with a certificate that expires within 30 days (TLS-CERT).
"""

from __future__ import annotations

from govmon.demo import aux, special
from govmon.demo.content import dated_items, trs_path
from govmon.demo.gov_site import GovSite, HomeBlock, Page
from govmon.demo.interaction import board
from govmon.demo.model import Column, Identity, Link
from govmon.demo.policy import build_policy, qingshan_docs
from govmon.demo.reports import annual_reports, yearly_sheet

XXGK = "xxgk.qingshan.gov.cn"
ORG, CITY = "青山市人民政府", "青山市"


class QingshanPortal(GovSite):
    """The portal: the one site that must come out fresh, with a handful of broken links."""

    site_id = "qingshan-portal"
    extra_hosts = (XXGK,)
    https_hosts = (XXGK,)
    department = False

    def identity(self) -> Identity:
        return Identity(self.site_id, "青山市人民政府门户网站", ORG, "www.qingshan.gov.cn", "3607000001",
                        "赣ICP备12345678号-1", "赣公网安备 36070202000123号", "青山市人民政府办公室",
                        "0710-1234567", date_style="md")

    def column(self, code: str, name: str, kind: str, tkind: str, count: int, newest: int,
               spacing: int) -> Column:
        items = dated_items(f"qs-{code}", tkind, count, newest, spacing, self.today,
                            trs_path(f"/{code}/", "qs"), ORG, CITY, source=f"{CITY}人民政府办公室")
        return Column(code, name, kind, f"/{code}/", items)

    def build(self) -> None:
        p = self.farm.http_port
        zwdt = self.column("zwdt", "政务动态", "dynamic", "dynamic", 40, 0, 1)
        tzgg = self.column("tzgg", "通知公告", "notice", "notice", 18, 1, 7)
        bmdt = self.column("bmdt", "部门动态", "dynamic", "dynamic", 12, 13, 3)   # 13 days: fresh decoy
        rsxx = self.column("rsxx", "人事信息", "should", "personnel", 6, 400, 30)  # stale (> 365 d)
        ghjh = self.column("ghjh", "规划计划", "should", "plan", 5, 200, 60)       # fresh decoy (< 365 d)
        zcwj = Column("zcwj", "政策文件", "policy", "/xxgk/zcwj/", host=XXGK)
        zcjd = Column("zcjd", "政策解读", "policy", "/xxgk/zcjd/", host=XXGK)
        ndbg = Column("ndbg", "政府信息公开年报", "other", "/xxgk/ndbg/", host=XXGK)
        docs = build_policy(qingshan_docs(), self.today, ORG, XXGK, "014736521A", zcwj, zcjd)
        annual_reports(ndbg, ORG, [self.today.year - y for y in (1, 2, 3)], self.today)
        self.columns = [zwdt, tzgg, bmdt, rsxx, ghjh, zcwj, zcjd, ndbg]
        self.nav = [Link("首页", "/"), Link("政务动态", "/zwdt/"), Link("通知公告", "/tzgg/"),
                    Link("政府信息公开", self.url("/", XXGK)), Link("政策文件", self.url("/xxgk/zcwj/", XXGK)),
                    Link("人事信息", "/rsxx/"), Link("规划计划", "/ghjh/"), Link("互动交流", "/hdjl/"),
                    Link("办事服务", "/bsfw/")]
        self.blocks = [HomeBlock("政务动态", zwdt, 8), HomeBlock("通知公告", tzgg, 7),
                       HomeBlock("部门动态", bmdt, 5), HomeBlock("政策文件", zcwj, 5)]
        self._dead_items(zwdt, tzgg)
        self._home_links(p)
        self._pages(p)
        for item, spec in docs:
            for code, note in spec.defects:
                self.seed(code, self.url(item.path, XXGK), f"{note}：{spec.title}")
        zwdt.items[6].body.append("会议要求，各级市场监管部门要按照国家工商行政管理总局的统一部署，做好相关工作。")
        self.seed("WORDING-ERROR", self.url(zwdt.items[6].path),
                  "过时机构名称：“国家工商行政管理总局”（应为国家市场监督管理总局）")

    def _dead_items(self, zwdt: Column, tzgg: Column) -> None:
        """Broken links inside articles (where = other) plus OK redirects that must not be flagged."""
        zwdt.items[20].dead = "文章已删除：列表第2页条目指向404页面"
        zwdt.items[20].status = 404
        for path, title in (("/attach/tzgg/fj1_gsmd.pdf", "公示名单"), ("/attach/tzgg/fj3_sbb.docx", "申报表"),
                            ("/attach/tzgg/fj5_mdb.xls", "汇总表")):
            self.add_file(path, title)
        tzgg.items[1].links += [
            Link("附件1：公示名单.pdf", "/attach/tzgg/fj1_gsmd.pdf", "attachment"),
            Link("附件2：实施细则.pdf", "/attach/tzgg/fj2_ssxz.pdf", "attachment", dead="附件PDF不存在（404）"),
            Link("附件3：申报表.docx", "/attach/tzgg/fj3_sbb.docx", "attachment"),
            Link("附件4：报名表.docx", "/attach/tzgg/fj4_bmb.docx", "attachment", dead="附件DOCX不存在（404）"),
            Link("附件5：汇总表.xls", "/attach/tzgg/fj5_mdb.xls", "attachment")]
        self.add_status("/tzgg/202503/t20250312_410410.html", 410)
        tzgg.items[3].links.append(Link("关于调整部分公交线路的通告（已撤回）", "/tzgg/202503/t20250312_410410.html",
                                        dead="页面已删除（410 Gone）"))
        zwdt.items[2].links += [
            Link("往期报道", "/zwdt/201912/t20191203_100001.html", dead="页面不存在（404）"),
            Link("青山市政务数据共享平台", "http://www.closed.demo.test:1/", "external",
                 dead="外部链接连接被拒绝（端口无服务）")]
        self.routes[(self.host, "/cms/search.jsp")] = lambda r: self.error(500)
        special.loop(self, "/loop/a", "/loop/b")
        zwdt.items[5].links += [Link("专题报道", "/loop/a", dead="重定向循环（/loop/a ⇄ /loop/b）"),
                                Link("站内检索", "/cms/search.jsp?channelid=1234", dead="服务器内部错误（500）")]
        first = special.chain(self, "/chain/", 9, "/zwdt/")
        special.slow(self, "/tjsj/query.jsp")
        zwdt.items[9].links += [Link("统计数据查询", "/tjsj/query.jsp", needs_timeout=True,
                                     dead="响应超时（慢于爬虫超时，默认20秒）"),
                                Link("历史专题", first, dead="重定向链过长（9次跳转）")]
        special.moved(self, "/zwdt/old.html", "/zwdt/")
        special.chain(self, "/go/", 3, "/zwdt/")
        zwdt.items[12].links += [Link("政务动态（旧版）", "/zwdt/old.html"), Link("更多动态", "/go/1")]
        self.decoys += [self.url("/zwdt/old.html"), self.url("/go/1")]

    def _home_links(self, p: int) -> None:
        """Homepage link blocks: images, 专题, new-media accounts and friendly links."""
        self.add_status("/ztzl/wmcj/", 200)
        special.moved(self, "/ztzl/old/", "/ztzl/yhyshj/")
        self.decoys += [self.url("/ztzl/old/"), f"http://{aux.SHENG}:{p}{aux.HEAD_405}"]
        self.link_blocks = [
            ("图片新闻", [Link("市领导调研重点项目建设", "/images/tpxw_1.jpg", "image"),
                         Link("全市安全生产工作会议召开", "/images/tpxw_2.jpg", "image"),
                         Link("青山春色", "/uploadfiles/2026/tpxw_03.jpg", "image", dead="首页图片不存在（404）")]),
            ("专题专栏", [Link("优化营商环境", "/ztzl/yhyshj/"),
                         Link("2024年专题", "/ztzl/2024zt/", dead="首页专题链接不存在（404）"),
                         Link("文明城市创建", "/ztzl/wmcj/", dead="软404：返回200但页面显示“页面不存在”"),
                         Link("营商环境（旧址）", "/ztzl/old/")]),
            ("政务新媒体", [Link("微信公众号：青山发布", f"http://rss.demo.test:{p}/wechat/qingshanfabu.xml", "external"),
                          Link("微信公众号：青山市政府", f"http://rss.demo.test:{p}/wechat/qingshanzhengfu.xml", "external"),
                          Link("政务微博：青山市政府网", f"http://rss.demo.test:{p}/weibo/qingshanzhengfu.xml", "external")]),
            ("友情链接", [Link("省人民政府", f"http://{aux.SHENG}:{p}/", "external"),
                         Link("青山市教育局", f"http://jyj.qingshan.gov.cn:{p}/", "external"),
                         Link("青山市卫生健康委员会", f"http://wjw.qingshan.gov.cn:{p}/", "external"),
                         Link("河西区人民政府", f"http://www.hexi.gov.cn:{p}/", "external"),
                         Link("河西文旅网", f"http://www.hexilvyou.com:{p}/", "external"),
                         Link("青山人才网", "http://www.qsrencai.demo.test/", "external",
                              dead="外部链接域名无法解析（NXDOMAIN）")]),
            ("网站年度报表", [yearly_sheet(self)])]

    def _pages(self, p: int) -> None:
        sheng = f"http://{aux.SHENG}:{p}"
        self.pages += [
            Page("/ztzl/yhyshj/", "优化营商环境", "<p>优化营商环境专题：政策汇编、办事指南、投诉举报。</p>"),
            Page("/bsfw/", "办事服务", "<p>个人办事、法人办事、部门服务、便民服务。</p>", nav="办事服务", links=[
                Link("办事指南", "/bsfw/bszn/"),
                Link("政务公开（旧入口）", "/zwgk/"),
                Link("省政务服务网", f"{sheng}{aux.HEAD_405}", "external"),
                Link("部门办事系统", f"{sheng}{aux.SUSPECT['403']}", "external", suspect="403 禁止访问"),
                Link("办件进度查询", f"{sheng}{aux.SUSPECT['429']}", "external",
                     suspect="429 请求过多（带 Retry-After）"),
                Link("电子证照下载", f"{sheng}{aux.SUSPECT['waf']}", "external", suspect="WAF 验证码拦截页"),
                Link("协同办公系统", f"{sheng}{aux.SUSPECT['401']}", "external", suspect="401 需要登录")]),
            Page("/bsfw/bszn/", "办事指南", "<p>请选择事项查看办事指南。</p>", nav="办事服务"),
            Page("/hdjl/", "互动交流", "<p>市长信箱、在线访谈、征集调查。</p>", nav="互动交流",
                 links=[Link("领导信箱", "/hdjl/ldxx/")]),
            Page("/", "政府信息公开", "<p>政府信息公开指南、制度、法定主动公开内容、年报。</p>", host=XXGK,
                 nav="政府信息公开", links=[Link(t, h) for t, h in (
                     ("政府信息公开指南", "/xxgk/xxgkzn/"), ("政府信息公开制度", "/xxgk/xxgkzd/"),
                     ("政策文件", "/xxgk/zcwj/"), ("政策解读", "/xxgk/zcjd/"),
                     ("政府信息公开年报", "/xxgk/ndbg/"))]),
            Page("/xxgk/xxgkzn/", "政府信息公开指南", "<p>本指南依据《中华人民共和国政府信息公开条例》编制。</p>",
                 host=XXGK, nav="政府信息公开"),
            Page("/xxgk/xxgkzd/", "政府信息公开制度", "<p>主动公开、依申请公开、保密审查、监督保障制度。</p>",
                 host=XXGK, nav="政府信息公开")]
        special.moved(self, "/zwgk/", self.url("/", XXGK))
        self.decoys.append(self.url("/zwgk/"))
        msgs = board(self, "/hdjl/ldxx/", "领导信箱", "青山市人民政府办公室",
                     [3, 12, 20, 33, 47, 61, 75, 100, 130, 160, 200, 250], {0: None, 7: None})
        self.seed("INTERACTION-UNANSWERED", self.url(msgs[7].href),
                  f"留言超过90天未答复（来信时间 {msgs[7].asked}）", source_url=self.url("/hdjl/ldxx/"))

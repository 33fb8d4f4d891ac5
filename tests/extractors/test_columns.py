"""crawler/extractors/columns.py: column links, list pages, kinds and paging, on hand-written pages,
the real article pages of ../shared/realpages, and the demo farm checked against its answer key."""

from __future__ import annotations

import http.client
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import html as lxml_html

from crawler.extractors.columns import (
    ColumnLink,
    ListPage,
    classify,
    clean_name,
    column_links,
    list_page,
    needs_next_page,
)
from crawler.extractors.listing import ListItem
from crawler.extractors.page import parse_html
from crawler.extractors.pagination import datastore_tree, page_number
from govmon.demo.answers import fresh_decoys, seeded_defects
from govmon.demo.farm import Farm

ROOT = Path(__file__).resolve().parents[2]
REALPAGES = ROOT.parent / "shared" / "realpages"
RULES = yaml.safe_load((ROOT / "config" / "rules.yaml").read_text(encoding="utf-8"))["columns"]
KEYWORDS, WINDOWS = RULES["kind_keywords"], RULES["windows_days"]
TODAY = date(2022, 8, 1)
SITE = "http://www.example.gov.cn"


def tree_of(body: str, head: str = "") -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def in_site(url: str) -> bool:
    return urlsplit(url).hostname == "www.example.gov.cn"


NAV = """<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li>
<li><a href="javascript:;">政务公开</a><ul class="sub"><li><a href="/xxgk/tzgg/">通知公告</a></li>
<li><a href="/xxgk/zcwj/">政策文件</a></li></ul></li><li><a href="http://www.gov.cn/">中国政府网</a></li></ul></div>"""
FOOTER = '<div class="footer"><a href="/wzdt/">网站地图</a> <a href="/lxwm/">联系我们</a> 网站标识码：3607000001</div>'
SIDEBAR = """<div class="hot-news"><h3>热点信息</h3><ul>
<li><a href="/zwdt/202208/t20220731_9.html">热点一</a><span>2022-07-31</span></li>
<li><a href="/zwdt/202208/t20220730_8.html">热点二</a><span>2022-07-30</span></li></ul></div>"""


# -- list_page: TRS with index_N.html paging ------------------------------------------------------
TRS_LIST = f"""{NAV}
<div class="crumb">您当前所在位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政务公开</a> &gt; <a href="./">通知公告</a></div>
{SIDEBAR}
<div class="list-page"><div class="list-title"><h2>通知公告</h2></div>
<ul class="list">
  <li><span class="top">[置顶]</span><a href="./202101/t20210105_1.html">关于公布监督电话的公告</a><span>2021-01-05</span></li>
  <li><a href="./202207/t20220726_2.html" title="关于做好防汛工作的通知">关于做好防汛…</a><span>2022-07-26</span></li>
  <li><a href="./202207/t20220720_3.html">关于开展安全检查的通知</a><span>2022-07-20</span></li>
  <li><a href="./202207/t20220715_4.html">关于调整办公时间的公告</a><span>2022-07-15</span></li>
</ul>
<div class="page"><script>createPageHTML(5, 0, "index", "html");</script>
<a href="index.html">首页</a> <span class="cur">1</span> <a href="index_1.html">2</a> <a href="index_2.html">3</a>
<a href="index_1.html">下一页</a> <a href="index_4.html">尾页</a> <span>共5页</span></div></div>
{FOOTER}"""


def test_trs_list_with_index_paging() -> None:
    page = list_page(tree_of(TRS_LIST), f"{SITE}/xxgk/tzgg/", TODAY)
    assert page is not None and page.name == "通知公告"  # the breadcrumb's last element
    assert [item.title for item in page.items] == [
        "关于公布监督电话的公告", "关于做好防汛工作的通知", "关于开展安全检查的通知", "关于调整办公时间的公告"]
    assert page.newest == date(2022, 7, 26) and not page.empty  # not the sidebar's 07-31
    assert page.pagination == tuple(f"{SITE}/xxgk/tzgg/index_{n}.html" for n in range(1, 5))
    assert page.total_pages == 5
    assert page.pinned == (f"{SITE}/xxgk/tzgg/202101/t20210105_1.html",)


def test_trs_second_page_pages_on_from_itself() -> None:
    body = TRS_LIST.replace('createPageHTML(5, 0,', 'createPageHTML(5, 1,').replace(
        '<a href="index_1.html">下一页</a>', '<a href="index_2.html">下一页</a>')
    page = list_page(tree_of(body), f"{SITE}/xxgk/tzgg/index_1.html", TODAY)
    assert page is not None and page.pagination[0] == f"{SITE}/xxgk/tzgg/index_2.html"
    assert f"{SITE}/xxgk/tzgg/index_1.html" not in page.pagination and len(page.pagination) == 3


def test_trs_script_only_pager() -> None:
    """TRS often writes the pager with JavaScript alone: the script still names the pages."""
    body = re.sub(r"<a href=\"index[^>]*>[^<]*</a>", "", TRS_LIST).replace("共5页", "")
    page = list_page(tree_of(body), f"{SITE}/xxgk/tzgg/index.html", TODAY)
    assert page is not None and page.total_pages == 5 and len(page.pagination) == 4


def test_trs_pager_from_script_variables() -> None:
    body = TRS_LIST.replace('createPageHTML(5, 0, "index", "html");',
                            'var countPage = 3; var currentPage = 0; var prefix = "index"; var suffix = "shtml";'
                            ' createPageHTML(countPage, currentPage, prefix, suffix);')
    body = re.sub(r"<a href=\"index[^>]*>[^<]*</a>", "", body).replace("共5页", "")
    page = list_page(tree_of(body), f"{SITE}/xxgk/tzgg/", TODAY)
    assert page is not None and page.total_pages == 3
    assert page.pagination == (f"{SITE}/xxgk/tzgg/index_1.shtml", f"{SITE}/xxgk/tzgg/index_2.shtml")


def test_pager_in_a_list_is_not_list_items() -> None:
    body = f"""{NAV}<h2>新闻动态</h2><ul class="news"><li><a href="/xw/1.html">新闻一篇</a>2022-07-30</li>
<li><a href="/xw/2.html">新闻二篇</a>2022-07-29</li></ul>
<ul class="pagination"><li><span>1</span></li><li><a href="/xw/list_2.html">2</a></li>
<li><a href="/xw/list_3.html">3</a></li><li><a href="/xw/list_2.html">&raquo;</a></li></ul>{FOOTER}"""
    page = list_page(tree_of(body), f"{SITE}/xw/list.html", TODAY)
    assert page is not None and [item.url for item in page.items] == [f"{SITE}/xw/1.html", f"{SITE}/xw/2.html"]
    assert page.pagination == (f"{SITE}/xw/list_2.html", f"{SITE}/xw/list_3.html")


# -- list_page: Hanweb datastore and dataproxy.jsp ------------------------------------------------
PROXY = "/module/web/jpage/dataproxy.jsp"


def hanweb_records(days: list[int], col: int = 1234) -> str:
    rows = []
    for n, age in enumerate(days):
        day = TODAY - timedelta(days=age)
        rows.append(f"<record><![CDATA[\n<li><a href=\"/art/{day.year}/{day.month}/{day.day}/art_{col}_{n}.html\" "
                    f"title=\"教育动态{n}\">教育动态{n}</a><span class=\"bt-data-time\">{day}</span></li>]]></record>")
    return "\n".join(rows)


HANWEB_COL = f"""{NAV}<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1234/index.html">教育动态</a></div>
<div class="list-page"><div class="list-title"><h2>教育动态</h2></div>
<div id="1234" class="default_pgContainer"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{PROXY}?startrecord=16&endrecord=30&perpage=15&columnid=1234&unitid=5678"></a>]]>
</nextgroup>
<recordset>{hanweb_records(list(range(3, 18)))}</recordset></datastore></script></div>
<script>var pageParam = {{columnid: 1234, unitid: 5678, totalRecord: 40, perPage: 15}};</script></div>{FOOTER}"""


def test_hanweb_datastore_and_dataproxy_paging() -> None:
    page = list_page(tree_of(HANWEB_COL, '<meta name="ColumnName" content="教育动态">'),
                     f"{SITE}/col/col1234/index.html", TODAY)
    assert page is not None and page.name == "教育动态" and len(page.items) == 15
    assert page.newest == TODAY - timedelta(days=3)
    assert page.items[0].url == f"{SITE}/art/2022/7/29/art_1234_0.html"
    assert page.pagination == (f"{SITE}{PROXY}?startrecord=16&endrecord=30&perpage=15&columnid=1234&unitid=5678",
                               f"{SITE}{PROXY}?startrecord=31&endrecord=45&perpage=15&columnid=1234&unitid=5678")
    assert page.total_pages == 3


def test_dataproxy_answer_reads_as_the_next_page() -> None:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore><nextgroup><![CDATA[<a href="{PROXY}?startrecord=31'
           f'&endrecord=45&perpage=15&columnid=1234"></a>]]></nextgroup><recordset>{hanweb_records([20, 22, 25])}'
           "</recordset><totalrecord>40</totalrecord></datastore>")
    url = f"{SITE}{PROXY}?startrecord=16&endrecord=30&perpage=15&columnid=1234"
    page = list_page(datastore_tree(xml), url, TODAY, name_hint="教育动态")
    assert page is not None and page.name == "教育动态" and len(page.items) == 3
    assert page.pagination == (f"{SITE}{PROXY}?startrecord=31&endrecord=45&perpage=15&columnid=1234",)
    assert page_number(url) == 2


def test_hanweb_bare_nextgroup_asks_for_the_next_records() -> None:
    body = HANWEB_COL.replace("?startrecord=16&endrecord=30&perpage=15&", "?page=1&")
    page = list_page(tree_of(body), f"{SITE}/col/col1234/index.html", TODAY)
    assert page is not None and page.pagination[0] == (
        f"{SITE}{PROXY}?page=1&columnid=1234&unitid=5678&startrecord=16&endrecord=30&perpage=15")


def test_empty_hanweb_datastore_is_an_empty_column() -> None:
    body = HANWEB_COL.replace(hanweb_records(list(range(3, 18))), "").replace(
        '<div id="1234"', '<div class="no-data">暂无信息</div><div id="1234"')
    page = list_page(tree_of(body), f"{SITE}/col/col1234/index.html", TODAY)
    assert page is not None and page.empty and page.empty_text == "暂无信息" and page.newest is None


# -- list_page: ?page=2 and table lists ------------------------------------------------------------
QUERY_LIST = f"""{NAV}<div class="content"><h3 class="lm-title">工作动态</h3>
<div class="news"><div class="item"><a href="/news/show.php?id=31">全市召开工作推进会</a><span>2022年7月28日</span></div>
<div class="item"><a href="/news/show.php?id=30">领导调研重点项目</a><span>2022年7月21日</span></div></div>
<div class="calendar"><a href="/news/?day=1">1</a><a href="/news/?day=2">2</a></div>
<div class="pagination"><a href="/news/?page=1">1</a> <a href="/news/?page=2">2</a> <a href="/news/?page=3">3</a>
<a href="/news/?page=2">下一页</a></div></div>{FOOTER}"""


def test_query_paged_list() -> None:
    page = list_page(tree_of(QUERY_LIST), f"{SITE}/news/", TODAY)
    assert page is not None and page.name == "工作动态"  # the heading above the list
    assert [item.date for item in page.items] == [date(2022, 7, 28), date(2022, 7, 21)]
    assert page.pagination == (f"{SITE}/news/?page=2", f"{SITE}/news/?page=3")  # not page 1, not the calendar
    assert page.total_pages is None


def test_table_list() -> None:
    body = f"""{NAV}<div class="zfxxgk"><table class="xxgk-list"><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>
<tr><td>1</td><td><a href="/xxgk/zcwj/202207/t20220718_1.html">关于印发实施方案的通知</a></td><td>2022-07-18</td></tr>
<tr><td>2</td><td><a href="/xxgk/zcwj/202206/t20220602_2.html">管理办法</a></td><td>2022-06-02</td></tr>
<tr><td>3</td><td><a href="/xxgk/zcwj/202205/t20220510_3.html">若干措施</a></td><td>2022-05-10</td></tr>
</table></div>{FOOTER}"""
    page = list_page(tree_of(body, '<meta name="ColumnName" content="政策文件">'), f"{SITE}/xxgk/zcwj/", TODAY)
    assert page is not None and page.name == "政策文件" and len(page.items) == 3 and page.newest == date(2022, 7, 18)
    assert page.pagination == () and page.total_pages is None


def test_year_less_dates_take_the_url_year() -> None:
    """[11-22] alone reads as this year; t20201122 in the URL says the item is from 2020 (a stale column)."""
    body = f"""{NAV}<h2>人事信息</h2><ul class="list">
<li><a href="/rsxx/202011/t20201122_1.html">任职前公示</a><span>[11-22]</span></li>
<li><a href="/rsxx/202007/t20200710_2.html">招聘公告</a><span>[07-10]</span></li>
<li><a href="/rsxx/list_3.html">人事任免名单</a><span>[07-01]</span></li></ul>{FOOTER}"""
    page = list_page(tree_of(body), f"{SITE}/rsxx/", date(2022, 11, 30))
    assert page is not None
    assert [item.date for item in page.items] == [date(2020, 11, 22), date(2020, 7, 10), date(2022, 7, 1)]


def test_adjacent_date_cells_still_date_the_row() -> None:
    body = f"""{NAV}<h2>领导信箱</h2><table><tbody>
<tr><td>XJ001</td><td><a href="/hdjl/d1.html">关于道路维修的咨询</a></td><td>2022-07-20</td><td>2022-07-25</td></tr>
<tr><td>XJ002</td><td><a href="/hdjl/d2.html">关于公交线路的建议</a></td><td>2022-06-02</td><td></td></tr>
</tbody></table>{FOOTER}"""
    page = list_page(tree_of(body), f"{SITE}/hdjl/", TODAY)
    assert page is not None and [item.date for item in page.items] == [date(2022, 7, 25), date(2022, 6, 2)]


# -- list_page: empty columns ---------------------------------------------------------------------
def test_empty_column_saying_zanwu_xinxi() -> None:
    body = f"""{NAV}<div class="crumb">您的位置：<a href="/">首页</a> &gt; 人事信息</div>
<div class="sub-columns"><ul><li><a href="/rsxx/rsrm/">人事任免</a></li><li><a href="/rsxx/zkly/">招考录用</a></li></ul></div>
<div class="list-page"><h2>人事信息</h2><div class="no-data">暂无信息</div></div>{FOOTER}"""
    page = list_page(tree_of(body), f"{SITE}/rsxx/", TODAY)
    assert page is not None and page.name == "人事信息" and page.empty and page.empty_text == "暂无信息"
    assert page.items == () and page.newest is None


def test_empty_ul_is_an_empty_column() -> None:
    body = f'{NAV}<div class="list-page"><div class="list-title"><h2>规划计划</h2></div>' \
           f'<ul class="list"></ul></div>{FOOTER}'
    page = list_page(tree_of(body), f"{SITE}/ghjh/", TODAY, name_hint="规划计划")
    assert page is not None and page.empty and page.empty_text is None and page.name == "规划计划"


def test_zanwu_in_a_side_box_does_not_empty_a_full_list() -> None:
    body = TRS_LIST.replace(SIDEBAR, '<div class="side"><h3>在线访谈</h3><p>暂无数据</p></div>')
    page = list_page(tree_of(body), f"{SITE}/xxgk/tzgg/", TODAY)
    assert page is not None and not page.empty and page.empty_text is None


# -- list_page: not list pages --------------------------------------------------------------------
ARTICLE = f"""{NAV}<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwdt/">政务动态</a> &gt; 正文</div>
<div class="article"><h1>全市召开安全生产工作会议</h1><div class="info">发布时间：2022-07-26 09:30 来源：市政府办</div>
<div class="content"><p>7月26日，全市安全生产工作会议召开。</p><p>会议要求压实责任。</p></div>
<div class="related"><p>相关链接：</p><ul><li><a href="/zwdt/202207/t20220720_1.html">往期报道一</a> 2022-07-20</li>
<li><a href="/zwdt/202207/t20220715_2.html">往期报道二</a> 2022-07-15</li></ul></div></div>{FOOTER}"""


@pytest.mark.parametrize("head", ["", '<meta name="ArticleTitle" content="全市召开安全生产工作会议">'])
def test_article_page_is_not_a_list(head: str) -> None:
    assert list_page(tree_of(ARTICLE, head), f"{SITE}/zwdt/202207/t20220726_5.html", TODAY) is None


def test_hanweb_article_with_a_related_datastore_is_not_a_list() -> None:
    store = f'<script type="text/xml"><datastore><recordset>{hanweb_records([30])}</recordset></datastore></script>'
    tree = tree_of(ARTICLE.replace("</div></div>", f"</div>{store}</div>"), '<meta name="ArticleTitle" content="会议">')
    assert list_page(tree, f"{SITE}/art/2022/7/26/art_1234_5.html", TODAY) is None


def test_text_page_is_not_a_list() -> None:
    body = f"{NAV}<div class='page-content'><h2>机构职能</h2><p>{'负责全市政府网站的建设和管理工作。' * 40}</p></div>{FOOTER}"
    assert list_page(tree_of(body), f"{SITE}/jgzn/", TODAY) is None


REAL_ARTICLES = sorted(path.name for path in REALPAGES.glob("*.html")) if REALPAGES.is_dir() else []


@pytest.mark.parametrize("name", REAL_ARTICLES)
def test_real_article_pages_are_not_lists(name: str) -> None:
    tree = parse_html((REALPAGES / name).read_text(encoding="utf-8"))
    assert list_page(tree, "http://www.example.gov.cn/art/2019/9/18/art_1_1.html", date(2024, 1, 1)) is None


# -- column_links and the homepage ----------------------------------------------------------------
HOME = f"""<div class="header"><a class="logo" href="/"><h1>某市人民政府</h1></a></div>{NAV}
<div class="block"><div class="block-title"><h3>通知公告</h3><a class="more" href="/xxgk/tzgg/">更多&gt;&gt;</a></div>
<ul><li><a href="/xxgk/tzgg/202207/t20220726_2.html">关于做好防汛工作的通知</a>[07-26]</li></ul></div>
<div class="block"><div class="tit"><span>部门动态</span><a href="/bmdt/"> more+ </a></div>
<ul><li><a href="/bmdt/202207/t20220725_7.html">部门动态一</a>[07-25]</li></ul></div>
<div class="block"><h3><a href="/ztzl/">专题专栏</a></h3><ul><li><a href="/ztzl/yhyshj/">优化营商环境</a></li></ul></div>
<div class="block"><div class="block-title"><h3>人事信息</h3>
<a href="/rsxx/" title="人事信息"><img src="/images/more.gif" alt="更多"></a></div></div>
<div class="block"><div class="block-title"><h3>下载专区</h3><a class="more" href="/files/list.pdf">更多</a></div></div>
{FOOTER}"""


def test_homepage_columns_from_nav_and_blocks() -> None:
    links = column_links(tree_of(HOME), f"{SITE}/", in_site)
    assert links == [
        ColumnLink(f"{SITE}/zwdt/", "政务动态", "nav"),
        ColumnLink(f"{SITE}/xxgk/tzgg/", "通知公告", "nav"),  # a second-level menu entry
        ColumnLink(f"{SITE}/xxgk/zcwj/", "政策文件", "nav"),
        ColumnLink(f"{SITE}/bmdt/", "部门动态", "block"),  # named by its block's heading, not "more+"
        ColumnLink(f"{SITE}/ztzl/", "专题专栏", "block"),
        ColumnLink(f"{SITE}/rsxx/", "人事信息", "block"),
    ]  # no 首页, javascript:, external, footer, article or attachment link


@pytest.mark.parametrize(("shown", "name"), [
    ("通知公告 更多>>", "通知公告"), ("[更多]政务动态", "政务动态"), ("人事信息（任免）", "人事信息（任免）"),
    ("工作动态MORE+", "工作动态"), ("  政策 文件 ", "政策文件"), ("领导信息：", "领导信息"),
])
def test_clean_name(shown: str, name: str) -> None:
    assert clean_name(shown) == name


def test_homepage_is_not_a_list_page() -> None:
    assert list_page(tree_of(HOME), f"{SITE}/", TODAY) is None
    assert list_page(tree_of(HOME), f"{SITE}/portal/landing.html", TODAY) is None  # blocks with 更多


def test_list_page_items_are_no_column_links() -> None:
    names = [link.name for link in column_links(tree_of(TRS_LIST), f"{SITE}/xxgk/tzgg/", in_site)]
    assert names == ["政务动态", "通知公告", "政策文件"]


# -- classify -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "kind"), [
    ("工作动态", "dynamic"), ("要闻", "dynamic"), ("通知公告", "notice"), ("公示公告", "notice"),
    ("政策文件", "policy"), ("政策解读", "policy"), ("规范性文件", "policy"), ("政策法规", "policy"),
    ("人事任免", "should_update"), ("规划计划", "should_update"), ("人事信息", "should_update"),
    ("人事动态", "should_update"), ("人事公示", "should_update"), ("政策动态", "policy"),
    ("领导信息", None), ("互动交流", None), ("政府信息公开年报", None),
])
def test_classify_by_keywords(name: str, kind: str | None) -> None:
    assert classify(name, KEYWORDS, {}) == kind


def test_longest_keyword_wins() -> None:
    keywords = {**KEYWORDS, "dynamic": [*KEYWORDS["dynamic"], "政策动态"]}
    assert classify("政策动态", keywords, {}) == "dynamic"


def test_overrides_by_name_and_url_prefix() -> None:
    overrides = {"领导信息": "should_update", "/xxgk/zcjd": "exclude", "http://xxgk.example.gov.cn/gkml/": "policy",
                 "/xxgk/zcjd/sjjd/": "policy"}
    assert classify("领导信息", KEYWORDS, overrides) == "should_update"
    assert classify("政策解读", KEYWORDS, overrides, f"{SITE}/xxgk/zcjd/index.html") == "exclude"
    assert classify("政策解读", KEYWORDS, overrides, f"{SITE}/xxgk/zcjd/sjjd/") == "policy"  # the longer prefix
    assert classify("政策解读", KEYWORDS, overrides, f"{SITE}/xxgk/zcjd2/") == "policy"  # whole segments only
    assert classify("工作动态", KEYWORDS, overrides, "http://xxgk.example.gov.cn/gkml/gzdt/") == "policy"
    assert classify("工作动态", KEYWORDS, overrides, f"{SITE}/gkml/gzdt/") == "dynamic"


# -- needs_next_page ------------------------------------------------------------------------------
def listed(dates: list[int | None], pinned: int = 0, pages: int = 1) -> ListPage:
    items = tuple(ListItem(f"t{n}", f"{SITE}/a/{n}.html", TODAY - timedelta(days=d) if d is not None else None)
                  for n, d in enumerate(dates))
    newest = max((i.date for i in items if i.date), default=None)
    return ListPage(f"{SITE}/a/", "a", items, newest, not items, None,
                    tuple(f"{SITE}/a/index_{n}.html" for n in range(1, pages)), pages,
                    tuple(i.url for i in items[:pinned]))


@pytest.mark.parametrize(("page", "needed"), [
    (listed([20, 25, 30], pages=3), False),          # newest first: page 1 holds the newest
    (listed([2, 5, 9], pages=3), False),             # fresh: nothing later can change that
    (listed([20, 25, 30]), False),                   # no next page
    (listed([None, None, None], pages=3), True),     # undated: page 1 says nothing
    (listed([400, 380, 30, 40], pinned=2, pages=3), False),  # 置顶 rows, then newest first
    (listed([400, 380], pinned=2, pages=3), True),   # only 置顶 rows on page 1
    (listed([300, 200, 100], pages=3), True),        # oldest first: the newest is further on
])
def test_needs_next_page(page: ListPage, needed: bool) -> None:
    assert needs_next_page(page, 14, TODAY) is needed


def test_list_page_as_dict_is_json() -> None:
    page = list_page(tree_of(TRS_LIST), f"{SITE}/xxgk/tzgg/", TODAY)
    facts = json.loads(json.dumps(page.as_dict()))
    assert facts["newest"] == "2022-07-26" and facts["items"][1]["date"] == "2022-07-26"
    assert facts["pagination"][0].endswith("index_1.html") and facts["total_pages"] == 5


# -- the demo farm, against its answer key --------------------------------------------------------
KIND_NAMES = {"动态类": "dynamic", "通知公告类": "notice", "政策文件类": "policy", "应更新类": "should_update"}


@pytest.fixture(scope="module")
def farm():
    with Farm() as started:
        yield started


def fetch_tree(url: str) -> lxml_html.HtmlElement:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=5)
    try:
        for _ in range(3):  # jtj.hexi.gov.cn answers 503 to every fifth homepage request
            connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                               headers={"Host": parts.netloc})
            response = connection.getresponse()
            body = response.read()
            if response.status == 200:
                break
        assert response.status == 200, url
        charset = re.search(r"charset=([\w-]+)", response.getheader("Content-Type") or "")
        text = body.decode(charset.group(1) if charset else "utf-8")  # wjw serves GBK
    finally:
        connection.close()
    return datastore_tree(text) if text.lstrip().startswith("<?xml") else parse_html(text)


def farm_list(farm: Farm, url: str) -> ListPage:
    page = list_page(fetch_tree(url), url, farm.today)
    assert page is not None, url
    return page


def test_farm_empty_columns(farm: Farm) -> None:
    empties = [d for d in seeded_defects(farm) if d.code == "COLUMN-EMPTY"]
    assert empties  # the key seeds five (the veto line)
    for defect in empties:
        page = farm_list(farm, defect.url)
        assert page.empty and page.items == () and page.newest is None, defect.url
        assert page.name in defect.note


def test_farm_stale_columns(farm: Farm) -> None:
    """Stale columns read from their HTML; those a script lists are read rendered (tests/farm)."""
    stale = [d for d in seeded_defects(farm) if d.code == "COLUMN-STALE" and not d.needs_render]
    assert stale
    for defect in stale:
        kind_name, name = re.search(r"(\S+类)栏目“(.+?)”", defect.note).groups()
        page = farm_list(farm, defect.url)
        kind = classify(page.name, KEYWORDS, {})
        assert (page.name, kind) == (name, KIND_NAMES[kind_name]), defect.url
        assert not page.empty and (farm.today - page.newest).days >= WINDOWS[kind], defect.url
        assert str(page.newest) in defect.note  # the key's own newest date
        assert not needs_next_page(page, WINDOWS[kind], farm.today)


def test_farm_fresh_decoy_columns(farm: Farm) -> None:
    """Fresh columns near their window are fresh, reading on where the first page cannot tell
    (jyj's 政策文件 lists oldest first); a script's lists are read rendered (tests/farm)."""
    columns = {site.url(site.list_paths(col)[0][0], col.host)
               for site in farm.sites.values() for col in site.columns if not col.scripted}
    decoys = [url for url in fresh_decoys(farm) if url in columns]
    assert decoys
    for url in decoys:
        page = farm_list(farm, url)
        kind = classify(page.name, KEYWORDS, {})
        assert kind is not None and not page.empty, url
        newest = page.newest
        if needs_next_page(page, WINDOWS[kind], farm.today):
            newest = max(newest, *(farm_list(farm, later).newest for later in page.pagination))
        assert (farm.today - newest).days < WINDOWS[kind], url


def test_farm_homepages(farm: Farm) -> None:
    for site in farm.sites.values():
        tree = fetch_tree(site.home_url)
        assert list_page(tree, site.home_url, farm.today) is None
        links = column_links(tree, site.home_url, lambda url, hosts=site.hosts: urlsplit(url).hostname in hosts)
        found = {(link.url, link.name) for link in links}
        expected = {(site.url(nav.href) if nav.href.startswith("/") else nav.href, nav.text)
                    for nav in site.nav if nav.text != "首页"}
        blocks = {(site.url(block.column.path, block.column.host), block.title) for block in site.blocks}
        assert expected | blocks <= found, site.site_id
        assert not any(name == "首页" for _, name in found)
    portal = farm.sites["qingshan-portal"]  # 部门动态 is on the homepage only as a block with 更多
    links = column_links(fetch_tree(portal.home_url), portal.home_url, lambda url: True)
    assert ColumnLink(portal.url("/bmdt/"), "部门动态", "block") in links


def test_farm_paging_reaches_every_item(farm: Farm) -> None:
    """Followed to the end, TRS index_N.html and Hanweb dataproxy.jsp paging list the whole column."""
    for site_id, number in (("qingshan-portal", 0), ("qingshan-jyj-site", 0)):
        site = farm.sites[site_id]
        column = site.columns[number]
        url = site.url(site.list_paths(column)[0][0], column.host)
        page = farm_list(farm, url)
        seen = list(page.items)
        while page.pagination:
            page = farm_list(farm, page.pagination[0])
            seen += page.items
        assert sorted(item.url for item in seen) == sorted(site.url(item.path, column.host) for item in column.items)

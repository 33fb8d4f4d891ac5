"""crawler/extractors/listing.py: dated items in list rows and Hanweb datastores; menus are not items."""

from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from crawler.extractors.listing import ListItem, list_items

PAGE = "http://www.example.gov.cn/col/tzgg/index.html"
TODAY = date(2022, 8, 1)


def items_of(body: str, url: str = PAGE, today: date = TODAY) -> list[ListItem]:
    tree = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    return list_items(tree, url, today)


def test_li_rows() -> None:
    body = """
    <ul class="list">
      <li><a href="a1.html" title="关于做好防汛工作的通知">关于做好防汛工作的通知</a><span>2022-07-26</span></li>
      <li><a href="a2.html">关于开展安全检查的通知</a><span class="date">2022年7月20日</span></li>
      <li><a href="a3.html">关于公布名单的公示</a> [07-15]</li>
      <li><a href="a4.html">关于调整办公时间的公告</a><span>07-10</span></li>
    </ul>"""
    assert items_of(body) == [
        ListItem("关于做好防汛工作的通知", "http://www.example.gov.cn/col/tzgg/a1.html", date(2022, 7, 26)),
        ListItem("关于开展安全检查的通知", "http://www.example.gov.cn/col/tzgg/a2.html", date(2022, 7, 20)),
        ListItem("关于公布名单的公示", "http://www.example.gov.cn/col/tzgg/a3.html", date(2022, 7, 15)),
        ListItem("关于调整办公时间的公告", "http://www.example.gov.cn/col/tzgg/a4.html", date(2022, 7, 10)),
    ]


def test_title_attribute_wins_over_truncated_text() -> None:
    body = '<ul><li><a href="a.html" title="关于进一步加强政府网站管理工作的通知">关于进一步加强政…</a>2022-07-26</li></ul>'
    assert items_of(body)[0].title == "关于进一步加强政府网站管理工作的通知"


def test_tr_rows() -> None:
    body = """
    <table>
      <tr><th>标题</th><th>发布日期</th></tr>
      <tr><td><a href="/xxgk/t20220726_1.html">青山市2022年预算公开</a></td><td>2022-07-26</td></tr>
      <tr><td><a href="/xxgk/t20220601_2.html">青山市2021年决算公开</a></td><td>2022.06.01</td></tr>
    </table>"""
    assert [(item.title, item.date) for item in items_of(body)] == [
        ("青山市2022年预算公开", date(2022, 7, 26)),  # the title's year is not the item's date
        ("青山市2021年决算公开", date(2022, 6, 1)),
    ]


def test_div_rows() -> None:
    body = """
    <div class="list">
      <div class="row"><a href="b1.html">工作动态一</a><span>2022-07-26</span></div>
      <div class="row"><a href="b2.html">工作动态二</a><span>2022-07-25</span></div>
    </div>"""
    assert [(item.title, item.date) for item in items_of(body)] == [
        ("工作动态一", date(2022, 7, 26)),
        ("工作动态二", date(2022, 7, 25)),
    ]


def test_a_long_div_is_a_paragraph_not_a_row() -> None:
    body = f'<div><a href="c.html">详见附件</a>{"为深入贯彻落实上级决策部署，" * 30}2022-07-26</div>'
    assert items_of(body) == []


def test_dd_and_p_rows() -> None:
    body = '<dl><dd><a href="d.html">要闻</a> 2022-07-26</dd></dl><p><a href="e.html">公告</a> 2022-07-25</p>'
    assert [item.date for item in items_of(body)] == [date(2022, 7, 26), date(2022, 7, 25)]


def test_a_menu_with_many_links_is_not_a_list_item() -> None:
    body = """
    <div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwfw/">政务服务</a>
      <a href="/hdjl/">互动交流</a></div>
    <ul><li class="menu"><a href="/a/">机构概况</a> | <a href="/b/">领导信息</a> | <a href="/c/">2022-07-26 专题</a></li></ul>
    <p><a href="/x.html">友情链接一</a><a href="/y.html">友情链接二</a></p>
    <table><tr><td><a href="/t1.html">一</a></td><td><a href="/t2.html">二</a></td><td>2022-07-26</td></tr></table>"""
    assert items_of(body) == []


def test_a_link_outside_any_row_is_not_an_item() -> None:
    assert items_of('<a href="/more.html">更多</a><span>2022-07-26</span>') == []


def test_undated_items_are_kept_undated() -> None:
    body = '<ul><li><a href="/zt/index.html">专题专栏</a></li></ul>'
    assert items_of(body) == [ListItem("专题专栏", "http://www.example.gov.cn/zt/index.html", None)]


def test_url_date_when_the_row_has_none() -> None:
    body = '<ul><li><a href="/art/2022/7/26/art_1234_5678.html">通知</a></li></ul>'
    assert items_of(body)[0].date == date(2022, 7, 26)


def test_implausible_dates_make_an_item_undated() -> None:
    body = """<ul>
      <li><a href="f1.html">未来的日期</a>2035-01-01</li>
      <li><a href="f2.html">太早的日期</a>1990-01-01</li>
      <li><a href="f3.html">明天</a>2022-08-02</li>
    </ul>"""
    assert [item.date for item in items_of(body)] == [None, None, None]


def test_year_less_dates_are_placed_before_today() -> None:
    body = '<ul><li><a href="g1.html">岁末通知</a>[12-30]</li><li><a href="g2.html">新年通知</a>[01-03]</li></ul>'
    assert [item.date for item in items_of(body, today=date(2023, 1, 5))] == [
        date(2022, 12, 30),
        date(2023, 1, 3),
    ]


def test_links_that_are_not_items() -> None:
    body = """<ul>
      <li><a href="javascript:void(0)">展开</a> 2022-07-26</li>
      <li><a href="mailto:a@example.gov.cn">信箱</a> 2022-07-26</li>
      <li><a href="#top">顶部</a> 2022-07-26</li>
      <li><a>无链接</a> 2022-07-26</li>
    </ul>"""
    assert items_of(body) == []


def test_one_item_per_url_keeping_the_dated_one() -> None:
    body = """
    <div class="pic"><ul><li><a href="h.html"><img src="h.jpg"></a></li></ul></div>
    <ul><li><a href="h.html">图片新闻</a>2022-07-26</li></ul>"""
    assert items_of(body) == [ListItem("图片新闻", "http://www.example.gov.cn/col/tzgg/h.html", date(2022, 7, 26))]


def test_base_href() -> None:
    body = '<ul><li><a href="i.html">通知</a>2022-07-26</li></ul>'
    tree = lxml_html.document_fromstring(
        f'<html><head><base href="http://xxgk.example.gov.cn/col/"></head><body>{body}</body></html>'
    )
    assert list_items(tree, PAGE, TODAY)[0].url == "http://xxgk.example.gov.cn/col/i.html"


# ---------------------------------------------------------------- Hanweb (大汉 jcms) datastore

HANWEB_COLUMN = """<!DOCTYPE html><html><head><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/col4102/index.html">通知公告</a></div>
<div id="4102">
<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=4102&unitid=11&webname=%E9%9D%92%E5%B1%B1&permissiontype=0"></a>]]></nextgroup><recordset><record><![CDATA[
<li><a href="/art/2022/7/26/art_4102_1001.html" target="_blank" title="关于做好2022年防汛工作的通知">关于做好2022年防汛工作的通知</a><span class="bt_time">2022-07-26</span></li>
]]></record><record><![CDATA[
<li><a href="/art/2022/7/20/art_4102_1000.html" target="_blank" title="关于开展安全生产大检查的通知">关于开展安全生产大检查的通知</a><span class="bt_time">2022-07-20</span></li>
]]></record><record><![CDATA[
<li><a href="/art/2022/6/30/art_4102_999.html" target="_blank" title="关于公布2022年第二批名单的公示">关于公布2022年第二批名单的公示</a></li>
]]></record></recordset></datastore></script>
</div></body></html>"""


def test_hanweb_datastore_records() -> None:
    tree = lxml_html.document_fromstring(HANWEB_COLUMN)
    items = list_items(tree, "http://www.example.gov.cn/col/col4102/index.html", TODAY)
    assert items == [
        ListItem(
            "关于做好2022年防汛工作的通知",
            "http://www.example.gov.cn/art/2022/7/26/art_4102_1001.html",
            date(2022, 7, 26),
        ),
        ListItem(
            "关于开展安全生产大检查的通知",
            "http://www.example.gov.cn/art/2022/7/20/art_4102_1000.html",
            date(2022, 7, 20),
        ),
        # no date beside it: the Hanweb URL carries one
        ListItem(
            "关于公布2022年第二批名单的公示",
            "http://www.example.gov.cn/art/2022/6/30/art_4102_999.html",
            date(2022, 6, 30),
        ),
    ]


def test_an_empty_hanweb_datastore_has_no_items() -> None:
    body = '<script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup><recordset></recordset></datastore></script>'
    assert items_of(body) == []

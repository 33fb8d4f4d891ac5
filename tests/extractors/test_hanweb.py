"""Hanweb (大汉 jcms) paging: the jpage script's dataproxy.jsp pages, POSTed with its form, and their answers."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qsl

from lxml import html as lxml_html

from crawler.extractors.columns import list_page
from crawler.extractors.hanweb import is_datastore, post_request, proxy_url
from crawler.extractors.page import read_page
from crawler.extractors.pagination import page_number

TODAY = date(2022, 8, 1)
SITE = "http://www.example.gov.cn"
PROXY = "/module/web/jpage/dataproxy.jsp"
FORM = {"col": "1", "appid": "1", "webid": "3", "path": "/", "columnid": "4102", "sourceContentType": "1",
        "unitid": "11", "webname": "青山市人民政府", "permissiontype": "0"}


def records(ages: list[int]) -> str:
    return "".join(f'<record><![CDATA[<li><a href="/art/2022/7/{30 - age}/art_4102_{age}.html">通知{age}</a>'
                   f"<span>{TODAY - timedelta(days=age)}</span></li>]]></record>" for age in ages)


def column(jpage: str, ages: list[int], nextgroup: str = "") -> lxml_html.HtmlElement:
    """A Hanweb column page: records in the datastore, paging in the jpage script."""
    return lxml_html.document_fromstring(f"""<html><head><meta name="ColumnName" content="通知公告"></head><body>
<div id="4102"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>{records(ages)}</recordset></datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function () {{ $('#4102').jpage({jpage}); }});</script></body></html>""")


JPAGE = ("{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, totalRecord: 40, "
         "ajaxParam: {col:1, appid:1, webid:3, path:'/', columnid:4102, sourceContentType:1, unitid:'11', "
         "webname:\"青山市人民政府\", permissiontype:0}})")


def test_jpage_form_makes_later_pages_posted() -> None:
    """With ajaxParam, every later page is a dataproxy.jsp page of this column, asked with POST."""
    page = list_page(column(JPAGE, list(range(15))), f"{SITE}/col/col4102/index.html", TODAY)
    assert page is not None and page.pages_by_post and page.total_pages == 3
    assert page.pagination == tuple(f"{SITE}{proxy_url(PROXY, start, start + 14, 15, FORM)}" for start in (16, 31))
    assert [page_number(url) for url in page.pagination] == [2, 3]


def test_the_form_goes_to_the_body_and_the_paging_stays_in_the_query() -> None:
    url = f"{SITE}{proxy_url(PROXY, 16, 30, 15, FORM)}"
    target, body = post_request(url)
    assert target == f"{SITE}{PROXY}?startrecord=16&endrecord=30&perpage=15"
    assert dict(parse_qsl(body.decode())) == FORM


def test_the_jpage_proxy_and_a_datastore_holding_several_pages() -> None:
    """A datastore may hold more than one page (jpage shows them in turn): the next asked for comes after them."""
    jpage = JPAGE.replace("'/module/web/jpage/dataproxy.jsp'", "'/module/jslib/jquery/jpage/dataproxy.jsp'")
    page = list_page(column(jpage, list(range(30))), f"{SITE}/col/col4102/index.html", TODAY)
    assert page is not None and len(page.items) == 30
    assert [url.split("&col=")[0] for url in page.pagination] == [
        f"{SITE}/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=15"]


def test_without_a_jpage_form_the_nextgroup_link_is_asked_with_get() -> None:
    nextgroup = f'<a href="{PROXY}?startrecord=16&endrecord=30&perpage=15&columnid=4102&unitid=11"></a>'
    page = list_page(column("{perPage: 15, totalRecord: 30}", list(range(15)), nextgroup),
                     f"{SITE}/col/col4102/index.html", TODAY)
    assert page is not None and not page.pages_by_post
    assert page.pagination == (f"{SITE}{PROXY}?startrecord=16&endrecord=30&perpage=15&columnid=4102&unitid=11",)


def test_an_empty_column_has_no_later_page() -> None:
    page = list_page(column(JPAGE.replace("totalRecord: 40", "totalRecord: 0"), []),
                     f"{SITE}/col/col4102/index.html", TODAY)
    assert page is not None and page.empty and page.pagination == ()


ANSWER = f"""<?xml version="1.0" encoding="UTF-8"?>
<datastore><totalrecord>40</totalrecord><totalpage>3</totalpage>
<recordset>{records([20, 22])}</recordset></datastore>"""


def test_an_answer_is_a_datastore_a_page_is_not() -> None:
    assert is_datastore(ANSWER) and is_datastore(ANSWER.split("\n", 1)[1]) and is_datastore(" \n<DATASTORE>")
    assert not is_datastore('<html><body><script type="text/xml"><datastore></datastore></script></body></html>')


def test_an_answer_reads_as_a_list_page_without_a_page_around_it() -> None:
    """Its records are the column's items and links; no title, meta or footer: identity checks skip it."""
    url = f"{SITE}{proxy_url(PROXY, 16, 30, 15, FORM)}"
    facts = read_page(ANSWER, url, lambda link: True, False, TODAY, "通知公告")
    assert facts.column is not None and facts.column.name == "通知公告" and facts.column.url == url
    assert facts.column.newest == TODAY - timedelta(days=20) and facts.column.pagination == ()
    assert [link.url for link in facts.links] == [f"{SITE}/art/2022/7/10/art_4102_20.html",
                                                  f"{SITE}/art/2022/7/8/art_4102_22.html"]
    assert (facts.title, facts.meta, facts.identity, facts.text, facts.soft404) == ("", {}, {}, "", False)

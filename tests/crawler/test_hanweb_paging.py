"""Hanweb columns on a real crawl: later pages come from dataproxy.jsp, POSTed where the jpage script says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest
from sqlmodel import Session, select

from govmon.models import Finding, Page
from tests.crawler.harness import Reply, Site, audit, html, serve

TODAY = date.today()
PROXY = "/module/web/jpage/dataproxy.jsp"
FORM = "{col: 1, appid: 1, webid: 1, path: '/', columnid: 1234, sourceContentType: 1, unitid: 77, " \
       "webname: '测试网站', permissiontype: 0}"


def article(column: int, age: int) -> str:
    day = TODAY - timedelta(days=age)
    return f"/art/{day.year}/{day.month}/{day.day}/art_{column}_{age}.html"


def records(column: int, ages: list[int]) -> str:
    return "".join(f'<record><![CDATA[<li><a href="{article(column, age)}">公告{age}</a>'
                   f"<span>{TODAY - timedelta(days=age)}</span></li>]]></record>" for age in ages)


def column_page(column: int, name: str, ages: list[int], nextgroup: str, jpage: str) -> Reply:
    return html(f"""<html><head><meta name="ColumnName" content="{name}"></head><body>
<div id="{column}"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>{records(column, ages)}</recordset></datastore></script></div>
<script src="/module/web/jpage/jpage.js"></script><script>{jpage}</script></body></html>""")


def answer(column: int, ages: list[int], total: int, content_type: str) -> Reply:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>'
           f"<recordset>{records(column, ages)}</recordset></datastore>")
    return 200, {"Content-Type": content_type}, xml.encode()


# 通知公告 lists oldest first, paged by a jpage script that POSTs: page 1 is a year old, page 2 fresh
OLDEST_FIRST = [700 - 30 * n for n in range(15)]
NEWEST = [200, 150, 90, 30, 10]
# 工作动态 lists newest first, four pages, paged by GET through the datastore's <nextgroup> link
NEWS = list(range(1, 61))
NEWS_PAGE = f"{PROXY}?startrecord={{start}}&endrecord={{end}}&perpage=15&columnid=5678&unitid=77"


@dataclass
class Crawled:
    site: Site
    origin: str  # http://127.0.0.1:port
    pages: dict[str, Page]  # by URL
    findings: list[Finding]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    routes: dict[str, Reply] = {
        "/": html('<ul><li><a href="/col/col1234/index.html">通知公告</a></li>'
                  '<li><a href="/col/col5678/index.html">工作动态</a></li></ul>'),
        "/col/col1234/index.html": column_page(
            1234, "通知公告", OLDEST_FIRST, f'<a href="{PROXY}?page=1&columnid=1234&unitid=77"></a>',
            f"$('#1234').jpage({{proxyUrl: '{PROXY}', perPage: 15, totalRecord: 20, ajaxParam: {FORM}}});"),
        f"{PROXY}?startrecord=16&endrecord=30&perpage=15": answer(1234, NEWEST, 20, "text/xml;charset=UTF-8"),
        "/col/col5678/index.html": column_page(
            5678, "工作动态", NEWS[:15], f'<a href="{NEWS_PAGE.format(start=16, end=30)}"></a>',
            "var pageParam = {totalRecord: 60, perPage: 15};"),
        NEWS_PAGE.format(start=16, end=30): answer(5678, NEWS[15:30], 60, "text/html;charset=UTF-8"),
    }
    routes |= {article(column, age): html(f"<p>公告{age}</p>")
               for column, ages in ((1234, OLDEST_FIRST + NEWEST), (5678, NEWS)) for age in ages}
    site = Site(routes)
    tmp_path = tmp_path_factory.mktemp("hanweb")
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "max_list_pages": 2})
    with Session(engine) as session:
        pages = {page.url: page for page in session.exec(select(Page))}
        return Crawled(site, url.rstrip("/"), pages, list(session.exec(select(Finding))))


def test_later_pages_are_posted_as_the_jpage_script_says(crawled: Crawled) -> None:
    """Page 1 lists the oldest; freshness needs page 2, asked for as jpage does: the paging in
    the query, the column (ajaxParam) as form data. Read, it makes the column fresh."""
    [(path, body)] = crawled.site.posted
    assert path == f"{PROXY}?startrecord=16&endrecord=30&perpage=15"
    form = parse_qs(body.decode())
    assert form["columnid"] == ["1234"] and form["webname"] == ["测试网站"] and form["path"] == ["/"]
    first = crawled.pages[f"{crawled.origin}/col/col1234/index.html"].facts["column"]
    assert first["later_pages_needed"] and first["pages_by_post"]
    later = crawled.pages[first["pagination"][0]]  # known by the URL that holds its form as well
    assert "columnid=1234" in later.url and later.final_url == f"{crawled.origin}{path}"
    assert later.facts["column"]["newest"] == (TODAY - timedelta(days=10)).isoformat()
    assert later.facts["identity"] == {} and later.title == ""  # data, not a page: no identity checks
    assert crawled.site.requests_for(article(1234, 10)), "the articles of page 2 are crawled"
    assert not [finding for finding in crawled.findings if finding.code in ("COLUMN-STALE", "COLUMN-EMPTY")]


def test_nextgroup_pages_are_asked_with_get_as_far_as_max_list_pages(crawled: Crawled) -> None:
    """Without a jpage form the <nextgroup> link is followed with GET; page 2 is read for its links
    (max_list_pages: 2), pages 3 and 4 are not asked for: page 1 already shows the column fresh."""
    asked = [(method, path) for _, method, path in crawled.site.log if path.startswith(f"{PROXY}?startrecord")]
    assert ("GET", NEWS_PAGE.format(start=16, end=30)) in asked
    assert not [path for method, path in asked if "columnid=5678" in path and method != "GET"]
    assert not [path for _, path in asked if "startrecord=31" in path or "startrecord=46" in path]
    assert crawled.site.requests_for(article(5678, 30)), "the articles of page 2 are crawled"

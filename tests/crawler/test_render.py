"""Pages whose lists are built by JavaScript are read as Chromium shows them, only when needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.render import needs_render
from govmon.models import Page
from tests.crawler.harness import Site, audit, html, serve

# The list is written by a script, as some CMSs do: the raw HTML holds no item at all.
JS_LIST = """<html><head><title>通知公告</title></head><body><ul id="list"></ul><script>
var items = [["/a.html", "关于开展安全检查的通知", "2026-11-18"], ["/b.html", "关于节日值班的通知", "2026-11-10"]];
document.getElementById("list").innerHTML = items.map(function (i) {
  return '<li><a href="' + i[0] + '">' + i[1] + '</a><span>' + i[2] + '</span></li>'; }).join("");
</script></body></html>"""
# A column page as CMSs make it: a navigation menu, then an empty list that a script fills.
JS_COLUMN = """<html><head><title>通知公告</title><meta name="ColumnName" content="通知公告"></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/tzgg/">通知公告</a></li></ul></div>
<ul class="list" id="list"></ul><script>document.getElementById("list").innerHTML =
  '<li><a href="/a.html">关于开展安全检查的通知</a><span>2026-11-18</span></li>' +
  '<li><a href="/b.html">关于节日值班的通知</a><span>2026-11-10</span></li>';</script></body></html>"""
PLAIN_LIST = '<ul><li><a href="/a.html">关于开展安全检查的通知</a><span>2026-11-18</span></li></ul>' \
             '<script>var analytics = 1;</script>'


def _site(home: str) -> Site:
    return Site({"/": html(home), "/a.html": html("<p>通知一</p>"), "/b.html": html("<p>通知二</p>")})


def _home(engine) -> Page:
    with Session(engine) as session:
        return session.exec(select(Page).where(Page.is_home)).one()


@pytest.mark.browser
def test_auto_renders_a_javascript_list(tmp_path: Path) -> None:
    site = _site(JS_LIST)
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False}, render="auto")
    home = _home(engine)
    assert home.facts["rendered"] is True
    assert [(i["title"], i["date"]) for i in home.facts["items"]] == [
        ("关于开展安全检查的通知", "2026-11-18"), ("关于节日值班的通知", "2026-11-10")]
    assert site.requests_for("/b.html"), "links found only after rendering are followed"


def test_an_empty_column_list_with_scripts_is_a_shell_whatever_else_the_page_shows() -> None:
    """Navigation rows and text do not make a list: unrendered, the column would look blank."""
    assert needs_render(JS_COLUMN, item_count=2, text="导航" * 200, empty_list=True)
    assert not needs_render(JS_COLUMN, item_count=2, text="导航" * 200)
    assert not needs_render(JS_COLUMN.replace("<script>", "<p>").replace("</script>", "</p>"), 2, "", empty_list=True)


@pytest.mark.browser
def test_auto_renders_a_column_whose_list_a_script_fills(tmp_path: Path) -> None:
    site = Site({"/": html('<ul><li><a href="/tzgg/">通知公告</a></li></ul>'), "/tzgg/": html(JS_COLUMN),
                 "/a.html": html("<p>通知一</p>"), "/b.html": html("<p>通知二</p>")})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False}, render="auto")
    with Session(engine) as session:
        column = session.exec(select(Page).where(Page.url == f"{url}tzgg/")).one()
    assert column.facts["rendered"] is True
    assert column.facts["column"]["newest"] == "2026-11-18" and len(column.facts["column"]["items"]) == 2
    assert site.requests_for("/b.html"), "the rows the script wrote are followed"


def test_never_keeps_the_raw_html(tmp_path: Path) -> None:
    site = _site(JS_LIST)
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False}, render="never")
    home = _home(engine)
    assert home.facts["rendered"] is False and home.facts["items"] == []
    assert site.requests_for("/b.html") == []


@pytest.mark.browser
def test_auto_leaves_a_plain_page_unrendered(tmp_path: Path) -> None:
    with serve(_site(PLAIN_LIST)) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False}, render="auto")
    assert _home(engine).facts["rendered"] is False


@pytest.mark.browser
def test_always_renders_every_page_read(tmp_path: Path) -> None:
    with serve(_site(PLAIN_LIST)) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False}, render="always")
    with Session(engine) as session:
        pages = session.exec(select(Page)).all()
    assert len(pages) == 2 and all(page.facts["rendered"] for page in pages)

"""Columns on a real crawl: list pages recorded with their kind; only the first list pages read."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from govmon.models import Page
from tests.crawler.harness import Site, audit, html, serve

PAGER = "".join(f'<a href="/tzgg/index_{n}.html">{n + 1}</a>' for n in range(1, 10))


def _list_page(number: int) -> str:
    day = 20 - number
    return (f'<div class="crumb">首页 &gt; 通知公告</div><ul class="list">'
            f'<li><a href="/tzgg/202611/t202611{day:02d}_{number}.html">关于第{number}批事项的通知</a>'
            f'<span>2026-11-{day:02d}</span></li></ul><div class="page">共10页 {PAGER}</div>')


def test_list_pages_beyond_the_limit_are_checked_not_read(tmp_path: Path) -> None:
    routes = {"/": html('<div class="nav"><a href="/tzgg/">通知公告</a></div>'),
              "/tzgg/": html(_list_page(0))}
    routes |= {f"/tzgg/index_{n}.html": html(_list_page(n)) for n in range(1, 10)}
    routes |= {f"/tzgg/202611/t202611{20 - n:02d}_{n}.html": html("<p>通知正文</p>") for n in range(10)}
    site = Site(routes)
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "max_list_pages": 3})
    with Session(engine) as session:
        columns = {p.url.split("/", 3)[-1]: p.facts["column"] for p in session.exec(select(Page))
                   if p.facts.get("column")}
    first = columns["tzgg/"]
    assert (first["name"], first["kind"], first["newest"], first["empty"]) == ("通知公告", "notice", "2026-11-20", False)
    assert set(columns) == {"tzgg/", "tzgg/index_1.html", "tzgg/index_2.html"}
    for n in range(3, 10):
        assert [method for _, method in site.requests_for(f"/tzgg/index_{n}.html")] == ["HEAD"]

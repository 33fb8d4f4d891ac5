"""Pages read in a worker process (extract_workers ≥ 1) give exactly the facts of pages read in the
crawl process (0): same pages, same facts, same links, same outcomes."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from sqlmodel import Session, select

from crawler.extraction import HostScope
from govmon.models import Link, Page, Target
from tests.crawler.harness import Site, audit, html, serve

HOME = """<div class="nav"><a href="/zwdt/">政务动态</a><a href="/tzgg/">通知公告</a></div>
<div class="footer">网站标识码：3607000001 赣ICP备12345678号-1 <a href="mailto:ban@qs.gov.cn">来信</a></div>"""
LIST = """<meta name="ColumnName" content="政务动态"><ul>
<li><a href="/zwdt/a.html">青山市召开防汛工作会议</a><span>2026-11-20</span></li>
<li><a href="/zwdt/b.html">青山市部署冬季安全生产</a><span>2026-11-18</span></li></ul>
<a href="/files/plan.pdf">附件</a><img src="/img/x.png">"""


def _crawl(tmp_path: Path, workers: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    site = Site({"/": html(HOME), "/zwdt/": html(LIST), "/tzgg/": html("<p>暂无信息</p>"),
                 "/zwdt/a.html": html("<p>发布时间：2026-11-20</p><p>正文</p>"),
                 "/zwdt/b.html": html("<p>正文</p>", status=404)})
    home = tmp_path / f"workers-{workers}"
    home.mkdir()
    with serve(site) as url:
        engine = audit(home, url, crawl={"obey_robots": False, "extract_workers": workers})
    with Session(engine) as session:
        pages = sorted((p.url, p.status, p.title, p.facts, p.text_hash) for p in session.exec(select(Page)))
        links = sorted((k.url, k.anchor, k.kind, k.position) for k in session.exec(select(Link)))
        targets = sorted((t.url, t.outcome, t.status) for t in session.exec(select(Target)))
    return pages, links, targets


def test_a_worker_process_reads_pages_exactly_as_the_crawl_process(tmp_path: Path) -> None:
    in_process, in_worker = _crawl(tmp_path, 0), _crawl(tmp_path, 1)
    pages, links, targets = in_worker
    assert len(pages) == 4 and links and ("/zwdt/b.html" in " ".join(t[0] for t in targets))
    assert any(page[3].get("column") for page in pages)
    assert _portless(in_process) == _portless(in_worker)


def _portless(crawl: tuple) -> str:
    """The two crawls' servers listened on different ports."""
    return re.sub(r"127\.0\.0\.1:\d+", "HOST", repr(crawl))


def test_host_scope_travels_to_a_worker() -> None:
    scope = pickle.loads(pickle.dumps(HostScope(frozenset({"www.qingshan.gov.cn"}))))
    assert scope("http://www.qingshan.gov.cn/zwdt/") and not scope("http://www.hexi.gov.cn/")

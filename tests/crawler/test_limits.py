"""Limits on a real crawl: an oversized page is cut and still read; check-only links stop early."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from govmon.facts import page_text
from govmon.models import Finding, Page, PageText, Target
from tests.crawler.harness import Site, audit, html, serve

FILLER = "<p>" + "政务公开" * 50 + "</p>"


def test_oversized_page_is_cut_and_read(tmp_path: Path) -> None:
    big = '<ul><li><a href="/kept.html">前面的链接</a></li></ul>' + FILLER * 1000 + \
          '<a href="/beyond.html">被截断之后的链接</a>'
    site = Site({"/": html(big), "/kept.html": html("<p>好</p>"), "/beyond.html": html("<p>远</p>")})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "max_page_bytes": 100_000})
    with Session(engine) as session:
        home = session.exec(select(Page).where(Page.is_home)).one()
        targets = {t.url.rsplit("/", 1)[-1]: t.outcome for t in session.exec(select(Target))}
    assert home.facts["truncated"] is True
    assert targets["kept.html"] == "ok"
    assert "beyond.html" not in targets  # never seen: it lies past the cut
    assert site.requests_for("/beyond.html") == []


def test_page_beyond_the_hard_limit_is_too_large_not_dead(tmp_path: Path) -> None:
    site = Site({"/": html('<ul><li><a href="/huge.html">大页面</a></li></ul>'),
                 "/huge.html": html(FILLER * 2000)})  # 1.2 MB, over 10 × 100 kB
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "max_page_bytes": 100_000})
    with Session(engine) as session:
        targets = {t.url.rsplit("/", 1)[-1]: t.outcome for t in session.exec(select(Target))}
        dead = session.exec(select(Finding).where(Finding.code == "LINK-DEAD")).all()
    assert targets["huge.html"] == "too_large"
    assert dead == []


def test_small_page_is_not_marked_truncated(tmp_path: Path) -> None:
    site = Site({"/": html(FILLER)})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    with Session(engine) as session:
        assert session.exec(select(Page)).one().facts["truncated"] is False


def test_page_text_is_stored_once_and_shared_by_unchanged_pages(tmp_path: Path) -> None:
    body = '<ul><li><a href="/a.html">甲</a></li><li><a href="/b.html">乙</a></li></ul>'
    same = "<p>本栏目信息：联系电话 0710-1234567</p>"
    site = Site({"/": html(body), "/a.html": html(same), "/b.html": html(same)})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    with Session(engine) as session:
        pages = {p.url.rsplit("/", 1)[-1]: p for p in session.exec(select(Page))}
        assert pages["a.html"].text_hash == pages["b.html"].text_hash
        assert len(session.exec(select(PageText)).all()) == 2  # the homepage's, and the shared one
        assert "联系电话 0710-1234567" in page_text(session, pages["a.html"].text_hash)

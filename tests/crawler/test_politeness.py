"""Politeness on a real crawl: robots.txt rules and Crawl-delay, Retry-After back-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
import threading
import time
from pathlib import Path

from sqlmodel import Session, select

from crawler.middlewares.politeness import clamp, retry_after_seconds
from govmon.models import Page, Target
from tests.crawler.harness import Site, audit, html, serve

HOME = '<ul><li><a href="/a.html">甲</a></li><li><a href="/b.html">乙</a></li>' \
       '<li><a href="/private/c.html">丙</a></li></ul>'


def _outcomes(engine) -> dict[str, str]:
    with Session(engine) as session:
        return {t.url.rsplit("/", 1)[-1] or "/": t.outcome for t in session.exec(select(Target))}


def _site_with_robots(robots: bytes) -> Site:
    return Site({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, robots),
        "/": html(HOME), "/a.html": html("<p>甲</p>"), "/b.html": html("<p>乙</p>"),
        "/private/c.html": html("<p>丙</p>"),
    })


def test_robots_disallow_is_honoured_and_crawl_delay_clamped(tmp_path: Path) -> None:
    site = _site_with_robots(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.2\n")
    with serve(site) as url:
        engine = audit(tmp_path, url)
    assert site.requests_for("/private/c.html") == []
    assert _outcomes(engine)["c.html"] == "skipped"
    pages = sorted(at for at, method, path in site.log if path != "/robots.txt")
    gaps = [later - earlier for earlier, later in zip(pages, pages[1:])]
    assert gaps and min(gaps) >= 1.9, f"Crawl-delay 0.2 s must be raised to 2 s, gaps: {gaps}"


def test_robots_can_be_switched_off_for_a_site(tmp_path: Path) -> None:
    site = _site_with_robots(b"User-agent: *\nDisallow: /\n")
    with serve(site) as url:
        engine = audit(tmp_path, url, obey_robots=False)
    with Session(engine) as session:
        assert len(session.exec(select(Page)).all()) == 4
    assert site.requests_for("/robots.txt") == []


def test_429_waits_for_retry_after_then_tries_again(tmp_path: Path) -> None:
    busy_then_fine = lambda count: html("<p>忙</p>", 429, **{"Retry-After": "1"}) if count == 1 \
        else html("<p>好</p>")
    site = Site({"/": html('<ul><li><a href="/busy.html">忙</a></li></ul>'), "/busy.html": busy_then_fine})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    tries = site.requests_for("/busy.html")
    assert len(tries) == 2
    assert tries[1][0] - tries[0][0] >= 0.9
    assert _outcomes(engine)["busy.html"] == "ok"


def test_a_429_that_persists_is_blocked_not_dead(tmp_path: Path) -> None:
    site = Site({"/": html('<ul><li><a href="/wall.html">墙</a></li></ul>'),
                 "/wall.html": html("<p>请稍后</p>", 429, **{"Retry-After": "1"})})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False})
    assert len(site.requests_for("/wall.html")) == 2
    assert _outcomes(engine)["wall.html"] == "blocked"


def test_never_more_concurrent_requests_per_host_than_configured(tmp_path: Path) -> None:
    active, peak, lock = [0], [0], threading.Lock()

    def slow_page(count: int):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.3)
        with lock:
            active[0] -= 1
        return html("<p>慢</p>")

    links = "".join(f'<li><a href="/p{n}.html">{n}</a></li>' for n in range(10))
    site = Site({"/": html(f"<ul>{links}</ul>"), **{f"/p{n}.html": slow_page for n in range(10)}})
    with serve(site) as url:
        audit(tmp_path, url, crawl={"obey_robots": False, "concurrency_per_host": 2})
    assert len(site.log) == 11
    assert peak[0] == 2


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True).encode(), now) == 30
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None
    assert clamp(0.2, 2, 10) == 2 and clamp(3600, 2, 10) == 10 and clamp(5, 2, 10) == 5

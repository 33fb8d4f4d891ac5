"""A crawl killed with SIGKILL resumes: nothing stored is lost, nothing is fetched or stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from govmon.models import CrawlRun, Page, Target
from govmon.storage import make_engine
from tests.crawler.harness import ROOT, Site, html, serve, write_config

PAGES = 30


def _site() -> Site:
    def slow_page(count: int):
        time.sleep(0.3)  # slow enough to kill the crawl half-way
        return html('<p>正文</p><a href="/gone.html">旧链接</a>')

    links = "".join(f'<li><a href="/p{n}.html">第{n}页</a></li>' for n in range(PAGES))
    return Site({"/": html(f"<ul>{links}</ul>"), **{f"/p{n}.html": slow_page for n in range(PAGES)}})


def _count(engine, table) -> int:
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(table)).one()
    except OperationalError:  # the database is still being created and migrated
        return 0


def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    env = {**os.environ, "GOVMON_HOME": str(tmp_path / "var")}
    env.pop("GOVMON_DATABASE_URL", None)
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'govmon.db'}")
    with serve(_site()) as url:
        config = write_config(tmp_path, url, crawl={"obey_robots": False})
        command = [sys.executable, "-m", "govmon.cli", "audit", "--config", str(config)]
        audit = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _count(engine, Page) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(audit.pid, signal.SIGKILL)  # the CLI and its crawl child, mid-crawl
        audit.wait()
    with Session(engine) as session:
        stored = {urlsplit(url).path for url in session.exec(select(Page.url))}
    assert 5 <= len(stored) < PAGES + 1, "the crawl must be killed half-way for this test"

    resumed_site = _site()  # a fresh log: only what the resumed crawl asks for
    with serve(resumed_site, port=urlsplit(url).port):
        resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                 timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "继续上次中断的抓取" in resumed.stderr
    with Session(engine) as session:
        runs = session.exec(select(CrawlRun)).all()
        assert [(run.status, run.pages) for run in runs] == [("done", PAGES + 1)]
        page_urls = session.exec(select(Page.url)).all()
        target_urls = session.exec(select(Target.url)).all()
    assert len(page_urls) == len(set(page_urls)) == PAGES + 1
    assert len(target_urls) == len(set(target_urls)) == PAGES + 2  # pages and /gone.html
    fetched_again = [path for _, method, path in resumed_site.log if method == "GET" and path != "/gone.html"]
    assert len(fetched_again) == len(set(fetched_again)), "a page fetched twice on resume"
    assert stored.isdisjoint(fetched_again), "a stored page was fetched again"

"""The storage pipeline: pages, links and outcomes reach the database in batches.

A batch is one transaction; a failure in one batch is logged and the crawl goes on, so one bad
page never loses the others. When the spider closes, its CrawlRun row gets its counts and status.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import zlib
from typing import Any

from scrapy import signals
from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from crawler.items import PageItem, TargetItem
from crawler.outcomes import OK, REDIRECT
from govmon.models import CrawlRun, Link, Page, PageText, Target, utcnow
from govmon.storage import make_engine, session_scope

log = logging.getLogger(__name__)
OPENED = {OK, REDIRECT}


class StoragePipeline:
    def __init__(self, database_url: str, batch_size: int, flush_interval_s: float = 1.0) -> None:
        self.engine = make_engine(database_url)
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s  # bounds what a killed crawl can lose
        self.last_flush = time.monotonic()
        self.pending: list[PageItem | TargetItem] = []
        self.failed_batches = 0
        self.home_problem: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoragePipeline:
        settings = crawler.settings
        pipeline = cls(settings["GOVMON_DATABASE_URL"], settings.getint("GOVMON_BATCH_SIZE", 200))
        crawler.signals.connect(pipeline.finish_run, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Any) -> None:
        with session_scope(self.engine) as session:
            run = session.get(CrawlRun, spider.run_id)
            if run is not None:
                run.status, run.worker = "running", this_worker()

    def process_item(self, item: Any, spider: Any) -> Any:
        if isinstance(item, TargetItem) and item.url == spider.home_url and item.outcome not in OPENED:
            self.home_problem = f"{item.outcome} {item.status or ''} {item.error or ''}".strip()
        self.pending.append(item)
        overdue = time.monotonic() - self.last_flush >= self.flush_interval_s
        if len(self.pending) >= self.batch_size or overdue:
            self.flush(spider.run_id, spider.site["id"])
        return item

    def flush(self, run_id: int, site_id: str) -> None:
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        if not batch:
            return
        try:
            with session_scope(self.engine) as session:
                self._write(session, batch, run_id, site_id)
        except Exception:  # one bad batch must not end the crawl; the rest still lands
            self.failed_batches += 1
            log.exception("storing a batch of %d items failed", len(batch))

    @staticmethod
    def _write(session: Session, batch: list[Any], run_id: int, site_id: str) -> None:
        texts = {text_key(item.text): item.text for item in batch
                 if item.text is not None}  # pages' and attachments' texts
        _store_texts(session, texts)
        pages = [(item, Page(run_id=run_id, site_id=site_id, url=item.url, final_url=item.final_url,
                             status=item.status, content_type=item.content_type, title=item.title,
                             depth=item.depth, is_home=item.is_home, facts=item.facts,
                             etag=item.etag, last_modified=item.last_modified,
                             reused_from=item.reused_from,
                             text_hash=text_key(item.text) if item.text is not None else item.text_hash))
                 for item in batch if isinstance(item, PageItem)]
        session.add_all(page for _, page in pages)
        session.add_all(
            Target(run_id=run_id, url=item.url, outcome=item.outcome, status=item.status,
                   error=item.error, redirects=item.redirects, elapsed_ms=item.elapsed_ms,
                   text_hash=text_key(item.text) if item.text is not None else None)
            for item in batch if isinstance(item, TargetItem)
        )
        session.flush()  # page ids for the links
        links = [{"run_id": run_id, "page_id": page.id, "url": link.url, "anchor": link.anchor[:500],
                  "kind": link.kind, "position": link.position}
                 for item, page in pages for link in item.links]
        if links:  # ~25 a page: one executemany, not an ORM object each (the ORM cost ~2 ms a page)
            session.execute(insert(Link), links)

    def close_spider(self, spider: Any) -> None:
        self.flush(spider.run_id, spider.site["id"])

    def finish_run(self, spider: Any, reason: str) -> None:
        """After the last batch: the run's counts, and whether it ended normally.

        A crawl that never read its homepage has nothing to judge: it fails, with the reason,
        rather than letting an unreachable site pass with no findings.
        """
        problems = []
        if reason != "finished":
            problems.append(f"抓取未正常结束（{reason}）")
        if self.home_problem:
            problems.append(f"首页无法打开（{self.home_problem or '未取得页面'}）")
        if self.failed_batches:
            problems.append(f"{self.failed_batches} 批数据写入失败，详见日志")
        with session_scope(self.engine) as session:
            run = session.get(CrawlRun, spider.run_id)
            if run is not None:
                run.finished_at = utcnow()
                # counted in the database: a resumed run's earlier pages count too
                run.pages = _count(session, Page, spider.run_id)
                run.targets = _count(session, Target, spider.run_id)
                judged = reason == "finished" and run.pages > 0 and self.home_problem is None
                run.status = "done" if judged else "failed"
                run.error = "；".join(problems) or None
        self.engine.dispose()


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _store_texts(session: Session, texts: dict[str, str]) -> None:
    """Each distinct text once: pages unchanged across runs share the stored copy."""
    if not texts:
        return
    known = set(session.exec(select(PageText.hash).where(col(PageText.hash).in_(list(texts)))))
    session.add_all(PageText(hash=key, text=zlib.compress(text.encode("utf-8")))
                    for key, text in texts.items() if key not in known)


def _count(session: Session, table: Any, run_id: int) -> int:
    return session.exec(select(func.count()).select_from(table).where(table.run_id == run_id)).one()


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"

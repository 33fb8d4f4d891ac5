"""What earlier crawls stored, as the spider needs it: for conditional requests and for resuming.

The database is the truth: a crawl killed with SIGKILL loses only what had not been committed,
and resuming fetches again exactly the URLs that have no stored outcome yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from crawler import outcomes
from crawler.items import LinkFact
from govmon.models import CrawlRun, Link, Page, Target


@dataclass(frozen=True)
class KnownPage:
    id: int
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class StoredPage:
    url: str
    depth: int
    status: int
    outcome: str | None  # None when stored and known; else the outcome the page's facts imply
    links: list[LinkFact]


def previous_pages(engine: Engine, site_id: str, before_run: int) -> dict[str, KnownPage]:
    """Pages of the site's last finished crawl that carry validators (ETag/Last-Modified)."""
    with Session(engine) as session:
        previous = session.exec(
            select(CrawlRun.id)
            .where(CrawlRun.site_id == site_id, CrawlRun.status == "done", CrawlRun.id < before_run)
            .order_by(col(CrawlRun.id).desc())
        ).first()
        if previous is None:
            return {}
        rows = session.exec(
            select(Page.url, Page.id, Page.etag, Page.last_modified).where(
                Page.run_id == previous,
                (col(Page.etag).is_not(None)) | (col(Page.last_modified).is_not(None)),
            )
        )
        return {url: KnownPage(page_id, etag, modified) for url, page_id, etag, modified in rows}


def page_with_links(engine: Engine, page_id: int) -> tuple[Page, list[LinkFact]]:
    """A stored page and its links, to reuse when the server answers 304 Not Modified."""
    with Session(engine) as session:
        page = session.get(Page, page_id)
        assert page is not None
        links = session.exec(select(Link).where(Link.page_id == page_id).order_by(Link.id))
        return page, [LinkFact(link.url, link.anchor, link.kind, link.position) for link in links]


def stored_so_far(engine: Engine, run_id: int) -> tuple[set[str], list[StoredPage]]:
    """(URLs with a stored outcome or page, stored pages with their links) of an unfinished run."""
    with Session(engine) as session:
        done = set(session.exec(select(Target.url).where(Target.run_id == run_id)))
        pages = list(session.exec(
            select(Page.id, Page.url, Page.depth, Page.status, Page.facts).where(Page.run_id == run_id)))
        links: dict[int, list[LinkFact]] = {page_id: [] for page_id, *_ in pages}
        for link in session.exec(select(Link).where(Link.run_id == run_id).order_by(Link.id)):
            links[link.page_id].append(LinkFact(link.url, link.anchor, link.kind, link.position))
    stored = [StoredPage(url, depth, status, None if url in done else outcomes.for_read_page(facts),
                         links[page_id])
              for page_id, url, depth, status, facts in pages]
    return done | {page.url for page in stored}, stored


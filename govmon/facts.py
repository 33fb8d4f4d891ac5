"""Load what one crawl run stored into the plain facts checks read (checks/facts.py)."""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, select

from checks.facts import LinkOutcome, PageFact, SiteFacts, Source
from govmon.models import CrawlRun, Link, Page, PageText, Site, Target
from govmon.probe_history import probe_tallies


def site_facts(session: Session, run_id: int, probes_since: date | None = None) -> SiteFacts:
    """The run's pages and links, with the site's availability probes from `probes_since` on (all when None)."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"crawl run {run_id} does not exist")
    site = session.get(Site, run.site_id)
    assert site is not None  # a run's site is a foreign key
    pages = list(session.exec(select(Page).where(Page.run_id == run_id).order_by(Page.id)))
    page_by_id = {page.id: page for page in pages}
    sources: dict[str, list[Source]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for link in session.exec(select(Link).where(Link.run_id == run_id).order_by(Link.id)):
        page = page_by_id[link.page_id]
        sources[link.url].append(Source(page.url, link.anchor, link.position, page.is_home))
        kinds.setdefault(link.url, link.kind)
    targets = list(session.exec(select(Target).where(Target.run_id == run_id).order_by(Target.id)))
    previous = _previous_outcomes(session, run)
    texts = _texts(session, {row.text_hash for row in [*pages, *targets] if row.text_hash})
    return SiteFacts(
        site_id=site.id,
        unit_id=site.unit_id,
        home_url=site.url,
        kind=site.kind,
        run_id=run_id,
        crawled_at=run.started_at,
        pages=[
            PageFact(p.url, p.final_url, p.status, p.depth, p.is_home, p.title or "", p.facts,
                     texts.get(p.text_hash or "", ""))
            for p in pages
        ],
        links=[
            LinkOutcome(t.url, kinds.get(t.url, "page"), t.outcome, t.status, t.error, t.redirects,
                        sources.get(t.url, []), previous.get(t.url), texts.get(t.text_hash or ""))
            for t in targets
        ],
        ipv6=run.ipv6,
        probes=probe_tallies(session, site.id, probes_since),
    )


def _previous_outcomes(session: Session, run: CrawlRun) -> dict[str, str]:
    """url -> outcome on the site's last finished crawl before this one (to confirm transient failures)."""
    previous = session.exec(
        select(CrawlRun.id)
        .where(CrawlRun.site_id == run.site_id, CrawlRun.status == "done", col(CrawlRun.id) < run.id)
        .order_by(col(CrawlRun.id).desc())
    ).first()
    if previous is None:
        return {}
    return dict(session.exec(select(Target.url, Target.outcome).where(Target.run_id == previous)).all())


def _texts(session: Session, hashes: set[str]) -> dict[str, str]:
    """hash -> visible text for the given page-text hashes (shared texts are stored once)."""
    found: dict[str, str] = {}
    wanted = sorted(hashes)
    for start in range(0, len(wanted), 500):  # stay under SQL parameter limits
        rows = session.exec(select(PageText).where(col(PageText.hash).in_(wanted[start:start + 500])))
        found.update((row.hash, zlib.decompress(row.text).decode("utf-8")) for row in rows)
    return found


def page_text(session: Session, text_hash: str | None) -> str:
    """A page's stored visible text ("" when none was kept)."""
    if text_hash is None:
        return ""
    stored = session.get(PageText, text_hash)
    return zlib.decompress(stored.text).decode("utf-8") if stored is not None else ""

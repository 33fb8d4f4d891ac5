"""Link checks: links that cannot be opened."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from checks.facts import LinkOutcome, SiteFacts
from checks.registry import Finding, check
from govmon.config import LinkRules, RulesFile

# Outcomes that mean the link cannot be opened, whatever the status code says.
_DEAD_OUTCOMES = {"dns", "refused", "reset", "loop", "too_many_redirects", "soft404"}
# A timeout may be a slow moment: dead only when the link also failed on the previous crawl.
_FAILED_BEFORE = _DEAD_OUTCOMES | {"timeout", "http"}
_MAX_SOURCES_KEPT = 20


def is_dead(link: LinkOutcome, rules: LinkRules) -> bool:
    if link.outcome in _DEAD_OUTCOMES:
        return True
    if link.outcome == "timeout":
        return link.previous_outcome in _FAILED_BEFORE
    if link.outcome != "http" or link.status is None:
        return False
    return link.status in rules.dead_statuses or (rules.dead_server_errors and link.status >= 500)


@check("LINK-DEAD")
def link_dead(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a link on the site that cannot be opened — a page, an image, an attachment
    or an external site: 404/410, server errors, unknown host, refused or reset connections,
    timeouts (15 s) confirmed by a failure on the previous crawl, redirect loops and chains of 8
    or more, pages that say 页面不存在.

    Why: 19号 可用性·链接可用性 (错链、断链); deductions differ for the homepage and other pages.
    Example: the homepage links /zwgk/old.html, which answers 404.
    Not a finding: 401/403/429 and bot walls (blocked, not broken), a single timeout (unconfirmed),
    redirects that end on a page that opens, javascript: and mailto: links (never fetched).
    """
    for link in site.links:
        if not link.sources or not is_dead(link, rules.links):
            continue
        sources = sorted(link.sources, key=lambda source: not source.on_home)
        first = sources[0]
        yield Finding(
            code="LINK-DEAD",
            target=site.site_id,
            severity="deduction",
            url=link.url,
            source_url=first.page_url,
            where="homepage" if first.on_home else "other",
            detail={
                "outcome": link.outcome,
                "status": link.status,
                "error": link.error,
                "redirects": link.redirects,
                "kind": link.kind,
                "anchor": first.anchor,
                "position": first.position,
                "source_count": len(sources),
                "sources": [source.page_url for source in sources[:_MAX_SOURCES_KEPT]],
            } | ({"previous_outcome": link.previous_outcome} if link.outcome == "timeout" else {}),
        )

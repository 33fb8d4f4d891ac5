"""Link checks: links that cannot be opened (LINK-DEAD), and failures not yet confirmed (LINK-SUSPECT)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from checks.facts import LinkOutcome, SiteFacts
from checks.registry import Finding, check
from govmon.config import LinkRules, RulesFile

# Outcomes that mean the link cannot be opened, whatever the status code says.
_DEAD_OUTCOMES = {"dns", "refused", "reset", "loop", "too_many_redirects", "soft404"}
# A timeout may be a slow moment: dead only when the link also failed on the previous crawl.
_FAILED_BEFORE = _DEAD_OUTCOMES | {"timeout", "http"}
# Failures that do not prove a link broken: blocked, slow once, an error status not in the dead
# list, a TLS handshake our client may be failing on its own (old ciphers), an unclassified error.
_UNCONFIRMED_OUTCOMES = {"blocked", "timeout", "http", "tls", "error"}
_MAX_SOURCES_KEPT = 20


def is_dead(link: LinkOutcome, rules: LinkRules) -> bool:
    if link.outcome in _DEAD_OUTCOMES:
        return True
    if link.outcome == "timeout":
        return link.previous_outcome in _FAILED_BEFORE
    if link.outcome != "http" or link.status is None:
        return False
    return link.status in rules.dead_statuses or (rules.dead_server_errors and link.status >= 500)


def suspicion(link: LinkOutcome, rules: LinkRules) -> str | None:
    """Why a link that is not dead may still be broken (Chinese, for the notice); None if it opened."""
    if link.outcome not in _UNCONFIRMED_OUTCOMES or is_dead(link, rules):
        return None
    if link.outcome == "blocked" or link.status in rules.blocked_statuses:
        wall = link.status in (200, None)  # a 200 page that is a firewall's challenge, not the content
        return "访问被防火墙或人机验证页拦截" if wall else f"访问被拦截（HTTP {link.status}）"
    if link.outcome == "timeout":
        return f"单次超时（{rules.timeout_s:g} 秒），须下次检查再次失败才认定为打不开"
    if link.outcome == "http":
        return f"HTTP {link.status}，不在认定打不开的状态码之列，待人工复核"
    if link.outcome == "tls":
        return "HTTPS 握手失败，可能是本机与对方加密算法不兼容，待人工复核"
    return "未归类的访问错误，待人工复核"


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
        if link.sources and is_dead(link, rules.links):
            timed_out = {"previous_outcome": link.previous_outcome} if link.outcome == "timeout" else {}
            yield _link_finding("LINK-DEAD", "deduction", site, link, timed_out)


@check("LINK-SUSPECT")
def link_suspect(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a link whose check failed without proving it broken — 401/403/429 and
    firewall or captcha pages (blocked), a timeout the previous crawl did not confirm, an error
    status outside `links.dead_statuses` (400, 405, 451; 5xx when `dead_server_errors` is off),
    a failed TLS handshake, an unclassified download error. A warning for a person to open the
    link; a timeout that fails again on the next crawl becomes LINK-DEAD.

    Why: 19号 可用性·链接可用性; separating blocked from broken keeps false alarms out of notices.
    Example: the 办事服务 page links the provincial 部门办事系统, which answers 403 禁止访问.
    Not a finding: anything LINK-DEAD reports (never both for one URL); a page answering 405 to
    HEAD and 200 to GET (the crawler falls back to GET and records GET's answer); redirects that
    open; robots.txt exclusions (not fetched); a download cut at max_page_bytes (it opened).
    """
    for link in site.links:
        if link.sources and (reason := suspicion(link, rules.links)):
            yield _link_finding("LINK-SUSPECT", "warning", site, link,
                                {"previous_outcome": link.previous_outcome, "reason": reason})


def _link_finding(code: str, severity: Literal["deduction", "warning"], site: SiteFacts, link: LinkOutcome,
                  extra: dict[str, Any]) -> Finding:
    """One finding per URL, found first on the homepage when the homepage links it."""
    sources = sorted(link.sources, key=lambda source: not source.on_home)
    first = sources[0]
    return Finding(
        code=code,
        target=site.site_id,
        severity=severity,
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
        } | extra,
    )

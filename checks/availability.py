"""Availability checks: whether the homepage opens, judged over a rolling window of probes (govmon probe)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from checks.facts import ProbeTally, SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile


@check("SITE-DOWN")
def site_down(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the share of failed homepage probes over the last `availability.window_days`
    days (7, today included): at `veto_ratio` (5%) or more a veto, at `warn_ratio` (3%) or more an
    early warning. A probe fails on any error, an HTTP status of 400 or more, or a page not wholly
    arrived within `timeout_s` (15 s). Only IPv4 probes count: IPv6 ones are the IPv6 measures'.
    The key columns' failure shares are reported in the evidence.

    Why: 19号 可用性·站点无法访问: 监测 1 周，每天不少于 20 次抽查首页，超过 15 秒仍打不开的
    次数占总监测次数 ≥ 5%，单项否决.
    Example: 140 homepage probes in the week, 28 answered 503 (20%): a veto.
    Not a finding: fewer than `min_probes` homepage probes in the window (one failure out of three
    is not a site a third down); failures over IPv6 only; key columns failing while the homepage
    opens (a column that cannot be opened is LINK-DEAD's business); probes older than the window.
    A site whose crawl failed is still judged (its homepage may be down: that is this check's case).
    """
    limits = rules.availability
    first_day = today - timedelta(days=limits.window_days - 1)
    window = [t for t in site.probes if t.ip_version == 4 and first_day <= t.day <= today]
    home = [t for t in window if t.url == site.home_url]
    probes, failures = _sum(home)
    if probes < limits.min_probes:
        return
    ratio = failures / probes
    if ratio < limits.warn_ratio:
        return
    veto = ratio >= limits.veto_ratio
    errors = Counter[str]()
    for tally in home:
        errors.update(tally.errors)
    columns: dict[str, list[ProbeTally]] = {}
    for tally in window:
        if tally.url != site.home_url:
            columns.setdefault(tally.url, []).append(tally)
    detail = {
        "probes": probes, "failures": failures, "failure_ratio": round(ratio, 4),
        "window_from": first_day.isoformat(), "window_to": today.isoformat(),
        "veto_ratio": limits.veto_ratio, "warn_ratio": limits.warn_ratio,
        "errors": dict(errors.most_common()),
        "days": [{"day": t.day.isoformat(), "probes": t.probes, "failures": t.failures}
                 for t in sorted(home, key=lambda t: t.day)],
        "key_columns": [_share(url, tallies) for url, tallies in columns.items()],
        "reason": f"近 {limits.window_days} 天首页探测 {probes} 次，失败 {failures} 次（{ratio:.1%}），"
                  f"达到{'单项否决' if veto else '预警'}线 {limits.veto_ratio if veto else limits.warn_ratio:.0%}",
    }
    yield Finding("SITE-DOWN", site.site_id, "veto" if veto else "warning", url=site.home_url,
                  where="homepage", detail=detail)


def _sum(tallies: Iterable[ProbeTally]) -> tuple[int, int]:
    """(probes, failures) over the tallies."""
    counted = list(tallies)
    return sum(t.probes for t in counted), sum(t.failures for t in counted)


def _share(url: str, tallies: list[ProbeTally]) -> dict[str, Any]:
    probes, failures = _sum(tallies)
    return {"url": url, "probes": probes, "failures": failures,
            "failure_ratio": round(failures / probes, 4) if probes else None}

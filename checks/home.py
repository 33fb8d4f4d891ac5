"""Homepage checks: whether the homepage shows new information."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from checks.facts import SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile


@check("HOME-STALE")
def home_stale(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the newest dated item on the homepage is 14 days old or more (10 days: an
    early warning). A homepage of navigation only is judged by its second-level pages.

    Why: 19号 信息更新·首页栏目: 首页栏目信息超过 2 周未更新 is a veto.
    Example: the newest item on the homepage is dated 20 days ago.
    Not a finding: undated items never count as updates either way; a homepage that could not be
    fetched is not judged (that is SITE-DOWN's business).
    """
    home = site.homepage
    if home is None:
        return
    dated, basis = home.dated_items(), "homepage"
    if not dated:
        second_level = [page for page in site.pages if page.depth == 1]
        dated = [entry for page in second_level for entry in page.dated_items()]
        basis = "second_level"
    newest = max(dated, key=lambda entry: entry[0], default=None)
    age = (today - newest[0]).days if newest else None
    limits = rules.home_stale
    if age is not None and age < limits.warn_days:
        return
    severity = "veto" if age is None or age >= limits.days else "warning"
    detail = {"basis": basis, "age_days": age, "threshold_days": limits.days}
    if newest:
        detail |= {"newest_date": newest[0].isoformat(), "newest_title": newest[1]["title"],
                   "newest_url": newest[1]["url"]}
    else:
        detail["reason"] = "首页及二级页面均未找到带日期的信息"
    yield Finding("HOME-STALE", site.site_id, severity, url=home.url, where="homepage", detail=detail)

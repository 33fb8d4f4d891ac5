"""Annual report checks: last year's 政府信息公开工作年度报告 and 政府网站工作年度报表 published on time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile

# The report's name ends the title (before a site-name suffix, 【图解】 or .pdf): 关于做好…年度报告编制的通知 is no report.
_REPORT = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)\s*(?:[（(【\[][^）)】\]]{0,20}[）)】\]])?"
                     r"\s*(?:\.\w{2,4})?\s*(?:$|[_|｜—–-])")
_WORKSHEET = re.compile(r"网站.{0,12}报表|年度工作报表|工作年度报表")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Title:
    """A title seen in the crawl: a list item, a page's title or a link's anchor."""

    text: str
    url: str
    day: date | None = None  # the list item's date, when it has one


@check("ANNUAL-REPORT-MISSING")
def annual_report_missing(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: once its due date has passed, last year's 政府信息公开工作年度报告 is nowhere
    in the crawl (list items, page titles, link anchors) — departments by 1月31日, governments
    (portal sites) by 3月31日 — or last year's 政府网站工作年度报表 is not on the homepage by
    1月31日. One finding per site, at its homepage, listing what is missing with its deadline.

    Why: 条例第五十条 (年度报告); 47号 and 19号 (网站工作年度报表 在首页公开).
    Example: on 2026-04-01 a county portal's 信息公开年报 column holds the 2024 report, not 2025's.
    Not a finding: anything before its due date; a report published late (published is enough); a
    title naming the report without a year, when its list item is dated this year; a site whose
    homepage could not be fetched (nothing to judge).
    """
    if site.homepage is None:
        return
    year, limits = today.year - 1, rules.annual_report
    report_due = _due(limits.government_due if site.kind == "portal" else limits.department_due, today)
    worksheet_due = _due(limits.worksheet_due, today)
    documents = [("政府信息公开工作年度报告", _REPORT, _everywhere(site), report_due, "发布"),
                 ("政府网站工作年度报表", _WORKSHEET, _on_homepage(site), worksheet_due, "在首页公开")]
    missing, found = [], []
    for what, name, titles, due, how in documents:
        if today <= due:
            continue  # not due yet
        if title := _find(name, titles, year, today):
            found.append({"what": what, "title": title.text, "url": title.url})
        else:
            missing.append({"what": what, "due": due.isoformat(),
                            "reason": f"未{how}{year}年度{what}（应于{due.month}月{due.day}日前{how}）"})
    if missing:
        yield Finding("ANNUAL-REPORT-MISSING", site.site_id, "deduction", url=site.home_url,
                      detail={"year": year, "missing": missing, "found": found,
                              "reason": "；".join(m["reason"] for m in missing)})


def _due(month_day: str, today: date) -> date:
    month, day = month_day.split("-")
    return date(today.year, int(month), int(day))


def _find(name: re.Pattern[str], titles: Iterable[Title], year: int, today: date) -> Title | None:
    """The first title naming the document for `year`; a year-less one counts when dated this year."""
    of_year = re.compile(rf"(?<!\d){year}\s*年")
    for title in titles:
        if not name.search(title.text):
            continue
        if of_year.search(title.text) or (not _ANY_YEAR.search(title.text) and title.day
                                          and title.day.year == today.year):
            return title
    return None


def _everywhere(site: SiteFacts) -> Iterator[Title]:
    for page in site.pages:
        yield Title(page.title, page.url)
        yield from _items(page)
    for link in site.links:
        yield from (Title(source.anchor, link.url) for source in link.sources)


def _on_homepage(site: SiteFacts) -> Iterator[Title]:
    if site.homepage is not None:
        yield from _items(site.homepage)
    for link in site.links:
        yield from (Title(source.anchor, link.url) for source in link.sources if source.on_home)


def _items(page: PageFact) -> Iterator[Title]:
    for item in page.facts.get("items", []):
        yield Title(item["title"], item["url"], date.fromisoformat(item["date"]) if item.get("date") else None)

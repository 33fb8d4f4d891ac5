"""Column checks: columns (栏目) not updated within their kind's window, and blank columns.

A column is what the crawler recorded as a list page (PageFact.facts["column"]: name, kind, items,
newest, empty, pagination), with the kind already set by name keywords and the site's
column_overrides (kind "exclude": never judged). One column may be read under several URLs:
/tzgg/ and /tzgg/index.html, a redirect's target, its later list pages (index_1.html ...).
site_columns() merges them into one column, named by the URL the site's navigation links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile

# The 19号 sheet counts stale columns in two classes, each with its own veto count.
CLASS_OF_KIND = {"dynamic": "dynamic_notice", "notice": "dynamic_notice", "policy": "dynamic_notice",
                 "should_update": "should_update"}
KIND_TITLES = {"dynamic": "动态要闻类", "notice": "通知公告类", "policy": "政策文件类", "should_update": "应更新类"}
_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column: its list pages as read (the first page first), merged."""

    url: str  # the first list page, as the navigation links it
    name: str
    kind: str | None  # dynamic, notice, policy, should_update, exclude; None when unclassified
    first_level: bool  # linked from the homepage (navigation or a homepage block)
    urls: list[str]  # every list-page URL read for it
    items: list[dict[str, Any]]  # its items over all pages read, each once
    empty_text: str | None  # 暂无信息 or its like, as the first page says it

    @property
    def newest(self) -> tuple[date, dict[str, Any]] | None:
        """The newest dated item with its date; undated items never count as updates."""
        dated = [(date.fromisoformat(item["date"]), item) for item in self.items if item.get("date")]
        return max(dated, key=lambda entry: entry[0], default=None)


def site_columns(site: SiteFacts) -> list[Column]:
    """The site's columns, each once, however many URLs and list pages it was read under."""
    home = site.homepage
    home_links = {_same(link["url"]) for link in (home.facts.get("column_links", []) if home else [])}

    def linked_from_home(page: PageFact) -> bool:
        return bool({_same(page.url), _same(page.facts["column"]["url"])} & home_links)

    # the page the navigation links comes first, then the shallowest (the sort keeps crawl order)
    listed = sorted((page for page in site.pages if page.facts.get("column")),
                    key=lambda page: (not linked_from_home(page), page.depth))
    earlier_page: dict[str, str] = {}  # a later list page -> the page whose pager lists it
    for page in listed:
        for later in page.facts["column"].get("pagination", []):
            earlier_page.setdefault(_same(later), _same(page.facts["column"]["url"]))
    groups: dict[str, list[PageFact]] = {}
    for page in listed:
        groups.setdefault(_first_page(_same(page.facts["column"]["url"]), earlier_page), []).append(page)
    return [_merge(pages, any(linked_from_home(page) for page in pages)) for pages in groups.values()]


@check("COLUMN-STALE")
def column_stale(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a column whose newest dated item is as old as its kind's window or older:
    动态要闻 14 days, 通知公告 and 政策文件 183 days, 应更新 (人事, 规划计划) 365 days
    (`columns.windows_days`). The newest item is sought over all list pages read (the first page
    may hold only 置顶 items). Severity by class: when 动态要闻+通知公告+政策文件 stale columns
    reach `stale_veto_count.dynamic_notice` (5), each of them is a veto; 应更新 ones likewise
    with `stale_veto_count.should_update` (10). Below that each is a deduction (a first-level
    政策文件 column costs more in scoring: detail `first_level`, `kind`). Early warning: a
    supervisor wants to know a site is one stale column from failing, but a warning must not
    cost fewer points than a deduction, so from `stale_warn_count` (veto − 1) the findings stay
    deductions and carry `near_veto: true` and a reason saying how many more make a veto.

    Why: 19号 信息更新·栏目更新 (动态要闻 2 周, 通知公告/政策文件 6 个月, 人事/规划计划等
    应更新栏目 1 年未更新; ≥ 5 or ≥ 10 such columns is a veto).
    Example: 人事信息 (should_update) whose newest item is dated 400 days ago.
    Not a finding: a column inside its window however close to it (13 days for 动态); an
    unclassified or excluded column (no window); a blank column (COLUMN-EMPTY, never both); a
    column with only undated items (no date proves it stale, and none proves it updated: not
    judged); the same column under another URL (index.html, a redirect, a later list page).
    """
    limits = rules.columns
    stale = []
    for column in site_columns(site):
        kind = column.kind or ""
        window = limits.windows_days.get(kind)  # None: unclassified or excluded, not judged
        if window is not None and (newest := column.newest) and (today - newest[0]).days >= window:
            stale.append((column, kind, newest, window))
    counts = Counter(CLASS_OF_KIND[kind] for _, kind, _, _ in stale)
    for column, kind, (newest_date, item), window in stale:
        group = CLASS_OF_KIND[kind]
        age = (today - newest_date).days
        severity, tally = _tally(counts[group], getattr(limits.stale_veto_count, group),
                                 getattr(limits.stale_warn_count, group))
        reason = f"{KIND_TITLES[kind]}栏目“{column.name}”已 {age} 天未更新（期限 {window} 天）"
        yield Finding("COLUMN-STALE", site.site_id, severity, url=column.url, detail={
            "name": column.name, "kind": kind, "class": group,
            "newest_date": newest_date.isoformat(), "newest_title": item.get("title"), "newest_url": item.get("url"),
            "age_days": age, "window_days": window, "first_level": column.first_level, "urls": column.urls,
            **tally, "reason": reason + _tally_reason(tally, "同类未更新栏目"),
        })


@check("COLUMN-EMPTY")
def column_empty(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a column (栏目) with no item on any list page read — an empty list, or
    暂无信息 / 没有相关信息 in its place. Unclassified columns count (办事服务, 互动交流 pages
    that are lists). At `columns.empty_veto_count` (5) blank columns each is a veto; below it a
    deduction; from `empty_warn_count` (veto − 1) they carry `near_veto: true` (see COLUMN-STALE
    for why an early warning stays a deduction).

    Why: 19号 信息更新·空白栏目 (有栏目无内容); five or more is a veto.
    Example: /zcfg/ 政策法规 shows only 暂无信息.
    Not a finding: a first list page that is empty while a later page has items; a column with
    undated items only (it has content); an excluded column (`column_overrides`: exclude).
    """
    limits = rules.columns
    blank = [column for column in site_columns(site) if not column.items and column.kind != "exclude"]
    severity, tally = _tally(len(blank), limits.empty_veto_count, limits.empty_warn_count)
    for column in blank:
        shown = f"显示“{column.empty_text}”" if column.empty_text else "列表为空"
        yield Finding("COLUMN-EMPTY", site.site_id, severity, url=column.url, detail={
            "name": column.name, "kind": column.kind, "empty_text": column.empty_text,
            "first_level": column.first_level, "urls": column.urls,
            **tally, "reason": f"空白栏目“{column.name}”：{shown}" + _tally_reason(tally, "空白栏目"),
        })


def _tally(count: int, veto: int, warn: int) -> tuple[Literal["veto", "deduction"], dict[str, Any]]:
    """A class's count against its veto and warning counts: the severity of each of its findings."""
    return ("veto" if count >= veto else "deduction"), {
        "class_count": count, "veto_count": veto, "warn_count": warn, "near_veto": warn <= count < veto}


def _tally_reason(tally: dict[str, Any], what: str) -> str:
    """The count's part of the reason: a veto reached, or how many more make one."""
    count, veto = tally["class_count"], tally["veto_count"]
    if count >= veto:
        return f"；{what} {count} 个，达到 {veto} 个，单项否决"
    return f"；{what}已有 {count} 个，再有 {veto - count} 个即单项否决" if tally["near_veto"] else ""


def _same(url: str) -> str:
    """One spelling for a column's URL: /tzgg/index.html is /tzgg/."""
    return _INDEX_FILE.sub("/", url)


def _first_page(url: str, earlier_page: dict[str, str]) -> str:
    """Follow pagers back to the column's first list page (a pager listing itself stops there)."""
    seen = {url}
    while (earlier := earlier_page.get(url)) is not None and earlier not in seen:
        seen.add(earlier)
        url = earlier
    return url


def _merge(pages: list[PageFact], first_level: bool) -> Column:
    """A column from its pages, the page the navigation links first."""
    first = pages[0].facts["column"]
    items = {item["url"]: item for page in pages for item in page.facts["column"]["items"]}
    urls = list(dict.fromkeys(page.facts["column"]["url"] for page in pages))
    return Column(url=first["url"], name=first["name"], kind=first.get("kind"), first_level=first_level,
                  urls=urls, items=list(items.values()), empty_text=first.get("empty_text"))

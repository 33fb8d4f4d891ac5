"""Data the demo sites are built from: links, dated items, columns, site identity, and the Defect key."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Defect:
    """One seeded defect of the answer key (see answers.py)."""

    code: str
    site_id: str | None
    account_id: str | None
    url: str
    source_url: str | None
    where: str | None          # "homepage" | "other" (links); None otherwise
    note: str
    needs_timeout: bool = False  # only a defect when the crawler's timeout < Farm.slow_seconds
    needs_render: bool = False   # only seen by a crawler that runs the page's scripts (render: auto)
    severity: str = ""           # "warning" for early-warning entries (e.g. HOME-STALE at 11 days)


@dataclass
class Link:
    """A link placed on a page. `dead`/`suspect` hold the answer-key note when it is seeded broken."""

    text: str
    href: str
    kind: str = "page"           # page | image | attachment | external
    dead: str | None = None
    suspect: str | None = None
    needs_timeout: bool = False


@dataclass
class Item:
    """A dated entry of a column, with its article page."""

    title: str
    day: date
    path: str                    # article path on the column's host
    clock: str = "09:30"
    source: str = ""
    body: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)   # attachments/related links on the article
    extra_html: str = ""         # raw HTML appended to the article body (tables etc.)
    dead: str | None = None      # the article itself is broken (its list entry is a dead link)
    status: int = 200            # what the article URL answers when dead (404, 410, 500, 200=soft 404)
    pinned: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # policy metadata, etc.
    template: str = "article.html"


@dataclass
class Column:
    """A column (栏目): a list page of dated items reached from the navigation."""

    code: str
    name: str
    kind: str                    # dynamic | notice | policy | should | other
    path: str                    # list URL path, e.g. /zwdt/
    items: list[Item] = field(default_factory=list)
    empty_text: str | None = None   # "暂无信息" on blank columns ("" = an empty list, no text)
    per_page: int = 15
    host: str | None = None      # None = the site's main host
    col_id: int = 0              # Hanweb column id
    oldest_first: bool = False   # listed oldest first: the newest items are on the last page
    scripted: bool = False       # the list is written by a script: the HTML holds an empty list
    data_path: str | None = None  # the JSON a scripted list asks for (None: the rows are in the page)

    def newest(self) -> date | None:
        return max((i.day for i in self.items), default=None)

    def pages(self) -> list[list[Item]]:
        ordered = self.ordered()
        if not ordered:
            return [[]]
        return [ordered[i:i + self.per_page] for i in range(0, len(ordered), self.per_page)]

    def ordered(self) -> list[Item]:
        """Pinned items first, then newest first (how real list pages sort) or oldest first."""
        direction = 1 if self.oldest_first else -1
        return sorted(self.items, key=lambda i: (not i.pinned, direction * i.day.toordinal(), i.path))


@dataclass
class Identity:
    """Site identity shown in <head> meta and in the footer; None/False fields are left out."""

    site_id: str
    name: str                    # SiteName
    org: str                     # the unit's name, shown in the header
    host: str
    code: str | None             # 网站标识码
    icp: str | None
    gongan: str | None           # 公安机关备案号
    sponsor: str | None          # 主办单位
    phone: str | None
    conac: bool = True           # 党政机关网站标识
    jiucuo: bool = True          # 我为政府网站找错
    head_meta: bool = True       # SiteName/SiteDomain/SiteIDCode (and article meta)
    encoding: str = "utf-8"
    date_style: str = "iso"      # iso | md | cn | bracket


def days_ago(today: date, n: int) -> date:
    return today - timedelta(days=n)


def fmt_date(d: date, style: str = "iso") -> str:
    """Dates the way list pages show them."""
    if style == "md":
        return f"[{d:%m-%d}]"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "bracket":
        return f"[{d:%Y-%m-%d}]"
    return f"{d:%Y-%m-%d}"

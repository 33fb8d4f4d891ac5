"""政府信息公开工作年度报告 items (ANNUAL-REPORT-MISSING seeds)."""

from __future__ import annotations

from datetime import date, timedelta

from typing import TYPE_CHECKING

from govmon.demo.content import article_id
from govmon.demo.model import Column, Item, Link

if TYPE_CHECKING:
    from govmon.demo.gov_site import GovSite


def report_day(year: int, today: date) -> date:
    """Reports for `year` come out on 18 January of the next year (never after today)."""
    return min(date(year + 1, 1, 18), today - timedelta(days=1))


def annual_reports(col: Column, org: str, years: list[int], today: date, hanweb: int = 0) -> list[Item]:
    """One report item per year into `col` (TRS paths, or Hanweb paths when `hanweb` is a column id)."""
    items = []
    for year in years:
        day = report_day(year, today)
        aid = article_id(org, "ndbg", year)
        path = (f"/art/{day.year}/{day.month}/{day.day}/art_{hanweb}_{aid % 90000 + 1000}.html" if hanweb
                else f"{col.path}{day:%Y%m}/t{day:%Y%m%d}_{aid}.html")
        title = f"{org}{year}年政府信息公开工作年度报告"
        body = ["本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。",
                f"一、总体情况。{year}年，{org}认真贯彻落实《条例》，持续深化政务公开。",
                "二、主动公开政府信息情况。",
                "三、收到和处理政府信息公开申请情况。",
                "四、政府信息公开行政复议、行政诉讼情况。",
                "五、存在的主要问题及改进情况。",
                "六、其他需要报告的事项。"]
        items.append(Item(title, day, path, clock="10:00", source=org, body=body))
    col.items.extend(items)
    return items


def annual_report_due(today: date, department: bool) -> bool:
    """True once last year's report is overdue: departments by 31 January, governments by 31 March."""
    due = date(today.year, 1, 31) if department else date(today.year, 3, 31)
    return today > due


def yearly_sheet(site: GovSite) -> Link:
    """The 政府网站工作年度报表 of last year as a page, and the homepage link to it (returned)."""
    from govmon.demo.gov_site import Page

    year = site.today.year - 1
    title = f"{site.ident.name}{year}年度工作报表"
    rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in (
        ("网站名称", site.ident.name), ("网站标识码", site.ident.code or ""), ("主办单位", site.ident.org),
        ("信息发布总数（条）", 1000 + len(site.site_id) * 37), ("栏目数量（个）", len(site.columns))))
    path = f"/ndbb/{year}.html"
    site.pages.append(Page(path, title, f"<table class='ndbb'>{rows}</table>", day=report_day(year, site.today)))
    site.has_sheet = True
    return Link(title, path)

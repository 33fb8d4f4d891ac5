"""checks/reports.py: ANNUAL-REPORT-MISSING, last year's 年度报告 and 网站工作年度报表."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from checks.facts import LinkOutcome, PageFact, SiteFacts, Source
from checks.registry import Finding
from checks.reports import annual_report_missing
from govmon.config import RulesFile

HOME = "http://www.example.gov.cn/"
NDBG = "http://www.example.gov.cn/xxgk/ndbg/"
AFTER_BOTH = date(2026, 4, 1)  # past every default due date for the 2025 documents
REPORT = "青山市人民政府2025年政府信息公开工作年度报告"
SHEET = "青山市人民政府门户网站2025年度工作报表"


def item(title: str, day: str | None = "2026-01-18", url: str | None = None) -> dict[str, Any]:
    return {"title": title, "url": url or f"{NDBG}{abs(hash(title))}.html", "date": day}


def page(url: str, *items: dict[str, Any], title: str = "", is_home: bool = False) -> PageFact:
    return PageFact(url, url, 200, 0 if is_home else 1, is_home, title, {"items": list(items)})


def homepage(*items: dict[str, Any]) -> PageFact:
    return page(HOME, *items, title="青山市人民政府门户网站", is_home=True)


def link(anchor: str, url: str, on: str = HOME) -> LinkOutcome:
    return LinkOutcome(url, "page", "ok", 200, None, [], [Source(on, anchor, "body", on == HOME)])


def site(*pages: PageFact, links: list[LinkOutcome] | None = None, kind: str = "portal") -> SiteFacts:
    return SiteFacts("demo-site", "demo", HOME, kind, 3, datetime(2026, 4, 1, tzinfo=UTC), list(pages), links or [])


def found(rules: RulesFile, facts: SiteFacts, today: date = AFTER_BOTH) -> list[Finding]:
    return list(annual_report_missing(facts, rules, today))


def missing(rules: RulesFile, facts: SiteFacts, today: date = AFTER_BOTH) -> list[str]:
    return [m["what"] for finding in found(rules, facts, today) for m in finding.detail["missing"]]


SHEET_LINK = link(SHEET, f"{HOME}ndbb/2025.html")


# ---------------------------------------------------------------- published


def test_report_in_a_column_and_sheet_on_the_homepage(rules: RulesFile) -> None:
    facts = site(homepage(), page(NDBG, item(REPORT), item("青山市人民政府2024年政府信息公开工作年度报告")),
                 links=[SHEET_LINK])
    assert found(rules, facts) == []


@pytest.mark.parametrize("title", [
    "2025年度政府信息公开工作年度报告",
    "青山市教育局2025年政府信息公开工作年度报告（图解）",
    "2025年度政府信息公开年报.pdf",
    "2025 年政府信息公开工作报告",
])
def test_report_title_variants(rules: RulesFile, title: str) -> None:
    assert missing(rules, site(homepage(), page(NDBG, item(title)), links=[SHEET_LINK])) == []


def test_report_found_as_a_page_title_or_a_link_anchor(rules: RulesFile) -> None:
    as_page = page(f"{NDBG}t20260118_1.html", title=f"{REPORT}_青山市人民政府门户网站")
    assert missing(rules, site(homepage(), as_page, links=[SHEET_LINK])) == []
    anchor = link(REPORT, f"{NDBG}t20260118_1.html", on=NDBG)
    assert missing(rules, site(homepage(), links=[SHEET_LINK, anchor])) == []


def test_year_less_title_dated_this_year_counts(rules: RulesFile) -> None:
    assert missing(rules, site(homepage(), page(NDBG, item("政府信息公开工作年度报告", "2026-01-20")),
                               links=[SHEET_LINK])) == []


def test_published_late_is_published(rules: RulesFile) -> None:
    late = item(REPORT, "2026-05-20")
    assert found(rules, site(homepage(), page(NDBG, late), links=[SHEET_LINK]), date(2026, 6, 1)) == []


@pytest.mark.parametrize("title", ["2025年度政府网站工作年度报表", "政府网站工作年度报表（2025年度）",
                                   "河西文旅网2025年度工作报表"])
def test_sheet_title_variants_on_the_homepage(rules: RulesFile, title: str) -> None:
    facts = site(homepage(item(title, "2026-01-15", f"{HOME}ndbb/2025.html")), page(NDBG, item(REPORT)))
    assert missing(rules, facts) == []


# ---------------------------------------------------------------- missing


def test_both_missing_on_a_portal(rules: RulesFile) -> None:
    facts = site(homepage(), page(NDBG, item("青山市人民政府2024年政府信息公开工作年度报告", "2025-01-18")))
    assert found(rules, facts) == [Finding(
        code="ANNUAL-REPORT-MISSING",
        target="demo-site",
        severity="deduction",
        url=HOME,
        detail={"year": 2025, "found": [], "missing": [
            {"what": "政府信息公开工作年度报告", "due": "2026-03-31",
             "reason": "未发布2025年度政府信息公开工作年度报告（应于3月31日前发布）"},
            {"what": "政府网站工作年度报表", "due": "2026-01-31",
             "reason": "未在首页公开2025年度政府网站工作年度报表（应于1月31日前在首页公开）"}],
            "reason": "未发布2025年度政府信息公开工作年度报告（应于3月31日前发布）；"
                      "未在首页公开2025年度政府网站工作年度报表（应于1月31日前在首页公开）"},
    )]


def test_an_older_years_report_does_not_count(rules: RulesFile) -> None:
    facts = site(homepage(), page(NDBG, item("2024年政府信息公开工作年度报告"),
                                  item("政府信息公开工作年度报告", "2025-01-18")), links=[SHEET_LINK])
    assert missing(rules, facts) == ["政府信息公开工作年度报告"]


@pytest.mark.parametrize("title", [
    "关于做好2025年政府信息公开工作年度报告编制工作的通知",  # about the report, not the report
    "2025年政务公开工作要点",
])
def test_titles_that_are_not_the_report(rules: RulesFile, title: str) -> None:
    assert missing(rules, site(homepage(), page(NDBG, item(title)), links=[SHEET_LINK])) == ["政府信息公开工作年度报告"]


def test_sheet_must_be_on_the_homepage(rules: RulesFile) -> None:
    deep = link(SHEET, f"{HOME}ndbb/2025.html", on=f"{HOME}ztzl/")
    facts = site(homepage(), page(NDBG, item(REPORT)), page(f"{HOME}ndbb/2025.html", title=SHEET), links=[deep])
    [finding] = found(rules, facts)
    assert [m["what"] for m in finding.detail["missing"]] == ["政府网站工作年度报表"]
    assert finding.detail["found"] == [{"what": "政府信息公开工作年度报告", "title": REPORT,
                                        "url": page(NDBG, item(REPORT)).facts["items"][0]["url"]}]


def test_last_years_sheet_only(rules: RulesFile) -> None:
    old = link("2024年度政府网站工作年度报表", f"{HOME}ndbb/2024.html")
    assert missing(rules, site(homepage(), page(NDBG, item(REPORT)), links=[old])) == ["政府网站工作年度报表"]


# ---------------------------------------------------------------- due dates


@pytest.mark.parametrize(("today", "kind", "expected"), [
    (date(2026, 1, 20), "department", []),  # nothing is due in January
    (date(2026, 1, 31), "portal", []),  # the due day itself is still in time
    (date(2026, 2, 1), "department", ["政府信息公开工作年度报告", "政府网站工作年度报表"]),
    (date(2026, 2, 15), "portal", ["政府网站工作年度报表"]),  # a government's report is due by 31 March
    (date(2026, 3, 31), "portal", ["政府网站工作年度报表"]),
    (date(2026, 4, 1), "portal", ["政府信息公开工作年度报告", "政府网站工作年度报表"]),
    (date(2026, 12, 31), "department", ["政府信息公开工作年度报告", "政府网站工作年度报表"]),
])
def test_due_dates(rules: RulesFile, today: date, kind: str, expected: list[str]) -> None:
    assert missing(rules, site(homepage(), kind=kind), today) == expected


def test_due_dates_follow_the_rules(rules: RulesFile) -> None:
    tuned = rules.model_copy(update={"annual_report": rules.annual_report.model_copy(
        update={"government_due": "05-15", "worksheet_due": "05-15"})})
    assert list(annual_report_missing(site(homepage()), tuned, date(2026, 5, 15))) == []
    assert len(list(annual_report_missing(site(homepage()), tuned, date(2026, 5, 16)))) == 1


def test_no_homepage_no_judgement(rules: RulesFile) -> None:
    assert found(rules, site(page(NDBG))) == []

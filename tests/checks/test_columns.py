"""checks/columns.py: COLUMN-STALE and COLUMN-EMPTY, with the decoys of each and one column under many URLs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from checks.columns import column_empty, column_stale, site_columns
from checks.facts import PageFact, SiteFacts
from checks.registry import Finding
from crawler.extractors.page import read_page
from govmon.config import RulesFile
from tests.realpages import REALPAGES, needs_realpages

TODAY = date(2022, 8, 1)
HOME = "http://www.example.gov.cn/"
WINDOWS = {"dynamic": 14, "notice": 183, "policy": 183, "should_update": 365}


def item(title: str, days_ago: int | None) -> dict[str, Any]:
    dated = (TODAY - timedelta(days=days_ago)).isoformat() if days_ago is not None else None
    return {"title": title, "url": f"{HOME}art/{title}.html", "date": dated}


def column(path: str, name: str, kind: str | None, *items: dict[str, Any], depth: int = 1,
           pagination: tuple[str, ...] = (), empty_text: str | None = None, final: str | None = None) -> PageFact:
    """A list page read at HOME+path (redirected to HOME+final when given)."""
    url, final_url = HOME + path.lstrip("/"), HOME + (final or path).lstrip("/")
    facts = {"url": final_url, "name": name, "kind": kind, "items": list(items),
             "newest": max((i["date"] for i in items if i["date"]), default=None), "empty": not items,
             "empty_text": empty_text, "pagination": [HOME + p.lstrip("/") for p in pagination],
             "total_pages": None, "pinned": []}
    return PageFact(url, final_url, 200, depth, False, name, {"column": facts, "items": list(items)})


def homepage(*linked: str) -> PageFact:
    links = [{"url": HOME + path.lstrip("/"), "name": path, "found_in": "nav"} for path in linked]
    return PageFact(HOME, HOME, 200, 0, True, "首页", {"items": [], "column_links": links})


def site(*pages: PageFact) -> SiteFacts:
    return SiteFacts("demo-site", "demo", HOME, "portal", 3, datetime(2022, 8, 1, 1, tzinfo=UTC), list(pages), [])


def stale(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    return list(column_stale(site(*pages), rules, TODAY))


def empty(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    return list(column_empty(site(*pages), rules, TODAY))


def stale_columns(kind: str, count: int, days: int) -> list[PageFact]:
    return [column(f"/{kind}{n}/", f"{kind}{n}", kind, item(f"{kind}{n}", days)) for n in range(count)]


# ---------------------------------------------------------------- COLUMN-STALE


def test_stale_column_with_its_evidence(rules: RulesFile) -> None:
    rsxx = column("/rsxx/", "人事信息", "should_update", item("任免通知", 400), item("旧任免", 500), item("无日期", None))
    [finding] = stale(rules, homepage("/rsxx/"), rsxx)
    assert finding == Finding("COLUMN-STALE", "demo-site", "deduction", url=HOME + "rsxx/", detail=finding.detail)
    assert finding.detail == {
        "name": "人事信息", "kind": "should_update", "class": "should_update",
        "newest_date": "2021-06-27", "newest_title": "任免通知", "newest_url": HOME + "art/任免通知.html",
        "age_days": 400, "window_days": 365, "first_level": True, "urls": [HOME + "rsxx/"],
        "class_count": 1, "veto_count": 10, "warn_count": 9, "near_veto": False,
        "reason": "应更新类栏目“人事信息”已 400 天未更新（期限 365 天）",
    }


@pytest.mark.parametrize(("kind", "window"), WINDOWS.items())
def test_stale_from_the_first_day_of_the_window(rules: RulesFile, kind: str, window: int) -> None:
    [finding] = stale(rules, column("/lm/", "栏目", kind, item("newest", window), item("older", window + 30)))
    assert (finding.detail["age_days"], finding.detail["window_days"], finding.detail["kind"]) == (window, window, kind)


@pytest.mark.parametrize(("kind", "window"), WINDOWS.items())
def test_fresh_column_close_to_its_window(rules: RulesFile, kind: str, window: int) -> None:
    assert stale(rules, column("/lm/", "栏目", kind, item("newest", window - 1), item("older", window + 30))) == []


@pytest.mark.parametrize("kind", [None, "exclude"])
def test_unclassified_and_excluded_columns_are_not_judged(rules: RulesFile, kind: str | None) -> None:
    assert stale(rules, column("/hdjl/", "互动交流", kind, item("old", 900))) == []


def test_undated_items_never_count(rules: RulesFile) -> None:
    only_undated = column("/bsfw/", "通知公告", "notice", item("办事指南", None), item("表格下载", None))
    assert stale(rules, only_undated) == []
    assert empty(rules, only_undated) == []  # it has content
    [finding] = stale(rules, column("/tzgg/", "通知公告", "notice", item("undated", None), item("dated", 200)))
    assert finding.detail["newest_title"] == "dated"


def test_first_level_is_reached_from_the_homepage(rules: RulesFile) -> None:
    linked = column("/zcwj/", "政策文件", "policy", item("old", 200))
    deeper = column("/xxgk/gfxwj/", "规范性文件", "policy", item("old2", 200), depth=2)
    by_url = {f.url: f.detail["first_level"] for f in stale(rules, homepage("/zcwj/index.html"), linked, deeper)}
    assert by_url == {HOME + "zcwj/": True, HOME + "xxgk/gfxwj/": False}


@pytest.mark.parametrize("count", [5, 6])
def test_veto_from_five_stale_dynamic_notice_policy_columns(rules: RulesFile, count: int) -> None:
    pages = stale_columns("dynamic", 2, 20) + stale_columns("notice", 2, 200) + stale_columns("policy", count - 4, 200)
    result = stale(rules, *pages)
    assert len(result) == count
    assert {(f.severity, f.detail["class_count"], f.detail["veto_count"]) for f in result} == {("veto", count, 5)}
    assert "单项否决" in result[0].detail["reason"]


def test_early_warning_one_column_before_the_veto(rules: RulesFile) -> None:
    result = stale(rules, *stale_columns("dynamic", 4, 20))
    assert {(f.severity, f.detail["near_veto"]) for f in result} == {("deduction", True)}
    assert result[0].detail["reason"].endswith("同类未更新栏目已有 4 个，再有 1 个即单项否决")


def test_below_the_warning_count(rules: RulesFile) -> None:
    result = stale(rules, *stale_columns("notice", 3, 200))
    assert {(f.severity, f.detail["near_veto"]) for f in result} == {("deduction", False)}


def test_the_two_classes_are_counted_apart(rules: RulesFile) -> None:
    pages = stale_columns("dynamic", 5, 20) + stale_columns("should_update", 9, 400)
    severities = {(f.detail["class"], f.severity, f.detail["near_veto"]) for f in stale(rules, *pages)}
    assert severities == {("dynamic_notice", "veto", False), ("should_update", "deduction", True)}
    mixed = stale(rules, *stale_columns("dynamic", 4, 20), *stale_columns("should_update", 1, 400))
    assert {f.severity for f in mixed} == {"deduction"}
    veto = stale(rules, *stale_columns("should_update", 10, 400))
    assert {f.severity for f in veto} == {"veto"}


def test_fresh_and_unjudged_columns_do_not_count_towards_the_veto(rules: RulesFile) -> None:
    pages = stale_columns("dynamic", 4, 20) + [
        column("/fresh/", "要闻", "dynamic", item("fresh", 13)),
        column("/other/", "专题", None, item("old", 900)),
        column("/blank/", "通知", "notice", empty_text="暂无信息"),
    ]
    assert {f.severity for f in stale(rules, *pages)} == {"deduction"}


def test_thresholds_follow_the_rules(rules: RulesFile) -> None:
    tuned_columns = rules.columns.model_copy(update={
        "windows_days": {**rules.columns.windows_days, "dynamic": 30},
        "stale_veto_count": rules.columns.stale_veto_count.model_copy(update={"dynamic_notice": 2}),
    })
    tuned = rules.model_copy(update={"columns": tuned_columns})
    assert list(column_stale(site(*stale_columns("dynamic", 2, 29)), tuned, TODAY)) == []
    result = list(column_stale(site(*stale_columns("dynamic", 2, 30)), tuned, TODAY))
    assert [f.severity for f in result] == ["veto", "veto"]


# ---------------------------------------------------------------- one column, many URLs


def test_index_html_and_the_directory_are_one_column(rules: RulesFile) -> None:
    pages = [homepage("/tzgg/"), column("/tzgg/index.html", "通知公告", "notice", item("n", 200), depth=2),
             column("/tzgg/", "通知公告", "notice", item("n", 200))]
    [finding] = stale(rules, *pages)
    assert finding.url == HOME + "tzgg/"  # as the navigation links it
    assert finding.detail["urls"] == [HOME + "tzgg/", HOME + "tzgg/index.html"]


def test_the_navigation_link_names_the_column(rules: RulesFile) -> None:
    # a Hanweb column: the navigation links /col/col1234/index.html
    pages = [homepage("/col/col1234/index.html"), column("/col/col1234/", "教育动态", "dynamic", item("d", 30), depth=2),
             column("/col/col1234/index.html", "教育动态", "dynamic", item("d", 30))]
    [finding] = stale(rules, *pages)
    assert finding.url == HOME + "col/col1234/index.html"


def test_a_redirect_is_named_by_where_it_ends(rules: RulesFile) -> None:
    pages = [column("/go/1", "政务动态", "dynamic", item("d", 20), depth=3, final="/zwdt/"),
             column("/zwdt/old.html", "政务动态", "dynamic", item("d", 20), depth=3, final="/zwdt/")]
    assert [f.url for f in stale(rules, *pages)] == [HOME + "zwdt/"]


def test_later_list_pages_belong_to_their_column(rules: RulesFile) -> None:
    # page 1 holds only a pinned old item; the newest is on page 2; page 3 is older still
    pages = [
        column("/zwdt/", "政务动态", "dynamic", item("置顶旧闻", 300), pagination=("/zwdt/index_1.html",
                                                                               "/zwdt/index_2.html")),
        column("/zwdt/index_1.html", "政务动态", "dynamic", item("newest", 5), depth=2,
               pagination=("/zwdt/index_2.html",)),
        column("/zwdt/index_2.html", "政务动态", "dynamic", item("older", 40), depth=3),
    ]
    assert stale(rules, *pages) == []
    [merged] = site_columns(site(*pages))
    assert merged.url == HOME + "zwdt/" and len(merged.urls) == 3


def test_later_list_pages_followed_page_by_page(rules: RulesFile) -> None:
    pages = [column("/tzgg/", "通知公告", "notice", item("a", 200), pagination=("/tzgg/index_1.html",)),
             column("/tzgg/index_1.html", "通知公告", "notice", item("b", 250), depth=2,
                    pagination=("/tzgg/index_2.html",)),
             column("/tzgg/index_2.html", "通知公告", "notice", item("c", 300), depth=3)]
    [finding] = stale(rules, *pages)
    assert (finding.url, finding.detail["newest_title"], len(finding.detail["urls"])) == (HOME + "tzgg/", "a", 3)


# ---------------------------------------------------------------- COLUMN-EMPTY


def test_blank_column_with_its_evidence(rules: RulesFile) -> None:
    [finding] = empty(rules, homepage("/zcfg/"), column("/zcfg/", "政策法规", "policy", empty_text="暂无信息"))
    assert finding == Finding("COLUMN-EMPTY", "demo-site", "deduction", url=HOME + "zcfg/", detail=finding.detail)
    assert finding.detail == {
        "name": "政策法规", "kind": "policy", "empty_text": "暂无信息", "first_level": True, "urls": [HOME + "zcfg/"],
        "class_count": 1, "veto_count": 5, "warn_count": 4, "near_veto": False,
        "reason": "空白栏目“政策法规”：显示“暂无信息”",
    }


def test_an_empty_list_without_words(rules: RulesFile) -> None:
    [finding] = empty(rules, column("/ghjh/", "规划计划", "should_update"))
    assert (finding.detail["empty_text"], finding.detail["reason"]) == (None, "空白栏目“规划计划”：列表为空")


def blank_columns(count: int) -> list[PageFact]:
    kinds = [None, "policy", "should_update", None, "notice", "dynamic"]  # unclassified ones count too
    return [column(f"/lm{n}/", f"栏目{n}", kinds[n % len(kinds)], empty_text="暂无信息") for n in range(count)]


@pytest.mark.parametrize(("count", "severity", "near"), [(3, "deduction", False), (4, "deduction", True),
                                                         (5, "veto", False), (6, "veto", False)])
def test_veto_from_five_blank_columns(rules: RulesFile, count: int, severity: str, near: bool) -> None:
    result = empty(rules, *blank_columns(count))
    assert len(result) == count
    assert {(f.severity, f.detail["class_count"], f.detail["near_veto"]) for f in result} == {(severity, count, near)}


def test_a_blank_column_is_never_also_stale(rules: RulesFile) -> None:
    pages = blank_columns(6)
    assert stale(rules, *pages) == []


def test_an_excluded_blank_column_is_not_counted(rules: RulesFile) -> None:
    pages = blank_columns(4) + [column("/zt/", "专题", "exclude", empty_text="暂无信息")]
    result = empty(rules, *pages)
    assert len(result) == 4 and {f.severity for f in result} == {"deduction"}


def test_an_empty_first_page_with_items_further_on_is_not_blank(rules: RulesFile) -> None:
    pages = [column("/tzgg/", "通知公告", "notice", pagination=("/tzgg/index_1.html",)),
             column("/tzgg/index_1.html", "通知公告", "notice", item("n", 3), depth=2)]
    assert empty(rules, *pages) == []
    assert stale(rules, *pages) == []


def test_one_blank_column_under_two_urls(rules: RulesFile) -> None:
    pages = [homepage("/rsxx/"), column("/rsxx/", "人事信息", "should_update", empty_text="暂无信息"),
             column("/rsxx/index.html", "人事信息", "should_update", empty_text="暂无信息", depth=2)]
    assert [(f.url, f.detail["class_count"]) for f in empty(rules, *pages)] == [(HOME + "rsxx/", 1)]


def test_the_veto_count_follows_the_rules(rules: RulesFile) -> None:
    tuned = rules.model_copy(update={"columns": rules.columns.model_copy(update={"empty_veto_count": 2})})
    assert {f.severity for f in column_empty(site(*blank_columns(2)), tuned, TODAY)} == {"veto"}


REAL_ARTICLES = sorted(REALPAGES.glob("*_article*.html")) if REALPAGES.is_dir() else []


@needs_realpages
@pytest.mark.parametrize("path", REAL_ARTICLES, ids=lambda path: path.name)
def test_real_article_pages_are_no_columns(rules: RulesFile, path: Path) -> None:
    """Articles with related-item lists and dates must not become blank or stale columns."""
    url = "http://www.example.gov.cn/art/2019/9/18/art_1_1.html"
    facts = read_page(path.read_text(encoding="utf-8"), url, lambda _: True, False, TODAY, None)
    listed = {"column": facts.column.as_dict() | {"kind": "dynamic"}} if facts.column else {}
    real = site(homepage(), PageFact(url, url, 200, 1, False, facts.title, listed))
    assert list(column_stale(real, rules, TODAY)) == list(column_empty(real, rules, TODAY)) == []


def test_the_reason_names_the_veto(rules: RulesFile) -> None:
    assert empty(rules, *blank_columns(5))[0].detail["reason"] == "空白栏目“栏目0”：显示“暂无信息”；空白栏目 5 个，达到 5 个，单项否决"
    assert empty(rules, *blank_columns(4))[0].detail["reason"].endswith("；空白栏目已有 4 个，再有 1 个即单项否决")

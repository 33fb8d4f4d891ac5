"""checks/home.py: HOME-STALE; and the registry's promise that every check documents itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import checks
from checks.facts import PageFact, SiteFacts
from checks.home import home_stale
from checks.registry import CHECKS, CODES, Finding
from govmon.config import RulesFile

TODAY = date(2022, 8, 1)
HOME = "http://www.example.gov.cn/"


def item(title: str, days_ago: int | None) -> dict[str, Any]:
    dated = (TODAY - timedelta(days=days_ago)).isoformat() if days_ago is not None else None
    return {"title": title, "url": f"http://www.example.gov.cn/{title}.html", "date": dated}


def page(url: str, depth: int, *items: dict[str, Any], is_home: bool = False) -> PageFact:
    return PageFact(url, url, 200, depth, is_home, "", {"items": list(items)})


def homepage(*items: dict[str, Any]) -> PageFact:
    return page(HOME, 0, *items, is_home=True)


def site(*pages: PageFact) -> SiteFacts:
    return SiteFacts("demo-site", "demo", HOME, "portal", 3, datetime(2022, 8, 1, 1, tzinfo=UTC), list(pages), [])


def stale(rules: RulesFile, *pages: PageFact) -> list[Finding]:
    return list(home_stale(site(*pages), rules, TODAY))


# ---------------------------------------------------------------- the homepage's own items


@pytest.mark.parametrize("days", [0, 1, 9])
def test_fresh_homepage(rules: RulesFile, days: int) -> None:
    assert stale(rules, homepage(item("old", 40), item("new", days))) == []


@pytest.mark.parametrize("days", [10, 11, 13])
def test_early_warning(rules: RulesFile, days: int) -> None:
    assert stale(rules, homepage(item("old", 40), item("newest", days))) == [
        Finding(
            code="HOME-STALE",
            target="demo-site",
            severity="warning",
            url=HOME,
            where="homepage",
            detail={
                "basis": "homepage",
                "age_days": days,
                "threshold_days": 14,
                "newest_date": (TODAY - timedelta(days=days)).isoformat(),
                "newest_title": "newest",
                "newest_url": "http://www.example.gov.cn/newest.html",
            },
        )
    ]


@pytest.mark.parametrize("days", [14, 15, 60, 400])
def test_veto(rules: RulesFile, days: int) -> None:
    [finding] = stale(rules, homepage(item("older", days + 3), item("newest", days)))
    assert finding.severity == "veto"
    assert (finding.url, finding.where) == (HOME, "homepage")
    assert finding.detail["age_days"] == days
    assert finding.detail["newest_title"] == "newest"


def test_undated_items_do_not_make_a_homepage_fresh(rules: RulesFile) -> None:
    [finding] = stale(rules, homepage(item("undated1", None), item("dated", 20), item("undated2", None)))
    assert (finding.severity, finding.detail["age_days"], finding.detail["basis"]) == ("veto", 20, "homepage")


def test_homepage_items_are_judged_before_second_level_pages(rules: RulesFile) -> None:
    second = page("http://www.example.gov.cn/xwzx/", 1, item("fresh", 0))
    [finding] = stale(rules, homepage(item("old", 30)), second)
    assert finding.detail["basis"] == "homepage"


# ---------------------------------------------------------------- navigation-only homepage


def test_navigation_only_homepage_with_a_fresh_second_level_page(rules: RulesFile) -> None:
    pages = [
        homepage(),
        page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 30)),
        page("http://www.example.gov.cn/tzgg/", 1, item("notice", 3)),
    ]
    assert stale(rules, *pages) == []


def test_navigation_only_homepage_with_stale_second_level_pages(rules: RulesFile) -> None:
    pages = [
        homepage(),
        page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 30)),
        page("http://www.example.gov.cn/tzgg/", 1, item("notice", 16)),
    ]
    [finding] = stale(rules, *pages)
    assert finding.severity == "veto"
    assert finding.detail["basis"] == "second_level"
    assert (finding.detail["age_days"], finding.detail["newest_title"]) == (16, "notice")
    assert finding.url == HOME


def test_navigation_only_homepage_warning(rules: RulesFile) -> None:
    [finding] = stale(rules, homepage(), page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 12)))
    assert (finding.severity, finding.detail["basis"]) == ("warning", "second_level")


def test_only_undated_homepage_items_and_stale_second_level_pages(rules: RulesFile) -> None:
    pages = [
        homepage(item("专题专栏", None), item("领导信箱", None)),
        page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 20), item("undated", None)),
    ]
    [finding] = stale(rules, *pages)
    assert (finding.severity, finding.detail["basis"], finding.detail["age_days"]) == ("veto", "second_level", 20)


def test_deeper_pages_do_not_count(rules: RulesFile) -> None:
    pages = [
        homepage(),
        page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 40)),
        page("http://www.example.gov.cn/xwzx/2022/", 2, item("deep", 1)),
    ]
    [finding] = stale(rules, *pages)
    assert finding.detail["age_days"] == 40


def test_nothing_dated_anywhere(rules: RulesFile) -> None:
    pages = [homepage(item("undated", None)), page("http://www.example.gov.cn/xwzx/", 1, item("u", None))]
    [finding] = stale(rules, *pages)
    assert finding.severity == "veto"
    assert finding.detail["age_days"] is None
    assert finding.detail["reason"]
    assert "newest_date" not in finding.detail


# ---------------------------------------------------------------- not judged


def test_homepage_not_fetched(rules: RulesFile) -> None:
    assert stale(rules) == []
    assert stale(rules, page("http://www.example.gov.cn/xwzx/", 1, item("dynamic", 40))) == []


def test_thresholds_follow_the_rules(rules: RulesFile) -> None:
    tuned = rules.model_copy(update={"home_stale": rules.home_stale.model_copy(update={"days": 30, "warn_days": 20})})
    assert list(home_stale(site(homepage(item("n", 19))), tuned, TODAY)) == []
    [warning] = home_stale(site(homepage(item("n", 20))), tuned, TODAY)
    assert warning.severity == "warning"
    [veto] = home_stale(site(homepage(item("n", 30))), tuned, TODAY)
    assert veto.severity == "veto"


# ---------------------------------------------------------------- the registry


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_registered_check_documents_itself(code: str) -> None:
    registered = CHECKS[code]
    assert code in CODES and CODES[code].state != "retired"
    doc = registered.function.__doc__ or ""
    for part in ("What it checks", "Why", "Example", "Not a finding"):
        assert f"{part}:" in doc, f"{code}: docstring lacks {part!r}"
    assert registered.function.__name__ == code.lower().replace("-", "_")
    assert registered.family == registered.function.__module__.rsplit(".", 1)[-1]


def test_the_built_in_checks_are_registered() -> None:
    assert checks.CHECKS is CHECKS
    assert {"LINK-DEAD", "HOME-STALE"} <= set(CHECKS)

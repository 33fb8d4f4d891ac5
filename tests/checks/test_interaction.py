"""checks/interaction.py: INTERACTION-UNANSWERED, letters left unanswered and boards without replies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from checks.facts import PageFact, SiteFacts
from checks.interaction import interaction_unanswered
from checks.registry import Finding
from govmon.config import RulesFile

TODAY = date(2026, 11, 22)
HOME = "http://www.example.gov.cn/"
BOARD = "http://www.example.gov.cn/hdjl/ldxx/"


def ago(days: int | None) -> str | None:
    return (TODAY - timedelta(days=days)).isoformat() if days is not None else None


def letter(no: str, asked: int | None, replied: int | None = None, status: str | None = "answered",
           url: str | None = None) -> dict[str, Any]:
    """A letter as the extractor records it; `asked`/`replied` are days before TODAY."""
    return {"url": url or f"{BOARD}detail_XJ{no}.html", "title": f"信件{no}", "asked": ago(asked),
            "replied": ago(replied), "status": status, "office": None}


def pending(no: str, asked: int) -> dict[str, Any]:
    return letter(no, asked, None, "pending")


def page(url: str, kind: str, *letters: dict[str, Any], is_home: bool = False, title: str = "",
         column: dict[str, Any] | None = None) -> PageFact:
    facts = {"messages": {"kind": kind, "messages": list(letters)}, "column": column}
    return PageFact(url, url, 200, 2, is_home, title, facts)


def board(*letters: dict[str, Any], url: str = BOARD, column: dict[str, Any] | None = None) -> PageFact:
    return page(url, "list", *letters, column=column)


def detail(one: dict[str, Any], title: str = "") -> PageFact:
    return page(one["url"], "detail", {**one, "url": one["url"]}, title=title)


def site(*pages: PageFact) -> SiteFacts:
    home = PageFact(HOME, HOME, 200, 0, True, "首页", {})
    return SiteFacts("demo-site", "demo", HOME, "portal", 3, datetime(2026, 11, 22, 1, tzinfo=UTC),
                     [home, *pages], [])


def found(rules: RulesFile, *pages: PageFact, today: date = TODAY) -> list[Finding]:
    return list(interaction_unanswered(site(*pages), rules, today))


def fresh() -> dict[str, Any]:
    """A letter answered 3 days ago, so that the board itself is not stale."""
    return letter("900", 8, 3)


# ---------------------------------------------------------------- letters left unanswered


def test_letter_unanswered_for_100_days_is_a_veto_at_its_own_page(rules: RulesFile) -> None:
    late = pending("007", 100)
    assert found(rules, board(fresh(), late, letter("008", 130, 125))) == [Finding(
        code="INTERACTION-UNANSWERED",
        target="demo-site",
        severity="veto",
        url=f"{BOARD}detail_XJ007.html",
        source_url=BOARD,
        detail={"title": "信件007", "asked": ago(100), "waiting_days": 100, "threshold_days": 90,
                "board": BOARD, "reason": f"留言“信件007”自 {ago(100)} 来信，100 天未回复"},
    )]


@pytest.mark.parametrize(("days", "severity"), [(90, "veto"), (365, "veto"), (60, "warning"), (89, "warning")])
def test_veto_and_early_warning_lines(rules: RulesFile, days: int, severity: str) -> None:
    [finding] = found(rules, board(fresh(), pending("001", days)))
    assert (finding.severity, finding.detail["waiting_days"]) == (severity, days)


@pytest.mark.parametrize("days", [0, 30, 59])
def test_not_yet_late(rules: RulesFile, days: int) -> None:
    assert found(rules, board(fresh(), pending("001", days))) == []


def test_unanswered_before_the_lookback_year_is_outside_the_window(rules: RulesFile) -> None:
    assert found(rules, board(fresh(), pending("001", 366), pending("002", 800))) == []


def test_answered_late_is_answered(rules: RulesFile) -> None:
    assert found(rules, board(fresh(), letter("001", 200, 20), letter("002", 150, None, "answered"))) == []


def test_unknown_status_is_not_judged(rules: RulesFile) -> None:
    """A list showing neither a reply date nor a status says nothing about replies."""
    assert found(rules, board(fresh(), letter("001", 200, None, None))) == []


def test_seen_on_list_and_own_page_is_one_finding(rules: RulesFile) -> None:
    late = pending("007", 100)
    findings = found(rules, board(fresh(), late), detail(late, title="信件007_示例网站"))
    assert [(f.severity, f.url) for f in findings] == [("veto", late["url"])]


def test_a_reply_on_the_letter_page_wins_over_the_list(rules: RulesFile) -> None:
    """The list still says 办理中 (a cached list); the letter's page shows the reply."""
    listed = pending("007", 100)
    assert found(rules, board(fresh(), listed), detail(letter("007", 100, 2))) == []


def test_letter_seen_only_on_its_own_page(rules: RulesFile) -> None:
    late = pending("007", 120)
    [finding] = found(rules, board(fresh()), detail({**late, "title": ""}, title="信件007_示例网站"))
    assert (finding.url, finding.source_url, finding.detail["title"]) == (late["url"], None, "信件007_示例网站")


def test_thresholds_follow_the_rules(rules: RulesFile) -> None:
    tuned = rules.model_copy(update={"interaction": rules.interaction.model_copy(
        update={"unanswered_days": 30, "warn_days": 20, "lookback_days": 100})})
    letters = board(fresh(), pending("001", 19), pending("002", 20), pending("003", 30), pending("004", 101))
    findings = list(interaction_unanswered(site(letters), tuned, TODAY))
    assert [(f.url.rsplit("_", 1)[-1], f.severity) for f in findings] == [("XJ002.html", "warning"),
                                                                          ("XJ003.html", "veto")]


# ---------------------------------------------------------------- boards without replies


def test_board_without_a_reply_for_80_days_is_a_deduction_at_the_board(rules: RulesFile) -> None:
    letters = [letter("001", 85, 80), letter("002", 100, 95), letter("003", 140, 135)]
    assert found(rules, board(*letters)) == [Finding(
        code="INTERACTION-UNANSWERED",
        target="demo-site",
        severity="deduction",
        url=BOARD,
        detail={"newest_reply": ago(80), "reply_age_days": 80, "threshold_days": 60, "letters": 3,
                "newest_asked": ago(85), "reason": f"最近一次公开答复 {ago(80)}，距今 80 天"},
    )]


@pytest.mark.parametrize(("days", "flagged"), [(59, False), (60, True)])
def test_no_reply_line(rules: RulesFile, days: int, flagged: bool) -> None:
    assert bool(found(rules, board(letter("001", days + 5, days)))) is flagged


def test_board_that_never_replied(rules: RulesFile) -> None:
    [finding] = found(rules, board(pending("001", 10), pending("002", 20)))
    assert (finding.severity, finding.url, finding.detail["newest_reply"]) == ("deduction", BOARD, None)
    assert finding.detail["reason"] == "栏目中的留言均未公开答复"


def test_reply_date_from_the_letter_pages_counts_for_the_board(rules: RulesFile) -> None:
    listed = [letter("001", 20, None, "answered"), letter("002", 90, None, "answered")]
    assert found(rules, board(*listed), detail(letter("001", 20, 15))) == []


@pytest.mark.parametrize("letters", [
    [],  # an empty board is COLUMN-EMPTY's business
    [letter("001", 20, None, "answered")],  # answered, but when is not shown
])
def test_boards_not_judged(rules: RulesFile, letters: list[dict[str, Any]]) -> None:
    assert found(rules, board(*letters)) == []


def test_later_pages_of_a_paged_board_join_its_first_page(rules: RulesFile) -> None:
    second = f"{BOARD}index_1.html"
    first = board(letter("001", 5, 2), column={"pagination": [second]})
    older = board(letter("002", 200, 195), letter("003", 250, 245), url=second)
    assert found(rules, first, older) == []


def test_letters_on_the_homepage_do_not_make_it_a_board(rules: RulesFile) -> None:
    home_block = page(f"{HOME}index.html", "list", letter("001", 100, 95), is_home=True)
    assert found(rules, home_block) == []


def test_each_board_is_judged_on_its_own(rules: RulesFile) -> None:
    other = "http://www.example.gov.cn/hdjl/zxts/"
    findings = found(rules, board(fresh()), board(letter("1", 90, 85, url=f"{other}1.html"), url=other))
    assert [(f.severity, f.url) for f in findings] == [("deduction", other)]

"""govmon/scoring.py: vetoes, capped deduction groups, the pass line, and points traced to findings."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from govmon.config import ScoringRules, load_config
from govmon.models import Finding
from govmon.scoring import Verdict, score_site, score_unit

NOW = datetime(2022, 8, 1, 2, tzinfo=UTC)
_ids = itertools.count(1)


@pytest.fixture
def rules(config_dir: Path) -> ScoringRules:
    return load_config(config_dir).rules.scoring


def finding(code: str, severity: str = "deduction", where: str | None = None, target: str = "site-a",
            url: str | None = None, detail: dict[str, Any] | None = None) -> Finding:
    number = next(_ids)
    return Finding(
        id=number, fingerprint=f"fp{number}", code=code, unit_id="unit-a", target=target, severity=severity,
        url=url or f"http://www.example.gov.cn/{number}.html", where=where, first_seen=NOW, last_seen=NOW,
        detail=detail or {},
    )


def many(count: int, code: str, where: str | None = None, severity: str = "deduction") -> list[Finding]:
    return [finding(code, severity, where) for _ in range(count)]


def group(verdict: Verdict, group_id: str) -> dict[str, Any]:
    return next(g for g in verdict.breakdown["groups"] if g["group"] == group_id)


def test_no_findings_is_a_full_pass(rules: ScoringRules) -> None:
    verdict = score_site([], rules)
    assert (verdict.verdict, verdict.score, verdict.veto_count, verdict.warning_count) == ("pass", 100, 0, 0)
    assert [g["group"] for g in verdict.breakdown["groups"]] == list(rules.groups)
    assert all(g["lost"] == 0 and g["items"] == [] for g in verdict.breakdown["groups"])
    assert verdict.breakdown["vetoes"] == []


# ---------------------------------------------------------------- vetoes


def test_a_veto_fails_whatever_the_points(rules: ScoringRules) -> None:
    veto = finding("HOME-STALE", "veto", "homepage")
    verdict = score_site([veto], rules)
    assert verdict.verdict == "fail"
    assert verdict.score == 100  # no points lost, still a fail
    assert verdict.veto_count == 1
    assert verdict.breakdown["vetoes"] == [{"code": "HOME-STALE", "finding_ids": [veto.id]}]


def test_vetoes_grouped_by_code(rules: ScoringRules) -> None:
    stale = finding("HOME-STALE", "veto")
    empty1, empty2 = finding("COLUMN-EMPTY", "veto"), finding("COLUMN-EMPTY", "veto")
    verdict = score_site([stale, empty1, empty2, finding("LINK-DEAD", where="other")], rules)
    assert verdict.verdict == "fail"
    assert verdict.veto_count == 3
    assert verdict.breakdown["vetoes"] == [
        {"code": "HOME-STALE", "finding_ids": [stale.id]},
        {"code": "COLUMN-EMPTY", "finding_ids": [empty1.id, empty2.id]},
    ]
    assert verdict.score == 99.9  # deductions are still reported beside the veto


# ---------------------------------------------------------------- deductions


def test_deductions_by_where(rules: ScoringRules) -> None:
    home = many(3, "LINK-DEAD", "homepage")
    other = many(4, "LINK-DEAD", "other")
    verdict = score_site(home + other, rules)
    assert verdict.verdict == "pass"
    assert verdict.score == 96.6  # 3 × 1 + 4 × 0.1
    availability = group(verdict, "availability")
    assert availability["lost"] == 3.4
    assert availability["items"] == [
        {"code": "LINK-DEAD", "where": "homepage", "item": "链接不可用", "points": 1, "count": 3, "lost": 3,
         "finding_ids": [f.id for f in home]},
        {"code": "LINK-DEAD", "where": "other", "item": "链接不可用", "points": 0.1, "count": 4, "lost": 0.4,
         "finding_ids": [f.id for f in other]},
    ]


def test_a_group_never_loses_more_than_its_cap(rules: ScoringRules) -> None:
    dead = many(20, "LINK-DEAD", "homepage")
    verdict = score_site(dead, rules)
    availability = group(verdict, "availability")
    assert availability["cap"] == 15
    assert availability["lost"] == 15  # not 20
    assert availability["items"][0]["lost"] == 20  # the item still says what it would cost
    assert availability["items"][0]["finding_ids"] == [f.id for f in dead]
    assert (verdict.score, verdict.verdict) == (85, "pass")
    assert verdict.breakdown["deductions"] == 15


def test_below_the_pass_line_fails(rules: ScoringRules) -> None:
    found = (
        many(20, "LINK-DEAD", "homepage")  # availability: capped at 15
        + many(50, "DOC-META-MISSING")  # publishing: 25, capped at 20
        + many(20, "IDENT-MISSING")  # design: capped at 15
    )
    verdict = score_site(found, rules)
    assert verdict.score == 50
    assert verdict.verdict == "fail"
    assert verdict.veto_count == 0
    assert [g["lost"] for g in verdict.breakdown["groups"]] == [15, 0, 20, 0, 0, 15]


def test_exactly_the_pass_line_passes(rules: ScoringRules) -> None:
    found = many(15, "LINK-DEAD", "homepage") + many(40, "DOC-LATE") + many(5, "IPV6-DEPTH")
    verdict = score_site(found, rules)
    assert verdict.score == 60
    assert verdict.verdict == "pass"


def test_every_item_lists_its_finding_ids(rules: ScoringRules) -> None:
    found = (
        many(2, "LINK-DEAD", "homepage") + many(3, "LINK-DEAD", "other") + many(2, "DOC-LATE")
        + many(1, "IDENT-META") + many(4, "COLUMN-STALE") + many(1, "INTERACTION-UNANSWERED")
    )
    verdict = score_site(found, rules)
    listed = [i for g in verdict.breakdown["groups"] for item in g["items"] for i in item["finding_ids"]]
    assert sorted(listed) == sorted(f.id for f in found)
    for g in verdict.breakdown["groups"]:
        for item in g["items"]:
            assert item["count"] == len(item["finding_ids"])


def test_warnings_are_counted_not_deducted(rules: ScoringRules) -> None:
    found = many(3, "HOME-STALE", severity="warning") + many(2, "LINK-SUSPECT", severity="warning")
    verdict = score_site(found, rules)
    assert (verdict.verdict, verdict.score, verdict.warning_count, verdict.veto_count) == ("pass", 100, 5, 0)


def test_deductions_near_a_veto_line_are_early_warnings_too(rules: ScoringRules) -> None:
    """Four stale 动态 columns (the fifth is a veto) still cost their points and warn."""
    near = [finding("COLUMN-STALE", detail={"kind": "dynamic", "near_veto": True}) for _ in range(4)]
    verdict = score_site(near + [finding("COLUMN-STALE", detail={"kind": "dynamic"})], rules)
    assert (verdict.verdict, verdict.score, verdict.warning_count) == ("pass", 95, 4)


def test_codes_without_a_deduction_rule_cost_nothing(rules: ScoringRules) -> None:
    verdict = score_site(many(5, "SITE-DOWN") + many(2, "LINK-DEAD", where=None), rules)
    assert verdict.score == 100


def test_a_rule_for_particular_evidence_comes_first(rules: ScoringRules) -> None:
    """19号 self-check tables: a first-level 政策文件 column stale for 6 months costs 5, others 1."""
    policy = finding("COLUMN-STALE", detail={"kind": "policy", "first_level": True})
    second_level_policy = finding("COLUMN-STALE", detail={"kind": "policy", "first_level": False})
    dynamic = finding("COLUMN-STALE", detail={"kind": "dynamic", "first_level": True})
    verdict = score_site([policy, second_level_policy, dynamic], rules)
    updates = group(verdict, "updates")
    assert [(item["item"], item["points"], item["finding_ids"]) for item in updates["items"]] == [
        ("政策文件一级栏目6个月未更新", 5, [policy.id]),
        ("栏目不更新", 1, [second_level_policy.id, dynamic.id]),
    ]
    assert verdict.score == 93


def test_the_same_problem_is_not_deducted_twice(rules: ScoringRules) -> None:
    """A blank column is not deducted again as a column not updated (indicators.md)."""
    url = "http://www.example.gov.cn/rsxx/"
    empty = finding("COLUMN-EMPTY", url=url)
    stale = finding("COLUMN-STALE", url=url, detail={"kind": "should_update"})
    elsewhere = finding("COLUMN-STALE", detail={"kind": "should_update"})
    verdict = score_site([empty, stale, elsewhere], rules)
    assert verdict.score == 98  # one point for the blank column, one for the other stale column
    assert verdict.breakdown["repeats"] == [stale.id]
    counted = [i for item in group(verdict, "updates")["items"] for i in item["finding_ids"]]
    assert sorted(counted) == sorted([empty.id, elsewhere.id])


def test_the_larger_deduction_is_kept_for_one_problem(rules: ScoringRules) -> None:
    url = "http://www.example.gov.cn/zcwj/"
    stale = finding("COLUMN-STALE", url=url, detail={"kind": "policy", "first_level": True})
    empty = finding("COLUMN-EMPTY", url=url)
    verdict = score_site([empty, stale], rules)
    assert (verdict.score, verdict.breakdown["repeats"]) == (95, [empty.id])


def test_measures_are_reported_beside_the_score(rules: ScoringRules) -> None:
    rate = {"numerator": 9, "denominator": 10, "value": 0.9, "threshold": 0.9}
    verdict = score_site([], rules, {"interpretation_rate": rate})
    assert verdict.breakdown["measures"] == {"interpretation_rate": rate}


# ---------------------------------------------------------------- units


def test_unit_measures_sum_their_sites_counts(rules: ScoringRules) -> None:
    """4/5 and 1/1 make 5/6 for the unit, not the mean of 80% and 100%."""
    site_a = score_site([], rules, {"interpretation_rate": {"numerator": 4, "denominator": 5, "threshold": 0.9}})
    site_b = score_site([], rules, {"interpretation_rate": {"numerator": 1, "denominator": 1, "threshold": 0.9}})
    site_c = score_site([], rules)
    unit = score_unit({"a": site_a, "b": site_b, "c": site_c})
    assert unit is not None
    assert unit.breakdown["measures"] == {
        "interpretation_rate": {"numerator": 5, "denominator": 6, "value": 5 / 6, "threshold": 0.9}}


def test_unit_fails_if_any_site_fails(rules: ScoringRules) -> None:
    passing = score_site(many(2, "LINK-DEAD", "homepage"), rules)
    failing = score_site([finding("HOME-STALE", "veto")] + many(1, "HOME-STALE", severity="warning"), rules)
    unit = score_unit({"site-a": passing, "site-b": failing})
    assert unit is not None
    assert unit.verdict == "fail"
    assert unit.score == 99  # (98 + 100) / 2
    assert (unit.veto_count, unit.warning_count) == (1, 1)
    assert unit.breakdown["sites"] == ["site-a", "site-b"]
    assert unit.breakdown["vetoes"] == [{**failing.breakdown["vetoes"][0], "site": "site-b"}]


def test_unit_vetoes_carry_their_site(rules: ScoringRules) -> None:
    stale_a, stale_b = finding("HOME-STALE", "veto"), finding("HOME-STALE", "veto", target="site-b")
    unit = score_unit({"site-a": score_site([stale_a], rules), "site-b": score_site([stale_b], rules)})
    assert unit is not None
    assert unit.breakdown["vetoes"] == [
        {"code": "HOME-STALE", "finding_ids": [stale_a.id], "site": "site-a"},
        {"code": "HOME-STALE", "finding_ids": [stale_b.id], "site": "site-b"},
    ]


def test_unit_mean_score_and_items_carry_their_site(rules: ScoringRules) -> None:
    a_dead = many(20, "LINK-DEAD", "homepage")
    b_dead = many(5, "LINK-DEAD", "homepage")
    b_docs = many(4, "DOC-LATE")
    site_a, site_b = score_site(a_dead, rules), score_site(b_dead + b_docs, rules)
    assert (site_a.score, site_b.score) == (85, 93)
    unit = score_unit({"site-a": site_a, "site-b": site_b})
    assert unit is not None
    assert (unit.verdict, unit.score) == ("pass", 89)
    availability = next(g for g in unit.breakdown["groups"] if g["group"] == "availability")
    assert availability["lost"] == 10  # (15 + 5) / 2
    assert [(item["site"], item["finding_ids"]) for item in availability["items"]] == [
        ("site-a", [f.id for f in a_dead]),
        ("site-b", [f.id for f in b_dead]),
    ]
    publishing = next(g for g in unit.breakdown["groups"] if g["group"] == "publishing")
    assert [(item["site"], item["count"]) for item in publishing["items"]] == [("site-b", 4)]
    assert unit.breakdown["deductions"] == 11  # 10 + 1
    assert round(100 - unit.breakdown["deductions"], 2) == unit.score


def test_unit_without_sites() -> None:
    assert score_unit({}) is None

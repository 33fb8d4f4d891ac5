"""checks/availability.py: SITE-DOWN, judged from per-day probe tallies of the rolling window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from checks.availability import site_down
from checks.facts import ProbeTally, SiteFacts
from checks.registry import Finding
from govmon.config import RulesFile

TODAY = date(2026, 3, 8)
HOME = "http://www.example.gov.cn/"
COLUMN = "http://www.example.gov.cn/zwdt/"


def week(probes: int, failures: int, url: str = HOME, ip_version: int = 4, days: int = 7,
         errors: str = "http_5xx") -> list[ProbeTally]:
    """`probes` and `failures` spread over the `days` days up to TODAY, the remainders on the first days."""
    tallies = []
    for n in range(days):
        count = probes // days + (1 if n < probes % days else 0)
        failed = failures // days + (1 if n < failures % days else 0)
        tallies.append(ProbeTally(url, TODAY - timedelta(days=n), ip_version, count, failed,
                                  {errors: failed} if failed else {}))
    return tallies


def judged(rules: RulesFile, *tallies: list[ProbeTally]) -> list[Finding]:
    site = SiteFacts("demo-site", "demo", HOME, "portal", 3, datetime(2026, 3, 8, 1, tzinfo=UTC), [], [],
                     probes=[tally for group in tallies for tally in group])
    return list(site_down(site, rules, TODAY))


# ---------------------------------------------------------------- the veto and warning lines


@pytest.mark.parametrize(("probes", "failures", "severity"), [
    (140, 7, "veto"),      # exactly 5%
    (140, 28, "veto"),     # the farm's every fifth request
    (140, 140, "veto"),    # down all week
    (140, 6, "warning"),   # 4.3%
    (100, 3, "warning"),   # exactly 3%
    (100, 5, "veto"),      # exactly 5% of another count
])
def test_failure_ratio_at_or_over_a_line(rules: RulesFile, probes: int, failures: int, severity: str) -> None:
    [finding] = judged(rules, week(probes, failures))
    assert (finding.code, finding.url, finding.where, finding.severity) == ("SITE-DOWN", HOME, "homepage", severity)
    assert (finding.detail["probes"], finding.detail["failures"]) == (probes, failures)


@pytest.mark.parametrize(("probes", "failures"), [(100, 2), (140, 4), (140, 0), (1000, 29)])
def test_under_the_warning_line_is_not_a_finding(rules: RulesFile, probes: int, failures: int) -> None:
    assert judged(rules, week(probes, failures)) == []


def test_too_few_probes_are_not_judged(rules: RulesFile) -> None:
    """One failure out of three, or a homepage down for the few probes there are, is not enough."""
    assert rules.availability.min_probes == 60
    assert judged(rules, week(3, 1)) == []
    assert judged(rules, week(59, 59)) == []
    assert judged(rules, week(60, 3))[0].severity == "veto"


# ---------------------------------------------------------------- what counts


def test_ipv6_failures_do_not_count(rules: RulesFile) -> None:
    assert judged(rules, week(140, 0), week(140, 140, ip_version=6)) == []


def test_probes_outside_the_window_do_not_count(rules: RulesFile) -> None:
    """The window is the 7 days up to the check day: days before it, and after it, are not judged."""
    old = [ProbeTally(HOME, TODAY - timedelta(days=7), 4, 140, 140, {"timeout": 140})]
    later = [ProbeTally(HOME, TODAY + timedelta(days=1), 4, 20, 20, {"timeout": 20})]
    assert judged(rules, week(140, 0), old, later) == []


def test_only_the_homepage_is_judged(rules: RulesFile) -> None:
    """A key column that fails while the homepage opens is no SITE-DOWN (a dead column is LINK-DEAD's)."""
    assert judged(rules, week(140, 0), week(140, 140, url=COLUMN)) == []
    assert judged(rules, week(140, 140, url="http://other.example.gov.cn/")) == []


def test_evidence(rules: RulesFile) -> None:
    """The counts, the window, the error classes, each day and the key columns' shares."""
    [finding] = judged(rules, week(140, 14, errors="timeout"), week(140, 2, url=COLUMN, errors="refused"))
    detail = finding.detail
    assert detail["failure_ratio"] == 0.1 and detail["errors"] == {"timeout": 14}
    assert (detail["window_from"], detail["window_to"]) == ("2026-03-02", "2026-03-08")
    assert (detail["veto_ratio"], detail["warn_ratio"]) == (0.05, 0.03)
    assert [day["day"] for day in detail["days"]] == [(TODAY - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    assert sum(day["failures"] for day in detail["days"]) == 14
    assert detail["key_columns"] == [{"url": COLUMN, "probes": 140, "failures": 2, "failure_ratio": 0.0143}]
    assert detail["reason"] == "近 7 天首页探测 140 次，失败 14 次（10.0%），达到单项否决线 5%"


def test_thresholds_come_from_the_rules(rules: RulesFile) -> None:
    stricter = rules.model_copy(update={"availability": rules.availability.model_copy(
        update={"veto_ratio": 0.02, "warn_ratio": 0.01, "min_probes": 10, "window_days": 2})})
    [finding] = judged(stricter, week(100, 1, days=2), [ProbeTally(HOME, TODAY - timedelta(days=2), 4, 50, 50)])
    assert finding.severity == "warning" and finding.detail["probes"] == 100
    assert finding.detail["reason"].endswith("达到预警线 1%")

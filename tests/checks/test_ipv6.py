"""checks/ipv6.py: the five IPV6-* codes and the seven measures, from the stored probe results."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from checks.facts import SiteFacts
from checks.registry import CHECKS, MEASURES, Finding, Ratio
from govmon.config import RulesFile

TODAY = date(2026, 11, 22)
HOME = "http://www.example.gov.cn/"
CODES = ["IPV6-NO-AAAA", "IPV6-UNREACHABLE", "IPV6-DNS", "IPV6-MISMATCH", "IPV6-DEPTH"]
OK = {"status": 200, "error": None, "message": None, "address": "::1", "elapsed_ms": 5}
DOWN = {"status": 503, "error": "http", "message": None, "address": "::1", "elapsed_ms": 5}
NO_AAAA = {"status": None, "error": "dns", "message": "www.example.gov.cn 没有 AAAA 记录", "address": None,
           "elapsed_ms": 1}


def level(probed: int, failed: int, error: dict[str, Any] = DOWN) -> dict[str, Any]:
    urls = [f"{HOME}page{n}.html" for n in range(probed)]
    return {"found": probed, "probed": urls, "failed": {url: error for url in urls[:failed]}}


def probes(**changes: Any) -> dict[str, Any]:
    """A well-supported site's probe results (as govmon/ipv6.py stores them), with changes."""
    measured = {
        "measured": True, "host": "www.example.gov.cn", "aaaa": ["2001:db8::1"], "a": ["192.0.2.1"],
        "delegation": {"zone": "example.gov.cn",
                       "name_servers": {"ns1.example.gov.cn": ["2001:db8::53"],
                                        "ns2.example.gov.cn": ["2001:db8::54"]}},
        "home": {"url": HOME, "tries": [OK] * 5},
        "rounds": {"probes": 0, "failures": 0, "since": "2026-11-15T00:00:00+00:00"},
        "similarity": {"text": 1.0, "structure": 1.0, "ipv4": OK},
        "second_level": level(20, 0),
        "third_level": level(40, 0),
    }
    return measured | changes


def site(ipv6_results: dict[str, Any]) -> SiteFacts:
    return SiteFacts("demo-site", "demo", HOME, "portal", 3, datetime(2026, 11, 22, 1, tzinfo=UTC), [], [],
                     ipv6=ipv6_results)


def findings(rules: RulesFile, ipv6_results: dict[str, Any]) -> dict[str, Finding]:
    """Every IPv6 check's findings by code (each check yields at most one per site)."""
    found: dict[str, Finding] = {}
    for code in CODES:
        results = list(CHECKS[code].function(site(ipv6_results), rules, TODAY))
        assert len(results) <= 1, code
        found |= {code: finding for finding in results}
    return found


def figures(rules: RulesFile, ipv6_results: dict[str, Any]) -> dict[str, Ratio | None]:
    return {name: MEASURES[name].function(site(ipv6_results), rules, TODAY)
            for name in MEASURES if name.startswith("ipv6_")}


def test_all_five_codes_are_registered_in_the_ipv6_family() -> None:
    assert {code: CHECKS[code].family for code in CODES} == dict.fromkeys(CODES, "ipv6")


# ---------------------------------------------------------------- a well-supported site: decoys


def test_a_well_supported_site_has_no_finding_and_full_figures(rules: RulesFile) -> None:
    assert findings(rules, probes()) == {}
    assert {name: ratio.value if ratio else None for name, ratio in figures(rules, probes()).items()} == {
        "ipv6_aaaa": 1.0, "ipv6_home_reachable": 1.0, "ipv6_success_rate": 1.0, "ipv6_dns": 1.0,
        "ipv6_consistency": 1.0, "ipv6_second_level": 1.0, "ipv6_third_level": 1.0}


@pytest.mark.parametrize("measured", [{}, {"measured": False, "reason": "本机没有到 2001:db8::1 的 IPv6 路由"}])
def test_a_site_not_measured_is_not_judged(rules: RulesFile, measured: dict[str, Any]) -> None:
    """No probes ran (an older run) or they could not measure: no finding, no figure."""
    assert findings(rules, measured) == {}
    assert set(figures(rules, measured).values()) == {None}


# ---------------------------------------------------------------- IPV6-NO-AAAA


def test_no_aaaa_is_the_only_finding_of_a_site_without_ipv6(rules: RulesFile) -> None:
    """Its tries and its links fail too, but for the same cause: deducted once."""
    results = probes(aaaa=[], home={"url": HOME, "tries": [NO_AAAA] * 5}, similarity=None,
                     second_level=level(20, 20, NO_AAAA), third_level=level(40, 40, NO_AAAA))
    found = findings(rules, results)
    assert list(found) == ["IPV6-NO-AAAA"]
    assert found["IPV6-NO-AAAA"] == Finding(
        "IPV6-NO-AAAA", "demo-site", "deduction", HOME,
        detail={"host": "www.example.gov.cn", "ipv4": ["192.0.2.1"],
                "reason": "www.example.gov.cn 没有 AAAA 记录（IPv6 地址）"})
    shown = figures(rules, results)
    assert (shown["ipv6_aaaa"], shown["ipv6_home_reachable"]) == (Ratio(0, 1), Ratio(0, 1))
    assert shown["ipv6_second_level"] == Ratio(0, 20, 0.9)


def test_no_aaaa_and_incomplete_delegation_are_two_problems(rules: RulesFile) -> None:
    results = probes(aaaa=[], home={"url": HOME, "tries": [NO_AAAA] * 5}, similarity=None,
                     delegation={"zone": "example.gov.cn", "name_servers": {"ns1.example.gov.cn": []}})
    assert sorted(findings(rules, results)) == ["IPV6-DNS", "IPV6-NO-AAAA"]


# ---------------------------------------------------------------- IPV6-DNS


def test_a_name_server_without_ipv6_is_incomplete_delegation(rules: RulesFile) -> None:
    servers = {"ns1.example.gov.cn": ["2001:db8::53"], "ns2.example.gov.cn": []}
    results = probes(delegation={"zone": "example.gov.cn", "name_servers": servers})
    finding = findings(rules, results)["IPV6-DNS"]
    assert (finding.url, finding.severity) == (HOME, "deduction")
    assert finding.detail["missing"] == ["ns2.example.gov.cn"]
    assert finding.detail["name_servers"] == servers
    assert figures(rules, results)["ipv6_dns"] == Ratio(0, 1)


def test_a_failed_zone_lookup_proves_nothing(rules: RulesFile) -> None:
    results = probes(delegation={"error": "LifetimeTimeout: The resolution lifetime expired"})
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_dns"] is None


# ---------------------------------------------------------------- IPV6-UNREACHABLE


def test_a_homepage_that_never_answers_over_ipv6_is_unreachable_only(rules: RulesFile) -> None:
    """Its content and its links are not judged as well: one cause, one deduction."""
    results = probes(home={"url": HOME, "tries": [DOWN] * 5}, similarity=None,
                     second_level=level(20, 20), third_level=level(40, 40))
    found = findings(rules, results)
    assert list(found) == ["IPV6-UNREACHABLE"]
    detail = found["IPV6-UNREACHABLE"].detail
    assert (detail["answered"], detail["probes"], detail["success_rate"], detail["threshold"]) == (0, 5, 0.0, 0.95)
    assert detail["tries"] == [DOWN] * 5


def test_one_failed_try_among_few_is_not_enough_to_judge_a_rate(rules: RulesFile) -> None:
    results = probes(home={"url": HOME, "tries": [OK, DOWN, OK, OK, OK]})
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_success_rate"] == Ratio(4, 5, 0.95)


def test_the_availability_rounds_make_the_rate_judgeable(rules: RulesFile) -> None:
    """140 IPv6 probes over the week, 10 failed: (5 + 130) / 145 = 93% < 95%."""
    results = probes(rounds={"probes": 140, "failures": 10, "since": "2026-11-15T00:00:00+00:00"})
    finding = findings(rules, results)["IPV6-UNREACHABLE"]
    assert (finding.detail["answered"], finding.detail["probes"]) == (135, 145)
    assert figures(rules, results)["ipv6_success_rate"] == Ratio(135, 145, 0.95)


def test_a_rate_at_the_threshold_is_reachable(rules: RulesFile) -> None:
    """(4 + 91) / 100 = 95%: meets the rule."""
    results = probes(home={"url": HOME, "tries": [OK, DOWN, OK, OK, OK]},
                     rounds={"probes": 95, "failures": 4, "since": "2026-11-15T00:00:00+00:00"})
    assert findings(rules, results) == {}


def test_a_short_outage_in_a_good_week_is_judged_by_the_rate(rules: RulesFile) -> None:
    """All five tries of this audit failed, 140 round probes answered: 140 / 145 = 97%. Nothing
    answered now to compare, and the links failing now fail for the same outage: no finding."""
    results = probes(home={"url": HOME, "tries": [DOWN] * 5}, similarity=None, second_level=level(20, 20),
                     rounds={"probes": 140, "failures": 0, "since": "2026-11-15T00:00:00+00:00"})
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_home_reachable"] == Ratio(0, 1)


# ---------------------------------------------------------------- IPV6-MISMATCH


@pytest.mark.parametrize("alike", [{"text": 0.31, "structure": 0.95}, {"text": 0.97, "structure": 0.6}])
def test_a_different_homepage_over_ipv6_is_a_mismatch(rules: RulesFile, alike: dict[str, float]) -> None:
    found = findings(rules, probes(similarity=alike | {"ipv4": OK}))
    assert list(found) == ["IPV6-MISMATCH"]
    assert found["IPV6-MISMATCH"].detail["text_similarity"] == alike["text"]
    assert found["IPV6-MISMATCH"].detail["structure_similarity"] == alike["structure"]


def test_small_differences_are_not_a_mismatch(rules: RulesFile) -> None:
    """A counter or a date differs: 0.9 and above is the same homepage."""
    results = probes(similarity={"text": 0.9, "structure": 0.96, "ipv4": OK})
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_consistency"] == Ratio(1, 1)


def test_nothing_to_compare_is_not_a_mismatch(rules: RulesFile) -> None:
    """The IPv4 homepage did not answer, or the host is IPv6-only."""
    results = probes(similarity=None)
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_consistency"] is None


# ---------------------------------------------------------------- IPV6-DEPTH


def test_second_level_links_failing_over_ipv6_are_too_shallow_support(rules: RulesFile) -> None:
    found = findings(rules, probes(second_level=level(20, 18)))
    assert list(found) == ["IPV6-DEPTH"]
    detail = found["IPV6-DEPTH"].detail
    assert detail["second_level"]["numerator"] == 2 and detail["second_level"]["denominator"] == 20
    assert detail["third_level"]["value"] == 1.0
    assert len(detail["second_level"]["failed"]) == 18 and detail["third_level"]["failed"] == {}
    assert detail["reason"].startswith("二级链接经")


def test_third_level_below_the_rate_is_enough(rules: RulesFile) -> None:
    assert list(findings(rules, probes(third_level=level(40, 5)))) == ["IPV6-DEPTH"]


def test_links_at_the_rate_are_enough_support(rules: RulesFile) -> None:
    """9 of 10 answer: 90% meets the rule."""
    results = probes(second_level=level(10, 1), third_level=level(10, 1))
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_second_level"] == Ratio(9, 10, 0.9)


def test_a_level_without_links_is_not_judged(rules: RulesFile) -> None:
    results = probes(second_level=level(0, 0), third_level=level(0, 0))
    assert findings(rules, results) == {}
    assert figures(rules, results)["ipv6_third_level"] is None


def test_thresholds_come_from_the_rules(rules: RulesFile) -> None:
    strict = rules.model_copy(update={"ipv6": rules.ipv6.model_copy(update={"depth_rate": 1.0, "similarity": 0.99})})
    results = probes(second_level=level(10, 1), similarity={"text": 0.98, "structure": 1.0, "ipv4": OK})
    assert sorted(findings(strict, results)) == ["IPV6-DEPTH", "IPV6-MISMATCH"]
    assert findings(rules, results) == {}


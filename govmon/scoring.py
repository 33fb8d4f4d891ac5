"""Scores per site and per unit, from findings only, as the inspection sheet says (indicators.md).

Any veto ⇒ fail. Deductions are counted per indicator group and never exceed the group's cap;
below `fail_below` ⇒ fail. A problem found under several codes on one URL (`same_problem`) is
deducted once. Every point lost lists the finding ids behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checks.registry import CODES
from govmon.config import Deduction, ScoringRules
from govmon.models import Finding


@dataclass(frozen=True)
class Verdict:
    verdict: str  # pass | fail
    score: float
    veto_count: int
    warning_count: int
    breakdown: dict[str, Any]


def _rule_for(finding: Finding, deductions: Sequence[Deduction]) -> Deduction | None:
    """The first rule for the finding's code, place and evidence."""
    detail = finding.detail or {}
    for rule in deductions:
        if (rule.code == finding.code and rule.where in ("any", finding.where)
                and all(detail.get(key) == value for key, value in rule.when.items())):
            return rule
    return None


def _deducted(findings: Sequence[Finding], rules: ScoringRules) -> tuple[list[tuple[Finding, Deduction]], list[int]]:
    """(finding, rule) pairs that cost points, and the ids of repeats of a problem already deducted."""
    ruled = [(f, rule) for f in findings if f.severity == "deduction" and (rule := _rule_for(f, rules.deductions))]
    set_of = {code: index for index, codes in enumerate(rules.same_problem) for code in codes}
    kept: dict[tuple[Any, ...], tuple[Finding, Deduction]] = {}
    repeats: list[int] = []
    for finding, rule in ruled:
        key = (set_of[finding.code], finding.url) if finding.code in set_of else (finding.id,)
        earlier = kept.get(key)
        if earlier is None or rule.points > earlier[1].points:
            if earlier is not None:
                repeats.append(earlier[0].id or 0)
            kept[key] = (finding, rule)
        else:
            repeats.append(finding.id or 0)
    return list(kept.values()), repeats


def score_site(findings: Sequence[Finding], rules: ScoringRules,
               measures: dict[str, Any] | None = None) -> Verdict:
    """One site's verdict from its active findings; `measures` (解读率…) are reported beside it."""
    vetoes = [f for f in findings if f.severity == "veto"]
    # early warnings: warning findings, and deductions one short of a veto count (near_veto)
    warnings = [f for f in findings if f.severity == "warning" or (f.detail or {}).get("near_veto")]
    deducted, repeats = _deducted(findings, rules)
    items: dict[tuple[str, str, str, str, float], list[int]] = defaultdict(list)
    for finding, rule in deducted:
        name = rule.item or CODES[rule.code].title
        items[(rule.group, rule.code, rule.where, name, rule.points)].append(finding.id or 0)
    groups = []
    for group_id, group in rules.groups.items():
        group_items = [
            {"code": code, "where": where, "item": name, "points": points, "count": len(ids),
             "lost": round(points * len(ids), 2), "finding_ids": ids}
            for (item_group, code, where, name, points), ids in items.items() if item_group == group_id
        ]
        lost = min(group.cap, sum(item["lost"] for item in group_items))
        groups.append({"group": group_id, "name": group.name, "cap": group.cap,
                       "lost": round(lost, 2), "items": group_items})
    deductions = round(sum(group["lost"] for group in groups), 2)
    score = round(100 - deductions, 2)
    verdict = "fail" if vetoes or score < rules.fail_below else "pass"
    codes_by_veto: dict[str, list[int]] = defaultdict(list)
    for finding in vetoes:
        codes_by_veto[finding.code].append(finding.id or 0)
    breakdown = {
        "vetoes": [{"code": code, "finding_ids": ids} for code, ids in codes_by_veto.items()],
        "groups": groups,
        "deductions": deductions,
        "repeats": repeats,  # same problem as a finding already deducted: listed, not deducted again
        "bonus": 0,  # bonus items (加分) are not measured yet
        "measures": measures or {},
    }
    return Verdict(verdict, score, len(vetoes), len(warnings), breakdown)


def _unit_measures(site_verdicts: dict[str, Verdict]) -> dict[str, Any]:
    """A unit's figure is its sites' numerators over their denominators (not a mean of rates)."""
    merged: dict[str, dict[str, Any]] = {}
    for verdict in site_verdicts.values():
        for name, figure in verdict.breakdown.get("measures", {}).items():
            total = merged.setdefault(name, {"numerator": 0, "denominator": 0, "threshold": figure.get("threshold")})
            total["numerator"] += figure["numerator"]
            total["denominator"] += figure["denominator"]
    for total in merged.values():
        total["value"] = total["numerator"] / total["denominator"] if total["denominator"] else None
    return merged


def score_unit(site_verdicts: dict[str, Verdict]) -> Verdict | None:
    """A unit fails when any of its sites fails; its score is the mean of its sites' scores."""
    if not site_verdicts:
        return None
    verdicts = list(site_verdicts.values())
    groups: dict[str, dict[str, Any]] = {}
    for site_id, verdict in site_verdicts.items():
        for group in verdict.breakdown["groups"]:
            merged = groups.setdefault(group["group"], {**group, "lost": 0.0, "items": []})
            merged["lost"] += group["lost"] / len(verdicts)
            merged["items"] += [{**item, "site": site_id} for item in group["items"]]
    for group in groups.values():
        group["lost"] = round(group["lost"], 2)
    return Verdict(
        verdict="fail" if any(v.verdict == "fail" for v in verdicts) else "pass",
        score=round(sum(v.score for v in verdicts) / len(verdicts), 2),
        veto_count=sum(v.veto_count for v in verdicts),
        warning_count=sum(v.warning_count for v in verdicts),
        breakdown={
            "sites": list(site_verdicts),
            "vetoes": [{**veto, "site": site_id} for site_id, v in site_verdicts.items()
                       for veto in v.breakdown["vetoes"]],
            "groups": list(groups.values()),
            "deductions": round(sum(g["lost"] for g in groups.values()), 2),
            "repeats": [i for v in verdicts for i in v.breakdown.get("repeats", [])],
            "bonus": 0,
            "measures": _unit_measures(site_verdicts),
        },
    )

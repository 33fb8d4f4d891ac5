"""Wording checks: the office's lexicon of wrong wordings (config/lexicon.yaml) matched in page text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile, WordingEntry, WordingLexicon

_CONTEXT_CHARS = 20  # text kept on each side of a match, as evidence
_LOOKBACK_CHARS = 16  # enough for 前身为 and a place name (原青山市…)
_MAX_MATCHES_KEPT = 20
# between an exception word and the name: a place name ending in its level (原青山市卫生和计划生育委员会),
# made of no function words (原则上各县… is no place)
_PLACE = r"(?:[^\W\d_A-Za-z上下各的和在由对向及与等全则因是为从按经将把被]{0,8}?[省市县区州盟旗])?"
_ENTRY_SEVERITY = {"serious": "严重错误", "general": "一般错误"}


@dataclass(frozen=True)
class Match:
    entry: WordingEntry
    start: int
    end: int  # exclusive


class WordingMatcher:
    """The lexicon as one Aho-Corasick automaton, built once per lexicon and used for every page."""

    def __init__(self, lexicon: WordingLexicon) -> None:
        self.entries = lexicon.entries
        self.automaton = ahocorasick.Automaton()
        for index, entry in enumerate(self.entries):
            self.automaton.add_word(entry.wrong, index)
        if self.entries:
            self.automaton.make_automaton()
        self.before = [_ending_with(lexicon.before + entry.before) for entry in self.entries]
        self.after = [tuple(lexicon.after + entry.after) for entry in self.entries]

    def matches(self, text: str, published: date | None = None) -> list[Match]:
        """Leftmost-longest matches that are errors: not an exception, not older than the entry."""
        if not self.entries:
            return []
        found = sorted(((end + 1 - len(self.entries[index].wrong), end + 1, index)
                        for end, index in self.automaton.iter(text)), key=lambda m: (m[0], -m[1]))
        kept: list[Match] = []
        covered = 0
        for start, end, index in found:
            if start < covered:
                continue  # inside a longer match (卫生计生委 in 国家卫生计生委)
            covered = end
            entry = self.entries[index]
            if published and entry.outdated_since and published < entry.outdated_since:
                continue  # right when it was published
            if self.before[index] and self.before[index].search(text, max(0, start - _LOOKBACK_CHARS), start):
                continue  # 原国家旅游局: a correct historical mention
            if self.after[index] and text.startswith(self.after[index], end):
                continue
            kept.append(Match(entry, start, end))
        return kept


def _ending_with(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(f"(?:{'|'.join(map(re.escape, words))}){_PLACE}$")


_MATCHERS: dict[int, tuple[WordingLexicon, WordingMatcher]] = {}


def matcher_for(lexicon: WordingLexicon) -> WordingMatcher:
    """The lexicon's matcher, built on first use (the stored lexicon keeps its id from being reused)."""
    if id(lexicon) not in _MATCHERS:
        _MATCHERS[id(lexicon)] = (lexicon, WordingMatcher(lexicon))
    return _MATCHERS[id(lexicon)][1]


@check("WORDING-ERROR")
def wording_error(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a page whose title or text holds a wrong wording from the office's lexicon
    (config/lexicon.yaml): leaders' names and titles the office lists, wrong political expressions
    (台湾总统), outdated institution names (国家旅游局 → 文化和旅游部). One finding per page, listing
    every match with its context, the correct form and the note.

    Why: 19号 内容正确性: 严重表述错误 is a veto (entries marked serious); other wrong wordings are
    deducted (entries marked general).
    Example: an article of 2026 says 根据国家旅游局有关要求.
    Not a finding: a correct historical mention (原国家旅游局, 原青山市卫生和计划生育委员会, 国家旅游局更名为…,
    国家旅游局（现文化和旅游部）); a page published before the name went out of use (the entry's
    outdated_since); a generic phrase an entry excludes (环境保护部门); error pages and bot walls.
    """
    if rules.lexicon is None:
        return
    matcher = matcher_for(rules.lexicon.wording)
    for page in site.pages:
        if page.status >= 400 or page.facts.get("soft404") or page.facts.get("bot_wall"):
            continue
        published = _published(page)
        found = [(where, text, match) for where, text in (("标题", page.title), ("正文", page.text))
                 for match in matcher.matches(text, published)]
        if not found:
            continue
        serious = sum(match.entry.severity == "serious" for _, _, match in found)
        yield Finding(
            code="WORDING-ERROR",
            target=site.site_id,
            severity="veto" if serious else "deduction",
            url=page.url,
            where="homepage" if page.is_home else "other",
            detail={
                "reason": "；".join(dict.fromkeys(f"“{m.entry.wrong}”应为“{m.entry.right}”" for _, _, m in found)),
                "title": page.title,
                "published": page.facts.get("published"),
                "match_count": len(found),
                "serious_count": serious,
                "matches": [_evidence(where, text, match) for where, text, match in found[:_MAX_MATCHES_KEPT]],
            },
        )


def _published(page: PageFact) -> date | None:
    try:
        return date.fromisoformat(page.facts.get("published") or "")
    except ValueError:
        return None


def _evidence(where: str, text: str, match: Match) -> dict[str, Any]:
    entry = match.entry
    return {
        "wrong": entry.wrong,
        "right": entry.right,
        "note": entry.note,
        "severity": _ENTRY_SEVERITY[entry.severity],
        "in": where,
        "context": text[max(0, match.start - _CONTEXT_CHARS):match.end + _CONTEXT_CHARS],
    }
